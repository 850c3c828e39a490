package ps.neelix.control;

import java.util.List;

import ps.neelix.entity.Monitor;
import ps.neelix.entity.RuleStats;
import ps.neelix.entity.Throttle;

/**
 * The monitor and rule state kept across restarts: what the heartbeats and the rule engine changed is saved
 * through the repository, signals-only changes of monitors (a record proving life) only when {@code all}.
 * Used on neelix's loop thread only.
 */
public final class MonitorStore {
    private final NeelixRepository repository;
    private final Heartbeats heartbeats;
    private final RuleEngine rules;

    public MonitorStore(NeelixRepository repository, Heartbeats heartbeats, RuleEngine rules) {
        this.repository = repository;
        this.heartbeats = heartbeats;
        this.rules = rules;
    }

    /** Writes changed state; signals-only changes wait for the clock unless {@code all}. */
    public void save(boolean all) {
        List<Monitor> monitors = heartbeats.takeDirty(all);
        List<String> deleted = heartbeats.takeDeleted();
        List<Throttle> throttles = all ? rules.takeDirtyThrottles() : List.of();
        List<Throttle> forgotten = all ? rules.takeForgottenThrottles() : List.of();
        List<RuleStats> stats = all ? rules.takeDirtyStats() : List.of();
        if (monitors.isEmpty() && deleted.isEmpty() && throttles.isEmpty() && forgotten.isEmpty() && stats.isEmpty()) {
            return;
        }
        repository.saveState(monitors, deleted, forgotten, throttles, stats);
    }

    /** Saves the monitors a ping changed, with the ping. */
    public void savePing(String service, long at, String kind, Integer exitCode, String body, Long runMillis) {
        repository.savePing(heartbeats.takeDirty(false), service, at, kind, exitCode, body, runMillis);
    }

    /** Forgets the saved throttles and statistics of rules no longer configured. */
    public void keepRulesOnly(List<String> ruleIds) {
        repository.keepRulesOnly(ruleIds);
    }
}
