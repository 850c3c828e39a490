package ps.basic.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import ps.client.Identity;
import ps.client.LogField;
import ps.client.PsHandler;
import ps.client.Stage;

/**
 * A program's logging as the original set it up: on the root logger, ps-client's {@link PsHandler} to PS
 * (system = service, sub-system = host, the stage; its spool beside the local log) and the local log
 * {@code LOG/{service}{suffix}.log}, plus the console when verbose (the JDK's default console handler is
 * removed otherwise). {@link #close()} takes them off again.
 */
public final class Logging implements AutoCloseable {
    /**
     * Libraries whose DEBUG chatter (mail, activation, the JDK) would drown a program's own records at the
     * original's default level DEBUG: kept at INFO. Held here because JUL forgets the level of a logger
     * nobody references.
     */
    private static final List<Logger> QUIET = Stream.of("jakarta", "javax", "sun", "jdk", "java", "com.sun",
            "org.eclipse.angus", "angus", "com.github.mustachejava").map(Logger::getLogger).toList();

    /** Where and how much to log; {@code port} -1 is the stage's native port. */
    public record Options(String service, Stage stage, String host, int port, Path logDir, long maxBytes,
                          int backups, Duration maxAge, Level level, boolean verbose) {
    }

    private final PsHandler psHandler;
    private final RotatingFileHandler localLog;
    private final List<Handler> installed;

    private Logging(PsHandler psHandler, RotatingFileHandler localLog, List<Handler> installed) {
        this.psHandler = psHandler;
        this.localLog = localLog;
        this.installed = installed;
    }

    /** @throws IOException when the local log cannot be opened (nothing is installed then) */
    public static Logging install(Options options) throws IOException {
        String name = options.service() + options.stage().suffix();
        RotatingFileHandler localLog = new RotatingFileHandler(options.logDir().resolve(name + ".log"),
                options.maxBytes(), options.backups(), options.maxAge());
        localLog.setLevel(options.level());
        ((LocalLogFormatter) localLog.getFormatter()).identity(Identity.defaults()
                .set(LogField.SYSTEM_ID, options.service()).set(LogField.STAGE, options.stage().name()));
        PsHandler.Settings settings = new PsHandler.Settings().host(options.host()).system(options.service())
                .stage(options.stage()).spool(options.logDir().resolve(name + ".spool").toString()).level(options.level());
        if (options.port() > 0) {
            settings.port(options.port());
        }
        PsHandler psHandler = new PsHandler(settings);

        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                root.removeHandler(handler);
            }
        }
        List<Handler> handlers = new ArrayList<>(List.of(psHandler, localLog));
        if (options.verbose()) {
            ConsoleHandler console = new ConsoleHandler();
            console.setLevel(options.level());
            console.setFormatter(localLog.getFormatter());
            handlers.add(console);
        }
        handlers.forEach(root::addHandler);
        root.setLevel(options.level());
        Level quiet = options.level().intValue() > Level.INFO.intValue() ? options.level() : Level.INFO;
        QUIET.forEach(logger -> logger.setLevel(quiet));
        return new Logging(psHandler, localLog, List.copyOf(handlers));
    }

    /**
     * A level as the original's config named it (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL) or Java's.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Level level(String text) {
        switch (ps.client.Level.parse(text)) {
            case TRACE: return Level.FINEST;
            case DEBUG: return Level.FINE;
            case INFO: return Level.INFO;
            case WARNING: return Level.WARNING;
            default: return Level.SEVERE;
        }
    }

    public Path localLog() {
        return localLog.file();
    }

    public PsHandler psHandler() {
        return psHandler;
    }

    /** Waits until every record so far is stored by PS (true) or the timeout passed. */
    public boolean flush(Duration timeout) throws InterruptedException {
        localLog.flush();
        return psHandler.flush(timeout);
    }

    /** Takes the handlers off the root logger and closes them (PS's up to its close timeout; the rest stays spooled). */
    @Override
    public void close() {
        Logger root = Logger.getLogger("");
        for (Handler handler : installed) {
            root.removeHandler(handler);
            handler.close();
        }
    }
}
