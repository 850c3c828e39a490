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
 * matches it held back in a digest when the interval ends. System ids are whoever logs' text, so a rule
 * is bounded in total too: at most {@code cap} mails per rule and mail window over all its systems; what
 * comes beyond the cap (a new system, a digest) is counted into one digest per rule (system {@code *})
 * when the window ends. Every map keyed by a system is bounded: throttles exist only for mailed systems
 * and go once their interval passed with nothing held back, window counters of a count rule are capped.
 * Records of system {@code neelix} (its own reactions) are never evaluated. Confined to one thread.
 */
public final class RuleEngine {
    public static final String OWN_SYSTEM = "neelix";
    /** The system of a rule's digest of what came over its mail cap. */
    public static final String OVER_CAP = "*";
    static final int MAX_THROTTLES = 10_000;
    static final int MAX_WINDOWS = 10_000;

    /** A rule's mails in its current mail window. */
    private static final class Budget {
        long windowStart;
        int mails;
    }

    private final AlertModels models;
    private final WindowCounter windows = new WindowCounter();
    private final Map<String, Throttle> throttles = new HashMap<>();
    private final Map<String, RuleStats> stats;
    private final Set<Throttle> dirtyThrottles = new HashSet<>();
    private final Set<RuleStats> dirtyStats = new HashSet<>();
    private final List<Throttle> forgotten = new ArrayList<>();
    private final Map<String, Budget> budgets = new HashMap<>();
    /** Per rule: matches over the cap, reported in one digest when the rule's mail window ends. */
    private final Map<String, Throttle> overCap = new HashMap<>();
    private long lastPurge = Long.MIN_VALUE / 2;
    private int mailCap = 30;
    private Duration mailWindow = Duration.ofHours(1);
    private Map<String, Rule> rules = new LinkedHashMap<>();
    private Duration defaultThrottle = Duration.ofMinutes(5);

    public RuleEngine(AlertModels models, Collection<Throttle> savedThrottles, Map<String, RuleStats> savedStats) {
        this.models = models;
        for (Throttle throttle : savedThrottles) {
            throttles.put(key(throttle.ruleId(), throttle.system()), throttle);
        }
        this.stats = new HashMap<>(savedStats);
    }

    /** At most {@code cap} mails per rule within {@code window}, over all its systems. */
    public RuleEngine limits(int cap, Duration window) {
        this.mailCap = cap;
        this.mailWindow = window;
        return this;
    }

    /** Whether some rule matches the record (it changes nothing): what a node not holding the lease hands on. */
    public boolean matchesAny(LogEntry entry) {
        if (OWN_SYSTEM.equals(system(entry))) {
            return false;
        }
        for (Rule rule : rules.values()) {
            if (rule.matches(entry)) {
                return true;
            }
        }
        return false;
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
        budgets.keySet().removeIf(id -> !next.containsKey(id));
        overCap.keySet().removeIf(id -> !next.containsKey(id));
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
                if (rule.counts()) {
                    if (windows.size() >= MAX_WINDOWS && windows.count(key) == 0 && now - lastPurge >= 1000) {
                        lastPurge = now; // at most once a second: a purge walks every window
                        windows.purge(now, this::windowOf);
                    }
                    // over the bound, the systems without a window of their own share one per rule
                    String windowKey = windows.size() >= MAX_WINDOWS && windows.count(key) == 0
                            ? rule.id() + '\u0000' + '\u0001' : key;
                    if (!windows.add(windowKey, now, rule.count(), rule.window())) {
                        continue;
                    }
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
            Throttle throttle = throttles.get(group.getKey());
            if (throttle == null) {
                if (throttles.size() >= MAX_THROTTLES || !spend(rule.id(), now)) {
                    holdOverCap(rule.id(), now, entries.size(), last.get(LogField.MESSAGE), last.get(LogField.LEVELNAME),
                            last.created());
                    continue;
                }
                throttle = new Throttle(rule.id(), system);
                throttles.put(group.getKey(), throttle);
                dirtyThrottles.add(throttle);
                throttle.mailed(now);
                alerts.add(models.match(rule, system, first, entries.size(), 0, null, interval, now));
                continue;
            }
            dirtyThrottles.add(throttle);
            Long since = throttle.firstSuppressed();
            if (throttle.offer(now, interval, entries.size(), last.get(LogField.MESSAGE), last.get(LogField.LEVELNAME),
                    last.created())) {
                if (!spend(rule.id(), now)) {
                    holdOverCap(rule.id(), now, entries.size() + throttle.suppressed(), last.get(LogField.MESSAGE),
                            last.get(LogField.LEVELNAME), last.created());
                    throttle.mailed(now);
                    continue;
                }
                int suppressed = throttle.mailed(now);
                alerts.add(models.match(rule, system, first, entries.size(), suppressed, since, interval, now));
            }
        }
        return alerts;
    }

