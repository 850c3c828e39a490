package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class CliTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private void assertUsageError(String expected, String... args) {
        assertEquals(2, run(args), output());
        assertTrue(output().contains("ps-client: " + expected), output());
        assertTrue(output().contains("usage: java -jar ps-client.jar"), output());
    }

    @Test
    void theTokenOptionReachesTheBridge() throws Exception {
        try (FakeBridge bridge = new FakeBridge()) {
            assertEquals(0, run("--host", FakeBridge.HOST, "--port", Integer.toString(bridge.port()), "--system", "s",
                    "--token", "ps_cli-token", "hello"), output());
            assertEquals(List.of("ps_cli-token"), bridge.tokens());
        }
    }

    @Test
    void anUnreadableTlsFileIsAUsageError() {
        assertEquals(2, run("--system", "s", "--tls", "/nonexistent/cert.pem", "hello"), output());
        assertTrue(output().contains("ps-client: tls: "), output());
    }

    @Test
    void missingSystemIsAUsageError() {
        assertUsageError("--system is required", "--port", "9120", "hello");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertUsageError("unknown option --colour", "--system", "s", "--colour", "red", "hello");
    }

    @Test
    void badPortIsAUsageError() {
        assertUsageError("--port must be a number in 1..65535, not '70000'", "--system", "s", "--port", "70000", "hi");
        output.reset();
        assertUsageError("--port must be a number in 1..65535, not 'http'", "--system", "s", "--port", "http", "hi");
    }

    @Test
    void unknownLevelIsAUsageError() {
        assertUsageError("unknown level 'LOUD'", "--system", "s", "--level", "LOUD", "hi");
    }

    @Test
    void missingMessageIsAUsageError() {
        assertUsageError("no message given", "--system", "s", "--port", "9120");
    }

    @Test
    void optionWithoutValueIsAUsageError() {
        assertUsageError("--system needs a value", "--system");
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(2, run("--help"));
        assertTrue(output().startsWith("usage:"), output());
    }

    @Test
    void deliversTheRecordAndExitsZeroOnceAcknowledged() throws Exception {
        try (FakeBridge bridge = new FakeBridge()) {
            int code = run("--host", FakeBridge.HOST, "--port", Integer.toString(bridge.port()),
                    "--system", "backup", "--level", "warn", "--version", "1.2.3", "--logger", "nightly.sh",
                    "--stage", "testing", "--timeout", "10", "disk", "almost", "--full");

            assertEquals(0, code, output());
            List<FakeBridge.Received> received = bridge.received();
            assertEquals(1, received.size());
            LogEntry entry = received.get(0).entry();
            assertEquals("backup", entry.get(LogField.SYSTEM_ID));
            assertEquals(30, entry.levelno());
            assertEquals("WARNING", entry.get(LogField.LEVELNAME));
            assertEquals("1.2.3", entry.get(LogField.PACKAGE_VERSION));
            assertEquals("TESTING", entry.get(LogField.STAGE));
            assertEquals("nightly.sh", entry.get(LogField.NAME));
            assertEquals("disk almost --full", entry.get(LogField.MESSAGE), "options after the message are words");
            assertEquals(1, entry.seq());
            assertTrue(entry.created() > 0);
        }
    }

    @Test
    void exitsOneWhenTheRecordCannotBeDelivered() throws IOException {
        int port = FakeBridge.closedPort();

        int code = run("--host", FakeBridge.HOST, "--port", Integer.toString(port), "--system", "s",
                "--timeout", "2", "hello");

        assertEquals(1, code, output());
        assertTrue(output().contains("record not delivered to " + FakeBridge.HOST + ":" + port + " within 2 s"),
                output());
    }
}
