package ps.basic.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.Identity;
import ps.client.LogField;

class RotatingFileHandlerTest {
    @TempDir
    Path dir;

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("test.logger");
        return record;
    }

    @Test
    void rotatesAtItsSizeKeepingTheConfiguredBackups() throws Exception {
        Path file = dir.resolve("LOG/svc_t.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 1000, 3, null);
        for (int i = 0; i < 100; i++) {
            handler.publish(record("message number " + i + " " + "x".repeat(50)));
        }
        handler.close();
        assertTrue(Files.size(file) <= 1000);
        for (int i = 1; i <= 3; i++) {
            assertTrue(Files.exists(handler.backup(i)), "backup " + i);
            assertTrue(Files.size(handler.backup(i)) <= 1000 && Files.size(handler.backup(i)) > 500, "filled to about its size");
        }
        assertFalse(Files.exists(handler.backup(4)), "only 3 backups are kept");
        assertTrue(Files.readString(file).contains("message number 99 "), "the newest record is in the current file");
        assertTrue(Files.readString(handler.backup(3)).compareTo(Files.readString(handler.backup(1))) != 0);
    }

    @Test
    void deletesBackupsOlderThanTheMaximumAgeAndBeyondTheCount() throws Exception {
        Path file = dir.resolve("svc.log");
        Path old = dir.resolve("svc.log.2");
        Path fresh = dir.resolve("svc.log.1");
        Path extra = dir.resolve("svc.log.12");
        Path other = dir.resolve("svc.log.keep");
        for (Path p : new Path[] {old, fresh, extra, other}) {
            Files.writeString(p, "x");
        }
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofDays(80))));
        new RotatingFileHandler(file, 1000, 10, Duration.ofDays(7)).close();
        assertFalse(Files.exists(old), "older than 7 days");
        assertFalse(Files.exists(extra), "beyond 10 backups");
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(other), "not a backup of this log");
    }

    @Test
    void aLineCarriesIsoTimeWithZoneTheIdsLevelLoggerVersionLineAndMessage() throws Exception {
        Path file = dir.resolve("svc.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 0, 1, null);
        LocalLogFormatter formatter = (LocalLogFormatter) handler.getFormatter();
        formatter.identity(new Identity().set(LogField.SYSTEM_ID, "svc").set(LogField.SUB_SYSTEM_ID, "host-1")
                .set(LogField.PACKAGE_VERSION, "1.2.3"));
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("rotating.test");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        logger.warning("disk almost full"); int line = new Throwable().getStackTrace()[0].getLineNumber() - 0;
        handler.close();
        String written = Files.readString(file).strip();
        String[] parts = written.split(" ", 12);
        OffsetDateTime.parse(parts[0]); // ISO-8601 with offset, or this throws
        assertEquals("- svc host-1 - - - WARNING rotating.test 1.2.3", String.join(" ", java.util.Arrays.copyOfRange(parts, 1, 10)));
        assertEquals(Integer.toString(line), parts[10]);
        assertEquals("disk almost full", parts[11]);
    }
}
