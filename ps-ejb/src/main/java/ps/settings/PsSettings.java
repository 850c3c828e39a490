package ps.settings;

import java.nio.file.Path;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.client.Stage;

/**
 * The server's settings (MicroProfile Config: system property {@code ps.stage} or environment
 * {@code PS_STAGE}, and so on). Each has a working default; a value that cannot work stops start-up with
 * a message naming the setting.
 */
@ApplicationScoped
public class PsSettings {
    @Inject
    @ConfigProperty(name = "ps.stage")
    java.util.Optional<String> stageName;

    @Inject
    @ConfigProperty(name = "ps.data.dir", defaultValue = "./data")
    String dataDir;

    @Inject
    @ConfigProperty(name = "ps.config.dir", defaultValue = "./config")
    String configDir;

    @Inject
    @ConfigProperty(name = "ps.sqlite.synchronous")
    java.util.Optional<String> sqliteSynchronous;

    /** PostgreSQL as the store (docs/scale-out.md): unset means SQLite under the data directory. */
    @Inject
    @ConfigProperty(name = "ps.db.url")
    java.util.Optional<String> dbUrl;

    @Inject
    @ConfigProperty(name = "ps.db.user", defaultValue = "ps")
    String dbUser;

    @Inject
    @ConfigProperty(name = "ps.db.password")
    java.util.Optional<String> dbPassword;

    /** Default of ps.query.budget.ms: the time any query of the console or API may take. */
    public static final long QUERY_BUDGET_MILLIS = 5_000;
    /** Default of ps.search.budget.ms: the time a substring ({@code contains}) search may take. */
    public static final long SUBSTRING_BUDGET_MILLIS = 10_000;

    @Inject
    @ConfigProperty(name = "ps.query.budget.ms", defaultValue = "" + QUERY_BUDGET_MILLIS)
    long queryBudgetMillis;

    @Inject
    @ConfigProperty(name = "ps.search.budget.ms", defaultValue = "" + SUBSTRING_BUDGET_MILLIS)
    long substringBudgetMillis;

    /** Default of ps.lease.seconds: a dead lease holder's singletons move to another node within this + a third of it. */
    public static final int LEASE_SECONDS = 6;

    @Inject
    @ConfigProperty(name = "ps.lease.seconds", defaultValue = "" + LEASE_SECONDS)
    int leaseSeconds;

    @Inject
    @ConfigProperty(name = "ps.node.id")
    java.util.Optional<String> nodeId;

    @Inject
    @ConfigProperty(name = "ps.http.port", defaultValue = "8080")
    String httpPort;

    private Stage stage;

    @PostConstruct
    void validate() {
        try {
            stage = Stage.parse(stageName.filter(s -> !s.isBlank()).or(PsSettings::devStage).orElse("DEVELOPMENT"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PS cannot start: setting PS_STAGE (ps.stage, or DEV_STAGE): " + e.getMessage(), e);
        }
        String synchronous = sqliteSynchronous();
        if (!synchronous.equals("NORMAL") && !synchronous.equals("FULL")) {
            throw new IllegalStateException("PS cannot start: setting PS_SQLITE_SYNCHRONOUS (ps.sqlite.synchronous): '"
                    + sqliteSynchronous.orElse("") + "' is not NORMAL or FULL");
        }
        if (dbUrl().isPresent() && !dbUrl().get().startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException("PS cannot start: setting PS_DB_URL (ps.db.url): '"
                    + dbUrl().get().replaceAll("\\?.*", "") + "' is not a jdbc:postgresql://host:port/database URL");
        }
        if (queryBudgetMillis < 1 || substringBudgetMillis < 1) {
            throw new IllegalStateException("PS cannot start: settings PS_QUERY_BUDGET_MS and PS_SEARCH_BUDGET_MS"
                    + " must be at least 1 (ms)");
        }
        if (leaseSeconds < 2 || leaseSeconds > 3600) {
            throw new IllegalStateException("PS cannot start: setting PS_LEASE_SECONDS (ps.lease.seconds): " + leaseSeconds
                    + " is not between 2 and 3600 (seconds)");
        }
        String node = nodeId();
        if (node.length() > 200 || !node.matches("[A-Za-z0-9._:@-]+")) {
            throw new IllegalStateException("PS cannot start: setting PS_NODE_ID (ps.node.id): '" + node
                    + "' is not 1 to 200 letters, digits and . _ : @ -");
        }
    }

    /** How long the cluster's lease lasts without renewal; it is renewed every third of it. */
    public java.time.Duration leaseExpiry() {
        return java.time.Duration.ofSeconds(leaseSeconds);
    }

    /** This node's name in the cluster: PS_NODE_ID, by default the host name and the HTTP port. */
    public String nodeId() {
        return nodeId.map(String::trim).filter(s -> !s.isEmpty()).orElseGet(() -> hostName() + ":" + httpPort.trim());
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** SQLite's synchronous mode, NORMAL or FULL: FULL by default in PRODUCTION, NORMAL elsewhere. */
    public String sqliteSynchronous() {
        return sqliteSynchronous.map(value -> value.trim().toUpperCase(java.util.Locale.ROOT))
                .orElse(stage == Stage.PRODUCTION ? "FULL" : "NORMAL");
    }

    /** The PostgreSQL JDBC URL (ps.db.url, PS_DB_URL), or empty for SQLite under {@link #dataDir()}. */
    public java.util.Optional<String> dbUrl() {
        return dbUrl.map(String::trim).filter(url -> !url.isEmpty());
    }

    /** PostgreSQL's user (ps.db.user, PS_DB_USER), "ps" by default. */
    public String dbUser() {
        return dbUser;
    }

    /** PostgreSQL's password (ps.db.password, PS_DB_PASSWORD), none by default (trust or .pgpass-less peers). */
    public String dbPassword() {
        return dbPassword.orElse(null);
    }

    public long queryBudgetMillis() {
        return queryBudgetMillis;
    }

    public long substringBudgetMillis() {
        return substringBudgetMillis;
    }

    /** The original's name for the stage, read when PS_STAGE is unset. */
    private static java.util.Optional<String> devStage() {
        return java.util.Optional.ofNullable(System.getenv("DEV_STAGE")).filter(s -> !s.isBlank());
    }

    public Stage stage() {
        return stage;
    }

    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    /** The per-stage config files kept under version control (neelix rules, mail templates). */
    public Path configDir() {
        return Path.of(configDir).toAbsolutePath().normalize();
    }
}
