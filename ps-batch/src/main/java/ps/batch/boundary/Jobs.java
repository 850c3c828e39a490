package ps.batch.boundary;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import ps.batch.control.Catalogue;
import ps.batch.control.JobDescriptors;
import ps.batch.control.RunHistory;
import ps.batch.control.RunIds;
import ps.batch.control.RunReports;
import ps.batch.control.Runs;
import ps.batch.control.Scheduler;
import ps.batch.entity.JobDefinition;
import ps.batch.entity.JobRun;
import ps.batch.entity.JobTimer;
import ps.batch.entity.Started;
import ps.cluster.boundary.Cluster;
import ps.cluster.control.Lease;
import ps.db.Db;
import ps.neelix.boundary.Neelix;
import ps.settings.PsSettings;
import ps.store.boundary.LogStore;
import ps.store.entity.LogRow;

/**
 * The batch jobs: the {@link Catalogue} of descriptors from {@code PS_CONFIG_DIR/jobs/} (re-read when they
 * change), the {@link Scheduler}'s non-persistent timers, the {@link Runs} behind the overlap guard with
 * retries, the {@link RunHistory} in PS's database and the outcome of every scheduled run reported to neelix.
 * In a cluster only the node holding the {@link Cluster}'s lease runs the scheduled fires; a node that gains
 * it looks for fires its predecessor left (see {@link Runs#reportMissed}).
 */
@Singleton
@Startup
@DependsOn({"LogStore", "Neelix", "Cluster"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Jobs {
    private static final Logger LOG = Logger.getLogger("ps.batch");
    public static final String JOB_PARAMETER = Runs.JOB_PARAMETER;
    public static final String PARAMETER_PREFIX = Runs.PARAMETER_PREFIX;

    @Inject
    LogStore store;

    @Inject
    Db db;

    @Inject
    PsSettings settings;

    @Inject
    Neelix neelix;

    @Inject
    Cluster cluster;

    @Resource
    TimerService timers;

    private Catalogue catalogue;
    private Scheduler scheduler;
    private RunReports reports;
    private Runs runs;
    private Lease lease;
    /** Whether this node acted as the lease's holder at the clock's last round. */
    private volatile boolean holding;

    @PostConstruct
    void init() {
        lease = cluster.lease();
        catalogue = new Catalogue(new JobDescriptors(settings.configDir(), settings.stage()));
        scheduler = new Scheduler(timers);
        reports = new RunReports(store, neelix, catalogue, settings.stage().name());
        runs = new Runs(BatchRuntime::getJobOperator, catalogue, scheduler, new RunHistory(db), reports, lease,
                new RunIds(cluster.nodeNumber()), takeoverMillis());
        holding = lease.held();
        if (holding) {
            runs.recoverCutOff();
        }
        reload();
        runs.reportMissed(0);
    }

    /**
     * A node that just gained the lease runs the fires due since its predecessor's last one (a takeover
     * takes less than twice the lease's expiry; what is older was missed while the whole cluster was down).
     */
    private void followLease() {
        boolean held = lease.held();
        if (held && !holding) {
            LOG.info(() -> "ps.batch: node " + lease.node() + " holds the cluster's lease: it runs the schedules");
            runs.reportMissed(takeoverMillis());
        }
        holding = held;
    }

    /** How long a change of the lease's holder takes at most: twice the expiry, and 5 s for the clock and the timers. */
    private long takeoverMillis() {
        return settings.leaseExpiry().multipliedBy(2).toMillis() + 5_000;
    }

    /** Stops the running scripts (their process trees are killed) so that none outlives PS unwatched. */
    @PreDestroy
    void shutdown() {
        scheduler.cancelAll();
        runs.stopAll();
    }

    /** Looks at the descriptors every 2 s, and at the running executions' status every second. */
    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "ps.batch clock")
    void clock() {
        try {
            followLease();
            runs.poll();
            if (System.currentTimeMillis() / 1000 % 2 == 0 && catalogue.changed()) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: clock round failed", e);
        }
    }

    private synchronized void reload() {
        for (String problem : catalogue.reload()) {
            LOG.warning("ps.batch: job descriptor " + problem);
            reports.record("batch", ps.client.Level.WARNING, "CONFIG ERROR: job descriptor " + problem, null);
        }
        scheduler.schedule(catalogue.definitions().values());
        try {
            neelix.declareServices(catalogue.monitors());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: job monitors not declared to neelix", e);
        }
        LOG.info(() -> "ps.batch: " + catalogue.definitions().size() + " jobs from " + catalogue.dir() + " ("
                + catalogue.scheduledCount() + " scheduled)");
    }

    @Timeout
    void fire(Timer timer) {
        try {
            if (timer.getInfo() instanceof JobTimer info) {
                runs.fire(info);
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
    public Started start(String name, Map<String, String> parameters, String trigger, int attempt, Long scheduledAt) {
        return runs.start(name, parameters, trigger, attempt, scheduledAt);
    }

    /** @return false when there is no such running execution */
    public boolean stop(long executionId) {
        return runs.stop(executionId);
    }

    /**
     * Restarts a failed or stopped run from where it stopped (its last checkpoint for chunk steps).
     *
     * @throws IllegalArgumentException when there is no such run or it cannot be restarted
     */
    public Started restart(long executionId, Map<String, String> parameters) {
        return runs.restart(executionId, parameters);
    }

    // ---- reading ----

    public Map<String, JobDefinition> definitions() {
        return catalogue.definitions();
    }

    public JobDefinition definition(String name) {
        return catalogue.definition(name);
    }

    public List<String> problems() {
        return catalogue.problems();
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
        return catalogue.nextFire(name);
    }

    public Long runningExecution(String name) {
        return runs.runningExecution(name);
    }

    public List<JobRun> runs(String job, int limit) {
        return runs.runs(job, limit);
    }

    public JobRun run(long executionId) {
        return runs.run(executionId);
    }

    /** Items read, written, skipped per step (for chunk steps); empty for others. */
    public Map<String, Long> progress(long executionId) {
        return runs.progress(executionId);
    }

    /** A run's output: the records it produced (system = job, user_spec_2 = run id), oldest first. */
    public List<LogRow> output(JobRun run, int limit) {
        return reports.output(run, limit);
    }

    /** The newest {@code limit} lines of a run's output, oldest first: what a page following a run shows. */
    public List<LogRow> outputTail(JobRun run, int limit) {
        return reports.outputTail(run, limit);
    }
}
