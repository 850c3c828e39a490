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

    private Stage stage;

    @PostConstruct
    void validate() {
        try {
            stage = Stage.parse(stageName.filter(s -> !s.isBlank()).or(PsSettings::devStage).orElse("DEVELOPMENT"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PS cannot start: setting PS_STAGE (ps.stage, or DEV_STAGE): " + e.getMessage(), e);
        }
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
