package ps.bridge.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.ProtocolException;
import ps.client.wire.Utf8;

/**
 * Syslog (RFC 5424) over TCP, framed as RFC 6587 describes: octet counting ({@code MSG-LEN SP SYSLOG-MSG})
 * when a frame starts with a digit, else non-transparent framing with LF (or CRLF) as the trailer. Empty
 * lines between frames are skipped, as is a LF after an octet-counted frame. Anything that is not RFC
 * 5424 (RFC 3164 "BSD" lines included) is refused.
 *
 * <p>PRI's severity gives the level and its facility goes to EXTRA, beside the structured data as
 * {@code {"facility":1,"sd":{"id":{"param":"value"}}}}; a parameter repeated within one element becomes a
 * JSON array. SD parameters named like PS columns ({@code package_version}, ...) also fill those columns.
 */
public final class SyslogStreamReader implements RecordReader {
    private static final int MAX_OCTET_COUNT_DIGITS = 10;

    private final FrameInput input;
    private final int maxRecordBytes;

    /** The frame being parsed and the parse position in it. */
    private byte[] b;
    private int p;
    private int end;
    /** Scratch space for unescaping PARAM-VALUEs; grows to the largest value seen. */
    private byte[] scratch = new byte[256];

    public SyslogStreamReader(InputStream in, int maxRecordBytes) {
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
        while ((first = input.peek()) == '\n' || first == '\r' || first == 0) {
            input.read();
        }
        if (first < 0) {
            return null;
        }
        int length;
        if (first >= '0' && first <= '9') {
            int count = readOctetCount();
            if (!input.readExactly(count)) {
                throw new ProtocolException("truncated syslog frame: octet count " + count
                        + " but the stream ended after " + input.length() + " bytes");
            }
            length = count;
        } else {
            length = input.readUntil((byte) '\n', maxRecordBytes);
            if (length == FrameInput.TOO_LONG) {
                throw new ProtocolException("syslog message longer than the limit of " + maxRecordBytes
                        + " bytes (no LF within the limit)");
            }
            if (length == FrameInput.EOF) {
                throw new ProtocolException("truncated syslog message: stream ended after " + input.length()
                        + " bytes without the terminating LF");
            }
        }
        try {
            return parse(input.bytes(), input.offset(), length);
        } catch (ProtocolException e) {
            throw new RefusedRecord(e.getMessage());
        }
    }

    /** Reads {@code MSG-LEN SP}, refusing a length over the limit before anything is allocated for it. */
    private int readOctetCount() throws IOException {
        if (input.peek() == '0') {
            throw new ProtocolException("malformed syslog frame: octet count must not start with 0");
        }
        long count = 0;
        int digits = 0;
        int c;
        while ((c = input.read()) != ' ') {
            if (c < 0) {
                throw new ProtocolException("truncated syslog frame: stream ended inside the octet count");
            }
            if (c < '0' || c > '9') {
                throw new ProtocolException("malformed syslog frame: octet count followed by " + describe(c)
                        + " instead of a space");
            }
            if (++digits > MAX_OCTET_COUNT_DIGITS) {
                throw new ProtocolException("syslog frame length has more than " + MAX_OCTET_COUNT_DIGITS
                        + " digits, over the limit of " + maxRecordBytes + " bytes");
            }
            count = count * 10 + (c - '0');
        }
        if (count > maxRecordBytes) {
            throw new ProtocolException("syslog frame length " + count + " exceeds the limit of " + maxRecordBytes
                    + " bytes");
        }
        return (int) count;
    }

