package ps.bridge.codec;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.ProtocolException;
import ps.client.wire.Utf8;

/**
 * GELF 1.1 over TCP: uncompressed JSON objects, each terminated by a null byte. Null bytes, CR and LF and
 * blanks between messages are skipped (some senders add a newline after the null byte).
 *
 * <p>Standard fields map onto PS's columns, as do the additional fields PS knows ({@code _logger},
 * {@code _thread_name}, {@code _system_id}, ...); every other additional field goes into
 * {@link LogField#EXTRA} without its underscore, and so does {@code facility}. A field that is neither
 * standard nor additional (no underscore) is kept in EXTRA under its own name rather than refused, since
 * senders differ there and refusing closes the connection. The names Java GELF libraries use for the
 * logger, source location, thread and stack trace are in {@link GelfFieldNames}; a stack-trace field takes
 * {@code exc_text}, and {@code full_message} fills it only when it says more than {@code short_message}.
 */
public final class GelfStreamReader implements RecordReader {
    /** Syslog ALERT: GELF's default when {@code level} is absent. */
    private static final int DEFAULT_LEVEL = 1;
    /** Timestamps beyond this many seconds (about year 5138) are refused rather than overflowing. */
    private static final double MAX_TIMESTAMP_SECONDS = 1e11;

    private final FrameInput input;
    private final int maxRecordBytes;

    public GelfStreamReader(InputStream in, int maxRecordBytes) {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
        }
        this.input = new FrameInput(in);
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public boolean hasBuffered() {
        return input.hasBuffered();
    }

    @Override
    public LogEntry next() throws IOException {
        int first;
        while ((first = input.peek()) == 0 || first == '\n' || first == '\r' || first == ' ' || first == '\t') {
            input.read();
        }
        if (first < 0) {
            return null;
        }
        if (first == 0x1f) {
            throw new ProtocolException("GELF over TCP must be uncompressed JSON, got gzip data");
        }
        if (first == 0x1e) {
            throw new ProtocolException("GELF over TCP must be uncompressed JSON, got a chunked (UDP) GELF message");
        }
        int length = input.readUntil((byte) 0, maxRecordBytes);
        if (length == FrameInput.TOO_LONG) {
            throw new ProtocolException("GELF message longer than the limit of " + maxRecordBytes
                    + " bytes (no null byte terminator within the limit)");
        }
        if (length == FrameInput.EOF) {
            throw new ProtocolException("truncated GELF message: stream ended after " + input.length()
                    + " bytes without the terminating null byte");
        }
        byte[] bytes = input.bytes();
        int offset = input.offset();
        if (zlib(bytes, offset, length)) {
            throw compressed(); // compressed data may hold null bytes: the stream is out of step
        }
        try {
            return DecodeGate.decode(length, () -> parse(bytes, offset, length));
        } catch (ProtocolException e) {
            throw new RefusedRecord(e.getMessage());
        }
    }

    private static LogEntry parse(byte[] bytes, int offset, int length) throws ProtocolException {
        String text;
        try {
            text = Utf8.decode(bytes, offset, length);
        } catch (ProtocolException e) {
            throw new ProtocolException("GELF message is not valid UTF-8");
        }
        JsonObject message;
        try (JsonParser parser = Parsers.FACTORY.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new ProtocolException("GELF message is not valid JSON: no value");
            }
            JsonParser.Event event = parser.next();
            if (event != JsonParser.Event.START_OBJECT) {
                throw new ProtocolException("GELF message must be a JSON object, got " + describe(event));
            }
            message = parser.getObject();
            // JsonReader.readValue() would not notice text after the value
            if (parser.hasNext()) {
                throw new ProtocolException("GELF message is not valid JSON: text after the object");
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new ProtocolException("GELF message is not valid JSON: " + clean(e.getMessage()));
        }
        return map(message);
    }

    /** A zlib header (RFC 1950): deflate with a 32K window, and a check value making it divisible by 31. */
    private static boolean zlib(byte[] bytes, int offset, int length) {
        return length >= 2 && bytes[offset] == 0x78 && (((0x78 << 8) | (bytes[offset + 1] & 0xff)) % 31) == 0;
    }

    private static ProtocolException compressed() {
        return new ProtocolException("GELF over TCP must be uncompressed JSON, got zlib data");
    }

