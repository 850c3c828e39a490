package ps.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One log record as PS carries it from client to store: the original herald's fields plus PS's own.
 * Times are epoch milliseconds; {@code created} is the client's time, {@code received} the bridge's.
 */
public final class LogEntry {
    private final EnumMap<LogField, String> text = new EnumMap<>(LogField.class);
    private long created;
    private long received;
    private int levelno;
    private Integer lineno;
    private Double relativeCreated;
    private Double msecs;
    private long seq;
    /** A message not formatted yet: the logging thread leaves the formatting to whoever reads it first. */
    private Supplier<String> messageLater;

    public String get(LogField field) {
        if (field == LogField.MESSAGE) {
            formatMessage();
        }
        return text.get(field);
    }

    /**
     * Sets the message to be formatted when it is first read, which is on the outbox's mover or sender thread,
     * not the logging thread. Only for messages whose parts cannot change meanwhile.
     */
    public LogEntry messageLater(Supplier<String> message) {
        text.remove(LogField.MESSAGE);
        messageLater = message;
        return this;
    }

    private void formatMessage() {
        if (messageLater != null) {
            Supplier<String> message = messageLater;
            messageLater = null;
            set(LogField.MESSAGE, message.get());
        }
    }

    public LogEntry set(LogField field, String value) {
        if (value == null) {
            text.remove(field);
        } else {
            text.put(field, value);
        }
        return this;
    }

    /** The text fields that are set, in tag order. */
    public Map<LogField, String> textFields() {
        formatMessage();
        return java.util.Collections.unmodifiableMap(text);
    }

    public long created() {
        return created;
    }

    public LogEntry created(long epochMillis) {
        this.created = epochMillis;
        return this;
    }

    public long received() {
        return received;
    }

    public LogEntry received(long epochMillis) {
        this.received = epochMillis;
        return this;
    }

    public int levelno() {
        return levelno;
    }

    /** Sets the level number and, unless one is set already, the matching level name. */
    public LogEntry level(Level level) {
        this.levelno = level.number();
        if (get(LogField.LEVELNAME) == null) {
            set(LogField.LEVELNAME, level.name());
        }
        return this;
    }

    public LogEntry levelno(int levelno) {
        this.levelno = levelno;
        return this;
    }

    public Integer lineno() {
        return lineno;
    }

    public LogEntry lineno(Integer lineno) {
        this.lineno = lineno;
        return this;
    }

    public Double relativeCreated() {
        return relativeCreated;
    }

    public LogEntry relativeCreated(Double value) {
        this.relativeCreated = value;
        return this;
    }

    public Double msecs() {
        return msecs;
    }

    public LogEntry msecs(Double value) {
        this.msecs = value;
        return this;
    }

    /** The client's sequence number; 0 when the input has none. */
    public long seq() {
        return seq;
    }

    public LogEntry seq(long seq) {
        this.seq = seq;
        return this;
    }

    /** A copy for resending or forwarding, so the original stays untouched. */
    public LogEntry copy() {
        formatMessage();
        LogEntry copy = new LogEntry();
        copy.text.putAll(text);
        copy.created = created;
        copy.received = received;
        copy.levelno = levelno;
        copy.lineno = lineno;
        copy.relativeCreated = relativeCreated;
        copy.msecs = msecs;
        copy.seq = seq;
        return copy;
    }

    @Override
    public String toString() {
        return "LogEntry[" + get(LogField.SYSTEM_ID) + " " + get(LogField.LEVELNAME) + " seq=" + seq + " "
                + get(LogField.MESSAGE) + "]";
    }
}
