package ps.basic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import ps.basic.config.Config;
import ps.basic.config.ConfigException;
import ps.basic.fsm.ErrorMail;
import ps.basic.lock.InstanceLock;
import ps.basic.log.Logging;
import ps.basic.mail.Mail;
import ps.basic.mail.Mailer;
import ps.basic.shell.Shell;
import ps.basic.template.Templates;
import ps.client.Identity;
import ps.client.LogField;
import ps.client.PsHandler;
import ps.client.Stage;

/**
 * The entry point, the original's {@code Basic(service)}: {@code PsBasic.start("nightly-transfer")} or
 * {@code PsBasic.builder("nightly-transfer").configMandatory().lock().start()} gives a program its stage,
 * its config file, the PS handler and the local log on the root logger, the single-instance lock, its
 * templates, shell calls and mail. One at a time per process; {@link #close()} delivers what is pending
 * and releases the lock.
 */
public final class PsBasic implements AutoCloseable {
    /** Keys of the config's [GLOBAL] section the toolkit reads. */
    public static final String LANGUAGE = "pattern_language", LOG_LEVEL = "log_level", HERALD_HOST = "herald_host",
            HERALD_URL = "herald_url", LOG_MAX_BYTES = "log_max_bytes", LOG_BACKUPS = "log_backups",
            LOG_MAX_AGE_DAYS = "log_max_age_days", SHELL_TIMEOUT = "shell_timeout_seconds";

    private static final Object STARTED_LOCK = new Object();
    private static PsBasic started;
    private static boolean hangUpRegistered;

    private final String service;
    private final Stage stage;
    private final Path workingDir;
    private volatile Config config;
    private final Path configPath;
    private final boolean configMandatory;
    private final Logger logger;
    private final Logging logging;
    private final InstanceLock lock;
    private final Templates templates;
    private final Shell shell;
    private final Mailer mailer;

    /** How a program uses its config file. */
    public enum ConfigFile { NONE, OPTIONAL, MANDATORY }

    /** Starts with an optional config file and no lock. */
    public static PsBasic start(String service) {
        return builder(service).start();
    }

    public static Builder builder(String service) {
        return new Builder(service);
    }

    /** The options of a start; each has the original's default. */
    public static final class Builder {
        private final String service;
        private ConfigFile configFile = ConfigFile.OPTIONAL;
        private boolean lock;
        private boolean verbose;
        private Map<String, String> environment = System.getenv();
        private Path workingDir = Path.of("").toAbsolutePath();

        private Builder(String service) {
            if (service == null || !service.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("service name '" + service + "' must be letters, digits, _ . - (it names files)");
            }
            this.service = service;
        }

        public Builder config(ConfigFile value) {
            configFile = value;
            return this;
        }

        /** The original's {@code have_config_file=True}: a missing file is an error. */
        public Builder configMandatory() {
            return config(ConfigFile.MANDATORY);
        }

        /** The original's {@code guarded_by_lockfile=True}. */
        public Builder lock() {
            lock = true;
            return this;
        }

        /** Also logs to the console (stderr), as the original's {@code verbose()}. */
        public Builder verbose() {
            verbose = true;
            return this;
        }

        /** The settings to read instead of the process environment (tests). */
        public Builder environment(Map<String, String> value) {
            environment = Map.copyOf(value);
            return this;
        }

        /** Where LOG/ and the lock live (default: the working directory). */
        public Builder workingDir(Path value) {
            workingDir = value.toAbsolutePath();
            return this;
        }

        /**
         * @throws BasicException (with its exit code) for a missing or unknown stage, a missing mandatory
         *         or malformed config file, a held lock; see {@link PsBasic#exitOn(BasicException)}
         */
        public PsBasic start() {
            synchronized (STARTED_LOCK) {
                if (started != null) {
                    throw new IllegalStateException("PsBasic for '" + started.service + "' is running in this process: close it first");
                }
                started = new PsBasic(this);
                return started;
            }
        }
    }