    private static LogEntry map(JsonObject message) throws ProtocolException {
        LogEntry entry = new LogEntry().set(LogField.INPUT, "gelf");
        String version = null;
        String host = null;
        String shortMessage = null;
        Double timestamp = null;
        int level = DEFAULT_LEVEL;
        String systemId = null;
        String applicationName = null;
        String app = null;
        String service = null;
        String fullMessage = null;
        String stackTrace = null;
        Map<String, JsonValue> extra = new LinkedHashMap<>();

        for (Map.Entry<String, JsonValue> member : message.entrySet()) {
            String key = member.getKey();
            JsonValue value = member.getValue();
            switch (key) {
                case "version": version = requiredString(key, value); break;
                case "host": host = requiredString(key, value); break;
                case "short_message": shortMessage = requiredString(key, value); break;
                case "full_message": fullMessage = string(key, value); break;
                case "timestamp": timestamp = timestamp(value); break;
                case "level": level = level(value); break;
                case "line": entry.lineno(line(value)); break;
                case "file": {
                    String file = string(key, value);
                    entry.set(LogField.PATHNAME, file).set(LogField.FILENAME, file == null ? null : basename(file));
                    break;
                }
                case "facility":
                    if (value.getValueType() != JsonValue.ValueType.NULL) {
                        text(key, value); // type check only
                        extra.put(key, value);
                    }
                    break;
                case "_system_id": case "_SYSTEM_ID":
                    systemId = systemId != null ? systemId : text(key, value);
                    break;
                case "_application_name": applicationName = text(key, value); extra.put(key.substring(1), value); break;
                case "_app": app = text(key, value); extra.put(key.substring(1), value); break;
                case "_service": service = text(key, value); extra.put(key.substring(1), value); break;
                case "_package_version": entry.set(LogField.PACKAGE_VERSION, text(key, value)); break;
                case "_produkt_id": entry.set(LogField.PRODUKT_ID, text(key, value)); break;
                case "_sub_sub_system_id": entry.set(LogField.SUB_SUB_SYSTEM_ID, text(key, value)); break;
                case "_user_spec_1": entry.set(LogField.USER_SPEC_1, text(key, value)); break;
                case "_user_spec_2": entry.set(LogField.USER_SPEC_2, text(key, value)); break;
                case "_id":
                    throw new ProtocolException("GELF additional field \"_id\" is not allowed");
                default:
                    if (key.startsWith("_")) {
                        checkAdditionalName(key);
                        String name = key.substring(1);
                        LogField field = GelfFieldNames.textField(name);
                        if (field == LogField.EXC_TEXT) {
                            stackTrace = stackTrace != null ? stackTrace : text(key, value);
                        } else if (field != null) {
                            if (entry.get(field) == null) {
                                entry.set(field, text(key, value));
                            }
                        } else if (GelfFieldNames.isLine(name)) {
                            if (entry.lineno() == null) {
                                entry.lineno(line(value));
                            }
                        } else {
                            extra.put(name, value);
                        }
                    } else {
                        extra.put(key, value);
                    }
            }
        }

        if (version == null) {
            throw missing("version");
        }
        if (!"1.1".equals(version)) {
            throw new ProtocolException("GELF version must be \"1.1\", got " + JsonText.quote(version, 40));
        }
        if (host == null) {
            throw missing("host");
        }
        if (host.isEmpty()) {
            throw new ProtocolException("GELF field \"host\" must not be empty");
        }
        if (shortMessage == null) {
            throw missing("short_message");
        }

        entry.set(LogField.SUB_SYSTEM_ID, host);
        entry.set(LogField.SYSTEM_ID, firstNonEmpty(systemId, applicationName, app, service, host));
        entry.set(LogField.MESSAGE, shortMessage);
        boolean fullSaysMore = fullMessage != null && !fullMessage.equals(shortMessage);
        if (stackTrace != null) {
            entry.set(LogField.EXC_TEXT, stackTrace);
            if (fullSaysMore) {
                extra.put("full_message", jakarta.json.Json.createValue(fullMessage));
            }
        } else if (fullSaysMore) {
            entry.set(LogField.EXC_TEXT, fullMessage);
        }
        entry.created(timestamp == null ? System.currentTimeMillis() : Math.round(timestamp * 1000.0));
        entry.level(Severity.toLevel(level));
        if (!extra.isEmpty()) {
            StringBuilder json = new StringBuilder(64).append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> field : extra.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                JsonText.string(json, field.getKey()).append(':');
                JsonText.value(json, field.getValue());
            }
            entry.set(LogField.EXTRA, json.append('}').toString());
        }
        return entry;
    }

    private static ProtocolException missing(String field) {
        return new ProtocolException("GELF message lacks the required field \"" + field + "\"");
    }

    private static String requiredString(String key, JsonValue value) throws ProtocolException {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw wrongType(key, "a string", value);
        }
        return ((JsonString) value).getString();
    }

    /** An optional string field: null stands for absent. */
    private static String string(String key, JsonValue value) throws ProtocolException {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return requiredString(key, value);
    }

    /** A field that becomes PS text: a string, or a number taken as its JSON text; null stands for absent. */
    private static String text(String key, JsonValue value) throws ProtocolException {
        switch (value.getValueType()) {
            case NULL: return null;
            case STRING: return ((JsonString) value).getString();
            case NUMBER: return value.toString();
            default: throw wrongType(key, "a string or number", value);
        }
    }

    private static Double timestamp(JsonValue value) throws ProtocolException {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.NUMBER) {
            throw wrongType("timestamp", "a number (seconds since the epoch)", value);
        }
        // a double holds epoch seconds to well under a microsecond, and unlike BigDecimal arithmetic it
        // costs the same for "1e999999999" as for "1700000000.123"
        double seconds = ((JsonNumber) value).doubleValue();
        if (!(Math.abs(seconds) <= MAX_TIMESTAMP_SECONDS)) {
            throw new ProtocolException("GELF field \"timestamp\" out of range: " + JsonText.quote(value.toString(), 40));
        }
        return seconds;
    }

    private static int level(JsonValue value) throws ProtocolException {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return DEFAULT_LEVEL;
        }
        if (value.getValueType() == JsonValue.ValueType.NUMBER) {
            double level = ((JsonNumber) value).doubleValue();
            if (level >= 0 && level <= 7 && level == Math.rint(level)) {
                return (int) level;
            }
        }
        throw new ProtocolException("GELF field \"level\" must be a syslog severity 0..7, got "
                + JsonText.quote(value.toString(), 40));
    }

    /** A non-negative integer; numeric strings are accepted since some senders quote it. */
    private static Integer line(JsonValue value) throws ProtocolException {
        switch (value.getValueType()) {
            case NULL:
                return null;
            case NUMBER: {
                double line = ((JsonNumber) value).doubleValue();
                if (line >= 0 && line <= Integer.MAX_VALUE && line == Math.rint(line)) {
                    return (int) line;
                }
                break;
            }
            case STRING:
                try {
                    int line = Integer.parseInt(((JsonString) value).getString());
                    if (line >= 0) {
                        return line;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                break;
            default:
                break;
        }
        throw new ProtocolException("GELF field \"line\" must be a non-negative integer, got "
                + JsonText.quote(value.toString(), 40));
    }

    private static void checkAdditionalName(String key) throws ProtocolException {
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '.' || c == '-';
            if (!ok) {
                throw new ProtocolException("GELF additional field name " + JsonText.quote(key, 60)
                        + " is invalid: only letters, digits, '_', '.' and '-' may follow the underscore");
            }
        }
    }

    private static ProtocolException wrongType(String key, String expected, JsonValue value) {
        return new ProtocolException("GELF field \"" + key + "\" must be " + expected + ", got " + describe(value));
    }

    private static String describe(JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT: return "an object";
            case ARRAY: return "an array";
            case STRING: return "a string";
            case NUMBER: return "a number";
            case NULL: return "null";
            default: return "a boolean";
        }
    }

    private static String describe(JsonParser.Event event) {
        switch (event) {
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER: return "a number";
            case VALUE_NULL: return "null";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            default: return event.toString();
        }
    }

    private static String firstNonEmpty(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return null;
    }

    private static String basename(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    /** A parser's message, kept to one short line. */
    private static String clean(String message) {
        if (message == null) {
            return "(no detail)";
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), 200));
        for (int i = 0; i < message.length() && out.length() < 200; i++) {
            char c = message.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.toString();
    }

    /** Looked up once: {@code Json.createParser} would search for the provider on every call. */
    private static final class Parsers {
        static final JsonParserFactory FACTORY = jakarta.json.Json.createParserFactory(Map.of());
    }
}