    private LogEntry parse(byte[] bytes, int offset, int length) throws ProtocolException {
        b = bytes;
        p = offset;
        end = offset + length;
        // a trailing LF (or CRLF) belongs to the transport, not to MSG
        if (end > p && b[end - 1] == '\n') {
            end--;
        }
        if (end > p && b[end - 1] == '\r') {
            end--;
        }

        int pri = pri();
        version();
        long created = timestamp();
        String hostname = headerField("HOSTNAME", 255);
        String appName = headerField("APP-NAME", 48);
        String procId = headerField("PROCID", 128);
        String msgId = headerField("MSGID", 32);

        LogEntry entry = new LogEntry().set(LogField.INPUT, "syslog");
        StringBuilder extra = new StringBuilder(64).append("{\"facility\":").append(pri / 8);
        Map<String, Map<String, Object>> sd = structuredData();
        if (sd != null) {
            extra.append(",\"sd\":");
            appendStructuredData(extra, sd);
            mapParams(entry, sd);
        }
        String msg = null;
        if (p < end) {
            if (b[p] != ' ') {
                throw malformed("expected a space between STRUCTURED-DATA and MSG, got " + describe(b[p] & 0xff));
            }
            p++;
            if (end - p >= 3 && b[p] == (byte) 0xEF && b[p + 1] == (byte) 0xBB && b[p + 2] == (byte) 0xBF) {
                p += 3;
            }
            try {
                msg = Utf8.decode(b, p, end - p);
            } catch (ProtocolException e) {
                throw malformed("MSG is not valid UTF-8");
            }
        }

        entry.set(LogField.SUB_SYSTEM_ID, hostname);
        entry.set(LogField.SYSTEM_ID, appName != null ? appName : hostname);
        entry.set(LogField.PROCESS, procId);
        entry.set(LogField.NAME, msgId);
        entry.set(LogField.MESSAGE, msg == null ? "" : msg);
        entry.set(LogField.EXTRA, extra.append('}').toString());
        entry.created(created);
        entry.level(Severity.toLevel(pri % 8));
        b = null; // the frame is a view into a reused buffer
        return entry;
    }

