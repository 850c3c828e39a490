package ps.basic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import ps.basic.config.Config;
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

    private final String service;
    private final Stage stage;
    private final Path workingDir;
    private final ConfigFileReader config;
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

    public static PsBasicBuilder builder(String service) {
        return new PsBasicBuilder(service);
    }

    /** Starts one instance per process (see {@link PsBasicBuilder#start()}). */
    static PsBasic start(PsBasicBuilder options) {
        synchronized (STARTED_LOCK) {
            if (started != null) {
                throw new IllegalStateException("PsBasic for '" + started.service + "' is running in this process: close it first");
            }
            started = new PsBasic(options);
            return started;
        }
    }

    private PsBasic(PsBasicBuilder options) {
        Map<String, String> env = options.environment;
        this.service = options.service;
        this.stage = BasicSettings.stage(env);
        this.workingDir = options.workingDir;
        Path configDir = BasicSettings.configDir(env, workingDir);
        Path configFile = configDir.resolve(service + stage.suffix() + ".cfg");
        this.config = new ConfigFileReader(options.configFile == ConfigFile.NONE ? null : configFile,
                options.configFile == ConfigFile.MANDATORY);
        Config config = this.config.current();
        String languageName = config.getChoice(Config.GLOBAL, LANGUAGE, "EN", "DE", "EN");
        Level level = config.getAs(Config.GLOBAL, LOG_LEVEL, Level.FINE, "a level (DEBUG, INFO, WARNING, ERROR)", Logging::level);
        this.templates = new Templates(configDir.resolve(service + ".templates"), Templates.Language.parse(languageName));
        this.shell = new Shell(Duration.ofSeconds(config.getLong(Config.GLOBAL, SHELL_TIMEOUT, 3600)));
        Path logDir = workingDir.resolve("LOG");
        this.mailer = new Mailer(env, stage == Stage.TESTING ? logDir.resolve("mail") : null);

        String host = env.getOrDefault("PS_HOST", config.get(Config.GLOBAL, HERALD_HOST, "localhost"));
        try {
            this.logging = Logging.install(new Logging.Options(service, stage, host, BasicSettings.nativePort(env), logDir,
                    config.getLong(Config.GLOBAL, LOG_MAX_BYTES, 2_000_000), config.getInt(Config.GLOBAL, LOG_BACKUPS, 10),
                    Duration.ofDays(config.getLong(Config.GLOBAL, LOG_MAX_AGE_DAYS, 30)), level, options.verbose));
        } catch (IOException e) {
            throw new BasicException(BasicException.FAILED, "cannot open the local log in " + logDir + ": " + e, e);
        }
        this.logger = Logger.getLogger(service);

        this.lock = options.lock ? takeLock(workingDir.resolve(service + "_lock" + stage.suffix())) : null;
        if (options.configFile != ConfigFile.NONE) {
            HangUp.rereadsConfig(PsBasic::reloadRunning);
        }
        logger.info(() -> service + " started in stage " + stage + " (config " + configFile
                + (config.exists() ? "" : ", absent") + ", local log " + logging.localLog() + ")");
    }

    /** A held lock ends the start (the local log closed again) with the holder's PID. */
    private InstanceLock takeLock(Path file) {
        try {
            return InstanceLock.acquire(file, warning -> logger.warning(warning));
        } catch (BasicException e) {
            logger.severe(e.getMessage());
            logging.close();
            throw e;
        } catch (IOException e) {
            logging.close();
            throw new BasicException(BasicException.FAILED, "cannot open the lock file: " + e, e);
        }
    }

    private static void reloadRunning() {
        PsBasic running;
        synchronized (STARTED_LOCK) {
            running = started;
        }
        if (running != null) {
            running.reloadConfig();
        }
    }

    public String service() {
        return service;
    }

    public Stage stage() {
        return stage;
    }

    /** The config as last read: at start, and again at each SIGHUP or {@link #reloadConfig()}. */
    public Config config() {
        return config.current();
    }

    /**
     * Reads the config file again (the original did on SIGHUP, which calls this). A file that is now
     * malformed or missing (when mandatory) is logged as ERROR naming file and line, and the config read
     * before stays. The local log, level and language keep what they were at start.
     *
     * @return whether the new file was taken
     */
    public boolean reloadConfig() {
        return config.reload(logger);
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
        return new ErrorStateMail(mailer, service, stage, logging.localLog());
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
