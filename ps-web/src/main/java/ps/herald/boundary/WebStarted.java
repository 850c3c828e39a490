package ps.herald.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Marks the web application as started. Payara's health endpoint answers before the application has
 * finished deploying, so readiness also waits for this. The mark is also a JVM-wide system property for
 * the readiness guard ps-ready, a separate application that cannot see this class.
 */
@WebListener
public class WebStarted implements ServletContextListener {
    /** The same name as in ps-ready's WebDeployedCheck; the two applications share no classes. */
    static final String STARTED_PROPERTY = "ps.internal.web-started";
    private static volatile boolean started;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        started = true;
        System.setProperty(STARTED_PROPERTY, "true");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        started = false;
        System.clearProperty(STARTED_PROPERTY);
    }

    static boolean isStarted() {
        return started;
    }
}
