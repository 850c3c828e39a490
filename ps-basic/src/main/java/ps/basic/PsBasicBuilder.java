package ps.basic;

import java.nio.file.Path;
import java.util.Map;

/** The options of a start; each has the original's default. */
public final class PsBasicBuilder {
    final String service;
    PsBasic.ConfigFile configFile = PsBasic.ConfigFile.OPTIONAL;
    boolean lock;
    boolean verbose;
    Map<String, String> environment = System.getenv();
    Path workingDir = Path.of("").toAbsolutePath();

    PsBasicBuilder(String service) {
        if (service == null || !service.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("service name '" + service + "' must be letters, digits, _ . - (it names files)");
        }
        this.service = service;
    }

    public PsBasicBuilder config(PsBasic.ConfigFile value) {
        configFile = value;
        return this;
    }

    /** The original's {@code have_config_file=True}: a missing file is an error. */
    public PsBasicBuilder configMandatory() {
        return config(PsBasic.ConfigFile.MANDATORY);
    }

    /** The original's {@code guarded_by_lockfile=True}. */
    public PsBasicBuilder lock() {
        lock = true;
        return this;
    }

    /** Also logs to the console (stderr), as the original's {@code verbose()}. */
    public PsBasicBuilder verbose() {
        verbose = true;
        return this;
    }

    /** The settings to read instead of the process environment (tests). */
    public PsBasicBuilder environment(Map<String, String> value) {
        environment = Map.copyOf(value);
        return this;
    }

    /** Where LOG/ and the lock live (default: the working directory). */
    public PsBasicBuilder workingDir(Path value) {
        workingDir = value.toAbsolutePath();
        return this;
    }

    /**
     * @throws BasicException (with its exit code) for a missing or unknown stage, a missing mandatory
     *         or malformed config file, a held lock; see {@link PsBasic#exitOn(BasicException)}
     */
    public PsBasic start() {
        return PsBasic.start(this);
    }
}
