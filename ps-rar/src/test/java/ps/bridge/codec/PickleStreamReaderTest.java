package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ps.bridge.codec.Vectors.frame;
import static ps.bridge.codec.Vectors.pickle;
import static ps.bridge.codec.Vectors.resource;
import static ps.bridge.codec.Vectors.str;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.ProtocolException;

class PickleStreamReaderTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void readsSeveralFramesThenNullAtTheCleanEnd() throws Exception {
        RecordReader reader = reader(resource("records_three.frames"), MIB);
        assertEquals("one", reader.next().get(LogField.MESSAGE));
        assertEquals("two", reader.next().get(LogField.MESSAGE));
        LogEntry third = reader.next();
        assertEquals("three", third.get(LogField.MESSAGE));
        assertEquals("pickle", third.get(LogField.INPUT));
        assertNull(reader.next());
        assertNull(reader.next(), "stays at the end");
    }

    @Test
    void saysWhenTheNextRecordIsAlreadyBuffered() throws Exception {
        RecordReader reader = reader(resource("records_three.frames"), MIB);
        reader.next();
        assertTrue(reader.hasBuffered(), "the next frames came with the first read");
        reader.next();
        reader.next();
        assertTrue(!reader.hasBuffered(), "nothing left");
    }

    @Test
    void emptyStreamIsACleanEnd() throws Exception {
        assertNull(reader(new byte[0], MIB).next());
    }

    @Test
    void readsFramesArrivingOneByteAtATime() throws Exception {
        byte[] stream = pickle(resource("record_basic.frame"), resource("record_unicode.frame"));
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(stream)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        PickleStreamReader reader = new PickleStreamReader(trickle, MIB);
        assertEquals("billing", reader.next().get(LogField.SYSTEM_ID));
        assertEquals("Ünïcödé 🚀", reader.next().get(LogField.SYSTEM_ID));
        assertNull(reader.next());
    }

    @Test
    void readsFramesOfMixedSizes() throws Exception {
        byte[] big = resource("record_big.frame");
        byte[] small = resource("record_basic.frame");
        byte[] medium = frame(pickle("}", str("msg"), "X", Vectors.le32(50_000), "m".repeat(50_000), "s."));
        RecordReader reader = reader(pickle(small, medium, big, small, medium, small), 2 * MIB);
        for (int expected : new int[] {22, 50_000, MIB, 22, 50_000, 22}) {
            assertEquals(expected, reader.next().get(LogField.MESSAGE).length());
        }
        assertNull(reader.next());
    }

    @Test
    void refusesAFrameLongerThanTheLimitBeforeReadingIt() {
        byte[] big = resource("record_big.frame");
        int length = big.length - 4;
        assertEquals("frame of " + length + " bytes exceeds the limit of " + MIB, refused(big, MIB));
        // no body follows: the length alone is refused, nothing is allocated for it
        assertEquals("frame of 4294967295 bytes exceeds the limit of 16777216",
                refused(new byte[] {-1, -1, -1, -1}, 16 * MIB));
        assertEquals("frame of 2147483648 bytes exceeds the limit of 2147483647",
                refused(new byte[] {(byte) 0x80, 0, 0, 0}, Integer.MAX_VALUE));
    }

    @Test
    void refusesAnEmptyFrame() {
        assertEquals("empty frame: length 0", refused(new byte[] {0, 0, 0, 0}, MIB));
    }

    @Test
    void refusesEndOfStreamInsideAFrame() throws Exception {
        byte[] frame = resource("record_basic.frame");
        assertEquals("truncated frame: end of stream after 2 of 4 length bytes", refused(Arrays.copyOf(frame, 2), MIB));
        assertEquals("truncated frame: end of stream after 0 of " + (frame.length - 4) + " bytes",
                refused(Arrays.copyOf(frame, 4), MIB));
        assertEquals("truncated frame: end of stream after 100 of " + (frame.length - 4) + " bytes",
                refused(Arrays.copyOf(frame, 104), MIB));

        RecordReader reader = reader(pickle(frame, Arrays.copyOf(frame, 1)), MIB);
        reader.next();
        assertThrows(ProtocolException.class, reader::next);
    }

    @Test
    void refusesAFrameWhosePickleIsRefused() {
        String reason = refused(frame(pickle("cos\nsystem\n(S'echo'\ntR.")), MIB);
        assertTrue(reason.startsWith("refused pickle opcode GLOBAL"), reason);
        assertEquals("refused pickle: top-level object is a list, not a dict", refused(frame(pickle("].")), MIB));
    }

    @Test
    void rejectsABadLimit() {
        assertThrows(IllegalArgumentException.class, () -> new PickleStreamReader(InputStream.nullInputStream(), 0));
    }

    private static RecordReader reader(byte[] stream, int maxFrameBytes) {
        return new PickleStreamReader(new ByteArrayInputStream(stream), maxFrameBytes);
    }

    private static String refused(byte[] stream, int maxFrameBytes) {
        return assertThrows(ProtocolException.class, () -> reader(stream, maxFrameBytes).next()).getMessage();
    }
}
