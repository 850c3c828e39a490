package ps.batch.boundary;

import java.io.Serializable;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.batch.entity.JobDefinition;
import ps.batch.entity.JobRun;
import ps.batch.entity.Started;
import ps.client.Level;
import ps.client.LogField;
import ps.store.entity.LogRow;

/**
 * The Jobs page: jobs with schedule, next and last run; a job's run history; a run's output (live while it
 * runs) and progress; start, stop and restart for admins.
 */
@Named
@ViewScoped
public class JobsView implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String ADMIN = "admin";

    /** A row of the jobs table. */
    public static final class JobRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String kind;
        private final String schedule;
        private final String next;
        private final String lastStatus;
        private final String lastStart;
        private final Long running;

        JobRow(String name, String kind, String schedule, String next, String lastStatus, String lastStart, Long running) {
            this.name = name;
            this.kind = kind;
            this.schedule = schedule;
            this.next = next;
            this.lastStatus = lastStatus;
            this.lastStart = lastStart;
            this.running = running;
        }

        public String getName() { return name; }
        public String getKind() { return kind; }
        public String getSchedule() { return schedule; }
        public String getNext() { return next; }
        public String getLastStatus() { return lastStatus; }
        public String getLastStart() { return lastStart; }
        public Long getRunning() { return running; }
    }

    /** An output line of a run. */
    public static final class OutputLine implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String time;
        private final String level;
        private final String stream;
        private final String message;

        OutputLine(String time, String level, String stream, String message) {
            this.time = time;
            this.level = level;
            this.stream = stream;
            this.message = message;
        }

        public String getTime() { return time; }
        public String getLevel() { return level; }
        public String getStream() { return stream; }
        public String getMessage() { return message; }
    }

    @Inject
    transient Jobs jobs;

    private List<JobRow> rows;
    private String job;
    private List<JobRun> runs = List.of();
    private Long runId;
    private JobRun run;
    private List<OutputLine> output = List.of();
    private Map<String, Long> progress = Map.of();
    /** The page shows a run's newest lines, so it keeps following a run with a long output. */
    static final int OUTPUT_LINES = 2000;

    @PostConstruct
    void load() {
        refresh();
    }

    public void refresh() {
        List<JobRow> list = new ArrayList<>();
        for (JobDefinition definition : jobs.definitions().values()) {
            List<JobRun> last = jobs.runs(definition.name(), 1);
            ZonedDateTime next = jobs.nextFire(definition.name());
            list.add(new JobRow(definition.name(),
                    definition.batchJob() + (definition.template() == null ? "" : " (" + definition.template() + ")"),
                    definition.scheduled() ? definition.cron() + " " + definition.zone().getId() : "on demand",
                    next == null ? "" : next.toOffsetDateTime().toString(),
                    last.isEmpty() ? "" : last.get(0).getStatus(), last.isEmpty() ? "" : last.get(0).getStartedText(),
                    jobs.runningExecution(definition.name())));
        }
        rows = list;
        if (job != null) {
            runs = jobs.runs(job, 50);
        }
        if (runId != null) {
            run = jobs.run(runId);
            output = new ArrayList<>();
            if (run != null) {
                for (LogRow row : jobs.outputTail(run, OUTPUT_LINES)) {
                    output.add(new OutputLine(JobRun.iso(row.entry().created()), Level.ofNumber(row.entry().levelno()).name(),
                            row.entry().get(LogField.FUNCNAME), row.entry().get(LogField.MESSAGE)));
                }
                progress = jobs.progress(runId);
            }
        }
    }

    public void select(String name) {
        job = name;
        runId = null;
        run = null;
        output = List.of();
        refresh();
    }

    public void show(long id) {
        runId = id;
        refresh();
    }

    public void start(String name) {
        if (!admin("Starting a job")) {
            return;
        }
        try {
            Started started = jobs.start(name, Map.of(), "manual", 1, null);
            if (started.executionId() == null) {
                message(FacesMessage.SEVERITY_WARN, "Job " + name + " is still running: the new run was " + started.outcome() + ".");
            } else {
                job = name;
                runId = started.executionId();
            }
        } catch (RuntimeException e) {
            message(FacesMessage.SEVERITY_ERROR, "Job " + name + " not started: " + e.getMessage());
        }
        refresh();
    }

    public void stop(long id) {
        if (admin("Stopping a run") && !jobs.stop(id)) {
            message(FacesMessage.SEVERITY_WARN, "Run " + id + " is not running.");
        }
        refresh();
    }

    public void restart(long id) {
        if (!admin("Restarting a run")) {
            return;
        }
        try {
            runId = jobs.restart(id, Map.of()).executionId();
        } catch (RuntimeException e) {
            message(FacesMessage.SEVERITY_ERROR, "Run " + id + " not restarted: " + e.getMessage());
        }
        refresh();
    }

    private boolean admin(String what) {
        if (!isAdmin()) {
            message(FacesMessage.SEVERITY_ERROR, what + " needs the admin role.");
            return false;
        }
        return true;
    }

    private static void message(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }

    public boolean isAdmin() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(ADMIN);
    }

    public boolean isLive() {
        return run != null && run.isRunning() || rows.stream().anyMatch(row -> row.getRunning() != null);
    }

    public List<JobRow> getRows() { return rows; }
    public String getJob() { return job; }
    public List<JobRun> getRuns() { return runs; }
    public JobRun getRun() { return run; }
    public List<OutputLine> getOutput() { return output; }
    public boolean isOutputCut() { return output.size() >= OUTPUT_LINES; }
    public int getOutputLines() { return OUTPUT_LINES; }
    public String getProgress() {
        long counted = progress.values().stream().mapToLong(Long::longValue).sum();
        // a script job has one step without chunks: all its counts stay 0, which says nothing
        return counted == 0 ? "" : "read " + progress.getOrDefault("read_count", 0L) + ", written "
                + progress.getOrDefault("write_count", 0L) + ", skipped " + (progress.getOrDefault("process_skip_count", 0L)
                + progress.getOrDefault("read_skip_count", 0L) + progress.getOrDefault("write_skip_count", 0L));
    }
    public List<String> getProblems() { return jobs.problems(); }
}
