package ps.basic.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    @TempDir
    Path dir;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(Shell.class.getName());

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
    }

    @Test
    void returnsStdoutStderrExitCodeAndRunTimeAndLogsSuccessAsDebug() {
        ShellResult result = new Shell(Duration.ofSeconds(20)).run("sh", "-c", "echo one; echo two; echo warn >&2");
        assertEquals(List.of("one", "two"), result.stdout());
        assertEquals(List.of("warn"), result.stderr());
        assertEquals(0, result.exitCode());
        assertTrue(result.ok());
        assertTrue(result.runTimeText().matches("0:00:\\d\\d\\.\\d{3}"), result.runTimeText());
        assertEquals(Level.FINE, records.get(0).getLevel());
        assertTrue(records.get(0).getMessage().startsWith("SUCCESS"));
    }

    @Test
    void aFailureIsLoggedAsErrorWithItsStderr() {
        ShellResult result = new Shell(Duration.ofSeconds(20)).run("sh", "-c", "echo broken >&2; exit 3");
        assertEquals(3, result.exitCode());
        assertFalse(result.ok());
        assertEquals(Level.SEVERE, records.get(0).getLevel());
        String text = new java.util.logging.SimpleFormatter().formatMessage(records.get(0));
        assertTrue(text.startsWith("ERROR") && text.contains("exit 3") && text.contains("broken"), text);
    }

    @Test
    void aValueNeverRunsAsShellTextNeitherAsArgumentNorAsEnvironment() throws Exception {
        Path marker = dir.resolve("x");
        String attack = "$(touch " + marker + ")";
        Shell shell = new Shell(Duration.ofSeconds(20));
        ShellResult asArgument = shell.run("echo", attack);
        ShellResult asEnvironment = shell.run(Shell.Command.of("sh", "-c", "echo \"$VALUE\"").env("VALUE", attack));
        assertEquals(List.of(attack), asArgument.stdout());
        assertEquals(List.of(attack), asEnvironment.stdout());
        assertFalse(Files.exists(marker), "the value ran as a command");
    }

    @Test
    void aCommandOverItsTimeoutIsKilledAndReported() {
        ShellResult result = new Shell(Duration.ofSeconds(20)).run(Shell.Command.of("sleep", "30").timeout(Duration.ofMillis(300)));
        assertTrue(result.timedOut());
        assertEquals(-1, result.exitCode());
        assertTrue(result.runTime().compareTo(Duration.ofSeconds(10)) < 0);
        assertEquals(Level.SEVERE, records.get(0).getLevel());
    }

    @Test
    void aChattyCommandKeepsBoundedOutput() {
        ShellResult result = new Shell(Duration.ofSeconds(30)).run("sh", "-c",
                "head -c 200000 /dev/zero | tr '\\0' x; echo; seq 1 20000");
        assertEquals(Shell.MAX_LINE_CHARS, result.stdout().get(0).length(), "a long line is cut");
        assertEquals(Shell.MAX_LINES + 1, result.stdout().size());
        assertTrue(result.stdout().get(Shell.MAX_LINES).contains("10001 more lines not kept"), result.stdout().get(Shell.MAX_LINES));
    }

    @Test
    void aProgramThatCannotStartIsAFailureNotAnException() {
        ShellResult result = new Shell(Duration.ofSeconds(5)).run("/no/such/program");
        assertEquals(-1, result.exitCode());
        assertFalse(result.stderr().isEmpty());
    }
}
