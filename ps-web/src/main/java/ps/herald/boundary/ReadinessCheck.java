package ps.herald.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import ps.bridge.api.BridgeStatus;
import ps.store.boundary.LogStore;

/** Ready when the web application has started, the store is migrated and every enabled ingestion listener is bound. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    LogStore store;

    @Override
    public HealthCheckResponse call() {
        boolean webStarted = WebStarted.isStarted();
        // the store's EJB is not asked before the web application has started: while its container is still
        // initialising each call fails and Payara logs a stack trace per poll
        boolean storeReady = webStarted && store.isReady();
        boolean listenersBound = BridgeStatus.allBound();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ps")
                .status(webStarted && storeReady && listenersBound)
                .withData("web", webStarted ? "started" : "starting")
                .withData("store", storeReady ? "migrated" : "not ready")
                .withData("listeners", listenersBound ? "bound" : "not all bound");
        BridgeStatus.listeners().forEach(response::withData);
        return response.build();
    }
}
