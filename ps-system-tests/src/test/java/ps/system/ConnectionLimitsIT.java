package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idle and slow connections time out, connections per input are capped, and each refusal is logged. */
class ConnectionLimitsIT {
    static PsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PsServer.start(PsServer.dataDir("limits"), Map.of(
                "PS_MAX_CONNECTIONS", "2", "PS_IDLE_TIMEOUT_SECONDS", "2", "PS_RECORD_TIMEOUT_SECONDS", "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aThirdConnectionIsRefusedAndIdleOnesAreClosed() throws Exception {
        try (Socket first = new Socket("localhost", server.gelfPort);
             Socket second = new Socket("localhost", server.gelfPort)) {
            Thread.sleep(300); // both accepted
            try (Socket third = new Socket("localhost", server.gelfPort)) {
                third.setSoTimeout(5_000);
                assertEquals(-1, third.getInputStream().read(), "the third connection is closed at once");
                awaitLog("PS bridge refused connection from /127.0.0.1:" + third.getLocalPort()
                        + " on gelf: 2 connections open (setting ps.max.connections)");
            }
            first.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertEquals(-1, first.getInputStream().read(), "an idle connection is closed");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 9_000);
            awaitLog("PS bridge closed connection from /127.0.0.1:" + first.getLocalPort()
                    + " on gelf: idle for more than 2 s (setting ps.idle.timeout.seconds)");
        }
        var response = server.get("/api/bridge");
        assertEquals(200, response.statusCode());
        var gelf = jakarta.json.Json.createReader(new java.io.StringReader(response.body())).readObject()
                .getJsonObject("inputs").getJsonObject("gelf");
        assertTrue(gelf.getJsonNumber("refused_connections").longValue() >= 1, gelf.toString());
        assertTrue(gelf.getJsonNumber("refused_input").longValue() >= 1, gelf.toString());
    }

    @Test
    void aSenderTricklingARecordIsClosedByTheRecordTimeout() throws Exception {
        String line = "<14>1 2026-11-26T12:00:00Z host app - - - a record sent one byte at a time, slowly";
        byte[] frame = (line.length() + " " + line).getBytes(StandardCharsets.US_ASCII);
        try (Socket slow = new Socket("localhost", server.syslogPort)) {
            slow.setSoTimeout(500);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            boolean closed = false;
            for (int i = 0; i < frame.length && !closed; i++) {
                try {
                    out.write(frame[i]); // one byte every 500 ms: never idle for 2 s, never a whole record
                    out.flush();
                    closed = in.read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed, "the slow connection was closed before its record completed");
            awaitLog("PS bridge closed connection from /127.0.0.1:" + slow.getLocalPort()
                    + " on syslog: too slow: a record did not complete within 3 s (setting ps.record.timeout.seconds)");
        }
    }

    static void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (server.log().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no log line containing: " + text);
    }
}
