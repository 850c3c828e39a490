package ps.client.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;
import ps.client.Caller;
import ps.client.Extras;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.PsHandler;
import ps.client.PsOutbox;

/**
 * A Logback appender sending every event to a PS bridge, with the settings and guarantees of
 * {@link PsHandler}: it never blocks the logging thread, delivers at least once with the spool, and in a
 * burst overflows to disk instead of dropping. MDC values and SLF4J key-value pairs go to {@code extra}.
 *
 * <pre>
 * &lt;appender name="PS" class="ps.client.logback.PsAppender"&gt;
 *   &lt;system&gt;billing&lt;/system&gt;
 *   &lt;host&gt;localhost&lt;/host&gt;  &lt;port&gt;9120&lt;/port&gt;  &lt;stage&gt;PRODUCTION&lt;/stage&gt;
 * &lt;/appender&gt;
 * </pre>
 * Every element is optional and means what the {@code ps.client.PsHandler.*} key of the same name means.
 */
public class PsAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final Caller CALLER = new Caller();
    private final Map<String, String> settings = new HashMap<>();
    private boolean includeCallerData = true;
    private PsOutbox outbox;
    private volatile boolean droppedReported;

    @Override
    public void start() {
        PsHandler.Settings resolved = new PsHandler.Settings();
        try {
            resolved.apply(settings::get);
            outbox = new PsOutbox(resolved);
        } catch (RuntimeException e) {
            addError("PS appender not started: " + e.getMessage(), e);
            return;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        if (!outbox.closeAndReport()) {
            addWarn("PS appender stopped with records not yet delivered, kept on disk if spooled ("
                    + outbox.lastError() + ")");
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            if (!outbox.offer(toEntry(event)) && !droppedReported) {
                droppedReported = true;
                addError("PS appender queue is full: records are being dropped (" + outbox.lastError() + ")");
            }
        } catch (RuntimeException e) {
            addError("PS appender cannot convert an event", e);
        }
    }

    LogEntry toEntry(ILoggingEvent event) {
        LogEntry entry = new LogEntry()
                .created(event.getTimeStamp())
                .level(level(event.getLevel().toInt()))
                .set(LogField.NAME, event.getLoggerName())
                .set(LogField.THREADNAME, event.getThreadName());
        Object[] arguments = event.getArgumentArray();
        if (arguments == null || arguments.length == 0 || !PsOutbox.immutable(arguments)) {
            entry.set(LogField.MESSAGE, event.getFormattedMessage());
        } else { // Logback does not reuse events: the mover formats this one, off the logging thread
            entry.messageLater(event::getFormattedMessage);
        }
        Thread current = Thread.currentThread();
        boolean onLoggingThread = current.getName().equals(event.getThreadName());
        if (onLoggingThread) {
            entry.set(LogField.THREAD, Long.toString(current.getId()));
        }
        if (includeCallerData) {
            if (onLoggingThread) {
                CALLER.frame(PsAppender::framework).ifPresent(frame -> entry
                        .set(LogField.MODULE, frame.getClassName())
                        .set(LogField.FUNCNAME, frame.getMethodName())
                        .set(LogField.FILENAME, frame.getFileName())
                        .lineno(frame.getLineNumber() > 0 ? frame.getLineNumber() : null));
            } else if (event.hasCallerData() && event.getCallerData().length > 0) {
                StackTraceElement frame = event.getCallerData()[0];
                entry.set(LogField.MODULE, frame.getClassName())
                        .set(LogField.FUNCNAME, frame.getMethodName())
                        .set(LogField.FILENAME, frame.getFileName())
                        .lineno(frame.getLineNumber() > 0 ? frame.getLineNumber() : null);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            entry.set(LogField.EXC_TEXT, thrown instanceof ThrowableProxy proxy
                    ? PsOutbox.stackTrace(proxy.getThrowable()) : ThrowableProxyUtil.asString(thrown));
        }
        entry.set(LogField.EXTRA, Extras.json(extras(event)));
        return outbox.stamp(entry);
    }

    private static Map<String, ?> extras(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) {
            return mdc;
        }
        Map<String, Object> all = new HashMap<>(mdc);
        for (KeyValuePair pair : pairs) {
            all.put(pair.key, pair.value);
        }
        return all;
    }

    private static boolean framework(String type) {
        return type.startsWith("ch.qos.logback.") || type.startsWith("org.slf4j.")
                || type.equals(PsAppender.class.getName());
    }

    private static Level level(int logback) {
        if (logback >= ch.qos.logback.classic.Level.ERROR_INT) {
            return Level.ERROR;
        }
        if (logback >= ch.qos.logback.classic.Level.WARN_INT) {
            return Level.WARNING;
        }
        if (logback >= ch.qos.logback.classic.Level.INFO_INT) {
            return Level.INFO;
        }
        return logback >= ch.qos.logback.classic.Level.DEBUG_INT ? Level.DEBUG : Level.TRACE;
    }

    /** The outbox once started, for tests and monitoring: counts of dropped and overflowed records. */
    public PsOutbox outbox() {
        return outbox;
    }

    /** Logback's own caller data costs a Throwable; off, the source location is not looked up at all. */
    public void setIncludeCallerData(boolean value) {
        includeCallerData = value;
    }

    public void setHost(String value) {
        settings.put("host", value);
    }

    public void setPort(String value) {
        settings.put("port", value);
    }

    public void setSystem(String value) {
        settings.put("system", value);
    }

    public void setSubSystem(String value) {
        settings.put("subSystem", value);
    }

    public void setSubSubSystem(String value) {
        settings.put("subSubSystem", value);
    }

    public void setProduct(String value) {
        settings.put("product", value);
    }

    public void setUserSpec1(String value) {
        settings.put("userSpec1", value);
    }

    public void setUserSpec2(String value) {
        settings.put("userSpec2", value);
    }

    public void setVersion(String value) {
        settings.put("version", value);
    }

    public void setStage(String value) {
        settings.put("stage", value);
    }

    public void setQueueSize(String value) {
        settings.put("queueSize", value);
    }

    public void setMaxBackoffSeconds(String value) {
        settings.put("maxBackoffSeconds", value);
    }

    public void setCloseTimeoutSeconds(String value) {
        settings.put("closeTimeoutSeconds", value);
    }

    public void setSpool(String value) {
        settings.put("spool", value);
    }

    public void setSpoolMaxMegabytes(String value) {
        settings.put("spoolMaxMegabytes", value);
    }

    public void setOverflow(String value) {
        settings.put("overflow", value);
    }
}
