package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ps.bridge.codec.Vectors.pickle;
import static ps.bridge.codec.Vectors.refused;
import static ps.bridge.codec.Vectors.str;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;

/** The decoded size of a frame stays within a bound relative to the frame; buffers grow as bytes arrive. */
class DecodedSizeTest {
    static final int MIB = 1024 * 1024;

    /** One allow-listed opcode repeated over a 1 MB frame: each builds an object dozens of bytes large. */
    @Test
    void oneCheapOpcodeRepeatedIsRefusedByTheHeapBound() {
        // EMPTY_DICT, EMPTY_LIST, NONE, SHORT_BINUNICODE of "" (below), EMPTY_SET
        for (char op : new char[] {'}', ']', 'N', 'X', 0x8f}) {
            byte[] body = new byte[MIB];
            Arrays.fill(body, (byte) op);
            body[0] = '}';
            body[1] = '(';
            if (op == 'X') {
                // SHORT_BINUNICODE "" is 2 bytes (opcode 0x8c, length 0): many empty strings
                for (int i = 2; i + 1 < body.length; i += 2) {
                    body[i] = (byte) 0x8c;
                    body[i + 1] = 0;
                }
            }
            ps.client.wire.ProtocolException e = assertThrows(ps.client.wire.ProtocolException.class,
                    () -> PickleDecoder.decode(body));
            assertTrue(e.getMessage().contains("decoded values would take more than")
                    || e.getMessage().contains("more than 1000000 values")
                    || e.getMessage().contains("stack underflow") || e.getMessage().contains("without STOP"),
                    (int) op + ": " + e.getMessage());
        }
        byte[] dicts = new byte[MIB];
        Arrays.fill(dicts, (byte) '}');
        refused(dicts, "decoded values would take more than " + (16L * MIB + (256 << 10)) + " bytes");
    }

    @Test
    void sharedContainersExpandToNoMoreThanTwiceThePickle() {
        // a list holding one list 60,000 times: few bytes, many values when walked (and repr'd)
        StringBuilder dups = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            dups.append('h').append((char) 0);
        }
        byte[] pickle = pickle("}", str("msg"), "](]q", 0, "(NNNNNNNNNNe", dups.toString(), "es.");
        refused(pickle, "shared references expand to more than " + (2 * pickle.length + 10_000) + " values");
    }

    @Test
    void aRealRecordIsWellWithinTheBound() throws Exception {
        LogEntry entry = new PickleStreamReader(new ByteArrayInputStream(Vectors.resource("records_three.frames")), MIB).next();
        assertEquals("one", entry.get(LogField.MESSAGE));
        String big = "x".repeat(MIB - 1000);
        assertEquals(big, ((java.util.Map<?, ?>) PickleDecoder.decode(pickle("}", str("msg"), str(big), "s."))).get("msg"));
    }

    /** A sender announcing a large frame and sending little costs what it sent, not what it announced. */
    @Test
    void aDeclaredLengthIsNotAllocatedUpFront() throws Exception {
        byte[] head = {0x00, (byte) 0xf0, 0, 0, NativeProtocol.RECORD, 1, 2, 3};
        long before = allocated();
        assertThrows(ps.client.wire.ProtocolException.class, () -> NativeProtocol.readFrame(new ByteArrayInputStream(head), 16 * MIB));
        assertTrue(allocated() - before < 1 * MIB, "allocated " + (allocated() - before) + " bytes for a 15 MiB announcement");

        byte[] pickleHead = {0x00, (byte) 0xf0, 0, 0, (byte) 0x80, 4};
        before = allocated();
        assertThrows(ps.client.wire.ProtocolException.class,
                () -> new PickleStreamReader(new ByteArrayInputStream(pickleHead), 16 * MIB).next());
        assertTrue(allocated() - before < 1 * MIB, "allocated " + (allocated() - before) + " bytes for a 15 MiB announcement");

        byte[] syslogHead = "15000000 <14>1 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        before = allocated();
        assertThrows(ps.client.wire.ProtocolException.class,
                () -> new SyslogStreamReader(new ByteArrayInputStream(syslogHead), 16 * MIB).next());
        assertTrue(allocated() - before < 1 * MIB, "allocated " + (allocated() - before) + " bytes for a 15 MB announcement");
    }

    @Test
    void aFrameArrivingInPiecesIsReadWhole() throws Exception {
        byte[] body = new byte[300_000];
        Arrays.fill(body, (byte) 7);
        byte[] frame = new byte[4 + 1 + body.length];
        java.nio.ByteBuffer.wrap(frame).putInt(1 + body.length).put(NativeProtocol.RECORD).put(body);
        InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(frame)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
        NativeProtocol.Frame read = NativeProtocol.readFrame(trickle, MIB);
        assertEquals(NativeProtocol.RECORD, read.type());
        assertTrue(Arrays.equals(body, read.body()));
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
