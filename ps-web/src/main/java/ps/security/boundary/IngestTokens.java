package ps.security.boundary;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.db.Db;

import ps.bridge.api.IngestAuth;
import ps.security.control.ApiTokens;
import ps.security.control.IngestKeys;
import ps.security.control.IngestTokenTable;
import ps.security.entity.IngestToken;

/**
 * The native input's ingest tokens: loaded from the database at start into {@link IngestKeys}, which the
 * bridge asks at every HELLO (installed as its {@link IngestAuth.Gate}); client ids bound meanwhile are
 * saved every two seconds. Tokens are created and revoked by admins over REST ({@link IngestTokensResource}).
 */
@Singleton
@Startup
@DependsOn("LogStore")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IngestTokens {
    private static final Logger LOG = Logger.getLogger("ps.security");

    @Inject
    Db db;

    @Inject
    @ConfigProperty(name = "ps.ingest.max.clients", defaultValue = "100000")
    int maxClients;

    private IngestKeys keys;

    @PostConstruct
    void load() {
        IngestKeys loaded = new IngestKeys(maxClients);
        db.read(connection -> {
            new IngestTokenTable(connection).load(loaded);
            return null;
        });
        keys = loaded;
        IngestAuth.install(keys);
    }

    @PreDestroy
    void uninstall() {
        saveBindings();
        IngestAuth.uninstall(keys);
    }

    /** Creates a token; @return its id and the token text, shown only this once. */
    public Created create(String label) {
        if (label == null || label.isBlank() || label.length() > 200) {
            throw new IllegalArgumentException("label must be 1..200 characters");
        }
        String token = ApiTokens.newToken();
        String hash = ApiTokens.hash(token);
        long id = db.write(connection -> new IngestTokenTable(connection).add(label.trim(), hash, System.currentTimeMillis()));
        keys.addToken(id, hash);
        LOG.info(() -> "PS: ingest token #" + id + " created");
        return new Created(id, token);
    }

    /** Revokes a token: its clients are refused at their next HELLO. @return true when it existed. */
    public boolean revoke(long id) {
        keys.revoke(id);
        boolean existed = db.write(connection -> new IngestTokenTable(connection).delete(id));
        if (existed) {
            LOG.info(() -> "PS: ingest token #" + id + " revoked");
        }
        return existed;
    }

    public List<IngestToken> list() {
        saveBindings();
        return db.read(connection -> new IngestTokenTable(connection).list());
    }

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    void saveBindings() {
        List<IngestKeys.Binding> bindings = keys.newBindings();
        if (bindings.isEmpty()) {
            return;
        }
        try {
            db.write(connection -> {
                new IngestTokenTable(connection).saveBindings(bindings);
                return null;
            });
        } catch (RuntimeException e) {
            keys.unsaved(bindings);
            LOG.log(Level.WARNING, "PS: cannot save " + bindings.size() + " client-id bindings of ingest tokens yet", e);
        }
    }

    /** A new token: shown once. */
    public record Created(long id, String token) {
    }
}
