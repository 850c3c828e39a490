package ps.basic.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import ps.client.Identity;
import ps.client.Level;
import ps.client.LogField;

/**
 * One line per record, the original's columns: time (ISO-8601 with zone), PRODUKT_ID, SYSTEM_ID,
 * SUB_SYSTEM_ID, SUB_SUB_SYSTEM_ID, USER_SPEC_1, USER_SPEC_2, level, logger, package version, line,
 * message; an empty id is "-". A stack trace follows on the next lines.
 */
public final class LocalLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final LogField[] IDS = {LogField.PRODUKT_ID, LogField.SYSTEM_ID, LogField.SUB_SYSTEM_ID,
            LogField.SUB_SUB_SYSTEM_ID, LogField.USER_SPEC_1, LogField.USER_SPEC_2};

    private final ZoneId zone = ZoneId.systemDefault();
    private volatile Identity identity = new Identity();

    /** The ids written on every line (the same the PS handler stamps). */
    public void identity(Identity value) {
        identity = value;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(Instant.ofEpochMilli(record.getMillis()).atZone(zone)));
        for (LogField id : IDS) {
            line.append(' ').append(orDash(identity.get(id)));
        }
        line.append(' ').append(Level.ofJul(record.getLevel()).name())
                .append(' ').append(orDash(record.getLoggerName()))
                .append(' ').append(orDash(identity.get(LogField.PACKAGE_VERSION)))
                .append(' ').append(lineOf(record))
                .append(' ').append(formatMessage(record).replace("\n", "\n    "))
                .append('\n');
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value.replace(' ', '_');
    }

    /** The caller's line: JUL records carry class and method only, so find the frame while publish runs. */
    static int lineOf(LogRecord record) {
        String type = record.getSourceClassName();
        String method = record.getSourceMethodName();
        if (type == null || method == null) {
            return 0;
        }
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().equals(type) && f.getMethodName().equals(method))
                .findFirst().map(StackWalker.StackFrame::getLineNumber).orElse(0));
    }
}
