package ps.client;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One log record as PS carries it from client to store: the original herald's fields plus PS's own.
 * Times are epoch milliseconds; {@code created} is the client's time, {@code received} the bridge's.
 */
public final class LogEntry {
    private static final LogField[] FIELDS = LogField.values();

    /**
     * The text fields by ordinal, and one bit per field that is set: the store and the encoder ask for
     * every field of every record (about 30 look-ups each), which on an EnumMap cost a quarter of a
     * connection thread's time (JFR of IngestBenchmark); an array read and a mask are all they need.
     */
    private final String[] text = new String[FIELDS.length];
    private long textMask;
    private long created;
    private long received;
    private int levelno;
    private Integer lineno;
    private Double relativeCreated;
    private Double msecs;
    private long seq;
    private int node;
    /** A message not formatted yet: the logging thread leaves the formatting to whoever reads it first. */
    private Supplier<String> messageLater;
    /**
     * The RECORD frame body this entry was read from (the overflow file), its text fields not decoded yet:
     * the sender writes these bytes as they are, with its own sequence number, instead of decoding the
     * record and encoding it again. Any change but the sequence number decodes it first and drops them.
     */
    private byte[] body;

    /**
     * An entry carried as the RECORD body it was read from: numbers now, text fields when first read. The
     * body's layout is checked (see {@link ps.client.wire.NativeProtocol#checkRecord}), its UTF-8 is not;
     * a record of invalid UTF-8 is refused by the bridge alone.
     */
    public static LogEntry ofRecordBody(byte[] body) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(body);
        LogEntry entry = new LogEntry();
        entry.seq = buffer.getLong();
        entry.created = buffer.getLong();
        entry.levelno = buffer.getInt();
        int line = buffer.getInt();
        entry.lineno = line < 0 ? null : line;
        entry.body = body;
        return entry;
    }

    /** The RECORD body this entry is carried as (its first 8 bytes an old sequence number), or null. */
    public byte[] recordBody() {
        return body;
    }

    /** Decodes the text fields of an entry carried as bytes; after that it is an ordinary entry. */
    private void decode() {
        byte[] bytes = body;
        body = null;
        try {
            LogEntry read = ps.client.wire.NativeProtocol.readRecord(bytes);
            for (int i = 0; i < text.length; i++) {
                if (text[i] == null && read.text[i] != null) {
                    text[i] = read.text[i];
                    textMask |= 1L << i;
                }
            }
        } catch (ps.client.wire.ProtocolException e) {
            throw new IllegalStateException("record read back from disk is damaged: " + e.getMessage(), e);
        }
    }

    public String get(LogField field) {
        if (body != null) {
            decode();
        }
        if (messageLater != null && field == LogField.MESSAGE) {
            formatMessage();
        }
        return text[field.ordinal()];
    }

    /**
     * One bit per text field that is set, by {@link LogField#ordinal()}: which fields an entry carries, in
     * one read instead of a look-up per field. A message to be formatted later counts as set.
     */
    public long textMask() {
        if (body != null) {
            decode();
        }
        return messageLater != null ? textMask | 1L << LogField.MESSAGE.ordinal() : textMask;
    }

    /**
     * Sets the message to be formatted when it is first read, which is on the outbox's mover or sender thread,
     * not the logging thread. Only for messages whose parts cannot change meanwhile.
     */
    public LogEntry messageLater(Supplier<String> message) {
        if (body != null) {
            decode();
        }
        text[LogField.MESSAGE.ordinal()] = null;
        textMask &= ~(1L << LogField.MESSAGE.ordinal());
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
        if (body != null) {
            decode();
        }
        int i = field.ordinal();
        text[i] = value;
        if (value == null) {
            textMask &= ~(1L << i);
        } else {
            textMask |= 1L << i;
        }
        return this;
    }

    /** The text fields that are set, in tag order: a copy (the hot paths read {@link #get} and {@link #textMask}). */
    public Map<LogField, String> textFields() {
        if (body != null) {
            decode();
        }
        formatMessage();
        EnumMap<LogField, String> fields = new EnumMap<>(LogField.class);
        for (long mask = textMask; mask != 0; mask &= mask - 1) {
            int i = Long.numberOfTrailingZeros(mask);
            fields.put(FIELDS[i], text[i]);
        }
        return Collections.unmodifiableMap(fields);
    }

    public long created() {
        return created;
    }

    public LogEntry created(long epochMillis) {
        if (body != null) {
            decode();
        }
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
        if (body != null) {
            decode();
        }
        this.levelno = levelno;
        return this;
    }

    public Integer lineno() {
        return lineno;
    }

    public LogEntry lineno(Integer lineno) {
        if (body != null) {
            decode();
        }
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

    /** The number of the cluster's node that received the stored record (set by the store when read); 0 when not stored. */
    public int node() {
        return node;
    }

    public LogEntry node(int node) {
        this.node = node;
        return this;
    }

    /** A copy for resending or forwarding, so the original stays untouched. */
    public LogEntry copy() {
        if (body != null) {
            decode();
        }
        formatMessage();
        LogEntry copy = new LogEntry();
        System.arraycopy(text, 0, copy.text, 0, text.length);
        copy.textMask = textMask;
        copy.created = created;
        copy.received = received;
        copy.levelno = levelno;
        copy.lineno = lineno;
        copy.relativeCreated = relativeCreated;
        copy.msecs = msecs;
        copy.seq = seq;
        copy.node = node;
        return copy;
    }

    @Override
    public String toString() {
        return "LogEntry[" + get(LogField.SYSTEM_ID) + " " + get(LogField.LEVELNAME) + " seq=" + seq + " "
                + get(LogField.MESSAGE) + "]";
    }
}
