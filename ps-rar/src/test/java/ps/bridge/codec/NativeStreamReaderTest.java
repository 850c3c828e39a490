package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;

class NativeStreamReaderTest {
    private static LogEntry entry(long seq, String message) {
        return new LogEntry().seq(seq).created(1000 + seq).level(Level.INFO).lineno(7)
                .set(LogField.NAME, "app.worker").set(LogField.SYSTEM_ID, "sys-1").set(LogField.MESSAGE, message);
    }

    /** A HELLO of client c1, then the entries as RECORD frames. */
    private static byte[] stream(LogEntry... entries) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        NativeProtocol.writeHello(out, "c1", null);
        for (LogEntry entry : entries) {
            NativeProtocol.writeRecord(out, entry);
        }
        return bytes.toByteArray();
    }

    @Test
    void recordsDecodeWithTheirFieldsAndShareTheStringsTheyRepeat() throws Exception {
        String message = "first record, longer than the cached strings are";
        NativeStreamReader reader = new NativeStreamReader(TestStreams.of(
                stream(entry(1, message), entry(2, message), entry(3, "grüße"))), 1 << 20);

        LogEntry first = reader.next();
        LogEntry second = reader.next();
        LogEntry third = reader.next();
        assertNull(reader.next());
        assertEquals(1, first.seq());
        assertEquals(1001, first.created());
        assertEquals(7, first.lineno());
        assertEquals("c1", first.get(LogField.CLIENT_ID));
        assertEquals("app.worker", second.get(LogField.NAME));
        assertSame(first.get(LogField.NAME), second.get(LogField.NAME));
        assertSame(first.get(LogField.SYSTEM_ID), third.get(LogField.SYSTEM_ID));
        assertEquals(first.get(LogField.MESSAGE), second.get(LogField.MESSAGE));
        assertNotSame(first.get(LogField.MESSAGE), second.get(LogField.MESSAGE)); // long: not kept
        assertEquals("grüße", third.get(LogField.MESSAGE));
    }

    @Test
    void aRecordWithInvalidUtf8IsRefusedAloneWithItsSequenceNumber() throws Exception {
        byte[] stream = stream(entry(5, "AAAA"), entry(6, "after"));
        byte[] message = "AAAA".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 4 <= stream.length; i++) {
            if (java.util.Arrays.equals(stream, i, i + 4, message, 0, 4)) {
                stream[i + 1] = (byte) 0xc3; // a lead byte followed by 'A': not UTF-8
                break;
            }
        }
        NativeStreamReader reader = new NativeStreamReader(TestStreams.of(stream), 1 << 20);

        RefusedRecord refused = assertThrows(RefusedRecord.class, reader::next);
        assertEquals(5, refused.seq());
        assertEquals("invalid UTF-8 in text", refused.getMessage());
        assertEquals("after", reader.next().get(LogField.MESSAGE));
    }
}
