package ps.basic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ps.basic.config.ConfigException;
import ps.client.Stage;

/** The toolkit's settings from the environment: DEV_STAGE / PS_STAGE, PS_NATIVE_PORT, BASIC_CONFIGFILE_DIR. */
final class BasicSettings {
    private BasicSettings() {
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
}
