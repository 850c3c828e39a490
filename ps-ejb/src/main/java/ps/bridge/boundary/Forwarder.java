package ps.bridge.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.bridge.api.BridgeStatus;
import ps.bridge.control.DeadLetterTable;
import ps.bridge.control.ForwardLink;
import ps.bridge.control.ForwardStateTable;
import ps.client.wire.Tls;
import ps.db.Db;
import ps.settings.PsSettings;
import ps.store.boundary.LogStore;

/**
 * Bridge mode, the original's route to a central bridge: with {@code PS_FORWARD_HOST} set, every stored
 * record is also sent to that downstream PS bridge (native protocol, {@code PS_FORWARD_PORT}, default the
 * stage's native port). Nothing is lost while the downstream is away: the store is the spool and the
 * acknowledged position survives restarts. {@code PS_FORWARD_TOKEN} is the ingest token the downstream
 * asks for, {@code PS_FORWARD_TLS} ({@code true}, or a certificate file to trust) forwards over TLS,
 * {@code PS_FORWARD_MAX_HOPS} (8) bounds a record's route, and records the downstream refused are kept in
 * {@code forward_dead_letters} ({@link #deadLetters}).
 */
@Singleton
@Startup
@DependsOn("LogStore")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Forwarder {
    private static final Logger LOG = Logger.getLogger("ps.bridge");

    @Inject
    LogStore store;

    @Inject
    Db db;

    @Inject
    PsSettings settings;

    @Inject
    @ConfigProperty(name = "ps.forward.host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "ps.forward.port")
    Optional<Integer> port;

    @Inject
    @ConfigProperty(name = "ps.forward.token")
    Optional<String> token;

    @Inject
    @ConfigProperty(name = "ps.forward.tls", defaultValue = "false")
    String tls;

    @Inject
    @ConfigProperty(name = "ps.forward.max.hops", defaultValue = "8")
    int maxHops;

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
        if (maxHops < 1 || maxHops > 100) {
            throw new IllegalStateException("PS cannot start: setting PS_FORWARD_MAX_HOPS = " + maxHops + " is not in 1..100");
        }
        String[] state = loadState(downstream);
        BridgeStatus.Counters counters = BridgeStatus.counters("forward");
        ForwardLink.Downstream target = new ForwardLink.Downstream(host.get().trim(), downstreamPort, state[0],
                token.filter(t -> !t.isBlank()).map(String::trim).orElse(null), tlsClient());
        link = new ForwardLink(target, Long.parseLong(state[1]), instanceId(), maxHops, new ForwardLink.Store(
                store::after, acked -> saveState(downstream, acked), counters::stored,
                (row, reason) -> db.write(connection ->
                        new DeadLetterTable(connection).add(downstream, row.id(), reason, System.currentTimeMillis()))));
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

    /** Records the downstream refused, newest first, and what the link did not forward since start. */
    public DeadLetters deadLetters(int limit) {
        List<DeadLetterTable.DeadLetter> letters = db.read(connection -> new DeadLetterTable(connection).newest(limit));
        return link == null ? new DeadLetters(letters, 0, 0) : new DeadLetters(letters, link.looped(), link.tooManyHops());
    }

    /** Dead letters and the records not forwarded since start, by cause. */
    public record DeadLetters(List<DeadLetterTable.DeadLetter> letters, long looped, long tooManyHops) {
    }

    private Tls.Client tlsClient() {
        String mode = tls.trim();
        if (mode.isEmpty() || mode.equalsIgnoreCase("false")) {
            return null;
        }
        if (mode.equalsIgnoreCase("true")) {
            return Tls.systemTrust();
        }
        try {
            return Tls.trusting(Path.of(mode));
        } catch (IOException e) {
            throw new IllegalStateException("PS cannot start: setting PS_FORWARD_TLS: " + e.getMessage(), e);
        }
    }

    /** This PS's id in the routes of forwarded records: {@code <data dir>/instance-id}, made on first use. */
    private String instanceId() {
        Path file = settings.dataDir().resolve("instance-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = "ps-" + UUID.randomUUID();
            Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return id;
        } catch (IOException e) {
            throw new IllegalStateException("PS cannot start: cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the client id and the acknowledged row id for the downstream, created on first use */
    private String[] loadState(String downstream) {
        ForwardStateTable.State state = db.write(connection -> new ForwardStateTable(connection).loadOrCreate(downstream));
        return new String[] {state.clientId(), Long.toString(state.ackedId())};
    }

    private void saveState(String downstream, long ackedId) {
        db.write(connection -> new ForwardStateTable(connection).saveAcked(downstream, ackedId));
    }
}
