package ps.batch.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ps.batch.entity.JobRun;

/**
 * The overlap guard (the original's lock file): which job runs which execution, the runs going on, and the
 * starts waiting for a job's run to end (overlap: queue). Not thread-safe: its owner holds the lock.
 */
public final class OverlapGuard {
    /** A start waiting for the job's running run to end. */
    public record Pending(String trigger, int attempt, Map<String, String> parameters, Long scheduledAt) {
    }

    private final Map<String, Long> running = new HashMap<>();
    private final Map<Long, JobRun> active = new HashMap<>();
    private final Map<String, Deque<Pending>> queued = new HashMap<>();

    /** The job's running execution, or null. */
    public Long running(String job) {
        return running.get(job);
    }

    public void queue(String job, Pending pending) {
        queued.computeIfAbsent(job, key -> new ArrayDeque<>()).add(pending);
    }

    /** A run just started: its job is running. */
    public void started(JobRun run) {
        running.put(run.getJob(), run.getExecutionId());
        active.put(run.getExecutionId(), run);
    }

    /** A running run's new state. */
    public void changed(JobRun run) {
        active.put(run.getExecutionId(), run);
    }

    /** A run ended: its job is free. */
    public void ended(JobRun run) {
        active.remove(run.getExecutionId());
        running.remove(run.getJob());
    }

    /** The next start waiting for the job, taken from the queue, or null. */
    public Pending nextQueued(String job) {
        Deque<Pending> waiting = queued.get(job);
        return waiting == null ? null : waiting.poll();
    }

    public boolean isActive(long executionId) {
        return active.containsKey(executionId);
    }

    /** The going run of that id, or null. */
    public JobRun active(long executionId) {
        return active.get(executionId);
    }

    public List<JobRun> activeRuns() {
        return new ArrayList<>(active.values());
    }
}
