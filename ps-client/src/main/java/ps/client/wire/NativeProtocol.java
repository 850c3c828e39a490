package ps.client.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import ps.client.LogEntry;
import ps.client.LogField;

/**
 * PS's native protocol (docs/protocol.md): length-prefixed binary frames over TCP.
 * <pre>
 * frame  = u32 length (of type + body, big-endian) · u8 type · body
 * HELLO  (client → server, first frame) = "PSN" · u8 version · string clientId [· string token]
 * RECORD (client → server)  = i64 seq · i64 created · i32 levelno · i32 lineno (-1: none) ·
 *                             u8 count · count × (u8 tag · string value)
 * ACK    (server → client)  = i64 seq: every record of this client up to seq is committed
 * ERROR  (server → client)  = string reason, then the server closes the connection
 * REFUSED (server → client) = i64 seq · string reason: that record was refused alone (bad content in an
 *                             intact frame); the next ACK covers it, so it is not resent
 * string = i32 byte length · UTF-8 bytes
 * </pre>
 * Unknown field tags are skipped, so newer clients can talk to older servers; clients skip frame types
 * they do not know, so older clients can talk to newer servers.
 */
public final class NativeProtocol {
    public static final int VERSION = 1;
    public static final byte HELLO = 1;
    public static final byte RECORD = 2;
    public static final byte ACK = 3;
    public static final byte ERROR = 4;
    public static final byte REFUSED = 5;
    /** A REFUSED frame's reason is cut to this many characters: the sender has the record, not the server. */
    public static final int MAX_REFUSAL_CHARS = 500;
    private static final byte[] MAGIC = {'P', 'S', 'N'};
    /** The first step of a frame body's buffer; it doubles from there as bytes arrive. */
    private static final int FRAME_STEP = 64 * 1024;
    private static final LogField[] FIELDS = LogField.values();
    /** The fields the bridge sets, never sent by clients: the input, the peer, the client id (from HELLO). */
    private static final long BRIDGE_FIELDS = 1L << LogField.INPUT.ordinal() | 1L << LogField.PEER.ordinal()
            | 1L << LogField.CLIENT_ID.ordinal();

    private NativeProtocol() {
    }

    /** A received frame: its type and its body. */
    public record Frame(byte type, byte[] body) {
    }

