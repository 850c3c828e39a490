package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.Alert;
import ps.neelix.entity.Rule;

class RuleEngineTest {
    static final long T0 = 1_700_000_000_000L;
    final RuleEngine engine = new RuleEngine(new AlertModels("TESTING", ZoneOffset.UTC), List.of(), Map.of());

    static LogEntry error(String system, String message) {
        return new LogEntry().level(Level.ERROR).set(LogField.SYSTEM_ID, system).set(LogField.MESSAGE, message)
                .received(T0).created(T0);
    }

    static Rule errors() {
        return new Rule("errors", "f:3").minLevel(Level.ERROR).mailTo(List.of("ops@example.com"));
    }

    @Test
    void aMatchMailsAndAReactionOfNeelixIsNeverEvaluated() {
        engine.configure(List.of(errors()), Duration.ofMinutes(5));
        List<Alert> alerts = engine.evaluate(List.of(error("orders", "boom"), error("neelix", "PATTERN FOUND")), T0);
        assertEquals(1, alerts.size());
        Alert alert = alerts.get(0);
        assertEquals(Alert.Kind.MATCH, alert.kind());
        assertEquals("orders", alert.system());
        assertEquals(List.of("ops@example.com"), alert.mailTo());
        assertEquals("boom", alert.model().get("message"));
        assertEquals(1, alert.model().get("count"));
        assertEquals(1, engine.stats("errors").matches());
    }

    @Test
    void throttlingFoldsABurstIntoOneDigestWithTheCount() {
        engine.configure(List.of(errors()), Duration.ofSeconds(10));
        List<Alert> first = engine.evaluate(List.of(error("orders", "boom 0")), T0);
        assertEquals(1, first.size());
        List<Alert> held = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            held.addAll(engine.evaluate(List.of(error("orders", "boom " + i)), T0 + i * 100));
        }
        assertEquals(List.of(), held, "the burst is held back");
        assertEquals(9, engine.suppressed("errors"));
        assertEquals(T0 + 10_000, engine.nextDigest());
        assertEquals(List.of(), engine.dueDigests(T0 + 9_999));
        List<Alert> digest = engine.dueDigests(T0 + 10_000);
        assertEquals(1, digest.size());
        assertEquals(Alert.Kind.DIGEST, digest.get(0).kind());
        assertEquals(9, digest.get(0).model().get("suppressed"));
        assertEquals("boom 9", digest.get(0).model().get("message"), "the latest suppressed record");
        assertEquals(List.of(), engine.dueDigests(T0 + 30_000), "one digest");
        assertEquals(Long.MAX_VALUE, engine.nextDigest());
    }

    @Test
    void suppressedCountGoesIntoTheNextMatchMailWhenItComesFirst() {
        engine.configure(List.of(errors()), Duration.ofSeconds(10));
        engine.evaluate(List.of(error("orders", "a")), T0);
        engine.evaluate(List.of(error("orders", "b"), error("orders", "c")), T0 + 1_000);
        List<Alert> next = engine.evaluate(List.of(error("orders", "d")), T0 + 10_000);
        assertEquals(1, next.size());
        assertEquals(2, next.get(0).model().get("suppressed"));
        assertEquals(true, next.get(0).model().get("has_suppressed"));
        assertEquals(List.of(), engine.dueDigests(T0 + 25_000), "already reported");
    }

    @Test
    void throttlingIsPerRuleAndSystem() {
        engine.configure(List.of(errors()), Duration.ofMinutes(5));
        assertEquals(2, engine.evaluate(List.of(error("orders", "a"), error("billing", "b")), T0).size());
        assertEquals(0, engine.evaluate(List.of(error("orders", "a"), error("billing", "b")), T0 + 1).size());
    }

    @Test
    void matchesInOneBatchMakeOneMailWithTheirCount() {
        engine.configure(List.of(errors()), Duration.ZERO);
        List<Alert> alerts = engine.evaluate(List.of(error("orders", "a"), error("orders", "b"), error("orders", "c")), T0);
        assertEquals(1, alerts.size());
        assertEquals(3, alerts.get(0).model().get("count"));
        assertEquals("a", alerts.get(0).model().get("message"));
    }

    @Test
    void aCountRuleFiresWhenTheWindowHoldsMoreThanItsCount() {
        engine.configure(List.of(errors().moreThan(3, Duration.ofSeconds(60))), Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, engine.evaluate(List.of(error("orders", "e" + i)), T0 + i * 1000).size());
        }
        assertEquals(1, engine.evaluate(List.of(error("orders", "e3")), T0 + 3000).size(), "the 4th within 60 s");
        assertEquals(0, engine.evaluate(List.of(error("orders", "e4")), T0 + 4000).size(), "the window starts afresh");
        // spread out: never more than 3 within 60 s
        engine.configure(List.of(errors().moreThan(3, Duration.ofSeconds(60))), Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, engine.evaluate(List.of(error("other", "x")), T0 + 100_000 + i * 25_000L).size());
        }
    }

    @Test
    void aRemovedRuleTakesItsStateAlong() {
        engine.configure(List.of(errors()), Duration.ofSeconds(10));
        engine.evaluate(List.of(error("orders", "a")), T0);
        engine.evaluate(List.of(error("orders", "b")), T0 + 1);
        engine.configure(List.of(), Duration.ofSeconds(10));
        assertEquals(List.of(), engine.dueDigests(T0 + 60_000));
        assertTrue(engine.rules().isEmpty());
    }

    @Test
    void aGlobRuleUnderInventedSystemsMailsAtMostItsCapThenOneDigest() {
        engine.limits(5, Duration.ofMinutes(10));
        engine.configure(List.of(new Rule("any", "f:1").id(LogField.SYSTEM_ID, List.of("*")).minLevel(Level.ERROR)
                .mailTo(List.of("ops@example.com"))), Duration.ofMinutes(5));
        List<Alert> mails = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            mails.addAll(engine.evaluate(List.of(error("invented-" + i, "boom")), T0 + i));
        }
        assertEquals(5, mails.size());
        assertTrue(engine.throttlesHeld() <= 5, "no throttle per invented system");
        assertEquals(995, engine.suppressed("any"));
        assertEquals(List.of(), engine.dueDigests(T0 + 5 * 60_000 + 1000), "throttles expire, the over-cap digest waits");
        assertEquals(0, engine.throttlesHeld(), "throttles whose interval passed with nothing held go");
        List<Alert> digest = engine.dueDigests(T0 + 10 * 60_000);
        assertEquals(1, digest.size());
        assertEquals(Alert.Kind.DIGEST, digest.get(0).kind());
        assertEquals(RuleEngine.OVER_CAP, digest.get(0).system());
        assertEquals(995, digest.get(0).model().get("count"));
        assertEquals(1, engine.evaluate(List.of(error("invented-1", "again")), T0 + 10 * 60_000 + 1).size(),
                "a new window mails again");
    }

    @Test
    void countWindowsOfInventedSystemsAreBounded() {
        engine.configure(List.of(new Rule("storm", "f:1").id(LogField.SYSTEM_ID, List.of("*")).minLevel(Level.ERROR).moreThan(3, Duration.ofMinutes(1)).mailTo(List.of("ops@example.com"))), Duration.ofMinutes(5));
        for (int i = 0; i < RuleEngine.MAX_WINDOWS + 500; i++) {
            engine.evaluate(List.of(error("invented-" + i, "boom")), T0);
        }
        assertTrue(engine.windowsHeld() <= RuleEngine.MAX_WINDOWS + 1, "windows: " + engine.windowsHeld());
    }
}
