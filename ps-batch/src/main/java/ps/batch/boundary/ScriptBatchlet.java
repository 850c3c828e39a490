package ps.batch.boundary;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.batch.control.ScriptEnvironment;
import ps.batch.control.ScriptProcess;
import ps.batch.control.ScriptTemplate;
import ps.batch.entity.JobDefinition;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.boundary.LogStore;

/**
 * The step of the generic {@code script} job: renders the job's template (each {@code {{parameter}}} a
 * reference to the environment variable that carries it), runs it with bash in a scrubbed environment under
 * the job's timeout, and stores each output line as a record (system = job, INFO for stdout,
 * WARNING for stderr, user_spec_2 = the run's execution id). The exit status is {@code EXIT <code>}; a
 * non-zero exit, a timeout ({@code TIMEOUT}) or a run shorter than the job's minimum ({@code TOO_FAST})
 * fails the run.
 */
@Named("scriptBatchlet")
@Dependent
public class ScriptBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger("ps.batch");

    @Inject
    JobContext jobContext;

    @Inject
    Jobs jobs;

    @Inject
    LogStore store;

    @Resource
    ManagedThreadFactory threads;

    private volatile ScriptProcess process;
    private volatile boolean stopRequested;

    @Override
    public String process() throws Exception {
        long runId = jobContext.getExecutionId();
        Properties parameters = BatchRuntime.getJobOperator().getParameters(runId);
        String name = parameters.getProperty(Jobs.JOB_PARAMETER);
        JobDefinition job = jobs.definition(name);
        if (job == null) {
            jobContext.setExitStatus("NO_JOB");
            throw new IllegalStateException("job '" + name + "' has no descriptor (any more)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : parameters.stringPropertyNames()) {
            if (key.startsWith(Jobs.PARAMETER_PREFIX)) {
                values.put(key.substring(Jobs.PARAMETER_PREFIX.length()), parameters.getProperty(key));
            }
        }
        Map<String, String> own = Map.of("PS_JOB", name, "PS_RUN_ID", Long.toString(runId), "PS_STAGE", jobs.stage());
        // the template sees references to the variables, never the values themselves
        Map<String, String> references = new HashMap<>();
        Set<String> empty = new HashSet<>();
        values.forEach((parameter, value) -> {
            if (value.isEmpty()) {
                empty.add(parameter);
            } else {
                references.put(parameter, ScriptEnvironment.variable(parameter));
            }
        });
        references.put("ps_job", "PS_JOB");
        references.put("ps_run", "PS_RUN_ID");
        references.put("ps_stage", "PS_STAGE");
        Map<String, String> environment = ScriptEnvironment.of(System.getenv(), job.env(), own, values);
        Path workDir = jobs.workDir();
        Files.createDirectories(workDir);
        Path script = workDir.resolve(name + "-" + runId + ".sh");
        String text;
        try {
            text = ScriptTemplate.render(jobs.configDir().resolve("jobs").resolve(job.template()), references, empty);
        } catch (IllegalArgumentException e) {
            jobContext.setExitStatus("TEMPLATE_ERROR");
            records(name, runId, List.of(), e.getMessage());
            throw e;
        }
        Files.writeString(script, text);
        try {
            Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions here
        }
        ScriptProcess running = new ScriptProcess(script, workDir, environment, job.timeout(), threads);
        process = running;
        if (stopRequested) {
            running.stop();
        }
        ScriptProcess.Outcome outcome;
        try {
            outcome = running.run(lines -> records(name, runId, lines, null));
        } finally {
            process = null;
            try {
                Files.deleteIfExists(script);
            } catch (IOException e) {
                LOG.fine("script file not deleted: " + e);
            }
        }
        if (outcome.stopped()) {
            jobContext.setExitStatus("STOPPED");
            return "STOPPED";
        }
        if (outcome.timedOut()) {
            jobContext.setExitStatus("TIMEOUT after " + job.timeout());
            records(name, runId, List.of(), "TIMEOUT: the script ran longer than " + job.timeout()
                    + "; its process tree was killed");
            throw new IllegalStateException("job " + name + " run " + runId + " timed out after " + job.timeout());
        }
        jobContext.setExitStatus("EXIT " + outcome.exitCode());
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("job " + name + " run " + runId + " exited with " + outcome.exitCode());
        }
        if (outcome.millis() < job.minDuration().toMillis()) {
            jobContext.setExitStatus("TOO_FAST " + outcome.millis() + " ms");
            records(name, runId, List.of(), "TOO FAST: the script finished in " + outcome.millis()
                    + " ms, less than its minimum " + job.minDuration());
            throw new IllegalStateException("job " + name + " run " + runId + " finished too fast");
        }
        return "EXIT 0";
    }

    @Override
    public void stop() {
        stopRequested = true;
        ScriptProcess running = process;
        if (running != null) {
            running.stop();
        }
    }

    private void records(String job, long runId, List<ScriptProcess.Line> lines, String problem) {
        List<LogEntry> batch = new ArrayList<>(lines.size() + 1);
        String host = host();
        for (ScriptProcess.Line line : lines) {
            batch.add(entry(job, runId, host, line.at(), line.stderr() ? Level.WARNING : Level.INFO,
                    line.stderr() ? "stderr" : "stdout", line.text()));
        }
        if (problem != null) {
            batch.add(entry(job, runId, host, System.currentTimeMillis(), Level.ERROR, "ps.batch", problem));
        }
        if (!batch.isEmpty()) {
            store.append(batch);
        }
    }

    private LogEntry entry(String job, long runId, String host, long at, Level level, String function, String message) {
        return new LogEntry().created(at).received(System.currentTimeMillis()).level(level)
                .set(LogField.SYSTEM_ID, job)
                .set(LogField.SUB_SYSTEM_ID, host)
                .set(LogField.NAME, "ps.batch.script")
                .set(LogField.MODULE, job)
                .set(LogField.FUNCNAME, function)
                .set(LogField.USER_SPEC_2, Long.toString(runId))
                .set(LogField.STAGE, jobs.stage())
                .set(LogField.MESSAGE, message);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
