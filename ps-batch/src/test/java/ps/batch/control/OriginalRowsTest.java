package ps.batch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ps.client.LogEntry;
import ps.client.LogField;

class OriginalRowsTest {
    @Test
    void aRowBecomesARecordWithClientAndSequence() throws Exception {
        Map<String, Object> row = new HashMap<>();
        row.put("id", 42L);
        row.put("created", "2024-03-01 12:00:05.250");
        row.put("levelno", 40);
        row.put("levelname", "ERROR");
        row.put("message", "boom");
        row.put("system_id", "billing");
        row.put("user_spec_1", "None");
        row.put("lineno", 7);
        LogEntry entry = OriginalRows.toEntry(row, "import:x", ZoneOffset.UTC, 1L);
        assertEquals(java.time.Instant.parse("2024-03-01T12:00:05.250Z").toEpochMilli(), entry.created());
        assertEquals(40, entry.levelno());
        assertEquals("boom", entry.get(LogField.MESSAGE));
        assertEquals("billing", entry.get(LogField.SYSTEM_ID));
        assertEquals(null, entry.get(LogField.USER_SPEC_1));
        assertEquals("import:x", entry.get(LogField.CLIENT_ID));
        assertEquals(42L, entry.seq());
        assertEquals(7, entry.lineno());
    }

    @Test
    void epochSecondsAndLevelNames() throws Exception {
        assertEquals(1_700_000_000_500L, OriginalRows.time("1700000000.5", ZoneOffset.UTC));
        assertEquals(30, OriginalRows.level(null, "WARNING"));
    }

    @Test
    void badRowsAreRefused() {
        Map<String, Object> row = new HashMap<>(Map.of("id", 1L, "created", "yesterday", "levelno", 20));
        assertThrows(BadRowException.class, () -> OriginalRows.toEntry(row, "c", ZoneOffset.UTC, 0));
        row.put("created", "2024-01-01 00:00:00");
        row.remove("levelno");
        row.put("levelname", "LOUD");
        assertThrows(BadRowException.class, () -> OriginalRows.toEntry(row, "c", ZoneOffset.UTC, 0));
    }
}
