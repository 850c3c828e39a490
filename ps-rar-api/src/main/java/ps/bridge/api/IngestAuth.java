package ps.bridge.api;

/**
 * Who may send native records: the application installs its {@link Gate} (it holds the ingest tokens,
 * loaded from its database), and the resource adapter asks it at each HELLO, with no database of its own.
 * Records still flow one way only: this is a question the adapter asks, never a path back into it. One
 * gate per server, like {@link BridgeStatus} (the connector class loader is shared).
 */
public final class IngestAuth {
    private static volatile Gate gate;

    private IngestAuth() {
    }

    /** Decides on a HELLO; called on the connection's thread, so it must answer from memory. */
    @FunctionalInterface
    public interface Gate {
        /**
         * @param clientId the client id the HELLO announces
         * @param token    the HELLO's token, or null when it carries none
         * @return null to admit the client, else the reason it is refused (logged and sent to the client)
         */
        String admit(String clientId, String token);
    }

    public static void install(Gate installed) {
        gate = installed;
    }

    /** Removes the gate if it is still the one installed (an undeployed application's). */
    public static void uninstall(Gate installed) {
        if (gate == installed) {
            gate = null;
        }
    }

    /** The installed gate, or null before the application installed one. */
    public static Gate gate() {
        return gate;
    }
}
