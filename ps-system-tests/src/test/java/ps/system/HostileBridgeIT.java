package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;

/**
 * Hostile input on the bridge's TCP inputs. Every case ends with {@link Hostile#assertStillWell(String)}:
 * PS alive and ready, heap under the cap, another client's good record acknowledged within a second, no
 * acknowledged record lost; where a refusal is logged, {@link Hostile#assertLoggedOnce(String)} first.
 */
class HostileBridgeIT {
    static final int MB = 1_000_000;
    static final int MIB = 1 << 20;
    static Hostile ps;

    @BeforeAll
    static void start() throws Exception {
        ps = Hostile.start("bridge");
        // jstat attaches slowly on a crowded machine: the first case must not run before the first sample
        long deadline = System.nanoTime() + 60 * Hostile.SECOND_NANOS;
        while (ps.peakHeapBytes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (ps != null) {
            ps.close();
        }
    }

    @BeforeEach
    void mark() throws Exception {
        ps.mark();
    }

    // ---- reproduction 1: eight frames of one allow-listed opcode repeated ran the heap out

    @Test
    void eightMegabytePickleFramesOfOneOpcodeAreRefusedAndTheRecordBehindThemIsStored() throws Exception {
        try (Socket socket = new Socket("localhost", ps.server.picklePort)) {
            OutputStream out = socket.getOutputStream();
            byte[] frame = oneOpcodeFrame('}'); // EMPTY_DICT, a million times
            for (int i = 0; i < 8; i++) {
                out.write(frame);
            }
            out.write(pickleFrame("hostile-pickle", "after eight dict floods"));
            out.flush();
            socket.shutdownOutput();
            drain(socket.getInputStream());
        }
        awaitStored("message = 'after eight dict floods'", 1);
        ps.assertLoggedOnce("decoded values would take more than");
        ps.assertStillWell("eight 1 MB pickle frames of EMPTY_DICT");
    }

    @Test
    void eightConnectionsAtOnceEachWithAMegabyteOfOneOpcodeAreRefusedEach() throws Exception {
        char[] opcodes = {'}', ']', (char) 0x8f, '}', ']', (char) 0x8f, '}', ']'}; // EMPTY_DICT, EMPTY_LIST, EMPTY_SET
        List<Thread> senders = new ArrayList<>();
        for (char opcode : opcodes) {
            Thread sender = new Thread(() -> {
                try (Socket socket = new Socket("localhost", ps.server.picklePort)) {
                    socket.getOutputStream().write(oneOpcodeFrame(opcode));
                    socket.shutdownOutput();
                    drain(socket.getInputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join(60_000);
        }
        ps.assertLoggedTimes("decoded values would take more than", 8);
        ps.assertStillWell("eight connections at once with 1 MB of one pickle opcode");
    }

    // ---- reproduction 3: 300 connections holding half-sent 1 MiB frames starved a good client

    @Test
    void threeHundredConnectionsHoldingHalfSentFramesDoNotStarveAGoodClient() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        CountDownLatch sent = new CountDownLatch(300);
        try {
            for (int i = 0; i < 100; i++) {
                for (int[] input : new int[][] {{ps.server.picklePort, 0}, {ps.server.syslogPort, 1}, {ps.server.nativePort, 2}}) {
                    Socket socket = new Socket("localhost", input[0]);
                    sockets.add(socket);
                    byte[] half = halfFrame(input[1]);
                    Thread sender = new Thread(() -> {
                        try {
                            socket.getOutputStream().write(half);
                            socket.getOutputStream().flush();
                        } catch (IOException e) {
                            // refused over the budget: closed by the bridge
                        } finally {
                            sent.countDown();
                        }
                    });
                    sender.setDaemon(true);
                    sender.start();
                    senders.add(sender);
                }
            }
            assertTrue(sent.await(120, TimeUnit.SECONDS), "the half frames were written or refused");
            ps.assertLoggedOnce("over the input memory budget of 64 MiB");
            // the 300 connections still hold what they sent (or were refused): a good client goes through
            ps.assertStillWell("300 connections holding half-sent 1 MiB frames");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    // ---- the memory budget and bounded buffers

    @Test
    void announcedFramesThatNeverArriveCostOnlyWhatWasSent() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            // 120 native connections announce a 1 MiB frame each and send 8 bytes of it: 120 MiB if allocated up front
            for (int i = 0; i < 120; i++) {
                Socket socket = new Socket("localhost", ps.server.nativePort);
                sockets.add(socket);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                NativeProtocol.writeHello(out, "announcer-" + i);
                out.writeInt(MIB);
                out.writeByte(NativeProtocol.RECORD);
                out.writeLong(1);
                socket.getOutputStream().write(bytes.toByteArray());
            }
            Thread.sleep(1000);
            ps.assertStillWell("120 announced 1 MiB frames that never arrive");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    // ---- a malformed record on an intact frame is refused alone; the connection goes on

    @Test
    void aNativeRecordWithInvalidUtf8IsRefusedAloneAndAcknowledged() throws Exception {
        String client = "hostile-utf8-" + System.nanoTime();
        byte[] bad = BadInputIT.invalidUtf8Record(); // seq 1
        ByteBuffer.wrap(bad).putLong(5, 2); // length 4, type 1, then the seq: make it 2
        byte[] stream = BadInputIT.concat(nativeFrames(client, record(1, "utf8 before")), bad,
                nativeFrames(null, record(3, "utf8 after")));
        lastRefusals.clear();
        assertEquals(3, sendNative(stream), "the refused seq 2 is acknowledged with the record after it");
        assertEquals(1, lastRefusals.size(), lastRefusals::toString);
        assertEquals(2, lastRefusals.get(0).seq(), "the sender learns which record was refused");
        assertTrue(lastRefusals.get(0).reason().contains("invalid UTF-8"), lastRefusals.get(0).reason());
        awaitStored("client_id = '" + client + "'", 2);
        ps.assertLoggedOnce("invalid UTF-8");
        ps.assertStillWell("a native record with invalid UTF-8");
    }

    @Test
    void aNativeRecordWithSequenceZeroIsRefusedAloneAndTheNextIsStored() throws Exception {
        String client = "hostile-seq0-" + System.nanoTime();
        byte[] stream = nativeFrames(client, record(0, "seq zero"), record(1, "seq one"), record(2, "seq two"));
        assertEquals(2, sendNative(stream));
        awaitStored("client_id = '" + client + "'", 2);
        ps.assertLoggedOnce("sequence number 0 (must be > 0)");
        ps.assertStillWell("a native record with sequence number 0");
    }

    @Test
    void aGelfMessageWithBadJsonIsRefusedAloneAndThePipelinedOnesAreStored() throws Exception {
        String good = "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"%s\",\"_system_id\":\"hostile-gelf\"}\0";
        byte[] stream = (String.format(good, "gelf before bad json") + "{\"version\":\"1.1\",\"host\":\0"
                + String.format(good, "gelf after bad json")).getBytes(StandardCharsets.UTF_8);
        sendAndClose(ps.server.gelfPort, stream);
        awaitStored("message IN ('gelf before bad json', 'gelf after bad json')", 2);
        ps.assertLoggedOnce("GELF message is not valid JSON");
        ps.assertStillWell("a GELF message with bad JSON between good ones");
    }

    @Test
    void aSyslogLineThatDoesNotParseIsRefusedAloneAndThePipelinedOnesAreStored() throws Exception {
        String stream = "<14>1 2026-11-26T12:00:00Z h hostile-syslog - - - syslog before bad line\n"
                + "<14>2 this is no RFC 5424 line\n"
                + "<14>1 2026-11-26T12:00:00Z h hostile-syslog - - - syslog after bad line\n";
        sendAndClose(ps.server.syslogPort, stream.getBytes(StandardCharsets.UTF_8));
        awaitStored("message IN ('syslog before bad line', 'syslog after bad line')", 2);
        ps.assertLoggedOnce("expected VERSION 1 after PRI, got 2");
        ps.assertStillWell("a syslog line that does not parse between good ones");
    }

    @Test
    void aPickleFrameWithAForbiddenOpcodeIsRefusedAloneAndThePipelinedOnesAreStored() throws Exception {
        byte[] global = "\u0080\u0002cos\nsystem\n(S'touch /tmp/pwned'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        byte[] stream = BadInputIT.concat(pickleFrame("hostile-pickle", "pickle before GLOBAL"), lengthPrefixed(global),
                pickleFrame("hostile-pickle", "pickle after GLOBAL"));
        sendAndClose(ps.server.picklePort, stream);
        awaitStored("message IN ('pickle before GLOBAL', 'pickle after GLOBAL')", 2);
        ps.assertLoggedOnce("refused pickle opcode GLOBAL");
        ps.assertStillWell("a pickle frame with GLOBAL between good ones");
    }

    // ---- framing errors still close the connection

    @Test
    void garbageOnTheNativePortIsRefusedOnceAndPsStaysWell() throws Exception {
        try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 0, 0, 5, 'G', 'A', 'R', 'B', 'G'});
            out.flush();
            socket.shutdownOutput();
            drain(socket.getInputStream());
        }
        ps.assertLoggedOnce("on native: expected HELLO");
        ps.assertStillWell("garbage on the native port");
    }

    @Test
    void aNativeFrameOverTheLimitClosesTheConnectionAfterStoringWhatCameBefore() throws Exception {
        String client = "hostile-oversized-" + System.nanoTime();
        byte[] stream = BadInputIT.concat(nativeFrames(client, record(1, "before the oversized frame")),
                BadInputIT.bytes(0x7f, 0xff, 0xff, 0xff, 2));
        try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(stream);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            List<Byte> types = new ArrayList<>();
            NativeProtocol.Frame frame;
            while ((frame = NativeProtocol.readFrame(in, MIB)) != null) {
                types.add(frame.type());
            }
            assertEquals(List.of(NativeProtocol.ACK, NativeProtocol.ERROR), types, "ACK for seq 1, then ERROR and close");
        }
        awaitStored("client_id = '" + client + "'", 1);
        ps.assertLoggedOnce("bytes exceeds the limit of");
        ps.assertStillWell("a native frame over the limit");
    }

    // ---- helpers

    /** A 1 MB pickle frame: PROTO 2, then one opcode repeated to the end (no STOP). */
    static byte[] oneOpcodeFrame(char opcode) {
        byte[] body = new byte[MB];
        Arrays.fill(body, (byte) opcode);
        body[0] = (byte) 0x80;
        body[1] = 2;
        return lengthPrefixed(body);
    }

    /** Half of a 1 MiB frame for pickle (0), syslog (1) or native (2, after its HELLO). */
    static byte[] halfFrame(int input) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (input == 0) {
            out.writeInt(MIB);
            out.write(0x80);
        } else if (input == 1) {
            out.writeBytes(MIB + " <14>1 2026-11-26T12:00:00Z h app - - - ");
        } else {
            NativeProtocol.writeHello(out, "half-" + System.nanoTime());
            out.writeInt(MIB);
            out.writeByte(NativeProtocol.RECORD);
        }
        out.write(new byte[MIB / 2]);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] lengthPrefixed(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /** A SocketHandler-like frame: a protocol 2 pickle of {msg, levelno, name, system_id}. */
    static byte[] pickleFrame(String system, String message) {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(0x80);
        pickle.write(2);
        pickle.write('}');
        pickle.write('(');
        for (String[] pair : new String[][] {{"msg", message}, {"name", "hostile"}, {"system_id", system}}) {
            for (String text : pair) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                pickle.write('X');
                pickle.writeBytes(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
                pickle.writeBytes(utf8);
            }
        }
        pickle.writeBytes(new byte[] {'X', 7, 0, 0, 0});
        pickle.writeBytes("levelno".getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {'K', 20, 'u', '.'});
        return lengthPrefixed(pickle.toByteArray());
    }

    static LogEntry record(long seq, String message) {
        return new LogEntry().seq(seq).created(System.currentTimeMillis()).level(Level.INFO)
                .set(LogField.SYSTEM_ID, "hostile-native").set(LogField.MESSAGE, message);
    }

    /** A HELLO for the client (none when null) and the records. */
    static byte[] nativeFrames(String client, LogEntry... records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (client != null) {
            NativeProtocol.writeHello(out, client);
        }
        for (LogEntry record : records) {
            NativeProtocol.writeRecord(out, record);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Sends the native stream and returns the last ACK's seq once the bridge closes the connection or is silent. */
    static long sendNative(byte[] stream) throws IOException {
        long acked = -1;
        try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(stream);
            socket.shutdownOutput();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            NativeProtocol.Frame frame;
            while ((frame = NativeProtocol.readFrame(in, MIB)) != null) {
                if (frame.type() == NativeProtocol.ERROR) {
                    fail("the bridge closed the connection: " + NativeProtocol.readError(frame.body()));
                }
                if (frame.type() == NativeProtocol.ACK) {
                    acked = NativeProtocol.readAck(frame.body());
                }
                if (frame.type() == NativeProtocol.REFUSED) {
                    lastRefusals.add(NativeProtocol.readRefused(frame.body()));
                }
            }
        }
        return acked;
    }

    /** The REFUSED frames the bridge sent on the connections of {@link #sendNative} since the last clear. */
    static final java.util.List<NativeProtocol.Refusal> lastRefusals = new java.util.concurrent.CopyOnWriteArrayList<>();

    static void sendAndClose(int port, byte[] stream) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(stream);
            socket.shutdownOutput();
            drain(socket.getInputStream());
        }
    }

    static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                // until the bridge closes
            }
        } catch (IOException e) {
            // reset by the bridge: closed as well
        }
    }

    static void awaitStored(String where, long expected) throws Exception {
        long deadline = System.nanoTime() + 10 * Hostile.SECOND_NANOS;
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = ps.server.countInDatabase("SELECT count(*) FROM log WHERE " + where);
            if (count == expected) {
                return;
            }
            Thread.sleep(50);
        }
        fail("records stored WHERE " + where + ": " + count + ", expected " + expected);
    }
}
