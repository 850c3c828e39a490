package ps.client;

import java.util.Locale;

/**
 * PS levels: Python's numbers and names, since ps.basic clients are the largest population and the
 * original's console filtered by them. {@link #ofJul(java.util.logging.Level)} maps Java levels onto them.
 */
public enum Level {
    TRACE(5), DEBUG(10), INFO(20), WARNING(30), ERROR(40), CRITICAL(50);

    private final int number;

    Level(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** SEVERE is ERROR, WARNING is WARNING, INFO is INFO, CONFIG and FINE are DEBUG, finer is TRACE. */
    public static Level ofJul(java.util.logging.Level level) {
        int value = level.intValue();
        if (value >= java.util.logging.Level.SEVERE.intValue()) {
            return ERROR;
        }
        if (value >= java.util.logging.Level.WARNING.intValue()) {
            return WARNING;
        }
        if (value >= java.util.logging.Level.INFO.intValue()) {
            return INFO;
        }
        if (value >= java.util.logging.Level.FINE.intValue()) {
            return DEBUG;
        }
        return TRACE;
    }

    /** The level of a number: the highest level not above it (Python's custom levels fall in between). */
    public static Level ofNumber(int number) {
        Level result = TRACE;
        for (Level level : values()) {
            if (level.number <= number) {
                result = level;
            }
        }
        return result;
    }

    /**
     * Parses a level name: PS/Python names (WARN and FATAL accepted), Java names (SEVERE, CONFIG, FINE,
     * FINER, FINEST) or a number.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Level parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        switch (name) {
            case "WARN": return WARNING;
            case "FATAL": return CRITICAL;
            case "SEVERE": return ERROR;
            case "CONFIG": case "FINE": return DEBUG;
            case "FINER": case "FINEST": return TRACE;
            default: break;
        }
        for (Level level : values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        try {
            return ofNumber(Integer.parseInt(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown level '" + text
                    + "': use TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL (or a Java level name, or a number)");
        }
    }
}