    /**
     * Reads one frame, checking its length against {@code maxFrameBytes} first. The body buffer grows as
     * the bytes arrive (in steps of up to 64 KiB, doubling), never to the declared length up front: a
     * sender that announces a large frame and stops costs only what it sent.
     *
     * @return the frame, or null on a clean end of stream between frames
     * @throws ProtocolException for an oversized, empty or truncated frame
     */
    public static Frame readFrame(InputStream in, int maxFrameBytes) throws IOException {
        DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        long length;
        try {
            length = ((long) first << 24) | ((long) data.readUnsignedByte() << 16)
                    | ((long) data.readUnsignedByte() << 8) | data.readUnsignedByte();
        } catch (EOFException e) {
            throw new ProtocolException("truncated frame: end of stream inside the length prefix");
        }
        if (length < 1) {
            throw new ProtocolException("empty frame");
        }
        if (length > maxFrameBytes) {
            throw new ProtocolException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        int type = data.read();
        if (type < 0) {
            throw new ProtocolException("truncated frame: end of stream after a partial body");
        }
        int size = (int) length - 1;
        byte[] body = new byte[Math.min(size, FRAME_STEP)];
        int have = 0;
        while (have < size) {
            if (have == body.length) {
                body = java.util.Arrays.copyOf(body, (int) Math.min(size, Math.max(2L * have, have + FRAME_STEP)));
            }
            int got = data.read(body, have, body.length - have);
            if (got < 0) {
                throw new ProtocolException("truncated frame: end of stream after a partial body");
            }
            have += got;
        }
        return new Frame((byte) type, body);
    }

    /** A HELLO's content: the client id and the ingest token, null when the client sent none. */
    public record Hello(String clientId, String token) {
    }

    public static void writeHello(DataOutputStream out, String clientId) throws IOException {
        writeHello(out, clientId, null);
    }

    /**
     * Writes a HELLO; a token, when given, follows the client id. Servers that know no tokens read the
     * client id and ignore what follows it, so a client with a token still talks to them.
     */
    public static void writeHello(DataOutputStream out, String clientId, String token) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] secret = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        out.writeInt(1 + MAGIC.length + 1 + 4 + id.length + (secret == null ? 0 : 4 + secret.length));
        out.writeByte(HELLO);
        out.write(MAGIC);
        out.writeByte(VERSION);
        out.writeInt(id.length);
        out.write(id);
        if (secret != null) {
            out.writeInt(secret.length);
            out.write(secret);
        }
    }

    /** @return the client id of a HELLO body */
    public static String readHello(byte[] body) throws ProtocolException {
        return hello(body).clientId();
    }

    /** @return client id and token (null when absent) of a HELLO body */
    public static Hello hello(byte[] body) throws ProtocolException {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        if (body.length < MAGIC.length + 1 || body[0] != 'P' || body[1] != 'S' || body[2] != 'N') {
            throw new ProtocolException("not a PS native HELLO frame");
        }
        buffer.position(MAGIC.length);
        int version = buffer.get() & 0xff;
        if (version != VERSION) {
            throw new ProtocolException("unsupported protocol version " + version);
        }
        String clientId;
        String token = null;
        try {
            clientId = readString(buffer, body);
            if (buffer.hasRemaining()) {
                token = readString(buffer, body);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException("HELLO frame shorter than its fields");
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 200) {
            throw new ProtocolException("HELLO without a valid client id");
        }
        if (token != null && (token.isEmpty() || token.length() > 200)) {
            throw new ProtocolException("HELLO with a token of " + token.length() + " characters (1..200)");
        }
        if (buffer.hasRemaining()) {
            throw new ProtocolException("HELLO frame has " + buffer.remaining() + " bytes after its fields");
        }
        return new Hello(clientId, token);
    }

    /** The bridge's default limit of a record's frame (setting ps.max.record.bytes): 1 MiB + 64 KiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = (1 << 20) + (64 << 10);

    /** Writes a RECORD frame for the entry, with its {@link LogEntry#seq()}. */
    public static void writeRecord(DataOutputStream out, LogEntry entry) throws IOException {
        writeRecord(out, entry, Integer.MAX_VALUE);
    }

    /**
     * Writes a RECORD frame unless it would be longer than {@code maxFrameBytes}.
     *
     * @throws RecordTooLargeException before writing anything, when the frame would exceed the limit
     */
    public static void writeRecord(DataOutputStream out, LogEntry entry, int maxFrameBytes) throws IOException {
        byte[] body = entry.recordBody();
        if (body != null) { // as read from disk: the same bytes, numbered anew
            int length = 1 + body.length;
            if (length > maxFrameBytes) {
                throw new RecordTooLargeException("record " + entry.seq() + " is a frame of " + length
                        + " bytes, over the limit of " + maxFrameBytes);
            }
            out.writeInt(length);
            out.writeByte(RECORD);
            out.writeLong(entry.seq());
            out.write(body, 8, body.length - 8);
            return;
        }
        // by the entry's mask and get(), not through textFields(): it copies the fields into a map; encoded
        // into a buffer kept per thread, not a byte array per field
        Scratch scratch = SCRATCH.get();
        int at = 0;
        int count = 0;
        // the fields set, but those the bridge sets, not clients
        for (long mask = entry.textMask() & ~BRIDGE_FIELDS; mask != 0; mask &= mask - 1) {
            LogField field = FIELDS[Long.numberOfTrailingZeros(mask)];
            String value = entry.get(field);
            if (value == null) {
                continue; // a message formatted later that came out null
            }
            byte[] same = scratch.encoded(field, value);
            byte[] bytes = scratch.room(at + 5 + (same != null ? same.length : 3 * value.length()));
            bytes[at] = (byte) field.tag();
            int end;
            if (same != null) {
                System.arraycopy(same, 0, bytes, at + 5, same.length);
                end = at + 5 + same.length;
            } else {
                end = utf8(value, bytes, at + 5);
                scratch.remember(field, value, bytes, at + 5, end);
            }
            int size = end - at - 5;
            bytes[at + 1] = (byte) (size >>> 24);
            bytes[at + 2] = (byte) (size >>> 16);
            bytes[at + 3] = (byte) (size >>> 8);
            bytes[at + 4] = (byte) size;
            at = end;
            count++;
        }
        int length = 1 + 8 + 8 + 4 + 4 + 1 + at;
        if (length > maxFrameBytes) {
            scratch.trim();
            throw new RecordTooLargeException("record " + entry.seq() + " is a frame of " + length
                    + " bytes, over the limit of " + maxFrameBytes);
        }
        out.writeInt(length);
        out.writeByte(RECORD);
        out.writeLong(entry.seq());
        out.writeLong(entry.created());
        out.writeInt(entry.levelno());
        out.writeInt(entry.lineno() == null ? -1 : entry.lineno());
        out.writeByte(count);
        out.write(scratch.bytes, 0, at);
        scratch.trim();
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * A thread's encoding buffer; one grown for a large record is let go again. It also keeps each field's
     * last short value and its bytes: the identity fields, logger, thread and source mostly repeat from
     * record to record (often as the very same String), so their bytes are copied instead of encoded again.
     */
    private static final class Scratch {
        private static final int KEPT = 64 * 1024;
        private static final int REMEMBERED = 256;
        byte[] bytes = new byte[4 * 1024];
        private final String[] lastValue = new String[FIELDS.length];
        private final byte[][] lastBytes = new byte[FIELDS.length][];

        /** The bytes of {@code value} when it equals this field's last value (mostly: is the same object), else null. */
        byte[] encoded(LogField field, String value) {
            int i = field.ordinal();
            String last = lastValue[i];
            if (last == value) {
                return lastBytes[i];
            }
            if (last != null && last.length() == value.length() && last.equals(value)) {
                lastValue[i] = value;
                return lastBytes[i];
            }
            return null;
        }

        void remember(LogField field, String value, byte[] from, int start, int end) {
            if (end - start <= REMEMBERED && field != LogField.MESSAGE) {
                lastValue[field.ordinal()] = value;
                lastBytes[field.ordinal()] = java.util.Arrays.copyOfRange(from, start, end);
            }
        }

        byte[] room(int size) {
            if (size > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(size, 2 * bytes.length));
            }
            return bytes;
        }

        void trim() {
            if (bytes.length > KEPT) {
                bytes = new byte[4 * 1024];
            }
        }
    }

    /**
     * Encodes {@code value} as {@code String.getBytes(UTF_8)} does (an unpaired surrogate becomes '?') into
     * {@code bytes} from {@code at}, which has room for 3 bytes a char.
     *
     * @return the index after the last byte written
     */
    static int utf8(String value, byte[] bytes, int at) {
        int n = value.length();
        for (int k = 0; k < n; k++) {
            char c = value.charAt(k);
            if (c < 0x80) {
                bytes[at++] = (byte) c;
            } else if (c < 0x800) {
                bytes[at++] = (byte) (0xc0 | c >> 6);
                bytes[at++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isSurrogate(c)) {
                char low;
                if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(low = value.charAt(k + 1))) {
                    int code = Character.toCodePoint(c, low);
                    k++;
                    bytes[at++] = (byte) (0xf0 | code >> 18);
                    bytes[at++] = (byte) (0x80 | code >> 12 & 0x3f);
                    bytes[at++] = (byte) (0x80 | code >> 6 & 0x3f);
                    bytes[at++] = (byte) (0x80 | code & 0x3f);
                } else {
                    bytes[at++] = '?';
                }
            } else {
                bytes[at++] = (byte) (0xe0 | c >> 12);
                bytes[at++] = (byte) (0x80 | c >> 6 & 0x3f);
                bytes[at++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return at;
    }

    /**
     * Checks a RECORD body's layout (the fixed part, each field's tag and length, nothing after the last)
     * without decoding its text: what {@link #readRecord} checks but the UTF-8 of the values.
     */
    public static void checkRecord(byte[] body) throws ProtocolException {
        int fixed = 8 + 8 + 4 + 4 + 1;
        if (body.length < fixed) {
            throw new ProtocolException("RECORD frame shorter than its fields");
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        if (buffer.getLong(0) <= 0) {
            throw new ProtocolException("RECORD frame with sequence number " + buffer.getLong(0) + " (must be > 0)");
        }
        int count = body[fixed - 1] & 0xff;
        int at = fixed;
        for (int i = 0; i < count; i++) {
            if (at + 5 > body.length) {
                throw new ProtocolException("RECORD frame shorter than its fields");
            }
            int length = buffer.getInt(at + 1);
            at += 5;
            if (length > body.length - at) {
                throw new ProtocolException("string of " + length + " bytes overruns its frame");
            }
            at += Math.max(0, length);
        }
        if (at != body.length) {
            throw new ProtocolException("RECORD frame has " + (body.length - at) + " bytes after its fields");
        }
    }

    /** Decodes a RECORD body; unknown tags are skipped. */
    public static LogEntry readRecord(byte[] body) throws ProtocolException {
        return readRecord(body, Utf8::decode);
    }

    /** How a RECORD's strings are decoded: strict UTF-8, possibly handing out repeated ones again. */
    @FunctionalInterface
    public interface Strings {
        String decode(byte[] bytes, int offset, int length) throws ProtocolException;
    }

    /**
     * As {@link #readRecord(byte[])}, with the strings decoded by {@code strings}: the bridge passes one that
     * hands out the short strings every record of a connection repeats (logger, host, system) once decoded.
     */
    public static LogEntry readRecord(byte[] body, Strings strings) throws ProtocolException {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        try {
            LogEntry entry = new LogEntry();
            entry.seq(buffer.getLong());
            entry.created(buffer.getLong());
            entry.levelno(buffer.getInt());
            int lineno = buffer.getInt();
            entry.lineno(lineno < 0 ? null : lineno);
            int count = buffer.get() & 0xff;
            for (int i = 0; i < count; i++) {
                int tag = buffer.get() & 0xff;
                String value = readString(buffer, body, strings);
                LogField field = LogField.ofTag(tag);
                if (field != null && value != null) {
                    entry.set(field, value);
                }
            }
            if (buffer.hasRemaining()) {
                throw new ProtocolException("RECORD frame has " + buffer.remaining() + " bytes after its fields");
            }
            if (entry.seq() <= 0) {
                throw new ProtocolException("RECORD frame with sequence number " + entry.seq() + " (must be > 0)");
            }
            return entry;
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException("RECORD frame shorter than its fields");
        }
    }

    public static void writeAck(DataOutputStream out, long seq) throws IOException {
        out.writeInt(1 + 8);
        out.writeByte(ACK);
        out.writeLong(seq);
    }

    public static long readAck(byte[] body) throws ProtocolException {
        if (body.length != 8) {
            throw new ProtocolException("ACK frame of " + body.length + " bytes (expected 8)");
        }
        return ByteBuffer.wrap(body).getLong();
    }

    public static void writeError(OutputStream out, String reason) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        data.writeInt(1 + 4 + text.length);
        data.writeByte(ERROR);
        data.writeInt(text.length);
        data.write(text);
        data.flush();
    }

    /** A record the server refused alone: its sequence number and why. */
    public record Refusal(long seq, String reason) {
    }

    public static void writeRefused(DataOutputStream out, long seq, String reason) throws IOException {
        String text = reason.length() > MAX_REFUSAL_CHARS ? reason.substring(0, MAX_REFUSAL_CHARS) + "…" : reason;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(1 + 8 + 4 + bytes.length);
        out.writeByte(REFUSED);
        out.writeLong(seq);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static Refusal readRefused(byte[] body) throws ProtocolException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(body);
            long seq = buffer.getLong();
            String reason = readString(buffer, body);
            return new Refusal(seq, reason == null ? "" : reason);
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException("REFUSED frame shorter than its fields");
        }
    }

    public static String readError(byte[] body) throws ProtocolException {
        try {
            return readString(ByteBuffer.wrap(body), body);
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException("ERROR frame shorter than its reason");
        }
    }

    private static String readString(ByteBuffer buffer, byte[] body) throws ProtocolException {
        return readString(buffer, body, Utf8::decode);
    }

    private static String readString(ByteBuffer buffer, byte[] body, Strings strings) throws ProtocolException {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        if (length > buffer.remaining()) {
            throw new ProtocolException("string of " + length + " bytes overruns its frame");
        }
        String value = strings.decode(body, buffer.position(), length);
        buffer.position(buffer.position() + length);
        return value;
    }
}
