package ps.bridge.adapter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.transaction.xa.XAResource;

import jakarta.resource.ResourceException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import ps.bridge.api.BridgeStatus;

/**
 * PS's bridge as an inbound resource adapter. Each endpoint activation binds one TCP listener per enabled
 * input, whose accept loop runs as {@code Work} on the server's WorkManager; each connection reads on a
 * thread of the bridge's own (bounded by the connection cap, so a flood of connections cannot take the
 * server's pool), its bytes counted against one {@link InputBudget}, and decoded records reach the
 * endpoint (the ingestion MDB) in batches.
 */
@Connector(
        displayName = "PS bridge",
        vendorName = "PS",
        eisType = "PS log ingestion",
        version = "1.0",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class BridgeResourceAdapter implements ResourceAdapter {
    private static final Logger LOG = Logger.getLogger("ps.bridge");

    private final Map<MessageEndpointFactory, List<Listener>> activations = new ConcurrentHashMap<>();
    private WorkManager workManager;
    private java.util.Timer watchdog;

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.workManager = context.getWorkManager();
        try {
            this.watchdog = context.createTimer();
        } catch (jakarta.resource.spi.UnavailableException e) {
            throw new ResourceAdapterInternalException("PS bridge needs a timer for its connection watchdog", e);
        }
        LOG.info("PS bridge resource adapter started");
    }

    @Override
    public void stop() {
        activations.keySet().forEach(this::endpointDeactivation);
        if (watchdog != null) {
            watchdog.cancel();
        }
        LOG.info("PS bridge resource adapter stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof BridgeActivationSpec bridgeSpec)) {
            throw new NotSupportedException("not a PS bridge activation spec: " + spec);
        }
        List<ListenerConfig> configs;
        InputBudget budget;
        try {
            configs = bridgeSpec.listenerConfigs();
            budget = bridgeSpec.inputBudget();
        } catch (IllegalArgumentException e) {
            throw new ResourceException("PS bridge cannot start: " + e.getMessage(), e);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        configs.forEach(config -> expected.put(config.input().id(), config.address()));
        BridgeStatus.expect(expected);

        List<Listener> listeners = new ArrayList<>();
        activations.put(factory, listeners);
        for (ListenerConfig config : configs) {
            Listener listener = new Listener(config, factory, budget, watchdog);
            try {
                listener.bind();
                listeners.add(listener);
                workManager.scheduleWork(listener, WorkManager.INDEFINITE, null, null);
            } catch (IOException | WorkException e) {
                listener.release();
                endpointDeactivation(factory);
                throw new ResourceException("PS bridge cannot listen for " + config.input().id() + " on "
                        + config.address() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        endpointDeactivation(factory);
    }

    private void endpointDeactivation(MessageEndpointFactory factory) {
        List<Listener> listeners = activations.remove(factory);
        if (listeners != null) {
            listeners.forEach(listener -> {
                try {
                    listener.release();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "PS bridge: error while closing a listener", e);
                }
            });
        }
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }
}
