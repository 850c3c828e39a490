package ps.herald.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Marks the web application as started. Payara's health endpoint answers before the application has
 * finished deploying, so readiness also waits for this.
 */
@WebListener
public class WebStarted implements ServletContextListener {
    private static volatile boolean started;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        started = true;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        started = false;
    }

    static boolean isStarted() {
        return started;
    }
}
