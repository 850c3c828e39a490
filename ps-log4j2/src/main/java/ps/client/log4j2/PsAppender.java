package ps.client.log4j2;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.ReusableParameterizedMessage;
import ps.client.Caller;
import ps.client.Extras;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.PsHandler;
import ps.client.PsOutbox;

/**
 * A Log4j2 appender sending every event to a PS bridge, with the settings and guarantees of
 * {@link PsHandler}: it never blocks the logging thread, delivers at least once with the spool, and in a
 * burst overflows to disk instead of dropping. ThreadContext values go to {@code extra}; the source
 * location is taken where Log4j2 asks for it ({@code includeLocation}, on by default for synchronous loggers).
 *
 * <pre>
 * &lt;Appenders&gt;
 *   &lt;PS name="ps" system="billing" host="localhost" port="9120" stage="PRODUCTION"/&gt;
 * &lt;/Appenders&gt;
 * </pre>
 * Every attribute but {@code name} is optional and means what the {@code ps.client.PsHandler.*} key of the
 * same name means.
 */
@Plugin(name = "PS", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class PsAppender extends AbstractAppender {
    private static final Caller CALLER = new Caller();
    private final PsOutbox outbox;
    private volatile boolean droppedReported;

    private PsAppender(String name, Filter filter, PsOutbox outbox) {
        super(name, filter, null, true, Property.EMPTY_ARRAY);
        this.outbox = outbox;
    }

    @PluginFactory
    public static PsAppender create(
            @PluginAttribute("name") String name,
            @PluginAttribute("host") String host,
            @PluginAttribute("port") String port,
            @PluginAttribute("system") String system,
            @PluginAttribute("subSystem") String subSystem,
            @PluginAttribute("subSubSystem") String subSubSystem,
            @PluginAttribute("product") String product,
            @PluginAttribute("userSpec1") String userSpec1,
            @PluginAttribute("userSpec2") String userSpec2,
            @PluginAttribute("version") String version,
            @PluginAttribute("stage") String stage,
            @PluginAttribute("queueSize") String queueSize,
            @PluginAttribute("maxBackoffSeconds") String maxBackoffSeconds,
            @PluginAttribute("closeTimeoutSeconds") String closeTimeoutSeconds,
            @PluginAttribute("spool") String spool,
            @PluginAttribute("spoolMaxMegabytes") String spoolMaxMegabytes,
            @PluginAttribute("overflow") String overflow,
            @PluginElement("Filter") Filter filter) {
        if (name == null || name.isBlank()) {
            LOGGER.error("PS appender needs a name");
            return null;
        }
        Map<String, String> values = new HashMap<>();
        values.put("host", host);
        values.put("port", port);
        values.put("system", system);
        values.put("subSystem", subSystem);
        values.put("subSubSystem", subSubSystem);
        values.put("product", product);
        values.put("userSpec1", userSpec1);
        values.put("userSpec2", userSpec2);
        values.put("version", version);
        values.put("stage", stage);
        values.put("queueSize", queueSize);
        values.put("maxBackoffSeconds", maxBackoffSeconds);
        values.put("closeTimeoutSeconds", closeTimeoutSeconds);
        values.put("spool", spool);
        values.put("spoolMaxMegabytes", spoolMaxMegabytes);
        values.put("overflow", overflow);
        PsHandler.Settings settings = new PsHandler.Settings();
        try {
            settings.apply(values::get);
            return new PsAppender(name, filter, new PsOutbox(settings));
        } catch (RuntimeException e) {
            LOGGER.error("PS appender {} not created: {}", name, e.getMessage());
            return null;
        }
    }

    @Override
    public void append(LogEvent event) {
        try {
            if (!outbox.offer(toEntry(event)) && !droppedReported) {
                droppedReported = true;
                error("PS appender queue is full: records are being dropped (" + outbox.lastError() + ")");
            }
        } catch (RuntimeException e) {
            error("PS appender cannot convert an event", event, e);
        }
    }

    LogEntry toEntry(LogEvent event) {
        LogEntry entry = new LogEntry()
                .created(event.getTimeMillis())
                .level(level(event.getLevel().intLevel()))
                .set(LogField.NAME, event.getLoggerName())
                .set(LogField.THREAD, Long.toString(event.getThreadId()))
                .set(LogField.THREADNAME, event.getThreadName());
        message(event.getMessage(), entry);
        source(event, entry);
        if (event.getThrown() != null) {
            entry.set(LogField.EXC_TEXT, PsOutbox.stackTrace(event.getThrown()));
        }
        if (!event.getContextData().isEmpty()) {
            entry.set(LogField.EXTRA, Extras.json(event.getContextData().toMap()));
        }
        return outbox.stamp(entry);
    }

    /**
     * The caller of the logger, found by Log4j2's own rule (the frame below the last of the logger's class,
     * {@code loggerFqcn}, so that wrappers are honoured) but with a walk fitted to the call path: Log4j2's
     * own costs the logging thread about 4 KB and several microseconds per call. Off the logging thread
     * (asynchronous loggers) the location is the one Log4j2 captured.
     */
    private static void source(LogEvent event, LogEntry entry) {
        if (!event.isIncludeLocation()) {
            return;
        }
        String fqcn = event.getLoggerFqcn();
        if (fqcn != null && event.getThreadId() == Thread.currentThread().getId()) {
            CALLER.frame(fqcn::equals).ifPresent(frame -> entry
                    .set(LogField.MODULE, frame.getClassName())
                    .set(LogField.FUNCNAME, frame.getMethodName())
                    .set(LogField.FILENAME, frame.getFileName())
                    .lineno(frame.getLineNumber() > 0 ? frame.getLineNumber() : null));
            return;
        }
        StackTraceElement source = event.getSource();
        if (source != null) {
            entry.set(LogField.MODULE, source.getClassName())
                    .set(LogField.FUNCNAME, source.getMethodName())
                    .set(LogField.FILENAME, source.getFileName())
                    .lineno(source.getLineNumber() > 0 ? source.getLineNumber() : null);
        }
    }

    /**
     * A parameterized message with immutable values is formatted by the mover, not the logging thread; its
     * pattern and values are copied first, since Log4j2 reuses the message object once the call returns.
     */
    private static void message(Message message, LogEntry entry) {
        if (message instanceof ParameterizedMessage || message instanceof ReusableParameterizedMessage) {
            Object[] values = message.getParameters();
            if (values != null && values.length > 0 && PsOutbox.immutable(values)) {
                String pattern = message.getFormat();
                Object[] copy = values.clone();
                entry.messageLater(() -> ParameterizedMessage.format(pattern, copy));
                return;
            }
        }
        entry.set(LogField.MESSAGE, message == null ? null : message.getFormattedMessage());
    }

    /** Log4j2's levels count down: FATAL 100, ERROR 200, WARN 300, INFO 400, DEBUG 500, TRACE 600. */
    private static Level level(int log4j) {
        if (log4j <= org.apache.logging.log4j.Level.FATAL.intLevel()) {
            return Level.CRITICAL;
        }
        if (log4j <= org.apache.logging.log4j.Level.ERROR.intLevel()) {
            return Level.ERROR;
        }
        if (log4j <= org.apache.logging.log4j.Level.WARN.intLevel()) {
            return Level.WARNING;
        }
        if (log4j <= org.apache.logging.log4j.Level.INFO.intLevel()) {
            return Level.INFO;
        }
        return log4j <= org.apache.logging.log4j.Level.DEBUG.intLevel() ? Level.DEBUG : Level.TRACE;
    }

    /** Waits up to the close timeout for delivery; what is left stays on disk for the next start. */
    @Override
    public boolean stop(long timeout, TimeUnit unit) {
        setStopping();
        boolean delivered = outbox.closeAndReport();
        if (!delivered) {
            LOGGER.warn("PS appender {} stopped with records not yet delivered, kept on disk if spooled ({})",
                    getName(), outbox.lastError());
        }
        setStopped();
        return delivered;
    }

    /** For tests and monitoring: counts of dropped and overflowed records. */
    public PsOutbox outbox() {
        return outbox;
    }
}
