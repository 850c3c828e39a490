package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.Alert;
import ps.neelix.entity.Monitor;
import ps.neelix.entity.MonitorEvent;
import ps.neelix.entity.Rule;

class MailTemplatesTest {
    static final String EVIL = "<script>alert('x')</script> & \"quoted\"";
    final AlertModels models = new AlertModels("TESTING", ZoneOffset.UTC);

    Alert evilMatch() {
        LogEntry entry = new LogEntry().level(Level.ERROR).created(0).received(0)
                .set(LogField.SYSTEM_ID, "orders<b>").set(LogField.MESSAGE, EVIL).set(LogField.EXC_TEXT, "at <x>")
                .set(LogField.NAME, "ps.orders").set(LogField.MODULE, "Orders").set(LogField.FUNCNAME, "place");
        Rule rule = new Rule("orders-errors", "f.yaml:3").minLevel(Level.ERROR).mailTo(List.of("a@example.com"));
        return models.match(rule, "orders<b>", entry, 1, 0, null, Duration.ofMinutes(5), 0);
    }

    @Test
    void htmlEscapesRecordFieldsTextKeepsThem() {
        for (String language : List.of("EN", "DE")) {
            MailTemplates.Rendered mail = new MailTemplates(null, language).render("match", evilMatch().model());
            assertFalse(mail.html().contains("<script>"), mail.html());
            assertFalse(mail.html().contains("orders<b>"), mail.html());
            assertTrue(mail.html().contains("&lt;script&gt;"), mail.html());
            assertTrue(mail.html().contains("&lt;x&gt;"), "exception escaped too");
            assertTrue(mail.text().contains(EVIL), mail.text());
            assertFalse(mail.subject().contains("\n"));
        }
    }

    @Test
    void subjectsPerLanguage() {
        Map<String, Object> model = evilMatch().model();
        assertEquals("[PS TESTING] PATTERN FOUND in orders<b>: orders-errors",
                new MailTemplates(null, "EN").render("match", model).subject());
        assertEquals("[PS TESTING] MUSTER GEFUNDEN in orders<b>: orders-errors",
                new MailTemplates(null, "de").render("match", model).subject());
    }

    @Test
    void aSubjectCannotBreakIntoHeaders() {
        Map<String, Object> model = new java.util.HashMap<>(evilMatch().model());
        model.put("system", "x\r\nBcc: victim@example.com");
        String subject = new MailTemplates(null, "EN").render("match", model).subject();
        assertFalse(subject.contains("\n") || subject.contains("\r"), subject);
    }

    @Test
    void heartbeatMailsCarryTheServiceFields() {
        Monitor monitor = new Monitor("backup", Monitor.FROM_CONFIG, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofHours(1));
        monitor.signal(0);
        monitor.tick(15_000);
        Alert down = models.monitor(MonitorEvent.DOWN, monitor, List.of("a@example.com"), 16_000);
        MailTemplates.Rendered mail = new MailTemplates(null, "EN").render(down.kind().template(), down.model());
        assertEquals("[PS TESTING] SYSTEM HEARTBEAT FAILURE: backup", mail.subject());
        assertTrue(mail.text().contains("nothing heard from it since 1970-01-01T00:00:00Z"), mail.text());
        assertTrue(mail.text().contains("every 10s, with 5s of grace"), mail.text());
        monitor.signal(75_000);
        Alert up = models.monitor(MonitorEvent.RECOVERED, monitor, List.of("a@example.com"), 75_000);
        MailTemplates.Rendered recovered = new MailTemplates(null, "EN").render(up.kind().template(), up.model());
        assertEquals("[PS TESTING] RECOVERED: backup is UP again after 1m", recovered.subject());
        assertTrue(recovered.text().contains("The outage lasted 1m (since 1970-01-01T00:00:15Z)"), recovered.text());
    }

    @Test
    void anOverrideInTheConfigDirectoryWins(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("en"));
        Files.writeString(dir.resolve("en/match.subject"), "Alarm {{rule}}");
        MailTemplates.Rendered mail = new MailTemplates(dir, "EN").render("match", evilMatch().model());
        assertEquals("Alarm orders-errors", mail.subject());
        assertTrue(mail.text().contains("Rule orders-errors"), "other files still shipped ones");
    }

    @Test
    void unknownLanguageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MailTemplates(null, "FR"));
    }
}
