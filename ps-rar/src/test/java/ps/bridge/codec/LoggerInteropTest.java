package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;

/** Real RFC 5424 output of util-linux {@code logger} (package bsdutils), skipped where it is not installed. */
class LoggerInteropTest {
    private static String logger;

    @BeforeAll
    static void findLogger() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "logger");
            if (candidate.canExecute()) {
                logger = candidate.getPath();
                return;
            }
        }
    }

    @Test
    void octetCounted() throws Exception {
        List<LogEntry> entries = receive(List.of("--octet-count", "-p", "local0.err", "--msgid", "MID",
                "--sd-id", "zoo@32473", "--sd-param", "tiger=\"hungry \\\"q\\\" \\] x\"", "msg \u00fc"));
        assertEquals(1, entries.size());
        LogEntry entry = entries.get(0);
        assertEquals("msg \u00fc", entry.get(LogField.MESSAGE));
        assertEquals("app", entry.get(LogField.SYSTEM_ID));
        assertNotNull(entry.get(LogField.SUB_SYSTEM_ID));
        assertEquals("MID", entry.get(LogField.NAME));
        assertEquals(Level.ERROR.number(), entry.levelno());
        String extra = entry.get(LogField.EXTRA);
        assertTrue(extra.startsWith("{\"facility\":16,\"sd\":{\"timeQuality\":{"), extra);
        assertTrue(extra.endsWith("\"zoo@32473\":{\"tiger\":\"hungry \\\"q\\\" ] x\"}}}"), extra);
        assertTrue(Math.abs(entry.created() - System.currentTimeMillis()) < 60_000, "logger stamps the current time");
    }

    @Test
    void lfFramed() throws Exception {
        List<LogEntry> entries = receive(List.of("first line"));
        assertEquals(1, entries.size());
        assertEquals("first line", entries.get(0).get(LogField.MESSAGE));
        assertEquals(Level.INFO.number(), entries.get(0).levelno(), "logger's default is user.notice");
    }

    /** Runs logger against a local port and reads what it sends until it closes the connection. */
    private static List<LogEntry> receive(List<String> arguments) throws Exception {
        assumeTrue(logger != null, "util-linux logger is not on the PATH");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            List<String> command = new ArrayList<>(List.of(logger, "--tcp", "--rfc5424", "-n", "127.0.0.1",
                    "-P", Integer.toString(server.getLocalPort()), "-t", "app"));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<LogEntry> entries = new ArrayList<>();
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                RecordReader reader = new SyslogStreamReader(socket.getInputStream(), 64 * 1024);
                for (LogEntry entry; (entry = reader.next()) != null;) {
                    entries.add(entry);
                }
                assertNull(reader.next());
            } finally {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.exitValue(), "logger failed: " + output);
            return entries;
        } catch (IOException e) {
            throw new AssertionError("receiving from logger failed", e);
        }
    }
}
