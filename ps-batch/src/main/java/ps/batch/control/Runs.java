package ps.batch.control;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import ps.batch.entity.JobDefinition;
import ps.batch.entity.JobRun;
import ps.batch.entity.JobTimer;
import ps.batch.entity.Started;
import ps.cluster.control.Lease;
import ps.neelix.entity.PingKind;

/**
 * The runs of the jobs on JBatch: starting behind the {@link OverlapGuard}, stopping, restarting, watching
 * the running executions until they end, retries, and the runs PS was down for. Each change goes into the
 * {@link RunHistory} and is told through the {@link RunReports}. Thread-safe: one lock for all of it.
 */
public final class Runs {
    private static final Logger LOG = Logger.getLogger("ps.batch");
    /** The job parameter naming PS's job (a JBatch job runs many PS jobs). */
    public static final String JOB_PARAMETER = "ps.job";
    /** The prefix of a descriptor's or a request's parameters among the JBatch job parameters. */
    public static final String PARAMETER_PREFIX = "param.";

    private final Supplier<JobOperator> operator;
    private final Catalogue catalogue;
    private final Scheduler scheduler;
    private final OverlapGuard guard = new OverlapGuard();
    private final RunHistory history;
    private final RunReports reports;
    private final Lease lease;
    private final RunIds ids;
    private final long takeoverMillis;

    /**
     * @param ids            this node's run ids
     * @param takeoverMillis how long a change of the lease's holder may take: a fire due less long ago that
     *                       was not run yet (its node died, or its timer went off a little early) is run late
     */
    public Runs(Supplier<JobOperator> operator, Catalogue catalogue, Scheduler scheduler, RunHistory history, RunReports reports,
                Lease lease, RunIds ids, long takeoverMillis) {
        this.lease = lease;
        this.ids = ids;
        this.takeoverMillis = takeoverMillis;
        this.operator = operator;
        this.catalogue = catalogue;
        this.scheduler = scheduler;
        this.history = history;
        this.reports = reports;
    }

    /**
     * A timer went off. A cron fire runs only on the node holding the cluster's lease, once it claimed the
     * fire in the database (so a fire a takeover catches up is not run again); fires since the job's last
     * claimed one that nobody ran (see {@link #runDue}) run with it.
     */
    public void fire(JobTimer timer) {
        if (timer instanceof JobTimer.Cron) {
            JobDefinition job = catalogue.definition(timer.job());
            long token = lease.epoch();
            if (job == null || token == 0) {
                return;
            }
            long now = System.currentTimeMillis();
            if (!job.cron().firesOn(ZonedDateTime.now(job.zone()).toLocalDate())) {
                return;
            }
            runDue(token, job, history.lastFires().get(job.name()), Scheduler.dueFire(job, now), takeoverMillis);
        } else if (timer instanceof JobTimer.CatchUp catchUp) {
            start(catchUp.job(), Map.of(), "catch-up", 1, catchUp.dueAt());
        } else if (timer instanceof JobTimer.Retry retry) {
            start(retry.job(), retry.parameters(), "retry", retry.attempt(), null);
        }
    }

