package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;

/**
 * The bad-input corpus against the live bridge. A case whose framing is broken closes the connection with
 * one WARN line naming peer, input and reason, and a good record sent next on a fresh connection is stored.
 * A case whose frame is intact but whose content is bad is refused alone: one WARN line names peer, input
 * and reason, the connection goes on, and a good record sent behind it on the same connection is stored. The GELF and
 * syslog cases are the files under ps-rar's src/test/resources/badinput (also run by the decoders' unit
 * tests); the native cases are built here. The server runs with a 4,096-byte record limit, as the corpus
 * assumes.
 */
class BadInputIT {
    static final Path CORPUS = Path.of(System.getProperty("ps.badinput.dir", "../ps-rar/src/test/resources/badinput"));
    static PsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PsServer.start(PsServer.dataDir("bad-input"), Map.of("PS_MAX_RECORD_BYTES", "4096"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @TestFactory
    Stream<DynamicTest> gelfCorpus() throws IOException {
        return corpus("gelf").entrySet().stream().map(c -> DynamicTest.dynamicTest("gelf " + c.getKey(), () -> {
            byte[] bytes = Files.readAllBytes(CORPUS.resolve("gelf").resolve(c.getKey()));
            String message = "good gelf after " + c.getKey();
            byte[] good = ("{\"version\":\"1.1\",\"host\":\"corpus\",\"short_message\":\"" + message
                    + "\",\"_system_id\":\"corpus\"}\0").getBytes(StandardCharsets.UTF_8);
            if (closes(c.getValue())) {
                refused("gelf", server.gelfPort, bytes, c.getValue());
                send(server.gelfPort, good);
            } else {
                refusedAlone("gelf", server.gelfPort, concat(bytes, good), c.getValue());
            }
            awaitStored(message);
        }));
    }

    @TestFactory
    Stream<DynamicTest> syslogCorpus() throws IOException {
        return corpus("syslog").entrySet().stream().map(c -> DynamicTest.dynamicTest("syslog " + c.getKey(), () -> {
            byte[] bytes = Files.readAllBytes(CORPUS.resolve("syslog").resolve(c.getKey()));
            String message = "good syslog after " + c.getKey();
            String line = "<14>1 2026-11-26T12:00:00.000Z corpus corpus - - - " + message;
            byte[] good = (line.getBytes(StandardCharsets.UTF_8).length + " " + line).getBytes(StandardCharsets.UTF_8);
            if (closes(c.getValue())) {
                refused("syslog", server.syslogPort, bytes, c.getValue());
                send(server.syslogPort, good);
            } else {
                // an LF-framed bad line ends with its LF, so the octet-counted good frame follows cleanly
                refusedAlone("syslog", server.syslogPort, concat(bytes, good), c.getValue());
            }
            awaitStored(message);
        }));
    }

    @TestFactory
    Stream<DynamicTest> nativeCases() throws IOException {
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("length beyond the limit", new Object[] {bytes(0x7f, 0xff, 0xff, 0xff, 2), "exceeds the limit of 4096"});
        cases.put("zero length", new Object[] {bytes(0, 0, 0, 0), "empty frame"});
        cases.put("record before hello", new Object[] {frames(false, record(1, "x")), "expected HELLO as first frame"});
        cases.put("wrong magic", new Object[] {concat(bytes(0, 0, 0, 10, 1, 'X', 'Y', 'Z', 1, 0, 0, 0, 1, 'a')), "not a PS native HELLO frame"});
        cases.put("unknown version", new Object[] {concat(bytes(0, 0, 0, 10, 1, 'P', 'S', 'N', 9, 0, 0, 0, 1, 'a')), "unsupported protocol version 9"});
        cases.put("truncated body", new Object[] {concat(frames(true), bytes(0, 0, 0, 100, 2, 1, 2, 3)), "truncated frame"});
        cases.put("truncated length", new Object[] {concat(frames(true), bytes(0, 0)), "truncated frame"});
        cases.put("invalid utf-8", new Object[] {concat(frames(true), invalidUtf8Record()), "invalid UTF-8"});
        cases.put("sequence zero", new Object[] {frames(true, record(0, "zero")), "sequence number 0"});
        cases.put("unknown frame type", new Object[] {concat(frames(true), bytes(0, 0, 0, 1, 9)), "unexpected frame type 9"});
        return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest("native " + c.getKey(), () -> {
            String message = "good native after " + c.getKey();
            byte[] bytes = (byte[]) c.getValue()[0];
            String reason = (String) c.getValue()[1];
            if (c.getKey().equals("invalid utf-8") || c.getKey().equals("sequence zero")) {
                // the frame is intact: the record is refused alone and the one behind it (a seq of its own) is stored
                refusedAlone("native", server.nativePort, concat(bytes, frames(false, record(System.nanoTime(), message))), reason);
            } else {
                refused("native", server.nativePort, bytes, reason);
                Process cli = RecordPathIT.cli("--port", Integer.toString(server.nativePort), "--system", "corpus", message);
                assertEquals(0, cli.waitFor(), () -> RecordPathIT.output(cli));
            }
            awaitStored(message);
        }));
    }

    /** Broken framing closes the connection; anything else is a bad record in an intact frame. */
    static boolean closes(String reason) {
        return reason.startsWith("truncated") || reason.contains("limit of") || reason.contains("octet count")
                || reason.contains("must be uncompressed");
    }

    /**
     * Sends the bytes and half-closes; expects the record refused with a logged reason while the connection
     * goes on (on native: no ERROR frame, REFUSED for a record with a seq, an ACK for the record behind it),
     * until the bridge sees the end.
     */
    static void refusedAlone(String input, int port, byte[] bytes, String reason) throws Exception {
        String peer;
        try (Socket socket = new Socket("localhost", port)) {
            peer = "/127.0.0.1:" + socket.getLocalPort();
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(bytes);
            socket.shutdownOutput();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            NativeProtocol.Frame frame;
            while ((frame = NativeProtocol.readFrame(in, 1 << 16)) != null) {
                if (frame.type() == NativeProtocol.REFUSED) { // the refused record's seq, with its reason
                    String told = NativeProtocol.readRefused(frame.body()).reason();
                    assertTrue(told.contains(reason), "REFUSED names '" + reason + "': " + told);
                } else {
                    assertEquals(NativeProtocol.ACK, frame.type(), "only ACKs and REFUSED on a connection that goes on");
                }
            }
        }
        String expected = "PS bridge refused a record from " + peer + " on " + input + ": ";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : server.log().split("\n")) {
                if (line.contains(expected)) {
                    assertTrue(line.contains(reason), "logged reason names '" + reason + "': " + line);
                    assertTrue(line.contains("WARNING"), line);
                    assertTrue(!server.log().contains("PS bridge closed connection from " + peer), "not closed");
                    return;
                }
            }
            Thread.sleep(100);
        }
        fail("no WARN line '" + expected + "…' in the server log");
    }

    /** Sends the bytes, half-closes, and expects the server to close the connection with a logged reason. */
    static void refused(String input, int port, byte[] bytes, String reason) throws Exception {
        String peer;
        try (Socket socket = new Socket("localhost", port)) {
            peer = "/127.0.0.1:" + socket.getLocalPort();
            socket.setSoTimeout(15_000);
            try {
                socket.getOutputStream().write(bytes);
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // the native input answers with an ERROR frame before closing
                }
            } catch (SocketTimeoutException e) {
                fail("the bridge did not close the connection within 15 s");
            } catch (SocketException e) {
                // closed while we were still writing: refused as well
            }
        }
        String expected = "PS bridge closed connection from " + peer + " on " + input + ": ";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : server.log().split("\n")) {
                if (line.contains(expected)) {
                    assertTrue(line.contains(reason), "logged reason names '" + reason + "': " + line);
                    assertTrue(line.contains("WARNING"), line);
                    return;
                }
            }
            Thread.sleep(100);
        }
        fail("no WARN line '" + expected + "…' in the server log");
    }

    static void send(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(bytes);
        }
    }

    static void awaitStored(String message) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (server.countInDatabase("SELECT count(*) FROM log WHERE message = '" + message.replace("'", "''") + "'") == 1) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the good record '" + message + "' was not stored");
    }

    static Map<String, String> corpus(String input) throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve(input).resolve("expected.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            cases.put(parts[0], parts[1]);
        }
        return cases;
    }

    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static LogEntry record(long seq, String message) {
        return new LogEntry().seq(seq).created(System.currentTimeMillis()).level(Level.INFO)
                .set(LogField.SYSTEM_ID, "corpus").set(LogField.MESSAGE, message);
    }

    static byte[] frames(boolean hello, LogEntry... records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (hello) {
            NativeProtocol.writeHello(out, "corpus-client");
        }
        for (LogEntry record : records) {
            NativeProtocol.writeRecord(out, record);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** A RECORD frame whose message bytes are not UTF-8. */
    static byte[] invalidUtf8Record() throws IOException {
        byte[] frame = frames(false, record(1, "AAAA"));
        // the message's four bytes, not the first 'A' (0x41) anywhere: the created time's bytes may hold one
        int message = -1;
        for (int i = frame.length - 4; i >= 0 && message < 0; i--) {
            if (frame[i] == 'A' && frame[i + 1] == 'A' && frame[i + 2] == 'A' && frame[i + 3] == 'A') {
                message = i;
            }
        }
        frame[message] = (byte) 0xC3;
        frame[message + 1] = (byte) 0x28;
        return frame;
    }
}
