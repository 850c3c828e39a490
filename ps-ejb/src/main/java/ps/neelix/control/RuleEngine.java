package ps.neelix.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.Alert;
import ps.neelix.entity.Rule;
import ps.neelix.entity.RuleStats;
import ps.neelix.entity.Throttle;

/**
 * Evaluates the rules on records as they are stored. Matches of one rule and system within one batch go
 * into one mail; throttling then allows one mail per rule and system per interval and reports the
 * matches it held back in a digest when the interval ends. Records of system {@code neelix} (its own
 * reactions) are never evaluated. Confined to one thread.
 */
public final class RuleEngine {
    public static final String OWN_SYSTEM = "neelix";

    private final AlertModels models;
    private final WindowCounter windows = new WindowCounter();
    private final Map<String, Throttle> throttles = new HashMap<>();
    private final Map<String, RuleStats> stats;
    private final Set<Throttle> dirtyThrottles = new HashSet<>();
    private final Set<RuleStats> dirtyStats = new HashSet<>();
    private Map<String, Rule> rules = new LinkedHashMap<>();
    private Duration defaultThrottle = Duration.ofMinutes(5);

    public RuleEngine(AlertModels models, Collection<Throttle> savedThrottles, Map<String, RuleStats> savedStats) {
        this.models = models;
        for (Throttle throttle : savedThrottles) {
            throttles.put(key(throttle.ruleId(), throttle.system()), throttle);
        }
        this.stats = new HashMap<>(savedStats);
    }

    /** Puts a (re-read) rule set in force; windows of changed or removed rules start afresh. */
    public void configure(List<Rule> newRules, Duration throttle) {
        Map<String, Rule> next = new LinkedHashMap<>();
        for (Rule rule : newRules) {
            next.put(rule.id(), rule);
            Rule old = rules.get(rule.id());
            if (old == null || !old.toString().equals(rule.toString())) {
                windows.forget(rule.id() + '\u0000');
            }
        }
        for (String removed : rules.keySet()) {
            if (!next.containsKey(removed)) {
                windows.forget(removed + '\u0000');
            }
        }
        throttles.values().removeIf(t -> !next.containsKey(t.ruleId()));
        stats.keySet().removeIf(id -> !next.containsKey(id));
        rules = next;
        defaultThrottle = throttle;
    }

    public List<Alert> evaluate(List<LogEntry> batch, long now) {
        Map<String, List<LogEntry>> fired = new LinkedHashMap<>();
        for (LogEntry entry : batch) {
            String system = system(entry);
            if (OWN_SYSTEM.equals(system)) {
                continue;
            }
            for (Rule rule : rules.values()) {
                if (!rule.matches(entry)) {
                    continue;
                }
                RuleStats ruleStats = stats.computeIfAbsent(rule.id(), id -> new RuleStats(id, 0, null));
                ruleStats.matched(1, now);
                dirtyStats.add(ruleStats);
                String key = key(rule.id(), system);
                if (rule.counts() && !windows.add(key, now, rule.count(), rule.window())) {
                    continue;
                }
                fired.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (Map.Entry<String, List<LogEntry>> group : fired.entrySet()) {
            List<LogEntry> entries = group.getValue();
            LogEntry first = entries.get(0);
            LogEntry last = entries.get(entries.size() - 1);
            Rule rule = rules.get(group.getKey().substring(0, group.getKey().indexOf('\u0000')));
            String system = system(first);
            Duration interval = rule.throttleOr(defaultThrottle);
            Throttle throttle = throttles.computeIfAbsent(group.getKey(), k -> new Throttle(rule.id(), system));
            dirtyThrottles.add(throttle);
            Long since = throttle.firstSuppressed();
            if (throttle.offer(now, interval, entries.size(), last.get(LogField.MESSAGE), last.get(LogField.LEVELNAME),
                    last.created())) {
                int suppressed = throttle.mailed(now);
                alerts.add(models.match(rule, system, first, entries.size(), suppressed, since, interval, now));
            }
        }
        return alerts;
    }

    /** Digests of throttled matches whose interval has ended. */
    public List<Alert> dueDigests(long now) {
        List<Alert> alerts = new ArrayList<>();
        for (Throttle throttle : throttles.values()) {
            Rule rule = rules.get(throttle.ruleId());
            Duration interval = rule.throttleOr(defaultThrottle);
            if (throttle.digestDue(now, interval)) {
                Long since = throttle.firstSuppressed();
                String message = throttle.lastMessage();
                String level = throttle.lastLevel();
                Long created = throttle.lastCreated();
                int suppressed = throttle.mailed(now);
                dirtyThrottles.add(throttle);
                alerts.add(models.digest(rule, throttle.system(), suppressed, since, message, level, created, interval, now));
            }
        }
        return alerts;
    }

    /** When the next digest falls due; {@link Long#MAX_VALUE} when none waits. */
    public long nextDigest() {
        long next = Long.MAX_VALUE;
        for (Throttle throttle : throttles.values()) {
            next = Math.min(next, throttle.digestAt(rules.get(throttle.ruleId()).throttleOr(defaultThrottle)));
        }
        return next;
    }

    public List<Throttle> takeDirtyThrottles() {
        List<Throttle> dirty = new ArrayList<>(dirtyThrottles);
        dirtyThrottles.clear();
        return dirty;
    }

    public List<RuleStats> takeDirtyStats() {
        List<RuleStats> dirty = new ArrayList<>(dirtyStats);
        dirtyStats.clear();
        return dirty;
    }

    public Collection<Rule> rules() {
        return rules.values();
    }

    public RuleStats stats(String ruleId) {
        return stats.get(ruleId);
    }

    /** Suppressed matches waiting for a digest, over all systems of the rule. */
    public int suppressed(String ruleId) {
        return throttles.values().stream().filter(t -> t.ruleId().equals(ruleId)).mapToInt(Throttle::suppressed).sum();
    }

    public Duration defaultThrottle() {
        return defaultThrottle;
    }

    private static String system(LogEntry entry) {
        String system = entry.get(LogField.SYSTEM_ID);
        return system == null ? "" : system;
    }

    private static String key(String ruleId, String system) {
        return ruleId + '\u0000' + system;
    }
}
