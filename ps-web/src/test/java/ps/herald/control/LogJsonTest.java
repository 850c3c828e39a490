package ps.herald.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogRow;

class LogJsonTest {

    @Test
    void timesAreIsoUtcAndEpochMillis() {
        LogEntry entry = new LogEntry().created(1_795_694_400_123L).received(1_795_694_401_000L).levelno(20);

        JsonObject json = LogJson.of(new LogRow(17, entry));

        assertEquals(17, json.getJsonNumber("id").longValue());
        assertEquals("2026-11-26T12:00:00.123Z", json.getString("created"));
        assertTrue(json.getString("created").endsWith("Z"));
        assertEquals(1_795_694_400_123L, json.getJsonNumber("created_ms").longValue());
        assertEquals("2026-11-26T12:00:01Z", json.getString("received"));
        assertEquals(1_795_694_401_000L, json.getJsonNumber("received_ms").longValue());
        assertEquals(20, json.getInt("levelno"));
    }

    @Test
    void everySetTextFieldAppearsUnderItsColumnName() {
        LogEntry entry = new LogEntry().created(1).levelno(30);
        for (LogField field : LogField.values()) {
            entry.set(field, "value of " + field.name() + " \"quoted\" ü");
        }

        JsonObject json = LogJson.of(new LogRow(1, entry));

        for (LogField field : LogField.values()) {
            assertEquals("value of " + field.name() + " \"quoted\" ü", json.getString(field.column()), field.column());
        }
        assertTrue(json.containsKey("summary") && json.containsKey("sub_sub_system_id") && json.containsKey("exc_text"));
    }

    @Test
    void unsetFieldsAreLeftOut() {
        JsonObject json = LogJson.of(new LogRow(1, new LogEntry().created(1).levelno(10)
                .set(LogField.MESSAGE, "only this")));

        assertEquals("only this", json.getString("message"));
        for (String absent : new String[] {"system_id", "exc_text", "lineno", "relativecreated", "msecs", "seq"}) {
            assertFalse(json.containsKey(absent), absent);
        }
    }

    @Test
    void optionalNumbersAppearWhenSet() {
        LogEntry entry = new LogEntry().created(1).levelno(10).lineno(42).relativeCreated(12.5).msecs(7.25).seq(99)
                .set(LogField.CLIENT_ID, "c-1");

        JsonObject json = LogJson.of(new LogRow(1, entry));

        assertEquals(42, json.getInt("lineno"));
        assertEquals(12.5, ((JsonNumber) json.get("relativecreated")).doubleValue());
        assertEquals(7.25, ((JsonNumber) json.get("msecs")).doubleValue());
        assertEquals(99, json.getJsonNumber("seq").longValue());
        assertEquals("c-1", json.getString("client_id"));
    }
}
