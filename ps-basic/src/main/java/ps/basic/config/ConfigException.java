package ps.basic.config;

import ps.basic.BasicException;

/** A config file that is missing, unreadable or malformed; the message names the file and line. */
public final class ConfigException extends BasicException {
    public ConfigException(String message) {
        super(CONFIG, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(CONFIG, message, cause);
    }
}