    private int pri() throws ProtocolException {
        if (p >= end || b[p] != '<') {
            throw malformed("expected '<' at the start of PRI");
        }
        p++;
        int start = p;
        int value = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            value = value * 10 + (b[p] - '0');
            if (p - start >= 3) {
                throw malformed("PRI has more than 3 digits");
            }
            p++;
        }
        if (p == start || p >= end || b[p] != '>') {
            throw malformed(p == start ? "PRI is not a number" : "PRI is not a number closed by '>'");
        }
        if (p - start > 1 && b[start] == '0') {
            throw malformed("PRI must not have leading zeros");
        }
        if (value > 191) {
            throw malformed("PRI " + value + " out of range 0..191");
        }
        p++;
        return value;
    }

    private void version() throws ProtocolException {
        int start = p;
        while (p < end && b[p] >= '0' && b[p] <= '9' && p - start < 4) {
            p++;
        }
        if (p == start) {
            throw malformed("expected VERSION 1 after PRI (RFC 3164 messages are not accepted)");
        }
        String version = ascii(start, p);
        if (!version.equals("1")) {
            throw malformed("expected VERSION 1 after PRI, got " + version);
        }
        expectSpace("VERSION");
    }

    /** @return epoch millis, now for NILVALUE */
    private long timestamp() throws ProtocolException {
        int start = p;
        int stop = tokenEnd("TIMESTAMP");
        if (stop - start == 1 && b[start] == '-') {
            p = stop + 1;
            return System.currentTimeMillis();
        }
        long millis = Rfc3339.parse(b, start, stop);
        if (millis == Rfc3339.INVALID) {
            throw malformed("bad TIMESTAMP " + JsonText.quote(ascii(start, stop), 60)
                    + " (expected RFC 3339 like 2003-10-11T22:14:15.003Z)");
        }
        p = stop + 1;
        return millis;
    }

    /** @return the field's text, null for NILVALUE */
    private String headerField(String name, int maxLength) throws ProtocolException {
        int start = p;
        int stop = tokenEnd(name);
        if (stop - start > maxLength) {
            throw malformed(name + " longer than " + maxLength + " characters");
        }
        p = stop + 1;
        return stop - start == 1 && b[start] == '-' ? null : ascii(start, stop);
    }

    /** @return the index of the space that ends the header field starting at p */
    private int tokenEnd(String name) throws ProtocolException {
        int i = p;
        while (i < end && b[i] != ' ') {
            if (b[i] < 33 || b[i] > 126) { // bytes over 127 are negative
                throw malformed(name + " contains " + describe(b[i] & 0xff) + " (only printable US-ASCII is allowed)");
            }
            i++;
        }
        if (i == p) {
            throw malformed(i < end ? "empty " + name + " (use '-' for none)" : "message ends before " + name);
        }
        if (i >= end) {
            throw malformed("message ends after " + name + " (the header has 7 fields and STRUCTURED-DATA follows)");
        }
        return i;
    }

    private void expectSpace(String after) throws ProtocolException {
        if (p >= end || b[p] != ' ') {
            throw malformed("expected a space after " + after);
        }
        p++;
    }

    /** @return SD-ID to its parameters in order, or null for NILVALUE */
    private Map<String, Map<String, Object>> structuredData() throws ProtocolException {
        if (p >= end) {
            throw malformed("message ends before STRUCTURED-DATA");
        }
        if (b[p] == '-') {
            p++;
            return null;
        }
        if (b[p] != '[') {
            throw malformed("expected STRUCTURED-DATA ('-' or '[') after MSGID, got " + describe(b[p] & 0xff));
        }
        Map<String, Map<String, Object>> elements = new LinkedHashMap<>();
        while (p < end && b[p] == '[') {
            p++;
            String id = sdName("SD-ID");
            Map<String, Object> params = new LinkedHashMap<>();
            if (elements.putIfAbsent(id, params) != null) {
                throw malformed("SD-ID " + JsonText.quote(id, 40) + " occurs twice");
            }
            for (;;) {
                if (p >= end) {
                    throw malformed("unterminated SD element " + JsonText.quote(id, 40) + " (no ']')");
                }
                byte c = b[p];
                if (c == ']') {
                    p++;
                    break;
                }
                if (c != ' ') {
                    throw malformed("unexpected " + describe(c & 0xff) + " in SD element " + JsonText.quote(id, 40));
                }
                p++;
                String name = sdName("PARAM-NAME");
                if (p >= end || b[p] != '=' || p + 1 >= end || b[p + 1] != '"') {
                    throw malformed("expected =\"value\" after PARAM-NAME " + JsonText.quote(name, 40) + " in SD element "
                            + JsonText.quote(id, 40));
                }
                p += 2;
                String value = paramValue(id);
                params.merge(name, value, SyslogStreamReader::repeat);
            }
        }
        return elements;
    }

    @SuppressWarnings("unchecked")
    private static Object repeat(Object existing, Object added) {
        List<String> values;
        if (existing instanceof List) {
            values = (List<String>) existing;
        } else {
            values = new ArrayList<>(4);
            values.add((String) existing);
        }
        values.add((String) added);
        return values;
    }

    /** SD-NAME: 1 to 32 printable US-ASCII characters except '=', space, ']' and '"'. */
    private String sdName(String what) throws ProtocolException {
        int start = p;
        while (p < end) {
            byte c = b[p];
            if (c == '=' || c == ' ' || c == ']' || c == '"') {
                break;
            }
            if (c < 33 || c > 126) {
                throw malformed(what + " contains " + describe(c & 0xff) + " (only printable US-ASCII is allowed)");
            }
            p++;
        }
        if (p == start) {
            throw malformed(p >= end ? "unterminated SD element (ends before " + what + ")" : "empty " + what);
        }
        if (p - start > 32) {
            throw malformed(what + " " + JsonText.quote(ascii(start, p), 40) + " longer than 32 characters");
        }
        return ascii(start, p);
    }

    /** PARAM-VALUE after its opening quote, up to and past the closing one; \" \\ \] are unescaped. */
    private String paramValue(String id) throws ProtocolException {
        int start = p;
        int escapes = 0;
        while (p < end && b[p] != '"') {
            if (b[p] == '\\' && p + 1 < end) {
                escapes++;
                p++;
            }
            p++;
        }
        if (p >= end) {
            throw malformed("unterminated PARAM-VALUE in SD element " + JsonText.quote(id, 40) + " (no closing '\"')");
        }
        int stop = p++;
        try {
            if (escapes == 0) {
                return Utf8.decode(b, start, stop - start);
            }
            if (scratch.length < stop - start) {
                scratch = new byte[stop - start];
            }
            int n = 0;
            for (int i = start; i < stop; i++) {
                byte c = b[i];
                if (c == '\\') {
                    byte next = b[i + 1];
                    // RFC 5424 6.3.3: a backslash before any other character is an ordinary backslash
                    if (next == '"' || next == '\\' || next == ']') {
                        c = next;
                        i++;
                    }
                }
                scratch[n++] = c;
            }
            return Utf8.decode(scratch, 0, n);
        } catch (ProtocolException e) {
            throw malformed("PARAM-VALUE in SD element " + JsonText.quote(id, 40) + " is not valid UTF-8");
        }
    }

    private static void appendStructuredData(StringBuilder out, Map<String, Map<String, Object>> sd) {
        out.append('{');
        boolean firstElement = true;
        for (Map.Entry<String, Map<String, Object>> element : sd.entrySet()) {
            if (!firstElement) {
                out.append(',');
            }
            firstElement = false;
            JsonText.string(out, element.getKey()).append(":{");
            boolean firstParam = true;
            for (Map.Entry<String, Object> param : element.getValue().entrySet()) {
                if (!firstParam) {
                    out.append(',');
                }
                firstParam = false;
                JsonText.string(out, param.getKey()).append(':');
                if (param.getValue() instanceof String) {
                    JsonText.string(out, (String) param.getValue());
                } else {
                    out.append('[');
                    boolean firstValue = true;
                    for (Object value : (List<?>) param.getValue()) {
                        if (!firstValue) {
                            out.append(',');
                        }
                        firstValue = false;
                        JsonText.string(out, (String) value);
                    }
                    out.append(']');
                }
            }
            out.append('}');
        }
        out.append('}');
    }

    /** PS columns carried as SD parameters; the first occurrence wins. They stay in EXTRA's sd as well. */
    private static void mapParams(LogEntry entry, Map<String, Map<String, Object>> sd) {
        for (Map<String, Object> params : sd.values()) {
            for (Map.Entry<String, Object> param : params.entrySet()) {
                LogField field;
                switch (param.getKey()) {
                    case "package_version": field = LogField.PACKAGE_VERSION; break;
                    case "produkt_id": field = LogField.PRODUKT_ID; break;
                    case "sub_sub_system_id": field = LogField.SUB_SUB_SYSTEM_ID; break;
                    case "user_spec_1": field = LogField.USER_SPEC_1; break;
                    case "user_spec_2": field = LogField.USER_SPEC_2; break;
                    default: continue;
                }
                if (entry.get(field) == null) {
                    Object value = param.getValue();
                    entry.set(field, value instanceof String ? (String) value : (String) ((List<?>) value).get(0));
                }
            }
        }
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String describe(int c) {
        if (c == ' ') {
            return "a space";
        }
        if (c > 32 && c < 127) {
            return "'" + (char) c + "'";
        }
        return String.format("byte 0x%02x", c);
    }

    private static ProtocolException malformed(String reason) {
        return new ProtocolException("malformed syslog: " + reason);
    }

    /** RFC 3339 timestamps as RFC 5424 restricts them: upper-case T and Z, no leap second. */
    static final class Rfc3339 {
        static final long INVALID = Long.MIN_VALUE;

        private Rfc3339() {
        }

        /** @return epoch millis (the fraction rounded), or {@link #INVALID} */
        static long parse(byte[] s, int from, int to) {
            int i = from;
            if (to - from < 20) {
                return INVALID;
            }
            int year = digits(s, i, 4);
            int month = digits(s, i + 5, 2);
            int day = digits(s, i + 8, 2);
            int hour = digits(s, i + 11, 2);
            int minute = digits(s, i + 14, 2);
            int second = digits(s, i + 17, 2);
            if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                    || s[i + 4] != '-' || s[i + 7] != '-' || s[i + 10] != 'T' || s[i + 13] != ':'
                    || s[i + 16] != ':' || hour > 23 || minute > 59 || second > 59) {
                return INVALID;
            }
            i += 19;
            long nanos = 0;
            if (s[i] == '.') {
                int start = ++i;
                while (i < to && s[i] >= '0' && s[i] <= '9') {
                    i++;
                }
                // RFC 5424 allows 6 digits; up to 9 (nanoseconds) is accepted as some senders write them
                if (i == start || i - start > 9) {
                    return INVALID;
                }
                for (int k = start; k < start + 9; k++) {
                    nanos = nanos * 10 + (k < i ? s[k] - '0' : 0);
                }
            }
            int offsetSeconds;
            if (i < to && s[i] == 'Z') {
                offsetSeconds = 0;
                i++;
            } else if (i < to && (s[i] == '+' || s[i] == '-') && to - i >= 6 && s[i + 3] == ':') {
                int offsetHours = digits(s, i + 1, 2);
                int offsetMinutes = digits(s, i + 4, 2);
                if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) {
                    return INVALID;
                }
                offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s[i] == '-' ? -1 : 1);
                i += 6;
            } else {
                return INVALID;
            }
            if (i != to) {
                return INVALID;
            }
            long epochDay;
            try {
                epochDay = LocalDate.of(year, month, day).toEpochDay();
            } catch (DateTimeException e) {
                return INVALID;
            }
            long epochSecond = epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
            return epochSecond * 1000 + (nanos + 500_000) / 1_000_000;
        }

        /** @return the value of n ASCII digits at i, or -1 */
        private static int digits(byte[] s, int i, int n) {
            int value = 0;
            for (int k = i; k < i + n; k++) {
                byte c = s[k];
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}
