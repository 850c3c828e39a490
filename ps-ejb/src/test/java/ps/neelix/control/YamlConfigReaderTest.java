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
import ps.neelix.entity.ServiceDeclaration;

class YamlConfigReaderTest {
    static final String GOOD = String.join("\n",
            "# rules for stage TESTING",
            "defaults:",
            "  mail_to: [ops@example.com, oncall@example.com]",
            "  throttle: 10m",
            "  reminder: 2h",
            "rules:",
            "  - id: orders-errors",
            "    system: orders",
            "    level: ERROR",
            "    message: 'timeout|refused'",
            "    mail_to: dev@example.com, lead@example.com",
            "  - id: error-storm",
            "    system: [billing-*, orders]",
            "    logger: ps.billing",
            "    level: ERROR",
            "    count: 10",
            "    window: 5m",
            "    webhook: https://hooks.example.com/ps",
            "    throttle: 30s",
            "services:",
            "  - id: nightly-backup",
            "    period: 1d",
            "    grace: 30m",
            "    token: 0123456789abcdef0123",
            "  - id: report",
            "");

    @Test
    void readsRulesServicesAndDefaults() throws Exception {
        NeelixConfig config = new YamlConfigReader("neelix-testing.yaml").read(GOOD);
        assertEquals(List.of("ops@example.com", "oncall@example.com"), config.mailTo());
        assertEquals(Duration.ofMinutes(10), config.throttle());
        assertEquals(Duration.ofHours(2), config.reminder());
        assertEquals(2, config.rules().size());
        Rule first = config.rules().get(0);
        assertEquals("orders-errors", first.id());
        assertEquals("neelix-testing.yaml:7", first.source());
        assertEquals(List.of("dev@example.com", "lead@example.com"), first.mailTo());
        assertTrue(first.matches(new LogEntry().level(Level.ERROR).set(LogField.SYSTEM_ID, "orders")
                .set(LogField.MESSAGE, "connection refused")));
        Rule second = config.rules().get(1);
        assertEquals(10, second.count());
        assertEquals(Duration.ofMinutes(5), second.window());
        assertEquals("hooks.example.com", second.webhook().getHost());
        assertEquals(Duration.ofSeconds(30), second.throttleOr(null));
        ServiceDeclaration backup = config.services().get("nightly-backup");
        assertEquals(Duration.ofDays(1), backup.period());
        assertEquals(Duration.ofMinutes(30), backup.grace());
        assertEquals("0123456789abcdef0123", backup.token());
        assertEquals(null, config.services().get("report").period(), "defaults apply later");
    }

    @Test
    void anEmptyFileHasNoRules() throws Exception {
        assertTrue(new YamlConfigReader("x.yaml").read("# nothing yet\n").rules().isEmpty());
    }

    @Test
    void mistakesNameFileLineAndReason() {
        assertProblem(GOOD.replace("    level: ERROR\n    message", "    levle: ERROR\n    message"), 9, "unknown key 'levle'");
        assertProblem(GOOD.replace("'timeout|refused'", "'timeout|(refused'"), 10, "not a regular expression");
        assertProblem(GOOD.replace("window: 5m", "window: 5 minutes"), 17, "is not a duration");
        assertProblem(GOOD.replace("level: ERROR\n    count", "level: LOUD\n    count"), 15, "unknown level 'LOUD'");
        assertProblem(GOOD.replace("id: error-storm", "id: orders-errors"), 12, "a second rule with id 'orders-errors'");
        assertProblem(GOOD.replace("    mail_to: dev@example.com, lead@example.com\n", ""), 7, "has no action");
        assertProblem(GOOD.replace("    count: 10\n", ""), 12, "count and window go together");
        assertProblem(GOOD.replace("token: 0123456789abcdef0123", "token: short"), 24, "at least 16 characters");
        assertProblem(GOOD.replace("dev@example.com, lead", "dev-at-example.com, lead"), 11, "is not a mail address");
        assertProblem(GOOD.replace("webhook: https://", "webhook: ftp://"), 18, "must be an http or https URL");
    }

    @Test
    void brokenYamlSyntaxNamesTheLine() {
        String broken = GOOD.replace("    system: orders\n", "    system: [orders\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new YamlConfigReader("neelix-testing.yaml").read(broken));
        assertTrue(e.getMessage().startsWith("neelix-testing.yaml:"), e.getMessage());
        assertTrue(e.line() >= 8 && e.line() <= 10, e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void duplicateKeysAreMistakes() {
        String twice = GOOD.replace("    system: orders\n", "    system: orders\n    system: billing\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new YamlConfigReader("f.yaml").read(twice));
        assertEquals(9, e.line(), e.getMessage());
        assertTrue(e.reason().contains("key 'system' appears twice"), e.getMessage());
    }

    private static void assertProblem(String text, int line, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> new YamlConfigReader("neelix-testing.yaml").read(text),
                reason);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("neelix-testing.yaml:" + line + ": "), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }
}
