package ps.batch.boundary;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import ps.batch.control.JobDescriptors;
import ps.batch.control.RunTable;
import ps.batch.entity.JobDefinition;
import ps.batch.entity.JobRun;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.boundary.Neelix;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.ServiceDeclaration;
import ps.settings.PsSettings;
import ps.store.boundary.LogStore;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * The batch jobs: their descriptors from {@code PS_CONFIG_DIR/jobs/} (re-read when they change), their
 * schedules as non-persistent calendar timers, starting runs behind the overlap guard, retries, the run
 * history in SQLite (through the store's writer) and the outcome of every scheduled run reported to neelix.
 */
@Singleton
@Startup
@DependsOn({"LogStore", "Neelix"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Jobs {
    private static final Logger LOG = Logger.getLogger("ps.batch");
    public static final String JOB_PARAMETER = "ps.job";
    public static final String PARAMETER_PREFIX = "param.";

    /** What a start request did. */
    public static final class Started {
        private final Long executionId;
        private final String outcome;

        Started(Long executionId, String outcome) {
            this.executionId = executionId;
            this.outcome = outcome;
        }

        /** The new run's id; null when the run was skipped or queued. */
        public Long executionId() {
            return executionId;
        }

        /** started, skipped or queued */
        public String outcome() {
            return outcome;
        }
    }

    private static final class Pending {
        final String trigger;
        final int attempt;
        final Map<String, String> parameters;
        final Long scheduledAt;

        Pending(String trigger, int attempt, Map<String, String> parameters, Long scheduledAt) {
            this.trigger = trigger;
            this.attempt = attempt;
            this.parameters = parameters;
            this.scheduledAt = scheduledAt;
        }
    }

    @Inject
    LogStore store;

    @Inject
    PsSettings settings;

    @Inject
    Neelix neelix;

    @Resource
    TimerService timers;

    private JobDescriptors descriptors;
    private volatile Map<String, JobDefinition> definitions = Map.of();
    private volatile List<String> problems = List.of();
    /** job → its running execution (the overlap guard: the original's lock file) */
    private final Map<String, Long> running = new HashMap<>();
    private final Map<Long, JobRun> active = new HashMap<>();
    private final Map<String, Deque<Pending>> queued = new HashMap<>();

    @PostConstruct
    void init() {
        descriptors = new JobDescriptors(settings.configDir(), settings.stage());
        recoverCutOffRuns();
        reload();
        reportMissedRuns();
    }

    /** Stops the running scripts (their process trees are killed) so that none outlives PS unwatched. */
    @PreDestroy
    void shutdown() {
        timers.getTimers().forEach(Timer::cancel);
        List<Long> ids;
        synchronized (this) {
            ids = new ArrayList<>(active.keySet());
        }
        for (Long id : ids) {
            try {
                operator().stop(id);
                LOG.info(() -> "ps.batch: run " + id + " stopped because PS stops");
            } catch (RuntimeException e) {
                LOG.warning("ps.batch: run " + id + " not stopped at shut-down: " + e);
            }
        }
    }

    private JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }

    /** Looks at the descriptors every 2 s, and at the running executions' status every second. */
    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "ps.batch clock")
    void clock() {
        try {
            pollRunning();
            if (System.currentTimeMillis() / 1000 % 2 == 0 && descriptors.changed()) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: clock round failed", e);
        }
    }

    private synchronized void reload() {
        JobDescriptors.Reading reading = descriptors.read();
        for (String problem : reading.problems()) {
            LOG.warning("ps.batch: job descriptor " + problem);
            record("batch", ps.client.Level.WARNING, "CONFIG ERROR: job descriptor " + problem, null);
        }
        problems = List.copyOf(reading.problems());
        definitions = reading.jobs();
        for (Timer timer : timers.getTimers()) {
            if (timer.getInfo() instanceof String info && info.startsWith("cron\t")) {
                timer.cancel();
            }
        }
        for (JobDefinition job : definitions.values()) {
            if (job.scheduled()) {
                timers.createCalendarTimer(job.cron().toSchedule(job.zone()), new TimerConfig("cron\t" + job.name(), false));
            }
        }
        declareMonitors();
        LOG.info(() -> "ps.batch: " + definitions.size() + " jobs from " + descriptors.dir() + " ("
                + definitions.values().stream().filter(JobDefinition::scheduled).count() + " scheduled)");
    }

    private void declareMonitors() {
        List<ServiceDeclaration> services = new ArrayList<>();
        for (JobDefinition job : definitions.values()) {
            if (!job.scheduled()) {
                continue;
            }
            // the longest gap between two fires (measured over the next few) plus the run's timeout
            ZonedDateTime at = ZonedDateTime.now(job.zone());
            long longest = 0;
            for (int i = 0; i < 8 && at != null; i++) {
                ZonedDateTime next = job.cron().next(at);
                if (next == null) {
                    break;
                }
                if (i > 0) {
                    longest = Math.max(longest, next.toInstant().toEpochMilli() - at.toInstant().toEpochMilli());
                }
                at = next;
            }
            ServiceDeclaration service = new ServiceDeclaration(job.name(), "jobs/" + job.source())
                    .period(java.time.Duration.ofMillis(Math.max(longest, 1000)).plus(job.timeout()))
                    .grace(job.grace())
                    // PS pings at each start and end; records with the job's name could come from anyone
                    .recordsProveLife(false);
            if (!job.mailTo().isEmpty()) {
                service.mailTo(job.mailTo());
            }
            services.add(service);
        }
        try {
            neelix.declareServices(services);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: job monitors not declared to neelix", e);
        }
    }

    @Timeout
    void fire(Timer timer) {
        String[] info = String.valueOf(timer.getInfo()).split("\t", -1);
        try {
            if (info[0].equals("cron")) {
                JobDefinition job = definitions.get(info[1]);
                if (job == null) {
                    return;
                }
                long now = System.currentTimeMillis();
                if (!job.cron().firesOn(ZonedDateTime.now(job.zone()).toLocalDate())) {
                    return;
                }
                saveLastFire(job.name(), now);
                start(job.name(), Map.of(), "schedule", 1, now);
            } else if (info[0].equals("catch-up")) {
                start(info[1], Map.of(), "catch-up", 1, Long.parseLong(info[2]));
            } else if (info[0].equals("retry")) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 3; i + 1 < info.length; i += 2) {
                    parameters.put(info[i], info[i + 1]);
                }
                start(info[1], parameters, "retry", Integer.parseInt(info[2]), null);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: timer " + timer.getInfo() + " failed", e);
        }
    }

    // ---- starting, stopping, restarting ----

    /**
     * Starts a run of the job unless the overlap guard says otherwise.
     *
     * @throws IllegalArgumentException for an unknown job
     */
    public synchronized Started start(String name, Map<String, String> parameters, String trigger, int attempt, Long scheduledAt) {
        JobDefinition job = definitions.get(name);
        if (job == null) {
            throw new IllegalArgumentException("no job '" + name + "' (descriptors in " + descriptors.dir() + ")");
        }
        Long previous = running.get(name);
        if (previous != null) {
            if (job.overlap() == JobDefinition.Overlap.QUEUE) {
                queued.computeIfAbsent(name, key -> new ArrayDeque<>()).add(new Pending(trigger, attempt, parameters, scheduledAt));
                record(name, ps.client.Level.WARNING, "QUEUED: a " + trigger + " run waits for run " + previous + " to end", previous);
                return new Started(null, "queued");
            }
            record(name, ps.client.Level.WARNING, "SKIPPED: a " + trigger + " run was not started, run " + previous
                    + " is still running (overlap: skip)", previous);
            return new Started(null, "skipped");
        }
        Map<String, String> merged = new LinkedHashMap<>(job.parameters());
        merged.putAll(parameters);
        ps.batch.control.ScriptEnvironment.checkNames(merged.keySet());
        Properties properties = new Properties();
        merged.forEach((key, value) -> properties.setProperty(PARAMETER_PREFIX + key, value));
        properties.setProperty(JOB_PARAMETER, name);
        properties.setProperty("ps.attempt", Integer.toString(attempt));
        long executionId = operator().start(job.batchJob(), properties);
        JobRun run = new JobRun(executionId, instanceOf(executionId), name, job.batchJob(), trigger, attempt, json(merged),
                scheduledAt, System.currentTimeMillis(), null, BatchStatus.STARTING.name(), null, null, null, null);
        track(run);
        return new Started(executionId, "started");
    }

    private long instanceOf(long executionId) {
        try {
            return operator().getJobInstance(executionId).getInstanceId();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void track(JobRun run) {
        running.put(run.getJob(), run.getExecutionId());
        active.put(run.getExecutionId(), run);
        save(run);
        ping(run.getJob(), PingKind.START, null, "run " + run.getExecutionId() + " started (" + run.getTrigger() + ")");
    }

    /** @return false when there is no such running execution */
    public synchronized boolean stop(long executionId) {
        if (!active.containsKey(executionId)) {
            return false;
        }
        operator().stop(executionId);
        return true;
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
        if (running.containsKey(old.getJob())) {
            throw new IllegalArgumentException("job '" + old.getJob() + "' is running (run " + running.get(old.getJob()) + ")");
        }
        Properties properties = operator().getParameters(executionId);
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
            newId = operator().restart(executionId, restart);
        } catch (RuntimeException e) {
            if (!"PS_RESTARTED".equals(old.getExitStatus())) {
                throw new IllegalArgumentException("run " + executionId + " cannot be restarted: " + e.getMessage(), e);
            }
            // JBatch keeps a run cut off by a crash STARTED for ever and refuses to restart it: run the job
            // again with the same parameters instead (imports keep every row once all the same)
            LOG.info(() -> "ps.batch: run " + executionId + " was cut off and JBatch will not restart it (" + e.getMessage()
                    + "); starting a new run with its parameters");
            newId = operator().start(old.getBatchJob(), restart);
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
    private synchronized void pollRunning() {
        for (JobRun run : new ArrayList<>(active.values())) {
            JobExecution execution;
            try {
                execution = operator().getJobExecution(run.getExecutionId());
            } catch (RuntimeException e) {
                continue;
            }
            BatchStatus status = execution.getBatchStatus();
            if (status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING) {
                if (!run.getStatus().equals(status.name())) {
                    JobRun changed = new JobRun(run.getExecutionId(), run.getInstanceId(), run.getJob(), run.getBatchJob(),
                            run.getTrigger(), run.getAttempt(), run.getParameters(), run.getScheduledAt(), run.getStarted(),
                            null, status.name(), null, null, null, run.getRestartOf());
                    active.put(run.getExecutionId(), changed);
                    save(changed);
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
        active.remove(run.getExecutionId());
        running.remove(run.getJob());
        save(done);
        JobDefinition job = definitions.get(run.getJob());
        boolean failed = status != BatchStatus.COMPLETED;
        record(run.getJob(), failed ? ps.client.Level.WARNING : ps.client.Level.INFO, "RUN " + status + ": run "
                + run.getExecutionId() + " (" + run.getTrigger() + ", attempt " + run.getAttempt() + ") ended after "
                + done.getDurationMillis() + " ms, exit status " + exitStatus, run.getExecutionId());
        if (failed) {
            ping(run.getJob(), PingKind.FAIL, exitCode, "run " + run.getExecutionId() + " " + status + ": " + exitStatus);
        } else {
            ping(run.getJob(), PingKind.SUCCESS, 0, "run " + run.getExecutionId() + " completed in " + done.getDurationMillis() + " ms");
        }
        if (failed && status != BatchStatus.STOPPED && job != null && run.getAttempt() <= job.retries()) {
            StringBuilder info = new StringBuilder("retry\t" + job.name() + "\t" + (run.getAttempt() + 1));
            parameters(run).forEach((key, value) -> info.append('\t').append(key).append('\t').append(value));
            timers.createSingleActionTimer(Math.max(1, job.retryDelay().toMillis()), new TimerConfig(info.toString(), false));
            record(job.name(), ps.client.Level.WARNING, "RETRY: attempt " + (run.getAttempt() + 1) + " of " + (job.retries() + 1)
                    + " in " + job.retryDelay(), run.getExecutionId());
        }
        Deque<Pending> waiting = queued.get(run.getJob());
        if (waiting != null && !waiting.isEmpty()) {
            Pending next = waiting.poll();
            start(run.getJob(), next.parameters, next.trigger, next.attempt, next.scheduledAt);
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
    private void recoverCutOffRuns() {
        List<JobRun> cutOff = store.read(RunTable::unfinished);
        for (JobRun run : cutOff) {
            String repositoryStatus = "unknown";
            try {
                repositoryStatus = operator().getJobExecution(run.getExecutionId()).getBatchStatus().name();
            } catch (RuntimeException e) {
                // not in the repository
            }
            JobRun done = run.ended(System.currentTimeMillis(), "ABANDONED", "PS_RESTARTED", null,
                    "cut off: PS stopped during the run (job repository said " + repositoryStatus + ")");
            save(done);
            record(run.getJob(), ps.client.Level.WARNING, "RUN ABANDONED: run " + run.getExecutionId()
                    + " was cut off when PS stopped", run.getExecutionId());
            ping(run.getJob(), PingKind.FAIL, null, "run " + run.getExecutionId() + " was cut off when PS stopped");
        }
    }

    /** A scheduled fire that fell into a time PS was down: reported, and started once when the job says so. */
    private void reportMissedRuns() {
        Map<String, Long> lastFires = store.read(RunTable::lastFires);
        long now = System.currentTimeMillis();
        for (JobDefinition job : definitions.values()) {
            if (!job.scheduled()) {
                continue;
            }
            Long last = lastFires.get(job.name());
            if (last == null) {
                saveLastFire(job.name(), now);
                continue;
            }
            ZonedDateTime due = job.cron().next(Instant.ofEpochMilli(last).atZone(job.zone()));
            if (due != null && due.toInstant().toEpochMilli() < now - 1000) {
                String message = "MISSED RUN: job " + job.name() + " was due at " + due + " while PS was down"
                        + (job.catchUp() ? "; starting it once now (catch_up)" : "");
                LOG.warning("ps.batch: " + message);
                record(job.name(), ps.client.Level.WARNING, message, null);
                saveLastFire(job.name(), now);
                if (job.catchUp()) {
                    // from a timer, once the application is deployed (JBatch cannot start a job before)
                    timers.createSingleActionTimer(1000, new TimerConfig("catch-up\t" + job.name() + "\t"
                            + due.toInstant().toEpochMilli(), false));
                } else {
                    ping(job.name(), PingKind.FAIL, null, message);
                }
            }
        }
    }

    // ---- reading ----

    public Map<String, JobDefinition> definitions() {
        return definitions;
    }

    public JobDefinition definition(String name) {
        return definitions.get(name);
    }

    public List<String> problems() {
        return problems;
    }

    public java.nio.file.Path configDir() {
        return settings.configDir();
    }

    public java.nio.file.Path workDir() {
        return settings.dataDir().resolve("batch");
    }

    public String stage() {
        return settings.stage().name();
    }

    /** The next scheduled fire, or null. */
    public ZonedDateTime nextFire(String name) {
        JobDefinition job = definitions.get(name);
        return job == null || !job.scheduled() ? null : job.cron().next(ZonedDateTime.now(job.zone()));
    }

    public synchronized Long runningExecution(String name) {
        return running.get(name);
    }

    public List<JobRun> runs(String job, int limit) {
        List<JobRun> stored = store.read(connection -> RunTable.runs(connection, job, limit));
        synchronized (this) {
            return stored.stream().map(run -> active.getOrDefault(run.getExecutionId(), run)).toList();
        }
    }

    public JobRun run(long executionId) {
        synchronized (this) {
            JobRun run = active.get(executionId);
            if (run != null) {
                return run;
            }
        }
        return store.read(connection -> RunTable.run(connection, executionId));
    }

    /** Items read, written, skipped per step (for chunk steps); empty for others. */
    public Map<String, Long> progress(long executionId) {
        Map<String, Long> totals = new LinkedHashMap<>();
        try {
            for (var step : operator().getStepExecutions(executionId)) {
                for (var metric : step.getMetrics()) {
                    totals.merge(metric.getType().name().toLowerCase(), metric.getValue(), Long::sum);
                }
            }
        } catch (RuntimeException e) {
            // no step executions (yet)
        }
        return totals;
    }

    /** A run's output: the records it produced (system = job, user_spec_2 = run id), oldest first. */
    public List<LogRow> output(JobRun run, int limit) {
        return store.find(outputOf(run).ascending(true).limit(limit));
    }

    /** The newest {@code limit} lines of a run's output, oldest first: what a page following a run shows. */
    public List<LogRow> outputTail(JobRun run, int limit) {
        List<LogRow> newest = new ArrayList<>(store.find(outputOf(run).ascending(false).limit(limit)));
        java.util.Collections.reverse(newest);
        return newest;
    }

    private static LogFilter outputOf(JobRun run) {
        return new LogFilter().equal(LogField.SYSTEM_ID, run.getJob())
                .equal(LogField.USER_SPEC_2, Long.toString(run.getExecutionId()));
    }

    // ---- helpers ----

    private void save(JobRun run) {
        try {
            store.inWriter(connection -> {
                RunTable.save(connection, run);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: run " + run.getExecutionId() + " not saved in the history", e);
        }
    }

    private void saveLastFire(String job, long at) {
        store.inWriter(connection -> {
            RunTable.saveLastFire(connection, job, at);
            return null;
        });
    }

    /** Tells neelix about a run of a scheduled job (on-demand jobs have no monitor). */
    private void ping(String job, PingKind kind, Integer exitCode, String body) {
        JobDefinition definition = definitions.get(job);
        if (definition == null || !definition.scheduled()) {
            return;
        }
        try {
            neelix.ping(job, kind, exitCode, body, null, ps.neelix.entity.PingCaller.ADMIN);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: neelix not told about " + job + " (" + kind + ")", e);
        }
    }

    /** A record from the job (system = job name) about a run, e.g. SKIPPED or RUN FAILED. */
    void record(String system, ps.client.Level level, String message, Long executionId) {
        long now = System.currentTimeMillis();
        LogEntry entry = new LogEntry().created(now).received(now).level(level)
                .set(LogField.SYSTEM_ID, system)
                .set(LogField.NAME, "ps.batch")
                .set(LogField.MODULE, "batch")
                .set(LogField.STAGE, settings.stage().name())
                .set(LogField.MESSAGE, message);
        if (executionId != null) {
            entry.set(LogField.USER_SPEC_2, Long.toString(executionId));
        }
        try {
            store.append(List.of(entry));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: record not stored: " + message, e);
        }
    }

    private static String json(Map<String, String> values) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        values.forEach(object::add);
        return object.build().toString();
    }
}
