package ps.neelix.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;

class RuleTest {
    static LogEntry entry(String system, Level level, String logger, String message) {
        return new LogEntry().level(level).set(LogField.SYSTEM_ID, system).set(LogField.NAME, logger)
                .set(LogField.MESSAGE, message).set(LogField.MODULE, "orders.db");
    }

    @Test
    void everyConditionMustHold() {
        Rule rule = new Rule("r", "f:1").id(LogField.SYSTEM_ID, List.of("orders", "billing-*"))
                .minLevel(Level.ERROR).logger("ps.orders").message(Pattern.compile("time ?out|refused"));
        assertTrue(rule.matches(entry("orders", Level.ERROR, "ps.orders", "connection refused")));
        assertTrue(rule.matches(entry("billing-eu", Level.CRITICAL, "ps.orders.db", "timeout after 5 s")));
        assertFalse(rule.matches(entry("orders", Level.WARNING, "ps.orders", "connection refused")), "level below");
        assertFalse(rule.matches(entry("shipping", Level.ERROR, "ps.orders", "connection refused")), "other system");
        assertFalse(rule.matches(entry("orders", Level.ERROR, "ps.ordersx", "connection refused")), "not a descendant logger");
        assertFalse(rule.matches(entry("orders", Level.ERROR, "ps.orders", "all fine")), "message");
        assertFalse(rule.matches(entry("billing", Level.ERROR, "ps.orders", "refused")), "glob needs the dash");
    }

    @Test
    void globsAreWholeTextAndQuoteTheRest() {
        Rule rule = new Rule("r", "f:1").id(LogField.SYSTEM_ID, List.of("a.b?"));
        assertTrue(rule.matches(entry("a.bc", Level.INFO, null, "x")));
        assertFalse(rule.matches(entry("axbc", Level.INFO, null, "x")), "the dot is literal");
        assertFalse(rule.matches(entry("a.bcd", Level.INFO, null, "x")), "whole text");
        assertFalse(rule.matches(entry(null, Level.INFO, null, "x")), "a missing id matches no pattern");
    }

    @Test
    void moduleAndOtherIds() {
        Rule rule = new Rule("r", "f:1").module(List.of("orders.*")).id(LogField.SUB_SYSTEM_ID, List.of("host-7"));
        LogEntry entry = entry("orders", Level.INFO, "x", "m").set(LogField.SUB_SYSTEM_ID, "host-7");
        assertTrue(rule.matches(entry));
        assertFalse(rule.matches(entry.set(LogField.SUB_SYSTEM_ID, "host-8")));
    }

    @Test
    void emptyRuleMatchesEverythingAndSaysSo() {
        Rule rule = new Rule("r", "f:1");
        assertTrue(rule.matches(new LogEntry()));
        assertEquals("every record", rule.describe());
        assertEquals("system_id orders, level ≥ ERROR, more than 10 in 5m",
                new Rule("r", "f:1").id(LogField.SYSTEM_ID, List.of("orders")).minLevel(Level.ERROR)
                        .moreThan(10, java.time.Duration.ofMinutes(5)).describe());
    }
}
