package ps.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until the web application ps-web has started. ps-web marks its start in a JVM-wide system
 * property, as applications share no classes. This application is deployed before ps-web: Payara Micro
 * initialises the deployed applications in order and stops at the first that fails, so a guard deployed
 * after ps-web would never start when ps-web fails.
 */
@Readiness
@ApplicationScoped
public class WebDeployedCheck implements HealthCheck {
    /** Set to "true" by ps-web while it runs; the name is internal, not a setting. */
    public static final String STARTED_PROPERTY = "ps.internal.web-started";

    @Override
    public HealthCheckResponse call() {
        boolean started = Boolean.parseBoolean(System.getProperty(STARTED_PROPERTY));
        return HealthCheckResponse.named("ps-web-deployed").status(started)
                .withData("ps-web", started ? "started" : "not started: still starting, or failed (see the server log)")
                .build();
    }
}
