package ps.client;

import java.util.Locale;

/**
 * PS stages and their default ports. The pickle port is the original's logging port, so ps.basic clients
 * reach PS unchanged; the native port is the pickle port + 100.
 */
public enum Stage {
    TESTING(9010, "_t"),
    DEVELOPMENT(9020, "_d"),
    INTEGRATION(9022, "_i"),
    PRODUCTION(9024, "");

    private final int picklePort;
    private final String suffix;

    Stage(int picklePort, String suffix) {
        this.picklePort = picklePort;
        this.suffix = suffix;
    }

    /** The port Python's SocketHandler clients log to, as in the original. */
    public int picklePort() {
        return picklePort;
    }

    /** The port of PS's native protocol (ps-client). */
    public int nativePort() {
        return picklePort + 100;
    }

    /** The original's file-name suffix of this stage ({@code _t}, {@code _d}, {@code _i}, none). */
    public String suffix() {
        return suffix;
    }

    /**
     * @throws IllegalArgumentException with a message naming the accepted values
     */
    public static Stage parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stage '" + text
                    + "': use one of TESTING, DEVELOPMENT, INTEGRATION, PRODUCTION");
        }
    }

    /** The stage named by PS_STAGE (or the original's DEV_STAGE), DEVELOPMENT when neither is set. */
    public static Stage fromEnvironment() {
        String value = System.getProperty("ps.stage", System.getenv("PS_STAGE"));
        if (value == null || value.isBlank()) {
            value = System.getenv("DEV_STAGE");
        }
        return value == null || value.isBlank() ? DEVELOPMENT : parse(value);
    }
}
