package ps.client.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol.Frame;

class NativeProtocolTest {
    private static final int MAX = 1024 * 1024;
    /** Set by the bridge, never sent by a client. */
    private static final Set<LogField> BRIDGE_FIELDS = EnumSet.of(LogField.INPUT, LogField.PEER, LogField.CLIENT_ID);

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writer writer) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        writer.write(out);
        out.flush();
        return buffer.toByteArray();
    }

    private static Frame frame(byte[] bytes) throws IOException {
        Frame frame = NativeProtocol.readFrame(new ByteArrayInputStream(bytes), MAX);
        assertNotNull(frame);
        return frame;
    }

    private static LogEntry roundTrip(LogEntry entry) throws IOException {
        Frame frame = frame(bytes(out -> NativeProtocol.writeRecord(out, entry)));
        assertEquals(NativeProtocol.RECORD, frame.type());
        return NativeProtocol.readRecord(frame.body());
    }

    /** A RECORD body: seq, created, levelno, lineno, then the given (tag, value bytes) pairs. */
    private static byte[] recordBody(long seq, Object... tagsAndValues) {
        ByteBuffer body = ByteBuffer.allocate(1024);
        body.putLong(seq).putLong(1_700_000_000_000L).putInt(20).putInt(7);
        body.put((byte) (tagsAndValues.length / 2));
        for (int i = 0; i < tagsAndValues.length; i += 2) {
            byte[] value = tagsAndValues[i + 1] instanceof byte[] b ? b
                    : ((String) tagsAndValues[i + 1]).getBytes(StandardCharsets.UTF_8);
            body.put((byte) (int) (Integer) tagsAndValues[i]).putInt(value.length).put(value);
        }
        byte[] result = new byte[body.position()];
        body.flip().get(result);
        return result;
    }

    private static String refusal(byte[] stream) {
        return assertThrows(ProtocolException.class,
                () -> NativeProtocol.readFrame(new ByteArrayInputStream(stream), MAX)).getMessage();
    }

    private static String recordRefusal(byte[] body) {
        return assertThrows(ProtocolException.class, () -> NativeProtocol.readRecord(body)).getMessage();
    }

    private static String helloRefusal(byte[] body) {
        return assertThrows(ProtocolException.class, () -> NativeProtocol.readHello(body)).getMessage();
    }

    private static byte[] helloBody(byte[] magic, int version, String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(magic.length + 1 + 4 + id.length)
                .put(magic).put((byte) version).putInt(id.length).put(id).array();
    }

    @Test
    void refusedRoundTripsSeqAndReasonAndCutsALongReason() throws IOException {
        Frame frame = frame(bytes(out -> NativeProtocol.writeRefused(out, 42, "invalid UTF-8 in field message")));
        assertEquals(NativeProtocol.REFUSED, frame.type());
        assertEquals(new NativeProtocol.Refusal(42, "invalid UTF-8 in field message"), NativeProtocol.readRefused(frame.body()));

        NativeProtocol.Refusal cut = NativeProtocol.readRefused(
                frame(bytes(out -> NativeProtocol.writeRefused(out, 7, "x".repeat(10_000)))).body());
        assertEquals(NativeProtocol.MAX_REFUSAL_CHARS + 1, cut.reason().length());
        assertThrows(ProtocolException.class, () -> NativeProtocol.readRefused(new byte[5]));
    }

    @Test
    void helloRoundTripsTheClientId() throws IOException {
        Frame frame = frame(bytes(out -> NativeProtocol.writeHello(out, "client-ä-42")));

        assertEquals(NativeProtocol.HELLO, frame.type());
        assertEquals("client-ä-42", NativeProtocol.readHello(frame.body()));
    }

    @Test
    void helloCarriesAnOptionalTokenAfterTheClientId() throws IOException {
        Frame withToken = frame(bytes(out -> NativeProtocol.writeHello(out, "c7", "ps_secret")));
        Frame without = frame(bytes(out -> NativeProtocol.writeHello(out, "c7")));

        assertEquals(new NativeProtocol.Hello("c7", "ps_secret"), NativeProtocol.hello(withToken.body()));
        assertEquals(new NativeProtocol.Hello("c7", null), NativeProtocol.hello(without.body()));
        // what a server without tokens reads: the client id, the token after it ignored
        assertEquals("c7", NativeProtocol.readHello(withToken.body()));
    }

    @Test
    void helloWithBytesAfterTheTokenIsRefused() {
        byte[] hello = helloBody(new byte[] {'P', 'S', 'N'}, 1, "c7");
        byte[] longer = ByteBuffer.allocate(hello.length + 4 + 1 + 1).put(hello).putInt(1).put((byte) 't').put((byte) 0).array();

        assertEquals("HELLO frame has 1 bytes after its fields", helloRefusal(longer));
    }

    @Test
    void recordRoundTripsEveryClientFieldAndTheNumbers() throws IOException {
        LogEntry entry = new LogEntry().seq(123_456_789_012L).created(1_764_158_400_123L).levelno(42).lineno(4711);
        for (LogField field : LogField.values()) {
            entry.set(field, field.column() + " ✓ ü 😀");
        }
        entry.set(LogField.SUMMARY, "");
        entry.set(LogField.MESSAGE, "x".repeat(100 * 1024));

        LogEntry read = roundTrip(entry);

        assertEquals(123_456_789_012L, read.seq());
        assertEquals(1_764_158_400_123L, read.created());
        assertEquals(42, read.levelno());
        assertEquals(4711, read.lineno());
        for (LogField field : LogField.values()) {
            if (BRIDGE_FIELDS.contains(field)) {
                assertNull(read.get(field), field + " is the bridge's to set, not the client's");
            } else {
                assertEquals(entry.get(field), read.get(field), field.name());
            }
        }
        assertEquals("", read.get(LogField.SUMMARY));
        assertEquals(100 * 1024, read.get(LogField.MESSAGE).length());
    }

    /** The encoder writes each value as String.getBytes(UTF_8) does, unpaired surrogates as '?' included. */
    @Test
    void valuesAreEncodedAsGetBytesEncodes() {
        java.util.Random random = new java.util.Random(9);
        char[] pool = {'a', 'Z', '0', ' ', '\u00e4', '\u07ff', '\u0800', '\u20ac', '\uffff', '\ud83d', '\ude00', '\udbff', '\udfff', '\u0000'};
        for (int round = 0; round < 5_000; round++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : pool[random.nextInt(pool.length)];
            }
            String value = new String(chars);
            byte[] into = new byte[3 * chars.length + 1];
            int end = NativeProtocol.utf8(value, into, 1);
            assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOfRange(into, 1, end), value);
        }
    }

    /** A field's value remembered from the last record is sent as its own, not as the last one's. */
    @Test
    void repeatedAndChangedValuesEncodeAsThemselves() throws IOException {
        String[] systems = {"billing", "billing", new String("billing"), "büro", "billing", "x".repeat(300), "x".repeat(300), ""};
        for (String system : systems) {
            LogEntry read = roundTrip(new LogEntry().seq(1).set(LogField.SYSTEM_ID, system).set(LogField.MESSAGE, system));
            assertEquals(system, read.get(LogField.SYSTEM_ID));
            assertEquals(system, read.get(LogField.MESSAGE));
        }
    }

    /** An entry carried as the body it was read from is written as those bytes, under its new number. */
    @Test
    void aRecordBodyIsSentAsItsBytesWithTheNewSequenceNumber() throws IOException {
        LogEntry entry = new LogEntry().seq(1).created(1_764_158_400_123L).levelno(20).lineno(7)
                .set(LogField.MESSAGE, "grüße 😀").set(LogField.SYSTEM_ID, "billing");
        byte[] first = bytes(out -> NativeProtocol.writeRecord(out, entry));
        byte[] body = frame(first).body();
        NativeProtocol.checkRecord(body);
        LogEntry carried = LogEntry.ofRecordBody(body).seq(99);
        assertEquals(1_764_158_400_123L, carried.created());
        assertEquals(7, carried.lineno());

        byte[] again = bytes(out -> NativeProtocol.writeRecord(out, carried));
        assertArrayEquals(java.util.Arrays.copyOfRange(first, 13, first.length),
                java.util.Arrays.copyOfRange(again, 13, again.length), "all but length, type and seq");
        LogEntry read = NativeProtocol.readRecord(frame(again).body());
        assertEquals(99, read.seq());
        assertEquals("grüße 😀", read.get(LogField.MESSAGE));
        assertEquals("billing", carried.get(LogField.SYSTEM_ID), "decoded when a field is read");
        assertThrows(RecordTooLargeException.class,
                () -> bytes(out -> NativeProtocol.writeRecord(out, LogEntry.ofRecordBody(body), body.length)));
    }

    @Test
    void checkRecordRefusesABodyThatIsShortLongOrUnnumbered() throws IOException {
        byte[] body = frame(bytes(out -> NativeProtocol.writeRecord(out,
                new LogEntry().seq(3).set(LogField.MESSAGE, "m")))).body();
        NativeProtocol.checkRecord(body);
        assertThrows(ProtocolException.class, () -> NativeProtocol.checkRecord(java.util.Arrays.copyOf(body, body.length - 1)));
        assertThrows(ProtocolException.class, () -> NativeProtocol.checkRecord(java.util.Arrays.copyOf(body, body.length + 1)));
        assertThrows(ProtocolException.class, () -> NativeProtocol.checkRecord(java.util.Arrays.copyOf(body, 10)));
        byte[] unnumbered = body.clone();
        java.util.Arrays.fill(unnumbered, 0, 8, (byte) 0);
        assertThrows(ProtocolException.class, () -> NativeProtocol.checkRecord(unnumbered));
    }

    @Test
    void missingLinenoRoundTripsAsNull() throws IOException {
        LogEntry read = roundTrip(new LogEntry().seq(1).lineno(null).set(LogField.MESSAGE, "m"));

        assertNull(read.lineno());
        assertEquals("m", read.get(LogField.MESSAGE));
    }

    @Test
    void linenoZeroIsKept() throws IOException {
        assertEquals(0, roundTrip(new LogEntry().seq(1).lineno(0)).lineno());
    }

    @Test
    void unknownTagIsSkipped() throws IOException {
        byte[] body = recordBody(5, LogField.MESSAGE.tag(), "before", 63, "from a newer client",
                200, "tag out of range", LogField.NAME.tag(), "after");

        LogEntry entry = NativeProtocol.readRecord(body);

        assertEquals(5, entry.seq());
        assertEquals("before", entry.get(LogField.MESSAGE));
        assertEquals("after", entry.get(LogField.NAME));
        assertEquals(2, entry.textFields().size());
    }

    @Test
    void frameLongerThanTheLimitIsRefusedBeforeReadingItsBody() {
        // A header claiming 2 GiB, followed by an endless stream: reading or allocating the body would be fatal.
        CountingEndless stream = new CountingEndless(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});

        ProtocolException e = assertThrows(ProtocolException.class, () -> NativeProtocol.readFrame(stream, MAX));

        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
        assertTrue(e.getMessage().contains("exceeds the limit of " + MAX), e.getMessage());
        assertEquals(4, stream.count, "only the length prefix may be read");
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() throws IOException {
        byte[] stream = ByteBuffer.allocate(4 + 16).putInt(16).put((byte) 9).array();

        Frame frame = NativeProtocol.readFrame(new ByteArrayInputStream(stream), 16);

        assertEquals(9, frame.type());
        assertEquals(15, frame.body().length);
    }

    @Test
    void zeroLengthFrameIsRefused() {
        assertTrue(refusal(new byte[] {0, 0, 0, 0}).contains("empty frame"));
    }

    @Test
    void truncatedBodyIsRefused() {
        byte[] stream = ByteBuffer.allocate(4 + 1 + 3).putInt(10).put(NativeProtocol.RECORD).put(new byte[3]).array();

        assertTrue(refusal(stream).contains("truncated frame"));
    }

    @Test
    void endOfStreamRightAfterTheLengthPrefixIsRefused() {
        assertTrue(refusal(new byte[] {0, 0, 0, 10}).contains("truncated frame"));
    }

    @Test
    void truncatedLengthPrefixIsRefused() {
        String message = refusal(new byte[] {0, 0});

        assertTrue(message.contains("truncated frame") && message.contains("length prefix"), message);
    }

    @Test
    void cleanEndOfStreamBetweenFramesReturnsNull() throws IOException {
        byte[] stream = bytes(out -> NativeProtocol.writeAck(out, 1));
        InputStream in = new ByteArrayInputStream(stream);

        assertNotNull(NativeProtocol.readFrame(in, MAX));
        assertNull(NativeProtocol.readFrame(in, MAX));
        assertNull(NativeProtocol.readFrame(new ByteArrayInputStream(new byte[0]), MAX));
    }

    @Test
    void invalidUtf8InAValueIsRefused() {
        byte[] body = recordBody(1, LogField.MESSAGE.tag(), new byte[] {'o', 'k', (byte) 0xc3, (byte) 0x28});

        assertTrue(recordRefusal(body).contains("invalid UTF-8"));
    }

    @Test
    void overlongUtf8EncodingIsRefused() {
        byte[] body = recordBody(1, LogField.MESSAGE.tag(), new byte[] {(byte) 0xc0, (byte) 0xaf});

        assertTrue(recordRefusal(body).contains("invalid UTF-8"));
    }

    @Test
    void stringLengthOverrunningTheFrameIsRefused() {
        byte[] good = recordBody(1, LogField.MESSAGE.tag(), "abc");
        // the string's length field sits 4 bytes before its 3 value bytes at the end
        ByteBuffer.wrap(good).putInt(good.length - 3 - 4, 1_000);

        String message = recordRefusal(good);

        assertTrue(message.contains("string of 1000 bytes overruns its frame"), message);
    }

    @Test
    void recordShorterThanItsFixedFieldsIsRefused() {
        assertTrue(recordRefusal(new byte[10]).contains("shorter than its fields"));
    }

    @Test
    void trailingBytesAfterTheFieldsAreRefused() {
        byte[] good = recordBody(1, LogField.MESSAGE.tag(), "abc");
        byte[] padded = java.util.Arrays.copyOf(good, good.length + 2);

        String message = recordRefusal(padded);

        assertTrue(message.contains("2 bytes after its fields"), message);
    }

    @Test
    void sequenceNumberZeroOrNegativeIsRefused() {
        assertTrue(recordRefusal(recordBody(0)).contains("sequence number 0 (must be > 0)"));
        assertTrue(recordRefusal(recordBody(-3)).contains("sequence number -3"));
    }

    @Test
    void helloWithWrongMagicIsRefused() {
        assertTrue(helloRefusal(helloBody(new byte[] {'P', 'S', 'X'}, 1, "c")).contains("not a PS native HELLO"));
        assertTrue(helloRefusal(new byte[] {'P', 'S'}).contains("not a PS native HELLO"));
    }

    @Test
    void helloWithUnsupportedVersionIsRefused() {
        byte[] magic = {'P', 'S', 'N'};

        assertTrue(helloRefusal(helloBody(magic, 2, "c")).contains("unsupported protocol version 2"));
        assertTrue(helloRefusal(helloBody(magic, 0, "c")).contains("unsupported protocol version 0"));
    }

    @Test
    void helloWithBlankOrMissingClientIdIsRefused() {
        byte[] magic = {'P', 'S', 'N'};

        assertTrue(helloRefusal(helloBody(magic, 1, "")).contains("without a valid client id"));
        assertTrue(helloRefusal(helloBody(magic, 1, "   ")).contains("without a valid client id"));
        assertTrue(helloRefusal(helloBody(magic, 1, "x".repeat(201))).contains("without a valid client id"));
        assertTrue(helloRefusal(new byte[] {'P', 'S', 'N', 1}).contains("shorter than its fields"));
    }

    @Test
    void ackRoundTrips() throws IOException {
        Frame frame = frame(bytes(out -> NativeProtocol.writeAck(out, Long.MAX_VALUE - 1)));

        assertEquals(NativeProtocol.ACK, frame.type());
        assertEquals(Long.MAX_VALUE - 1, NativeProtocol.readAck(frame.body()));
        assertThrows(ProtocolException.class, () -> NativeProtocol.readAck(new byte[7]));
    }

    @Test
    void errorRoundTripsItsReason() throws IOException {
        Frame frame = frame(bytes(out -> NativeProtocol.writeError(out, "frame too large — bye")));

        assertEquals(NativeProtocol.ERROR, frame.type());
        assertEquals("frame too large — bye", NativeProtocol.readError(frame.body()));
    }

    @Test
    void framesFollowEachOtherOnOneStream() throws IOException {
        byte[] stream = bytes(out -> {
            NativeProtocol.writeHello(out, "c1");
            NativeProtocol.writeRecord(out, new LogEntry().seq(1).set(LogField.MESSAGE, "one"));
            NativeProtocol.writeRecord(out, new LogEntry().seq(2).set(LogField.MESSAGE, "two"));
        });
        InputStream in = new ByteArrayInputStream(stream);

        assertEquals("c1", NativeProtocol.readHello(NativeProtocol.readFrame(in, MAX).body()));
        assertEquals("one", NativeProtocol.readRecord(NativeProtocol.readFrame(in, MAX).body()).get(LogField.MESSAGE));
        assertEquals("two", NativeProtocol.readRecord(NativeProtocol.readFrame(in, MAX).body()).get(LogField.MESSAGE));
        assertNull(NativeProtocol.readFrame(in, MAX));
    }

    @Test
    void utf8DecodesStrictly() throws ProtocolException {
        assertEquals("ä", Utf8.decode(new byte[] {(byte) 0xc3, (byte) 0xa4}));
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), Utf8.decode("xoky".getBytes(StandardCharsets.UTF_8), 1, 2)
                .getBytes(StandardCharsets.UTF_8));
        // a lone surrogate encoded as UTF-8 (CESU style) is not valid UTF-8
        assertThrows(ProtocolException.class, () -> Utf8.decode(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
    }

    /** A fixed prefix followed by endless zero bytes, counting how many bytes were read. */
    private static final class CountingEndless extends InputStream {
        private final byte[] prefix;
        long count;

        CountingEndless(byte[] prefix) {
            this.prefix = prefix;
        }

        @Override
        public int read() {
            int value = count < prefix.length ? prefix[(int) count] & 0xff : 0;
            count++;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            b[off] = (byte) read();
            return 1;
        }
    }
}