    /** True when the rule may send one more mail in its current window (and counts it). */
    private boolean spend(String ruleId, long now) {
        Budget budget = budgets.computeIfAbsent(ruleId, id -> new Budget());
        if (now - budget.windowStart >= mailWindow.toMillis()) {
            budget.windowStart = now;
            budget.mails = 0;
        }
        if (budget.mails >= mailCap) {
            return false;
        }
        budget.mails++;
        return true;
    }

    /** Counts matches over the rule's cap into its one digest, due when the mail window ends. */
    private void holdOverCap(String ruleId, long now, int matches, String message, String level, long created) {
        Throttle held = overCap.computeIfAbsent(ruleId, id -> {
            Throttle throttle = new Throttle(id, OVER_CAP);
            throttle.mailed(budgets.get(id) == null ? now : budgets.get(id).windowStart);
            return throttle;
        });
        if (held.offer(now, mailWindow, matches, message, level, created)) {
            // its window had passed (the throttle bound, not the budget, sent the matches here): a new one
            held.mailed(now);
            held.offer(now, mailWindow, matches, message, level, created);
        }
    }

    private Duration windowOf(String key) {
        Rule rule = rules.get(key.substring(0, key.indexOf('\u0000')));
        return rule == null || !rule.counts() ? Duration.ZERO : rule.window();
    }

    /** Digests of throttled matches whose interval has ended. */
    public List<Alert> dueDigests(long now) {
        List<Alert> alerts = new ArrayList<>();
        for (java.util.Iterator<Throttle> it = throttles.values().iterator(); it.hasNext(); ) {
            Throttle throttle = it.next();
            Rule rule = rules.get(throttle.ruleId());
            Duration interval = rule.throttleOr(defaultThrottle);
            if (throttle.digestDue(now, interval)) {
                Long since = throttle.firstSuppressed();
                String message = throttle.lastMessage();
                String level = throttle.lastLevel();
                Long created = throttle.lastCreated();
                if (!spend(rule.id(), now)) {
                    holdOverCap(rule.id(), now, throttle.suppressed(), message, level, created == null ? now : created);
                    throttle.mailed(now);
                    dirtyThrottles.add(throttle);
                    continue;
                }
                int suppressed = throttle.mailed(now);
                dirtyThrottles.add(throttle);
                alerts.add(models.digest(rule, throttle.system(), suppressed, since, message, level, created, interval, now));
            } else if (throttle.suppressed() == 0 && (throttle.lastMail() == null || now - throttle.lastMail() >= interval.toMillis())) {
                // its interval passed with nothing held back: the next match mails anyway, the entry is dead weight
                it.remove();
                dirtyThrottles.remove(throttle);
                forgotten.add(throttle);
            }
        }
        for (java.util.Iterator<Throttle> it = overCap.values().iterator(); it.hasNext(); ) {
            Throttle held = it.next();
            if (held.digestDue(now, mailWindow)) {
                Rule rule = rules.get(held.ruleId());
                Long since = held.firstSuppressed();
                String message = held.lastMessage();
                String level = held.lastLevel();
                Long created = held.lastCreated();
                int suppressed = held.suppressed();
                it.remove();
                alerts.add(models.digest(rule, OVER_CAP, suppressed, since, message, level, created, mailWindow, now));
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
        for (Throttle held : overCap.values()) {
            next = Math.min(next, held.digestAt(mailWindow));
        }
        return next;
    }

    public List<Throttle> takeDirtyThrottles() {
        List<Throttle> dirty = new ArrayList<>(dirtyThrottles);
        dirtyThrottles.clear();
        return dirty;
    }

    /** Throttles dropped since the last call (their rows can go). */
    public List<Throttle> takeForgottenThrottles() {
        List<Throttle> gone = new ArrayList<>(forgotten);
        forgotten.clear();
        return gone;
    }

    /** For tests: the throttles and window counters held. */
    public int throttlesHeld() {
        return throttles.size();
    }

    public int windowsHeld() {
        return windows.size();
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
        return throttles.values().stream().filter(t -> t.ruleId().equals(ruleId)).mapToInt(Throttle::suppressed).sum()
                + (overCap.containsKey(ruleId) ? overCap.get(ruleId).suppressed() : 0);
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
