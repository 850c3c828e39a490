package ps.basic;

import java.nio.file.Path;
import java.util.logging.Logger;

import ps.basic.config.Config;
import ps.basic.config.ConfigException;

/** The program's config file, read at start and again on demand; a bad new file leaves the old one in use. */
final class ConfigFileReader {
    private final Path file;
    private final boolean mandatory;
    private volatile Config current;

    /** @param file null: the program has no config file (an empty config) */
    ConfigFileReader(Path file, boolean mandatory) {
        this.file = file;
        this.mandatory = mandatory;
        this.current = file == null ? Config.empty() : Config.load(file, mandatory);
    }

    Config current() {
        return current;
    }

    /** @return whether the file was read again and taken */
    boolean reload(Logger logger) {
        if (file == null) {
            return false;
        }
        try {
            Config fresh = Config.load(file, mandatory);
            current = fresh;
            logger.info(() -> "config re-read: " + file + (fresh.exists() ? "" : " (absent)"));
            return true;
        } catch (ConfigException e) {
            logger.severe("config not re-read, the one read before stays: " + e.getMessage());
            return false;
        }
    }
}
