package ps.basic;

/**
 * A start-up or run-time failure of the toolkit with the process exit code a program should end with
 * ({@link PsBasic#exitOn(BasicException)}); the message names the file, line, setting or PID concerned.
 */
public class BasicException extends RuntimeException {
    /** Another instance holds the lock (EX_TEMPFAIL: try again later). */
    public static final int LOCKED = 75;
    /** A missing or unknown stage, a missing mandatory config file, a malformed line (EX_CONFIG). */
    public static final int CONFIG = 78;
    /** Anything else the toolkit could not do (EX_SOFTWARE). */
    public static final int FAILED = 70;

    private final int exitCode;

    public BasicException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public BasicException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
