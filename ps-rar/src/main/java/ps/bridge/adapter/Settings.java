package ps.bridge.adapter;

/**
 * Reads PS settings the way MicroProfile Config does for system properties and the environment:
 * {@code ps.native.port} is the system property, {@code PS_NATIVE_PORT} the environment variable.
 * The adapter cannot rely on the application's Config instance, so it looks them up itself.
 */
final class Settings {
    private Settings() {
    }

    static String get(String key, String defaultValue) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            value = System.getenv(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    static int getInt(String key, int defaultValue) {
        String value = get(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, not '" + value + "'");
        }
    }

    static boolean getBoolean(String key, boolean defaultValue) {
        String value = get(key, null);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }
}
