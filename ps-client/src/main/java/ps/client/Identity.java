package ps.client;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fields that say where a record comes from, stamped on every record a client sends: the original's
 * package version, product, system (the service), sub-system (the host by default), sub-sub-system and
 * the two user fields, plus the stage.
 */
public final class Identity {
    private final EnumMap<LogField, String> fields = new EnumMap<>(LogField.class);
    /** The fields as two arrays, for {@link #stamp} on the logging thread: iterating the map allocates. */
    private volatile LogField[] stampKeys = new LogField[0];
    private volatile String[] stampValues = new String[0];

    /** Defaults: the application's version, the host name as sub-system, the stage from the environment. */
    public static Identity defaults() {
        String main = mainClassName(); // may open the application's jar: once, not per use
        Identity identity = new Identity();
        identity.set(LogField.PACKAGE_VERSION, applicationVersion(main));
        identity.set(LogField.SUB_SYSTEM_ID, hostName());
        identity.set(LogField.STAGE, Stage.fromEnvironment().name());
        identity.set(LogField.PROCESS, Long.toString(ProcessHandle.current().pid()));
        identity.set(LogField.PROCESSNAME, main);
        return identity;
    }

    public Identity set(LogField field, String value) {
        if (value == null || value.isBlank()) {
            fields.remove(field);
        } else {
            fields.put(field, value.trim());
        }
        stampValues = fields.values().toArray(new String[0]); // the keys last: stamp reads them first
        stampKeys = fields.keySet().toArray(new LogField[0]);
        return this;
    }

    public String get(LogField field) {
        return fields.get(field);
    }

    /** Puts every identity field on the entry where the entry has none of its own. */
    public void stamp(LogEntry entry) {
        LogField[] keys = stampKeys;
        String[] values = stampValues;
        for (int i = 0; i < keys.length; i++) {
            if (entry.get(keys[i]) == null) {
                entry.set(keys[i], values[i]);
            }
        }
    }

    /**
     * The Implementation-Version of the jar holding the named main class, or "undef" (the original's
     * default) when there is none.
     */
    static String applicationVersion(String main) {
        if (main != null) {
            try {
                Class<?> type = Class.forName(main, false, Thread.currentThread().getContextClassLoader());
                Package pkg = type.getPackage();
                if (pkg != null && pkg.getImplementationVersion() != null) {
                    return pkg.getImplementationVersion();
                }
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // no main class to ask: fall through
            }
        }
        return "undef";
    }

    static String mainClassName() {
        String command = System.getProperty("sun.java.command");
        if (command == null || command.isBlank()) {
            return null;
        }
        String first = command.split(" ", 2)[0];
        if (first.endsWith(".jar")) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(first)) {
                java.util.jar.Manifest manifest = jar.getManifest();
                return manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return first;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }
}
