package ps.herald.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogRow;

class LogLineTest {

    private static LogLine line(LogEntry entry) {
        return new LogLine(new LogRow(5, entry));
    }

    @ParameterizedTest
    @CsvSource({
        "0, ps-debug", "5, ps-debug", "10, ps-debug", "19, ps-debug",
        "20, ps-info", "29, ps-info",
        "30, ps-warning", "39, ps-warning",
        "40, ps-error", "49, ps-error",
        "50, ps-critical", "60, ps-critical"
    })
    void levelClassFollowsTheLevelBands(int levelno, String expected) {
        assertEquals(expected, line(new LogEntry().levelno(levelno)).getLevelClass());
    }

    @Test
    void createdIsIsoUtcWithMilliseconds() {
        LogLine line = line(new LogEntry().created(1_795_694_400_007L));

        assertEquals("2026-11-26T12:00:00.007Z", line.getCreated());
        assertEquals(5, line.getId());
    }

    @Test
    void joinsTheSetPartsOfSystemAppAndSource() {
        LogEntry entry = new LogEntry().lineno(42)
                .set(LogField.SYSTEM_ID, "billing").set(LogField.SUB_SUB_SYSTEM_ID, "invoices")
                .set(LogField.PRODUKT_ID, "P7").set(LogField.USER_SPEC_2, "eu")
                .set(LogField.MODULE, "ps.billing.Pay").set(LogField.PACKAGE_VERSION, "1.2")
                .set(LogField.FUNCNAME, "accept");

        LogLine line = line(entry);

        assertEquals("billing / invoices", line.getSystem());
        assertEquals("P7 / eu", line.getApp());
        assertEquals("ps.billing.Pay / 1.2 / accept:42", line.getSource());
    }

    @Test
    void showsTheTextFields() {
        LogLine line = line(new LogEntry().set(LogField.LEVELNAME, "WARNING").set(LogField.NAME, "app")
                .set(LogField.MESSAGE, "careful").set(LogField.EXC_TEXT, "trace"));

        assertEquals("WARNING", line.getLevel());
        assertEquals("app", line.getLogger());
        assertEquals("careful", line.getMessage());
        assertEquals("trace", line.getException());
    }

    @Test
    void emptyPartsGiveEmptyText() {
        LogLine line = line(new LogEntry());

        assertEquals("", line.getSystem());
        assertEquals("", line.getApp());
        assertEquals("", line.getSource());
        assertNull(line.getMessage());
    }
}
