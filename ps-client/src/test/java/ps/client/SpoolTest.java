package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static List<LogEntry> entries(int from, int to) {
        List<LogEntry> list = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            list.add(new LogEntry().seq(i).created(i).level(Level.INFO).set(LogField.MESSAGE, "spooled " + i));
        }
        return list;
    }

    @Test
    void recordsSurviveReopeningWithTheirClientIdAndOrder() throws Exception {
        Path file = dir.resolve("app.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append("client-1", entries(1, 3));
            spool.append("client-1", entries(4, 5));
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertEquals("client-1", spool.clientId());
            assertEquals(5, spool.records());
            assertEquals(5, spool.lastSeq());
            List<String> messages = new ArrayList<>();
            try (Spool.Reader reader = spool.reader()) {
                LogEntry entry;
                while ((entry = reader.next()) != null) {
                    messages.add(entry.get(LogField.MESSAGE));
                }
            }
            assertEquals(List.of("spooled 1", "spooled 2", "spooled 3", "spooled 4", "spooled 5"), messages);
            spool.clear();
            assertTrue(spool.isEmpty());
            assertNull(spool.clientId());
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertTrue(spool.isEmpty(), "a cleared spool stays empty");
        }
    }

    @Test
    void aFrameTornByACrashIsCutOffAndTheRestKept() throws Exception {
        Path file = dir.resolve("torn.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append("client-2", entries(1, 4));
        }
        long whole = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(whole - 3); // the last frame loses its tail
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertEquals(3, spool.records());
            assertEquals(3, spool.lastSeq());
            spool.append("client-2", entries(4, 4)); // appending after recovery keeps the file readable
            assertEquals(4, spool.records());
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertEquals(4, spool.records());
        }
    }

    @Test
    void aSecondProcessGetsItsOwnFile() throws Exception {
        Path file = dir.resolve("shared.spool");
        try (Spool first = Spool.open(file, 1 << 20); Spool second = Spool.open(file, 1 << 20)) {
            assertNotEquals(first.file(), second.file(), "the lock sends the second user to a file of its own");
        }
    }
}
