package ps.client;

import java.time.Duration;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that sends every record to a PS bridge, stamped with the
 * application's identity. It never blocks the logging thread: records go to a bounded queue that a
 * background thread sends (see {@link PsSender}); in a burst that fills the queue they overflow to disk
 * beside the spool and none is lost (see {@link PsOutbox}).
 *
 * <p>In {@code logging.properties} (every key optional):
 * <pre>
 * handlers = ps.client.PsHandler
 * ps.client.PsHandler.host = localhost     (or several bridges, e.g. node1,node2:9121,[::1]:9120: fail-over)
 * ps.client.PsHandler.port = 9120          (default: the stage's native port)
 * ps.client.PsHandler.system = billing     (SYSTEM_ID; the service)
 * ps.client.PsHandler.subSystem = host-1   (SUB_SYSTEM_ID; default: the host name)
 * ps.client.PsHandler.subSubSystem = …     (SUB_SUB_SYSTEM_ID)
 * ps.client.PsHandler.product = …          (PRODUKT_ID)
 * ps.client.PsHandler.userSpec1 = …        ps.client.PsHandler.userSpec2 = …
 * ps.client.PsHandler.version = 1.2.3      (default: Implementation-Version of the main jar, else "undef")
 * ps.client.PsHandler.stage = PRODUCTION   (default: PS_STAGE, else DEVELOPMENT)
 * ps.client.PsHandler.queueSize = 10000
 * ps.client.PsHandler.maxBackoffSeconds = 30
 * ps.client.PsHandler.closeTimeoutSeconds = 5
 * ps.client.PsHandler.spool = /var/spool/app.spool  (default ~/.ps-client/spool/SYSTEM-HOST-PORT.spool; none: off)
 * ps.client.PsHandler.spoolMaxMegabytes = 256     (also the limit of the overflow file)
 * ps.client.PsHandler.overflow = spool    (queue full: spool = to disk beside the spool, drop = drop and count)
 * ps.client.PsHandler.level = ALL
 * ps.client.PsHandler.token = ps_…         (ingest token sent in HELLO; default: env PS_INGEST_TOKEN, else PS_TOKEN, else none)
 * ps.client.PsHandler.tls = /etc/ps/tls-cert.pem  (TLS trusting that file; true: the JVM's CAs; default: env PS_TLS, else off)
 * ps.client.PsHandler.maxRecordBytes = 1114112    (the bridge's ps.max.record.bytes: larger records are dropped and counted)
 * </pre>
 */
public class PsHandler extends Handler {
    private final PsOutbox outbox;
    private final Formatter messageFormatter = new SimpleFormatter();
    private volatile boolean droppedReported;

    /** Configured from the LogManager's properties (logging.properties). */
    public PsHandler() {
        this(fromLogManager());
    }

    /** Configured programmatically. */
    public PsHandler(Settings settings) {
        this.outbox = new PsOutbox(settings);
        setLevel(settings.level);
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        try {
            if (!outbox.offer(toEntry(record)) && !droppedReported) {
                droppedReported = true;
                reportError("PS handler queue is full: records are being dropped ("
                        + outbox.lastError() + ")", null, ErrorManager.WRITE_FAILURE);
            }
        } catch (RuntimeException e) {
            reportError("PS handler cannot convert a record", e, ErrorManager.FORMAT_FAILURE);
        }
    }

    LogEntry toEntry(LogRecord record) {
        SourceLocation location = SourceLocation.of(record); // first: it may set the record's source class
        LogEntry entry = new LogEntry()
                .created(record.getMillis())
                .level(Level.ofJul(record.getLevel()))
                .set(LogField.NAME, record.getLoggerName())
                .set(LogField.MODULE, record.getSourceClassName())
                .set(LogField.FUNCNAME, record.getSourceMethodName())
                .set(LogField.THREAD, Long.toString(record.getLongThreadID()));
        message(record, entry);
        Thread current = Thread.currentThread();
        if (current.getId() == record.getLongThreadID()) {
            entry.set(LogField.THREADNAME, current.getName());
        }
        if (record.getThrown() != null) {
            entry.set(LogField.EXC_TEXT, PsOutbox.stackTrace(record.getThrown()));
        }
        if (location != null) {
            entry.lineno(location.line());
            entry.set(LogField.FILENAME, location.file());
        }
        ExtraFields.in(record).ifPresent(extra -> entry.set(LogField.EXTRA, extra.toJson()));
        return outbox.stamp(entry);
    }

    /**
     * Formatting parameters costs the logging thread microseconds (a MessageFormat per record); when every
     * parameter is immutable the mover formats them instead, from a copy of what the record holds now.
     */
    private void message(LogRecord record, LogEntry entry) {
        Object[] parameters = record.getParameters();
        if (parameters == null || parameters.length == 0 || !PsOutbox.immutable(parameters)) {
            entry.set(LogField.MESSAGE, messageFormatter.formatMessage(record));
            return;
        }
        String pattern = record.getMessage();
        Object[] values = parameters.clone();
        java.util.ResourceBundle bundle = record.getResourceBundle();
        java.util.logging.Level level = record.getLevel();
        if (bundle == null) {
            entry.messageLater(() -> JulMessages.format(pattern, values));
            return;
        }
        entry.messageLater(() -> {
            LogRecord copy = new LogRecord(level, pattern);
            copy.setParameters(values);
            copy.setResourceBundle(bundle);
            return messageFormatter.formatMessage(copy);
        });
    }

    @Override
    public void flush() {
        // Sending is asynchronous by design; flush(Duration) waits for acknowledgements.
    }

    /** Waits until all records published so far are stored by the bridge, up to the timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        return outbox.flush(timeout);
    }

    /** Waits up to the close timeout for delivery; what is still pending stays in the spool for the next start. */
    @Override
    public void close() {
        PsSender sender = outbox.sender();
        if (!outbox.closeAndReport() && sender.spooled() < sender.pending()) {
            reportError("PS handler closed with " + (sender.pending() - sender.spooled())
                    + " records neither delivered nor spooled (" + outbox.lastError() + ")", null,
                    ErrorManager.CLOSE_FAILURE);
        }
    }

    public PsSender sender() {
        return outbox.sender();
    }

    public PsOutbox outbox() {
        return outbox;
    }

    private static Settings fromLogManager() {
        LogManager manager = LogManager.getLogManager();
        String prefix = PsHandler.class.getName() + ".";
        Settings settings = new Settings();
        java.util.function.Function<String, String> property = key -> manager.getProperty(prefix + key);
        settings.apply(property);
        return settings;
    }

    /** The handler's (and the Logback and Log4j2 appenders') settings; every one has a working default. */
    public static final class Settings {
        String host = "localhost";
        int port = -1;
        int queueSize = 10_000;
        Duration maxBackoff = Duration.ofSeconds(30);
        Duration closeTimeout = Duration.ofSeconds(5);
        java.util.logging.Level level = java.util.logging.Level.ALL;
        String spool = "";
        long spoolMaxBytes = 256L << 20;
        // PS_TOKEN is also the job command line's API token: PS_INGEST_TOKEN wins where a script needs both
        String token = System.getenv("PS_INGEST_TOKEN") != null ? System.getenv("PS_INGEST_TOKEN") : System.getenv("PS_TOKEN");
        String tls = System.getenv("PS_TLS");
        int maxRecordBytes = ps.client.wire.NativeProtocol.DEFAULT_MAX_RECORD_BYTES;
        boolean overflowToSpool = true;
        final Identity identity = Identity.defaults();

        /** The ingest token the bridge asks for where PS_INGEST_AUTH is required. */
        public Settings token(String value) {
            token = value;
            return this;
        }

        /** TLS: "false"/"off" (plain TCP), "true" (trust the JVM's CAs) or a certificate file to trust. */
        public Settings tls(String value) {
            tls = value;
            return this;
        }

        public Settings maxRecordBytes(int value) {
            maxRecordBytes = value;
            return this;
        }

        /** Token, TLS and record limit as the sender takes them. */
        PsSender.Options options() {
            ps.client.wire.Tls.Client client = null;
            String mode = tls == null ? "" : tls.trim();
            if (mode.equalsIgnoreCase("true") || mode.equalsIgnoreCase("on")) {
                client = ps.client.wire.Tls.systemTrust();
            } else if (!mode.isEmpty() && !mode.equalsIgnoreCase("false") && !mode.equalsIgnoreCase("off")) {
                try {
                    client = ps.client.wire.Tls.trusting(java.nio.file.Path.of(mode));
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("tls: " + e.getMessage(), e);
                }
            }
            return new PsSender.Options(token, client, maxRecordBytes);
        }

        /** One bridge or several, comma-separated, each {@code host}, {@code host:port} or {@code [v6]:port}. */
        public Settings host(String value) {
            BridgeAddress.parse(value, 1); // a malformed list fails here, naming the entry
            host = value;
            return this;
        }

        /** The bridges to send to, in the order they are tried; entries without a port take {@link #resolvedPort}. */
        public java.util.List<BridgeAddress> addresses() {
            return BridgeAddress.parse(host, resolvedPort());
        }

        public Settings port(int value) {
            port = value;
            return this;
        }

        public Settings queueSize(int value) {
            queueSize = value;
            return this;
        }

        public Settings maxBackoff(Duration value) {
            maxBackoff = value;
            return this;
        }

        public Settings closeTimeout(Duration value) {
            closeTimeout = value;
            return this;
        }

        /** Where unacknowledged records are kept on disk; "none" keeps them in memory only. */
        public Settings spool(String value) {
            spool = value;
            return this;
        }

        public Settings spoolMaxBytes(long value) {
            spoolMaxBytes = value;
            return this;
        }

        /** What a full queue does: "spool" overflows to disk beside the spool (default), "drop" drops and counts. */
        public Settings overflow(String value) {
            switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "spool": overflowToSpool = true; break;
                case "drop": overflowToSpool = false; break;
                default: throw new IllegalArgumentException("overflow must be spool or drop, not '" + value + "'");
            }
            return this;
        }

        public Settings level(java.util.logging.Level value) {
            level = value;
            return this;
        }

        /** Sets an identity field (SYSTEM_ID, PACKAGE_VERSION, …). */
        public Settings identity(LogField field, String value) {
            identity.set(field, value);
            return this;
        }

        public Settings system(String value) {
            return identity(LogField.SYSTEM_ID, value);
        }

        public Settings stage(Stage stage) {
            return identity(LogField.STAGE, stage.name());
        }

        /** Applies settings named as in logging.properties (host, port, ...); blank or missing ones keep their default. */
        public void apply(java.util.function.Function<String, String> property) {
            java.util.function.BiConsumer<String, java.util.function.Consumer<String>> with = (key, setter) -> {
                String value = property.apply(key);
                if (value != null && !value.isBlank()) {
                    setter.accept(value.trim());
                }
            };
            with.accept("host", this::host);
            with.accept("port", v -> port(Integer.parseInt(v)));
            with.accept("queueSize", v -> queueSize(Integer.parseInt(v)));
            with.accept("maxBackoffSeconds", v -> maxBackoff(Duration.ofSeconds(Long.parseLong(v))));
            with.accept("closeTimeoutSeconds", v -> closeTimeout(Duration.ofSeconds(Long.parseLong(v))));
            with.accept("level", v -> level(java.util.logging.Level.parse(v)));
            with.accept("spool", this::spool);
            with.accept("spoolMaxMegabytes", v -> spoolMaxBytes(Long.parseLong(v) << 20));
            with.accept("token", this::token);
            with.accept("tls", this::tls);
            with.accept("maxRecordBytes", v -> maxRecordBytes(Integer.parseInt(v)));
            with.accept("overflow", this::overflow);
            with.accept("stage", v -> stage(Stage.parse(v)));
            with.accept("system", v -> identity(LogField.SYSTEM_ID, v));
            with.accept("subSystem", v -> identity(LogField.SUB_SYSTEM_ID, v));
            with.accept("subSubSystem", v -> identity(LogField.SUB_SUB_SYSTEM_ID, v));
            with.accept("product", v -> identity(LogField.PRODUKT_ID, v));
            with.accept("userSpec1", v -> identity(LogField.USER_SPEC_1, v));
            with.accept("userSpec2", v -> identity(LogField.USER_SPEC_2, v));
            with.accept("version", v -> identity(LogField.PACKAGE_VERSION, v));
        }

        java.nio.file.Path resolvedSpool() {
            if ("none".equalsIgnoreCase(spool)) {
                return null;
            }
            if (spool != null && !spool.isBlank()) {
                return java.nio.file.Path.of(spool);
            }
            String system = identity.get(LogField.SYSTEM_ID) == null ? "app" : identity.get(LogField.SYSTEM_ID);
            String name = (system + "-" + host + "-" + resolvedPort()).replaceAll("[^A-Za-z0-9._-]", "_") + ".spool";
            return java.nio.file.Path.of(System.getProperty("user.home"), ".ps-client", "spool", name);
        }

        int resolvedPort() {
            return port > 0 ? port : Stage.parse(identity.get(LogField.STAGE)).nativePort();
        }
    }
}
