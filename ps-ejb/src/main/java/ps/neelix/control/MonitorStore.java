package ps.neelix.control;

import java.util.List;

import ps.cluster.control.Lease;
import ps.client.LogEntry;
import ps.neelix.entity.ForwardedPing;
import ps.neelix.entity.ForwardedRecord;
import ps.neelix.entity.Monitor;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.RuleStats;
import ps.neelix.entity.Throttle;

/**
 * The monitor and rule state kept across restarts: what the heartbeats and the rule engine changed is saved
 * through the repository, signals-only changes of monitors (a record proving life) only when {@code all}.
 * The state was loaded under the lease's epoch {@code token} (0: this node does not hold the lease, it
 * keeps a standby view and saves nothing); every save is fenced with it, so a node that lost the lease
 * overwrites nothing its successor decided. Used on neelix's loop thread only.
 */
public final class MonitorStore {
    private final NeelixRepository repository;
    private final Heartbeats heartbeats;
    private final RuleEngine rules;
    private final Lease lease;
    private final long token;

    public MonitorStore(NeelixRepository repository, Heartbeats heartbeats, RuleEngine rules, Lease lease, long token) {
        this.repository = repository;
        this.heartbeats = heartbeats;
        this.rules = rules;
        this.lease = lease;
        this.token = token;
    }

    /** The lease's epoch this state belongs to; 0 for a standby view. */
    public long token() {
        return token;
    }

    /** True while this node still holds the lease under the epoch the state was loaded with. */
    public boolean holding() {
        return token != 0 && lease.epoch() == token;
    }

    /**
     * Writes changed state; signals-only changes wait for the clock unless {@code all}.
     *
     * @return false when the lease was lost (nothing written, and nothing decided may leave); true otherwise
     */
    public boolean save(boolean all) {
        if (token == 0) {
            return false;
        }
        List<Monitor> monitors = heartbeats.takeDirty(all);
        List<String> deleted = heartbeats.takeDeleted();
        List<Throttle> throttles = all ? rules.takeDirtyThrottles() : List.of();
        List<Throttle> forgotten = all ? rules.takeForgottenThrottles() : List.of();
        List<RuleStats> stats = all ? rules.takeDirtyStats() : List.of();
        if (monitors.isEmpty() && deleted.isEmpty() && throttles.isEmpty() && forgotten.isEmpty() && stats.isEmpty()) {
            return holding();
        }
        try {
            repository.saveState(lease, token, monitors, deleted, forgotten, throttles, stats);
            return true;
        } catch (RuntimeException e) {
            if (Lease.lost(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Saves the monitors a ping changed, with the ping (not on a standby view). */
    public void savePing(String service, long at, String kind, Integer exitCode, String body, Long runMillis) {
        if (token == 0) {
            return;
        }
        try {
            repository.savePing(lease, token, heartbeats.takeDirty(false), service, at, kind, exitCode, body, runMillis);
        } catch (RuntimeException e) {
            if (!Lease.lost(e)) {
                throw e;
            }
        }
    }

    /** Leaves a ping this node authorised but does not evaluate for the lease's holder. */
    public void forwardPing(String service, long at, PingKind kind, Integer exitCode, String body) {
        repository.forwardPing(service, at, kind, exitCode, body);
    }

    /** The pings other nodes left, oldest first, at most {@code limit}; none unless this node holds the lease. */
    public List<ForwardedPing> forwardedPings(int limit) {
        return holding() ? repository.forwardedPings(limit) : List.of();
    }

    /** The forwarded pings up to {@code lastId} were applied and saved: they are deleted (fenced). */
    public void forwardedPingsTaken(long lastId) {
        unlessLost(() -> repository.takeForwardedPings(lease, token, lastId));
    }

    /** A fenced write that a lost lease turns into nothing (the new holder does it). */
    private static void unlessLost(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            if (!Lease.lost(e)) {
                throw e;
            }
        }
    }

    /** Leaves copies of records this node stored but does not evaluate for the lease's holder. */
    public int forwardRecords(List<LogEntry> entries, long at, int capacity) {
        return repository.forwardRecords(entries, at, capacity);
    }

    /** The records other nodes left, oldest first, at most {@code limit}; none unless this node holds the lease. */
    public List<ForwardedRecord> forwardedRecords(int limit) {
        return holding() ? repository.forwardedRecords(limit) : List.of();
    }

    /** The forwarded records up to {@code lastId} were evaluated and the state saved: they are deleted (fenced). */
    public void forwardedRecordsTaken(long lastId) {
        unlessLost(() -> repository.takeForwardedRecords(lease, token, lastId));
    }

    /** Forgets the saved throttles and statistics of rules no longer configured (not on a standby view). */
    public void keepRulesOnly(List<String> ruleIds) {
        if (token == 0) {
            return;
        }
        try {
            repository.keepRulesOnly(lease, token, ruleIds);
        } catch (RuntimeException e) {
            if (!Lease.lost(e)) {
                throw e;
            }
        }
    }
}
