package ps.launch;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Remembers the warnings and errors logged while PS starts, to name the cause of a failed start in one line.
 * PS's own refusals start with "PS " ("PS cannot open its store ...", "PS bridge cannot listen for native on
 * ..."); failing those, the first error's innermost cause is the best line there is.
 */
final class StartFailures extends Handler {
    private static final int MAX_RECORDS = 200;
    private static final int MAX_LINE = 600;
    private final List<LogRecord> records = new ArrayList<>();

    StartFailures() {
        setLevel(Level.WARNING);
    }

    /** Listens on the root logger (Payara resets logging early in its boot, so this comes after that). */
    void attach() {
        Logger.getLogger("").addHandler(this);
    }

    void detach() {
        Logger.getLogger("").removeHandler(this);
        synchronized (records) {
            records.clear();
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            synchronized (records) {
                if (records.size() < MAX_RECORDS) {
                    records.add(record);
                }
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /**
     * Whether an application failed to load although Micro lists it as deployed (a failing {@code @Startup}
     * bean, for one): Payara's deployment logs an error then.
     */
    boolean deploymentFailed() {
        synchronized (records) {
            return records.stream().anyMatch(record -> record.getLevel().intValue() >= Level.SEVERE.intValue()
                    && (String.valueOf(record.getLoggerName()).startsWith("javax.enterprise.system.tools.deployment")
                        || String.valueOf(record.getMessage()).startsWith("Exception while loading the app")));
        }
    }

    /**
     * The cause of a failed start in one line.
     *
     * @param thrown what the boot threw, or null when it returned but an application is missing
     * @param httpPort the HTTP port asked for (a bind failure while booting is that port's)
     */
    String cause(Throwable thrown, String httpPort) {
        List<LogRecord> seen;
        synchronized (records) {
            seen = new ArrayList<>(records);
        }
        List<Throwable> throwables = new ArrayList<>();
        for (LogRecord record : seen) {
            String own = psMessage(record.getMessage());
            if (own != null) {
                return oneLine(own);
            }
            if (record.getThrown() != null) {
                throwables.add(record.getThrown());
            }
        }
        if (thrown != null) {
            throwables.add(thrown);
        }
        for (Throwable t : throwables) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                String own = psMessage(c.getMessage());
                if (own != null) {
                    return oneLine(own);
                }
            }
        }
        for (LogRecord record : seen) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                if (record.getThrown() != null) {
                    return oneLine(describe(innermost(record.getThrown()), thrown != null ? httpPort : null));
                }
                return oneLine(record.getMessage());
            }
        }
        if (thrown != null) {
            return oneLine(describe(innermost(thrown), httpPort));
        }
        return "no error was logged; see the log above";
    }

    private static String psMessage(String message) {
        if (message == null) {
            return null;
        }
        int at = message.indexOf("PS ");
        // a wrapper's message may quote PS's ("...: PS cannot open its store ...")
        return at == 0 || at > 0 && message.startsWith(": ", at - 2) ? message.substring(at) : null;
    }

    private static Throwable innermost(Throwable thrown) {
        Throwable c = thrown;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String describe(Throwable cause, String httpPort) {
        String text = cause.getClass().getName() + ": " + cause.getMessage();
        if (cause instanceof BindException && httpPort != null) {
            return "cannot listen on the HTTP port " + httpPort + " (setting PS_HTTP_PORT): " + cause.getMessage();
        }
        return text;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " ..." : line;
    }
}