    private PsBasic(Builder options) {
        Map<String, String> env = options.environment;
        this.service = options.service;
        this.stage = stage(env);
        this.workingDir = options.workingDir;
        Path configDir = configDir(env, workingDir);
        Path configFile = configDir.resolve(service + stage.suffix() + ".cfg");
        this.configPath = options.configFile == ConfigFile.NONE ? null : configFile;
        this.configMandatory = options.configFile == ConfigFile.MANDATORY;
        this.config = configPath == null ? Config.empty() : Config.load(configPath, configMandatory);
        String languageName = config.getChoice(Config.GLOBAL, LANGUAGE, "EN", "DE", "EN");
        Level level = config.getAs(Config.GLOBAL, LOG_LEVEL, Level.FINE, "a level (DEBUG, INFO, WARNING, ERROR)", Logging::level);
        this.templates = new Templates(configDir.resolve(service + ".templates"), Templates.Language.parse(languageName));
        this.shell = new Shell(Duration.ofSeconds(config.getLong(Config.GLOBAL, SHELL_TIMEOUT, 3600)));
        Path logDir = workingDir.resolve("LOG");
        this.mailer = new Mailer(env, stage == Stage.TESTING ? logDir.resolve("mail") : null);

        String host = env.getOrDefault("PS_HOST", config.get(Config.GLOBAL, HERALD_HOST, "localhost"));
        try {
            this.logging = Logging.install(new Logging.Options(service, stage, host, nativePort(env), logDir,
                    config.getLong(Config.GLOBAL, LOG_MAX_BYTES, 2_000_000), config.getInt(Config.GLOBAL, LOG_BACKUPS, 10),
                    Duration.ofDays(config.getLong(Config.GLOBAL, LOG_MAX_AGE_DAYS, 30)), level, options.verbose));
        } catch (IOException e) {
            throw new BasicException(BasicException.FAILED, "cannot open the local log in " + logDir + ": " + e, e);
        }
        this.logger = Logger.getLogger(service);

        InstanceLock taken = null;
        if (options.lock) {
            try {
                taken = InstanceLock.acquire(workingDir.resolve(service + "_lock" + stage.suffix()),
                        warning -> logger.warning(warning));
            } catch (BasicException e) {
                logger.severe(e.getMessage());
                logging.close();
                throw e;
            } catch (IOException e) {
                logging.close();
                throw new BasicException(BasicException.FAILED, "cannot open the lock file: " + e, e);
            }
        }
        this.lock = taken;
        if (options.configFile != ConfigFile.NONE) {
            onHangUp();
        }
        logger.info(() -> service + " started in stage " + stage + " (config " + configFile
                + (config.exists() ? "" : ", absent") + ", local log " + logging.localLog() + ")");
    }

    /** The stage from PS_STAGE or the original's DEV_STAGE; missing or unknown: an error naming the allowed ones. */
    static Stage stage(Map<String, String> env) {
        String value = env.get("PS_STAGE");
        String name = "PS_STAGE";
        if (value == null || value.isBlank()) {
            value = env.get("DEV_STAGE");
            name = "DEV_STAGE";
        }
        if (value == null || value.isBlank()) {
            throw new ConfigException("no stage: set DEV_STAGE (or PS_STAGE) to one of TESTING, DEVELOPMENT, INTEGRATION, PRODUCTION");
        }
        try {
            return Stage.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting " + name + ": " + e.getMessage());
        }
    }

    static int nativePort(Map<String, String> env) {
        String port = env.get("PS_NATIVE_PORT");
        if (port == null || port.isBlank()) {
            return -1;
        }
        if (!port.strip().matches("[0-9]{1,5}")) {
            throw new ConfigException("setting PS_NATIVE_PORT='" + port + "' is not a port");
        }
        return Integer.parseInt(port.strip());
    }

