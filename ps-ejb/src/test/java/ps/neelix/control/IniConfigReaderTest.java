package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.NeelixConfig;
import ps.neelix.entity.Rule;

class IniConfigReaderTest {
    static final String ORIGINAL = String.join("\n",
            "; ps_neelix_t.cfg as the original had it",
            "[DEFAULT]",
            "MAIL_TO = admin@example.com",
            "",
            "[billing]",
            "MAIL_TO = a@example.com,b@example.com",
            "MSG = Traceback (most recent call last)",
            "AGE = 7200",
            "",
            "[nightly_import]",
            "age: 86400",
            "# only a heartbeat, mailed to the default list",
            "",
            "[quiet]",
            "OTHER = ignored",
            "");

    @Test
    void sectionsBecomeRulesAndServices() throws Exception {
        NeelixConfig config = new IniConfigReader("ps_neelix_t.cfg").read(ORIGINAL);
        assertEquals(1, config.rules().size());
        Rule rule = config.rules().get(0);
        assertEquals("ini:billing", rule.id());
        assertEquals("ps_neelix_t.cfg:5", rule.source());
        assertEquals(List.of("a@example.com", "b@example.com"), rule.mailTo());
        LogEntry hit = new LogEntry().level(Level.INFO).set(LogField.SYSTEM_ID, "billing")
                .set(LogField.MESSAGE, "x Traceback (most recent call last) y");
        assertTrue(rule.matches(hit), "MSG is a substring, any level, parentheses literal");
        assertFalse(rule.matches(hit.set(LogField.SYSTEM_ID, "orders")));
        assertFalse(rule.matches(hit.set(LogField.SYSTEM_ID, "billing").set(LogField.MESSAGE, "Traceback")));
        assertEquals(Duration.ofHours(2), config.services().get("billing").period());
        assertEquals(Duration.ofDays(1), config.services().get("nightly_import").period());
        assertEquals(List.of("admin@example.com"), config.services().get("nightly_import").mailTo());
        assertFalse(config.services().containsKey("quiet"));
    }

    @Test
    void continuationLinesAndCaseOfKeys() throws Exception {
        NeelixConfig config = new IniConfigReader("f.cfg").read("[s]\nmail_to = a@example.com,\n  b@example.com\nMsg = boom\n");
        assertEquals(List.of("a@example.com", "b@example.com"), config.rules().get(0).mailTo());
    }

    @Test
    void mistakesNameFileLineAndReason() {
        assertProblem("MAIL_TO = a@example.com\n[s]\n", 1, "comes before any [section]");
        assertProblem("[s]\nMAIL_TO a@example.com\n", 2, "expected 'KEY = value'");
        assertProblem("[s]\nMAIL_TO = a@example.com\n[s]\n", 3, "appears twice");
        assertProblem("[s\n", 1, "section header");
        assertProblem("[s]\nMAIL_TO = a@example.com\nAGE = soon\n", 3, "AGE 'soon' must be a whole number");
        assertProblem("[s]\nMSG = boom\n", 1, "no MAIL_TO");
        assertProblem("[s]\nMAIL_TO = nobody\nMSG = boom\n", 2, "is not a mail address");
    }

    private static void assertProblem(String text, int line, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> new IniConfigReader("ps_neelix.cfg").read(text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("ps_neelix.cfg:" + line + ": "), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }
}
