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
    @ConfigProperty(name = "ps.stage", defaultValue = "DEVELOPMENT")
    String stageName;

    @Inject
    @ConfigProperty(name = "ps.data.dir", defaultValue = "./data")
    String dataDir;

    @Inject
    @ConfigProperty(name = "ps.config.dir", defaultValue = "./config")
    String configDir;

    @Inject
    @ConfigProperty(name = "ps.sqlite.synchronous")
    java.util.Optional<String> sqliteSynchronous;

    private Stage stage;

    @PostConstruct
    void validate() {
        try {
            stage = Stage.parse(stageName);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PS cannot start: setting PS_STAGE (ps.stage): " + e.getMessage(), e);
        }
        String synchronous = sqliteSynchronous();
        if (!synchronous.equals("NORMAL") && !synchronous.equals("FULL")) {
            throw new IllegalStateException("PS cannot start: setting PS_SQLITE_SYNCHRONOUS (ps.sqlite.synchronous): '"
                    + sqliteSynchronous.orElse("") + "' is not NORMAL or FULL");
        }
    }

    /** SQLite's synchronous mode, NORMAL or FULL: FULL by default in PRODUCTION, NORMAL elsewhere. */
    public String sqliteSynchronous() {
        return sqliteSynchronous.map(value -> value.trim().toUpperCase(java.util.Locale.ROOT))
                .orElse(stage == Stage.PRODUCTION ? "FULL" : "NORMAL");
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