    static Path configDir(Map<String, String> env, Path workingDir) {
        String dir = env.get("BASIC_CONFIGFILE_DIR");
        if (dir == null || dir.isBlank()) {
            return workingDir;
        }
        Path path = workingDir.resolve(dir);
        if (!Files.isDirectory(path)) {
            throw new ConfigException("setting BASIC_CONFIGFILE_DIR='" + dir + "': no such directory");
        }
        return path;
    }

    public String service() {
        return service;
    }

    public Stage stage() {
        return stage;
    }

    /** The config as last read: at start, and again at each SIGHUP or {@link #reloadConfig()}. */
    public Config config() {
        return config;
    }

    /**
     * Reads the config file again (the original did on SIGHUP, which calls this). A file that is now
     * malformed or missing (when mandatory) is logged as ERROR naming file and line, and the config read
     * before stays. The local log, level and language keep what they were at start.
     *
     * @return whether the new file was taken
     */
    public boolean reloadConfig() {
        if (configPath == null) {
            return false; // ConfigFile.NONE
        }
        try {
            config = Config.load(configPath, configMandatory);
            logger.info(() -> "config re-read: " + configPath + (config.exists() ? "" : " (absent)"));
            return true;
        } catch (ConfigException e) {
            logger.severe("config not re-read, the one read before stays: " + e.getMessage());
            return false;
        }
    }

    /** SIGHUP re-reads the running instance's config; registered once per process, where the JVM allows it. */
    private static void onHangUp() {
        synchronized (STARTED_LOCK) {
            if (hangUpRegistered) {
                return;
            }
            hangUpRegistered = true;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                PsBasic running;
                synchronized (STARTED_LOCK) {
                    running = started;
                }
                if (running != null) {
                    running.reloadConfig();
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Logger.getLogger(PsBasic.class.getName()).warning("SIGHUP cannot re-read the config here: " + e);
        }
    }

    /** The program's logger (named after the service); any other logger reaches PS and the local log too. */
    public Logger logger() {
        return logger;
    }

    public Templates templates() {
        return templates;
    }

    public Shell shell() {
        return shell;
    }

    public Mailer mailer() {
        return mailer;
    }

    /** Sends (in TESTING: records) the mail; see {@link Mailer#send(Mail)}. */
    public Path sendMail(Mail mail) {
        return mailer.send(mail);
    }

    /**
     * Mails an error state's recipients through this program's mailer (in TESTING: recorded), with the
     * machine's events and context, the local log attached: {@code fsm.errorMail(basic.errorMail())}.
     */
    public ErrorMail errorMail() {
        return (machine, state, recipients, trace, context) -> {
            sendMail(Mail.of(recipients, service + " (" + stage + "): machine " + machine + " entered error state " + state,
                    "Machine " + machine + " of " + service + " on " + Identity.defaults().get(LogField.SUB_SYSTEM_ID)
                            + " entered error state " + state + ".\n\nEvents: " + String.join(" -> ", trace)
                            + "\nContext: " + context + "\nLocal log (attached): " + logging.localLog() + "\n")
                    .attach(logging.localLog()));
        };
    }

    public Path localLog() {
        return logging.localLog();
    }

    public Path workingDir() {
        return workingDir;
    }

    public PsHandler psHandler() {
        return logging.psHandler();
    }

    /** Waits until every record so far is stored by PS (true) or the timeout passed. */
    public boolean flush(Duration timeout) throws InterruptedException {
        return logging.flush(timeout);
    }

    /** Delivers what is pending (up to the handler's close timeout; the rest stays spooled), releases the lock. */
    @Override
    public void close() {
        synchronized (STARTED_LOCK) {
            if (started != this) {
                return;
            }
            logger.fine(() -> service + " ends");
            try {
                if (lock != null) {
                    lock.close();
                }
            } catch (IOException e) {
                logger.warning("cannot release the lock " + lock.file() + ": " + e);
            }
            logging.close();
            started = null;
        }
    }

    /** Prints the failure to stderr and ends the process with its exit code (75 locked, 78 config, 70 else). */
    public static void exitOn(BasicException e) {
        System.err.println(e.getMessage());
        System.exit(e.exitCode());
    }
}
