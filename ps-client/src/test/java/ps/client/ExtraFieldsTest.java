package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class ExtraFieldsTest {

    @Test
    void extraFieldsAmongARecordsParametersBecomeTheExtraJsonAndTheMessageStaysAsItIs() {
        PsHandler handler = new PsHandler(new PsHandler.Settings().port(1).spool("none"));
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("fsm_machine", "nightly \"run\"");
            fields.put("fsm_state", "f\u00e4tch\n");
            fields.put("ignored", null);
            LogRecord record = new LogRecord(Level.INFO, "machine nightly starts");
            record.setParameters(new Object[] {ExtraFields.of(fields)});
            LogEntry entry = handler.toEntry(record);
            assertEquals("{\"fsm_machine\":\"nightly \\\"run\\\"\",\"fsm_state\":\"f\\u00e4tch\\n\"}", entry.get(LogField.EXTRA));
            assertEquals("machine nightly starts", entry.get(LogField.MESSAGE));

            assertNull(handler.toEntry(new LogRecord(Level.INFO, "plain")).get(LogField.EXTRA));
        } finally {
            handler.close();
        }
    }
}