    /** A timer that went off a little early waits for its fire's time, so no run starts before its slot. */
    private static boolean waitFor(long due) {
        try {
            Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts a run of the job unless the overlap guard says otherwise.
     *
     * @throws IllegalArgumentException for an unknown job
     */
    public Started start(String name, Map<String, String> parameters, String trigger, int attempt, Long scheduledAt) {
        return start(name, parameters, trigger, attempt, scheduledAt, false);
    }

    /** {@link #start(String, Map, String, int, Long)}, queued behind a running run whatever the job's overlap when {@code queue}. */
    private synchronized Started start(String name, Map<String, String> parameters, String trigger, int attempt, Long scheduledAt,
                                       boolean queue) {
        JobDefinition job = catalogue.definition(name);
        if (job == null) {
            throw new IllegalArgumentException("no job '" + name + "' (descriptors in " + catalogue.dir() + ")");
        }
        Long previous = guard.running(name);
        if (previous != null) {
            if (queue || job.overlap() == JobDefinition.Overlap.QUEUE) {
                guard.queue(name, new OverlapGuard.Pending(trigger, attempt, parameters, scheduledAt));
                reports.record(name, ps.client.Level.WARNING, "QUEUED: a " + trigger + " run waits for run " + previous + " to end", previous);
                return new Started(null, "queued");
            }
            reports.record(name, ps.client.Level.WARNING, "SKIPPED: a " + trigger + " run was not started, run " + previous
                    + " is still running (overlap: skip)", previous);
            return new Started(null, "skipped");
        }
        Map<String, String> merged = new LinkedHashMap<>(job.parameters());
        merged.putAll(parameters);
        ScriptEnvironment.checkNames(merged.keySet());
        Properties properties = new Properties();
        merged.forEach((key, value) -> properties.setProperty(PARAMETER_PREFIX + key, value));
        properties.setProperty(JOB_PARAMETER, name);
        properties.setProperty("ps.attempt", Integer.toString(attempt));
        long executionId = ids.of(operator.get().start(job.batchJob(), properties));
        JobRun run = new JobRun(executionId, instanceOf(executionId), name, job.batchJob(), trigger, attempt, json(merged),
                scheduledAt, System.currentTimeMillis(), null, BatchStatus.STARTING.name(), null, null, null, null);
        track(run);
        return new Started(executionId, "started");
    }

    private long instanceOf(long executionId) {
        try {
            return operator.get().getJobInstance(ids.execution(executionId)).getInstanceId();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void track(JobRun run) {
        guard.started(run);
        history.save(run);
        reports.ping(run.getJob(), PingKind.START, null, "run " + run.getExecutionId() + " started (" + run.getTrigger() + ")");
    }

    /** @return false when there is no such running execution */
    public synchronized boolean stop(long executionId) {
        if (!guard.isActive(executionId)) {
            return false;
        }
        operator.get().stop(ids.execution(executionId));
        return true;
    }

    /** Stops every running run (at shut-down: their process trees are killed, so none outlives PS unwatched). */
    public void stopAll() {
        List<JobRun> going;
        synchronized (this) {
            going = guard.activeRuns();
        }
        for (JobRun run : going) {
            long id = run.getExecutionId();
            try {
                operator.get().stop(ids.execution(id));
                LOG.info(() -> "ps.batch: run " + id + " stopped because PS stops");
            } catch (RuntimeException e) {
                LOG.warning("ps.batch: run " + id + " not stopped at shut-down: " + e);
            }
        }
    }

    /**
     * Restarts a failed or stopped run from where it stopped (its last checkpoint for chunk steps).
     *
     * @throws IllegalArgumentException when there is no such run or it cannot be restarted
     */
    public synchronized Started restart(long executionId, Map<String, String> parameters) {
        JobRun old = run(executionId);
        if (old == null) {
            throw new IllegalArgumentException("no run " + executionId);
        }
        long local = ids.execution(executionId);
        if (guard.running(old.getJob()) != null) {
            throw new IllegalArgumentException("job '" + old.getJob() + "' is running (run " + guard.running(old.getJob()) + ")");
        }
        Properties properties = operator.get().getParameters(local);
        Properties restart = new Properties();
        if (properties != null) {
            restart.putAll(properties);
        }
        parameters.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                restart.remove(PARAMETER_PREFIX + key);
            } else {
                restart.setProperty(PARAMETER_PREFIX + key, value);
            }
        });
        long newId;
        try {
            newId = ids.of(operator.get().restart(local, restart));
        } catch (RuntimeException e) {
            if (!"PS_RESTARTED".equals(old.getExitStatus())) {
                throw new IllegalArgumentException("run " + executionId + " cannot be restarted: " + e.getMessage(), e);
            }
            // JBatch keeps a run cut off by a crash STARTED for ever and refuses to restart it: run the job
            // again with the same parameters instead (imports keep every row once all the same)
            LOG.info(() -> "ps.batch: run " + executionId + " was cut off and JBatch will not restart it (" + e.getMessage()
                    + "); starting a new run with its parameters");
            newId = ids.of(operator.get().start(old.getBatchJob(), restart));
        }
        Map<String, String> shown = new LinkedHashMap<>();
        restart.stringPropertyNames().stream().filter(key -> key.startsWith(PARAMETER_PREFIX)).sorted()
                .forEach(key -> shown.put(key.substring(PARAMETER_PREFIX.length()), restart.getProperty(key)));
        JobRun run = new JobRun(newId, instanceOf(newId), old.getJob(), old.getBatchJob(), "restart", old.getAttempt(),
                json(shown), old.getScheduledAt(), System.currentTimeMillis(), null, BatchStatus.STARTING.name(), null, null,
                null, executionId);
        track(run);
        return new Started(newId, "started");
    }

    /** Moves ended executions into the history, reports them, starts what waits for them. */
    public synchronized void poll() {
        for (JobRun run : guard.activeRuns()) {
            JobExecution execution;
            try {
                execution = operator.get().getJobExecution(ids.execution(run.getExecutionId()));
            } catch (RuntimeException e) {
                continue;
            }
            BatchStatus status = execution.getBatchStatus();
            if (status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING) {
                if (!run.getStatus().equals(status.name())) {
                    JobRun changed = new JobRun(run.getExecutionId(), run.getInstanceId(), run.getJob(), run.getBatchJob(),
                            run.getTrigger(), run.getAttempt(), run.getParameters(), run.getScheduledAt(), run.getStarted(),
                            null, status.name(), null, null, null, run.getRestartOf());
                    guard.changed(changed);
                    history.save(changed);
                }
                continue;
            }
            ended(run, status, execution.getExitStatus(), execution.getEndTime() == null ? System.currentTimeMillis()
                    : execution.getEndTime().getTime());
        }
    }

    private void ended(JobRun run, BatchStatus status, String exitStatus, long at) {
        Integer exitCode = exitCode(exitStatus);
        String message = status == BatchStatus.COMPLETED ? "completed" : exitStatus == null ? status.name().toLowerCase() : exitStatus;
        JobRun done = run.ended(at, status.name(), exitStatus, exitCode, message);
        guard.ended(run);
        history.save(done);
        JobDefinition job = catalogue.definition(run.getJob());
        boolean failed = status != BatchStatus.COMPLETED;
        reports.record(run.getJob(), failed ? ps.client.Level.WARNING : ps.client.Level.INFO, "RUN " + status + ": run "
                + run.getExecutionId() + " (" + run.getTrigger() + ", attempt " + run.getAttempt() + ") ended after "
                + done.getDurationMillis() + " ms, exit status " + exitStatus, run.getExecutionId());
        if (failed) {
            reports.ping(run.getJob(), PingKind.FAIL, exitCode, "run " + run.getExecutionId() + " " + status + ": " + exitStatus);
        } else {
            reports.ping(run.getJob(), PingKind.SUCCESS, 0, "run " + run.getExecutionId() + " completed in " + done.getDurationMillis() + " ms");
        }
        if (failed && status != BatchStatus.STOPPED && job != null && run.getAttempt() <= job.retries()) {
            scheduler.retry(job, run.getAttempt() + 1, parameters(run));
            reports.record(job.name(), ps.client.Level.WARNING, "RETRY: attempt " + (run.getAttempt() + 1) + " of " + (job.retries() + 1)
                    + " in " + job.retryDelay(), run.getExecutionId());
        }
        OverlapGuard.Pending next = guard.nextQueued(run.getJob());
        if (next != null) {
            start(run.getJob(), next.parameters(), next.trigger(), next.attempt(), next.scheduledAt());
        }
    }

    private static Map<String, String> parameters(JobRun run) {
        Map<String, String> values = new LinkedHashMap<>();
        if (run.getParameters() != null) {
            Json.createReader(new java.io.StringReader(run.getParameters())).readObject()
                    .forEach((key, value) -> values.put(key, ((jakarta.json.JsonString) value).getString()));
        }
        return values;
    }

    static Integer exitCode(String exitStatus) {
        if (exitStatus != null && exitStatus.startsWith("EXIT ")) {
            try {
                return Integer.parseInt(exitStatus.substring(5).trim().split("\\s")[0]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Runs that were going when PS stopped: JBatch leaves them STARTED in its repository for ever. They are
     * marked ABANDONED in PS's history (and neelix hears of the failure); see docs/batch.md for restarting.
     */
    public void recoverCutOff() {
        for (JobRun run : history.unfinished()) {
            if (!ids.local(run.getExecutionId())) {
                continue; // another node's: it may be running there
            }
            String repositoryStatus = "unknown";
            try {
                repositoryStatus = operator.get().getJobExecution(ids.execution(run.getExecutionId())).getBatchStatus().name();
            } catch (RuntimeException e) {
                // not in the repository
            }
            JobRun done = run.ended(System.currentTimeMillis(), "ABANDONED", "PS_RESTARTED", null,
                    "cut off: PS stopped during the run (job repository said " + repositoryStatus + ")");
            history.save(done);
            reports.record(run.getJob(), ps.client.Level.WARNING, "RUN ABANDONED: run " + run.getExecutionId()
                    + " was cut off when PS stopped", run.getExecutionId());
            reports.ping(run.getJob(), PingKind.FAIL, null, "run " + run.getExecutionId() + " was cut off when PS stopped");
        }
    }

    /**
     * A scheduled fire that fell into a time PS was down: reported, and started once when the job says so.
     * Only the lease's holder looks. A fire due less than {@code lateWithinMillis} ago fell into a takeover
     * (the previous holder died before it ran it): it is claimed and run now, late, as a scheduled run.
     */
    public void reportMissed(long lateWithinMillis) {
        long token = lease.epoch();
        if (token == 0) {
            return;
        }
        Map<String, Long> lastFires = history.lastFires();
        long now = System.currentTimeMillis();
        for (JobDefinition job : catalogue.definitions().values()) {
            if (job.scheduled() && !lastFires.containsKey(job.name())) {
                claim(token, job.name(), now);
            }
        }
        for (Scheduler.Missed missed : Scheduler.missed(catalogue.definitions().values(), lastFires, now)) {
            JobDefinition job = missed.job();
            if (missed.due().toInstant().toEpochMilli() >= now - lateWithinMillis) {
                LOG.info(() -> "ps.batch: job " + job.name() + " was due at " + missed.due() + " while the cluster's lease"
                        + " changed hands; starting it now");
                runDue(token, job, lastFires.get(job.name()), Scheduler.dueFire(job, now), lateWithinMillis);
                continue;
            }
            if (!claim(token, job.name(), now)) {
                continue;
            }
            String message = "MISSED RUN: job " + job.name() + " was due at " + missed.due() + " while PS was down"
                    + (job.catchUp() ? "; starting it once now (catch_up)" : "");
            LOG.warning("ps.batch: " + message);
            reports.record(job.name(), ps.client.Level.WARNING, message, null);
            if (job.catchUp()) {
                scheduler.catchUp(job.name(), missed.due().toInstant().toEpochMilli());
            } else {
                reports.ping(job.name(), PingKind.FAIL, null, message);
            }
        }
    }

    /**
     * Runs each fire of the job after {@code last} (its last claimed fire, null for none) up to {@code due}
     * and less than {@code lateWithinMillis} before it, oldest first, each once claimed: a fire is named by
     * its scheduled time, and one nobody ran (its node died before, or this node's timer went off a few
     * hundred milliseconds early and named the fire before) runs late rather than never; a fire named a little
     * ahead (see {@link Scheduler#dueFire}) is waited for. The late ones queue behind
     * each other whatever the job's overlap, since they are due all at once.
     */
    private void runDue(long token, JobDefinition job, Long last, long due, long lateWithinMillis) {
        if (due > System.currentTimeMillis() && !waitFor(due)) {
            return;
        }
        long after = last == null ? due - 1 : Math.max(last, due - lateWithinMillis);
        boolean first = true;
        for (long fire : Scheduler.fires(job, after, due)) {
            if (!claim(token, job.name(), fire)) {
                return; // this or a later fire was claimed already
            }
            start(job.name(), Map.of(), "schedule", 1, fire, !first);
            first = false;
        }
    }

    /** Claims the job's fire for this node; false when it was claimed already or the lease is lost. */
    private boolean claim(long token, String job, long fire) {
        try {
            return history.claimFire(lease, token, job, fire);
        } catch (RuntimeException e) {
            if (Lease.lost(e)) {
                LOG.info(() -> "ps.batch: the fire of job " + job + " at " + java.time.Instant.ofEpochMilli(fire)
                        + " is left to the lease's new holder (" + e.getMessage() + ")");
                return false;
            }
            throw e;
        }
    }

    public synchronized Long runningExecution(String name) {
        return guard.running(name);
    }

    /** Runs, newest first, the going ones as they are now; {@code job} null for all jobs. */
    public List<JobRun> runs(String job, int limit) {
        List<JobRun> stored = history.runs(job, limit);
        synchronized (this) {
            return stored.stream().map(run -> {
                JobRun going = guard.active(run.getExecutionId());
                return going != null ? going : run;
            }).toList();
        }
    }

    /** The run, or null. */
    public JobRun run(long executionId) {
        synchronized (this) {
            JobRun run = guard.active(executionId);
            if (run != null) {
                return run;
            }
        }
        return history.run(executionId);
    }

    /** Items read, written, skipped per step (for chunk steps); empty for others. */
    public Map<String, Long> progress(long executionId) {
        Map<String, Long> totals = new LinkedHashMap<>();
        if (!ids.local(executionId)) {
            return totals; // another node's repository knows its steps
        }
        try {
            for (var step : operator.get().getStepExecutions(ids.execution(executionId))) {
                for (var metric : step.getMetrics()) {
                    totals.merge(metric.getType().name().toLowerCase(), metric.getValue(), Long::sum);
                }
            }
        } catch (RuntimeException e) {
            // no step executions (yet)
        }
        return totals;
    }

    private static String json(Map<String, String> values) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        values.forEach(object::add);
        return object.build().toString();
    }
}
