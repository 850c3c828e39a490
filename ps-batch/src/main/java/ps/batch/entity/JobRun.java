package ps.batch.entity;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One run of a job as PS's history keeps it (a JBatch job execution plus why it started). */
public final class JobRun {
    private final long executionId;
    private final long instanceId;
    private final String job;
    private final String batchJob;
    private final String trigger;
    private final int attempt;
    private final String parameters;
    private final Long scheduledAt;
    private final long started;
    private final Long ended;
    private final String status;
    private final String exitStatus;
    private final Integer exitCode;
    private final String message;
    private final Long restartOf;

    public JobRun(long executionId, long instanceId, String job, String batchJob, String trigger, int attempt,
                  String parameters, Long scheduledAt, long started, Long ended, String status, String exitStatus,
                  Integer exitCode, String message, Long restartOf) {
        this.executionId = executionId;
        this.instanceId = instanceId;
        this.job = job;
        this.batchJob = batchJob;
        this.trigger = trigger;
        this.attempt = attempt;
        this.parameters = parameters;
        this.scheduledAt = scheduledAt;
        this.started = started;
        this.ended = ended;
        this.status = status;
        this.exitStatus = exitStatus;
        this.exitCode = exitCode;
        this.message = message;
        this.restartOf = restartOf;
    }

    public JobRun ended(long at, String newStatus, String newExitStatus, Integer newExitCode, String newMessage) {
        return new JobRun(executionId, instanceId, job, batchJob, trigger, attempt, parameters, scheduledAt, started,
                at, newStatus, newExitStatus, newExitCode, newMessage, restartOf);
    }

    public long getExecutionId() { return executionId; }
    public long getInstanceId() { return instanceId; }
    public String getJob() { return job; }
    public String getBatchJob() { return batchJob; }
    public String getTrigger() { return trigger; }
    public int getAttempt() { return attempt; }
    public String getParameters() { return parameters; }
    public Long getScheduledAt() { return scheduledAt; }
    public long getStarted() { return started; }
    public Long getEnded() { return ended; }
    public String getStatus() { return status; }
    public String getExitStatus() { return exitStatus; }
    public Integer getExitCode() { return exitCode; }
    public String getMessage() { return message; }
    public Long getRestartOf() { return restartOf; }

    public boolean isRunning() {
        return ended == null;
    }

    /** Run time so far or in all, in milliseconds. */
    public long getDurationMillis() {
        return (ended == null ? System.currentTimeMillis() : ended) - started;
    }

    public String getStartedText() {
        return iso(started);
    }

    public String getEndedText() {
        return ended == null ? "" : iso(ended);
    }

    public static String iso(long epochMillis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }
}
