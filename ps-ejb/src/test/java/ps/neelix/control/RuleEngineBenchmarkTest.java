package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.Rule;

/**
 * How many records per second rule evaluation handles, against the store's insert rate (~70-80k rows/s
 * measured with indexes): run with {@code mvn -B -o test -pl ps-ejb -am -Pbenchmark}. Prints figures and
 * the ratio to a baseline (the same loop with no rules) measured in the same run.
 */
@Tag("benchmark")
class RuleEngineBenchmarkTest {
    static final int RECORDS = 400_000;
    static final int BATCH = 500;

    @Test
    void evaluationRate() {
        List<List<LogEntry>> batches = new ArrayList<>();
        for (int b = 0; b < RECORDS / BATCH; b++) {
            List<LogEntry> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = b * BATCH + i;
                batch.add(new LogEntry().level(n % 50 == 0 ? Level.ERROR : Level.INFO)
                        .set(LogField.SYSTEM_ID, "system-" + (n % 40)).set(LogField.NAME, "ps.app.module" + (n % 7))
                        .set(LogField.MESSAGE, "request " + n + " handled in " + (n % 300) + " ms for customer " + (n % 1000))
                        .received(n));
            }
            batches.add(batch);
        }
        double baseline = rate(batches, 0);
        System.out.printf("rule evaluation, %,d records in batches of %d:%n", RECORDS, BATCH);
        System.out.printf("  no rules (baseline)   %,12.0f records/s%n", baseline);
        for (int rules : new int[] {10, 50, 200}) {
            double rate = rate(batches, rules);
            System.out.printf("  %3d rules             %,12.0f records/s  (%.2f of baseline)%n", rules, rate, rate / baseline);
            assertTrue(rate > 0);
        }
    }

    private static double rate(List<List<LogEntry>> batches, int ruleCount) {
        List<Rule> rules = new ArrayList<>();
        for (int r = 0; r < ruleCount; r++) {
            Rule rule = new Rule("r" + r, "bench:" + r).id(LogField.SYSTEM_ID, List.of("system-" + (r % 40) + "*"))
                    .minLevel(r % 2 == 0 ? Level.ERROR : Level.WARNING).mailTo(List.of("x@example.com"));
            if (r % 3 == 0) {
                rule.message(Pattern.compile("timeout|refused|handled in 29\\d ms"));
            }
            if (r % 5 == 0) {
                rule.moreThan(100, Duration.ofMinutes(5));
            }
            rules.add(rule);
        }
        double best = 0;
        for (int round = 0; round < 3; round++) {
            RuleEngine engine = new RuleEngine(new AlertModels("TESTING", ZoneOffset.UTC), List.of(), Map.of());
            engine.configure(rules, Duration.ofMinutes(5));
            long start = System.nanoTime();
            long alerts = 0;
            long now = 1_700_000_000_000L;
            for (List<LogEntry> batch : batches) {
                alerts += engine.evaluate(batch, now++).size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, RECORDS / seconds);
            assertTrue(alerts >= 0);
        }
        return best;
    }
}
