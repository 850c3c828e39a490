package ps.bridge.boundary;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.bridge.api.BridgeStatus;
import ps.bridge.control.ForwardLink;
import ps.settings.PsSettings;
import ps.store.boundary.LogStore;

/**
 * Bridge mode, the original's route to a central bridge: with {@code PS_FORWARD_HOST} set, every stored
 * record is also sent to that downstream PS bridge (native protocol, {@code PS_FORWARD_PORT}, default the
 * stage's native port). Nothing is lost while the downstream is away: the store is the spool and the
 * acknowledged position survives restarts.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Forwarder {
    private static final Logger LOG = Logger.getLogger("ps.bridge");

    @Inject
    LogStore store;

    @Inject
    PsSettings settings;

    @Inject
    @ConfigProperty(name = "ps.forward.host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "ps.forward.port")
    Optional<Integer> port;

    @Resource
    ManagedThreadFactory threads;

    private ForwardLink link;

    @PostConstruct
    void start() {
        if (host.isEmpty() || host.get().isBlank()) {
            return;
        }
        int downstreamPort = port.orElse(settings.stage().nativePort());
        String downstream = host.get().trim() + ":" + downstreamPort;
        String[] state = loadState(downstream);
        BridgeStatus.Counters counters = BridgeStatus.counters("forward");
        link = new ForwardLink(host.get().trim(), downstreamPort, state[0], Long.parseLong(state[1]),
                store::after, acked -> saveState(downstream, acked), counters::stored);
        Thread thread = threads.newThread(link);
        thread.setName("ps-forward");
        thread.start();
        LOG.info(() -> "PS bridge mode: forwarding every record to " + downstream + " as client " + state[0]);
    }

    @PreDestroy
    void stop() {
        if (link != null) {
            link.stop();
        }
    }

    /** @return the client id and the acknowledged row id for the downstream, created on first use */
    private String[] loadState(String downstream) {
        return store.inWriter(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT client_id, acked_id FROM forward_state WHERE downstream = ?")) {
                select.setString(1, downstream);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return new String[] {row.getString(1), Long.toString(row.getLong(2))};
                    }
                }
            }
            String clientId = "ps-forward-" + UUID.randomUUID();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO forward_state (downstream, client_id, acked_id) VALUES (?, ?, 0)")) {
                insert.setString(1, downstream);
                insert.setString(2, clientId);
                insert.executeUpdate();
            }
            return new String[] {clientId, "0"};
        });
    }

    private void saveState(String downstream, long ackedId) {
        store.inWriter(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE forward_state SET acked_id = ? WHERE downstream = ? AND acked_id < ?")) {
                update.setLong(1, ackedId);
                update.setString(2, downstream);
                update.setLong(3, ackedId);
                return update.executeUpdate();
            }
        });
    }
}
