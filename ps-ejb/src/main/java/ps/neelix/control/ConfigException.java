package ps.neelix.control;

/** A config file that cannot be used, with the place and the reason: {@code file:line: reason}. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String reason;

    public ConfigException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the whole file is meant. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
