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
    void damageInTheMiddleSkipsOnlyTheDamagedFramesAndIsCounted() throws Exception {
        Path file = dir.resolve("damaged.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append("client-3", entries(1, 10));
        }
        byte[] bytes = Files.readAllBytes(file);
        List<Integer> starts = frameStarts(bytes); // 0: the HELLO, 1: record 1, ...
        // garbage over the frames of records 3 and 4
        for (int i = starts.get(3); i < starts.get(5); i++) {
            bytes[i] = (byte) (i % 7 == 0 ? 0x01 : 0xEE);
        }
        Files.write(file, bytes);

        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertEquals("client-3", spool.clientId());
            assertEquals(8, spool.records(), "records before and after the damage");
            assertEquals(10, spool.lastSeq());
            assertEquals(1, spool.skippedRegions());
            assertTrue(spool.skippedBytes() > 0);
            List<String> messages = new ArrayList<>();
            try (Spool.Reader reader = spool.reader()) {
                LogEntry entry;
                while ((entry = reader.next()) != null) {
                    messages.add(entry.get(LogField.MESSAGE));
                }
            }
            assertEquals(List.of("spooled 1", "spooled 2", "spooled 5", "spooled 6", "spooled 7", "spooled 8",
                    "spooled 9", "spooled 10"), messages);
            spool.append("client-3", entries(11, 11));
        }
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertEquals(9, spool.records(), "appending after a damaged stretch keeps everything readable");
            assertEquals(11, spool.lastSeq());
        }
    }

    @Test
    void aDamagedHeaderKeepsTheRecords() throws Exception {
        Path file = dir.resolve("headless.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append("client-4", entries(1, 3));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[5] = 'X'; // "PSN" magic of the HELLO
        Files.write(file, bytes);
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertNull(spool.clientId(), "the client id is lost with the header");
            assertEquals(3, spool.records());
        }
    }

    private static List<Integer> frameStarts(byte[] bytes) {
        List<Integer> starts = new ArrayList<>();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            starts.add(buffer.position());
            buffer.position(buffer.position() + 4 + buffer.getInt(buffer.position()));
        }
        return starts;
    }

    @Test
    void aSecondProcessGetsItsOwnFile() throws Exception {
        Path file = dir.resolve("shared.spool");
        try (Spool first = Spool.open(file, 1 << 20); Spool second = Spool.open(file, 1 << 20)) {
            assertNotEquals(first.file(), second.file(), "the lock sends the second user to a file of its own");
        }
    }
}
