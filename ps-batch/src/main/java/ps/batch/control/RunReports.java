package ps.batch.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import ps.batch.entity.JobRun;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.boundary.Neelix;
import ps.neelix.entity.PingCaller;
import ps.neelix.entity.PingKind;
import ps.store.boundary.LogStore;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * What the runs tell: records about runs (system = job name), for scheduled jobs pings to neelix, and a
 * run's output (the records it produced) read back.
 */
public final class RunReports {
    private static final Logger LOG = Logger.getLogger("ps.batch");

    private final LogStore store;
    private final Neelix neelix;
    private final Catalogue catalogue;
    private final String stage;

    public RunReports(LogStore store, Neelix neelix, Catalogue catalogue, String stage) {
        this.store = store;
        this.neelix = neelix;
        this.catalogue = catalogue;
        this.stage = stage;
    }

    /** A record from the job about a run, e.g. SKIPPED or RUN FAILED; a failure is logged, never thrown. */
    public void record(String system, ps.client.Level level, String message, Long executionId) {
        long now = System.currentTimeMillis();
        LogEntry entry = new LogEntry().created(now).received(now).level(level)
                .set(LogField.SYSTEM_ID, system)
                .set(LogField.NAME, "ps.batch")
                .set(LogField.MODULE, "batch")
                .set(LogField.STAGE, stage)
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

    /** Tells neelix about a run of a scheduled job (on-demand jobs have no monitor). */
    public void ping(String job, PingKind kind, Integer exitCode, String body) {
        if (!catalogue.scheduled(job)) {
            return;
        }
        try {
            neelix.ping(job, kind, exitCode, body, null, PingCaller.ADMIN);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: neelix not told about " + job + " (" + kind + ")", e);
        }
    }

    /** A run's output: the records it produced (system = job, user_spec_2 = run id), oldest first. */
    public List<LogRow> output(JobRun run, int limit) {
        return store.find(outputOf(run).ascending(true).limit(limit));
    }

    /** The newest {@code limit} lines of a run's output, oldest first: what a page following a run shows. */
    public List<LogRow> outputTail(JobRun run, int limit) {
        List<LogRow> newest = new ArrayList<>(store.find(outputOf(run).ascending(false).limit(limit)));
        Collections.reverse(newest);
        return newest;
    }

    private static LogFilter outputOf(JobRun run) {
        return new LogFilter().equal(LogField.SYSTEM_ID, run.getJob())
                .equal(LogField.USER_SPEC_2, Long.toString(run.getExecutionId()));
    }
}
