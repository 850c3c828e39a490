package ps.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar ps-client.jar [options] MESSAGE…}: sends one record and exits 0 only once the bridge
 * has acknowledged it (stored it); 1 when it could not be delivered in time; 2 for a usage error.
 * The replacement of the original's ps_shell_log for shell scripts.
 */
public final class Cli {
    static final String USAGE = String.join("\n",
            "usage: java -jar ps-client.jar [options] MESSAGE...",
            "  --host HOST[,HOST...]  bridge host, or several tried in turn (HOST:PORT each; default localhost)",
            "  --port PORT            native port (default: the stage's, 9120 for DEVELOPMENT)",
            "  --system ID            SYSTEM_ID, the service (required)",
            "  --level LEVEL          TRACE DEBUG INFO WARNING ERROR CRITICAL (default INFO)",
            "  --sub-system ID        SUB_SYSTEM_ID (default: this host's name)",
            "  --sub-sub-system ID    SUB_SUB_SYSTEM_ID",
            "  --product ID           PRODUKT_ID",
            "  --user-spec-1 TEXT     USER_SPEC_1",
            "  --user-spec-2 TEXT     USER_SPEC_2",
            "  --version VERSION      package version (default undef)",
            "  --stage STAGE          TESTING DEVELOPMENT INTEGRATION PRODUCTION (default PS_STAGE or DEVELOPMENT)",
            "  --logger NAME          logger name (default shell)",
            "  --timeout SECONDS      how long to try to deliver (default 10)",
            "  --token TOKEN          ingest token (default: env PS_INGEST_TOKEN, else PS_TOKEN)",
            "  --tls FILE|true        TLS trusting that certificate file, or the JVM's CAs (default: env PS_TLS, else off)",
            "or: java -jar ps-client.jar --run JOB [--param NAME=VALUE ...] [--wait] (--help with --run for more)");

    private Cli() {
    }

    public static void main(String[] args) {
        if (JobCli.wanted(args)) {
            System.exit(JobCli.run(args, System.out, System.err));
        }
        System.exit(run(args, System.err));
    }

    /** @return the exit code */
    static int run(String[] args, java.io.PrintStream err) {
        PsHandler.Settings settings = new PsHandler.Settings();
        LogEntry entry = new LogEntry().set(LogField.NAME, "shell");
        Level level = Level.INFO;
        Duration timeout = Duration.ofSeconds(10);
        List<String> words = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--") || !words.isEmpty()) {
                    words.add(arg);
                    continue;
                }
                if (arg.equals("--help")) {
                    err.println(USAGE);
                    return 2;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--host": settings.host(value); break;
                    case "--port": settings.port(parsePort(value)); break;
                    case "--system": settings.identity(LogField.SYSTEM_ID, value); break;
                    case "--level": level = Level.parse(value); break;
                    case "--sub-system": settings.identity(LogField.SUB_SYSTEM_ID, value); break;
                    case "--sub-sub-system": settings.identity(LogField.SUB_SUB_SYSTEM_ID, value); break;
                    case "--product": settings.identity(LogField.PRODUKT_ID, value); break;
                    case "--user-spec-1": settings.identity(LogField.USER_SPEC_1, value); break;
                    case "--user-spec-2": settings.identity(LogField.USER_SPEC_2, value); break;
                    case "--version": settings.identity(LogField.PACKAGE_VERSION, value); break;
                    case "--stage": settings.stage(Stage.parse(value)); break;
                    case "--logger": entry.set(LogField.NAME, value); break;
                    case "--timeout": timeout = Duration.ofSeconds(Long.parseLong(value)); break;
                    case "--token": settings.token(value); break;
                    case "--tls": settings.tls(value); break;
                    default: throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (settings.identity.get(LogField.SYSTEM_ID) == null) {
                throw new IllegalArgumentException("--system is required");
            }
            if (words.isEmpty()) {
                throw new IllegalArgumentException("no message given");
            }
        } catch (IllegalArgumentException e) {
            err.println("ps-client: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        entry.created(System.currentTimeMillis()).level(level).set(LogField.MESSAGE, String.join(" ", words));
        settings.identity.stamp(entry);
        PsSender.Options options;
        try {
            options = settings.options();
        } catch (IllegalArgumentException e) {
            err.println("ps-client: " + e.getMessage());
            return 2;
        }
        PsSender sender = new PsSender(settings.addresses(), 1, Duration.ofSeconds(1), null, 0, options);
        sender.offer(entry);
        boolean delivered = sender.close(timeout);
        if (!delivered) {
            String reason = sender.lastError() == null ? "no acknowledgement" : sender.lastError();
            String bridges = settings.addresses().stream().map(BridgeAddress::toString)
                    .collect(java.util.stream.Collectors.joining(", "));
            err.println("ps-client: record not delivered to " + bridges + " within "
                    + timeout.toSeconds() + " s: " + reason);
            return 1;
        }
        return 0;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number in 1..65535, not '" + value + "'");
    }
}
