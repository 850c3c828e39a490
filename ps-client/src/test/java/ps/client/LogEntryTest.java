package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ps.client.wire.NativeProtocol;

class LogEntryTest {
    private static long bit(LogField field) {
        return 1L << field.ordinal();
    }

    @Test
    void theMaskHasABitPerFieldSetAndLosesItWhenTheFieldIsCleared() {
        LogEntry entry = new LogEntry().set(LogField.NAME, "n").set(LogField.SYSTEM_ID, "s");
        assertEquals(bit(LogField.NAME) | bit(LogField.SYSTEM_ID), entry.textMask());
        entry.set(LogField.NAME, null);
        assertEquals(bit(LogField.SYSTEM_ID), entry.textMask());
        assertNull(entry.get(LogField.NAME));
        assertEquals(Map.of(LogField.SYSTEM_ID, "s"), entry.textFields());
    }

    @Test
    void aMessageFormattedLaterCountsAsSet() {
        LogEntry entry = new LogEntry().set(LogField.MESSAGE, "old").messageLater(() -> "later");
        assertEquals(bit(LogField.MESSAGE), entry.textMask());
        assertEquals("later", entry.get(LogField.MESSAGE));
        assertEquals(bit(LogField.MESSAGE), entry.textMask());
    }

    @Test
    void textFieldsAreACopyInTagOrderAndCopiesAreIndependent() {
        LogEntry entry = new LogEntry().set(LogField.STAGE, "TESTING").set(LogField.LEVELNAME, "INFO");
        Map<LogField, String> fields = entry.textFields();
        assertEquals(List.of(LogField.LEVELNAME, LogField.STAGE), List.copyOf(fields.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> fields.put(LogField.NAME, "x"));
        LogEntry copy = entry.copy();
        copy.set(LogField.STAGE, null);
        assertEquals("TESTING", entry.get(LogField.STAGE));
        assertEquals(bit(LogField.LEVELNAME), copy.textMask());
        assertEquals(bit(LogField.LEVELNAME) | bit(LogField.STAGE), entry.textMask());
    }

    @Test
    void anEntryReadBackFromItsRecordBodyHasTheSameFieldsAndMask() throws Exception {
        LogEntry entry = new LogEntry().seq(7).set(LogField.NAME, "n").set(LogField.MESSAGE, "m")
                .set(LogField.CLIENT_ID, "set by the bridge, not sent");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NativeProtocol.writeRecord(new DataOutputStream(bytes), entry);
        byte[] frame = bytes.toByteArray();
        byte[] body = java.util.Arrays.copyOfRange(frame, 5, frame.length);
        LogEntry read = LogEntry.ofRecordBody(body);
        assertEquals(bit(LogField.NAME) | bit(LogField.MESSAGE), read.textMask());
        assertEquals(Map.of(LogField.NAME, "n", LogField.MESSAGE, "m"), read.textFields());
    }

    @Test
    void aMessageThatComesOutNullIsNotEncoded() throws Exception {
        LogEntry entry = new LogEntry().seq(1).set(LogField.NAME, "n").messageLater(() -> null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NativeProtocol.writeRecord(new DataOutputStream(bytes), entry);
        byte[] frame = bytes.toByteArray();
        LogEntry read = NativeProtocol.readRecord(java.util.Arrays.copyOfRange(frame, 5, frame.length));
        assertEquals(Map.of(LogField.NAME, "n"), read.textFields());
    }
}
