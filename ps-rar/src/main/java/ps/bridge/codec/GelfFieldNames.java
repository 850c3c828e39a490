package ps.bridge.codec;

import java.util.Locale;
import java.util.Map;
import ps.client.LogField;

/**
 * The additional-field names Java GELF libraries give the logger, source location, thread and stack trace,
 * so their records land in PS's columns instead of {@code extra}. Matched without the leading underscore
 * and ignoring case: logstash-gelf ({@code LoggerName}, {@code SourceClassName}, {@code SourceMethodName},
 * {@code SourceLineNumber}, {@code Thread}, {@code StackTrace}), Graylog's gelfclient log4j2 appender and
 * EasyGelf ({@code loggerName}, {@code threadName}, {@code sourceClassName}, {@code sourceMethodName},
 * {@code sourceFileName}, {@code sourceLineNumber}, {@code exceptionStackTrace}), Log4j2's GelfLayout
 * ({@code logger}, {@code thread}) and gelfj ({@code logger}, {@code thread}, {@code SourceClassName},
 * {@code SourceMethodName}; {@code className}, {@code methodName} in its newer builder).
 */
final class GelfFieldNames {
    /** Stands for the line number, which is not a text field. */
    static final String LINE = "line";

    private static final Map<String, LogField> TEXT = Map.ofEntries(
            Map.entry("logger", LogField.NAME),
            Map.entry("loggername", LogField.NAME),
            Map.entry("logger_name", LogField.NAME),
            Map.entry("sourceclassname", LogField.MODULE),
            Map.entry("classname", LogField.MODULE),
            Map.entry("sourcemethodname", LogField.FUNCNAME),
            Map.entry("methodname", LogField.FUNCNAME),
            Map.entry("sourcefilename", LogField.FILENAME),
            Map.entry("thread", LogField.THREADNAME),
            Map.entry("threadname", LogField.THREADNAME),
            Map.entry("thread_name", LogField.THREADNAME),
            Map.entry("stacktrace", LogField.EXC_TEXT),
            Map.entry("stack_trace", LogField.EXC_TEXT),
            Map.entry("exceptionstacktrace", LogField.EXC_TEXT));

    private static final java.util.Set<String> LINES = java.util.Set.of("sourcelinenumber", "linenumber");

    private GelfFieldNames() {
    }

    /** @param name an additional field's name without its underscore; @return its PS field, or null */
    static LogField textField(String name) {
        return TEXT.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return true for the names of the source line number */
    static boolean isLine(String name) {
        return LINES.contains(name.toLowerCase(Locale.ROOT));
    }
}
