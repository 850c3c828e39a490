package ps.batch.entity;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A job declared by a descriptor {@code PS_CONFIG_DIR/jobs/<name>.yaml} (format: docs/batch.md): which
 * Jakarta Batch job runs (the generic {@code script} job with a template, or a job XML by name), its default
 * parameters, its schedule and the guards around each run.
 */
public final class JobDefinition {
    public enum Overlap { SKIP, QUEUE }

    private final String name;
    private final String batchJob;
    private final String template;
    private final Map<String, String> parameters;
    private final Cron cron;
    private final ZoneId zone;
    private final Duration timeout;
    private final int retries;
    private final Duration retryDelay;
    private final Overlap overlap;
    private final Duration minDuration;
    private final boolean catchUp;
    private final List<String> mailTo;
    private final Duration grace;
    private final List<String> env;
    private final String source;

    public JobDefinition(String name, String batchJob, String template, Map<String, String> parameters, Cron cron,
                         ZoneId zone, Duration timeout, int retries, Duration retryDelay, Overlap overlap,
                         Duration minDuration, boolean catchUp, List<String> mailTo, Duration grace, List<String> env,
                         String source) {
        this.name = name;
        this.batchJob = batchJob;
        this.template = template;
        this.parameters = Map.copyOf(parameters);
        this.cron = cron;
        this.zone = zone;
        this.timeout = timeout;
        this.retries = retries;
        this.retryDelay = retryDelay;
        this.overlap = overlap;
        this.minDuration = minDuration;
        this.catchUp = catchUp;
        this.mailTo = List.copyOf(mailTo);
        this.grace = grace;
        this.env = List.copyOf(env);
        this.source = source;
    }

    public String name() { return name; }
    /** The job XML (META-INF/batch-jobs) this job runs: {@code script} for templates. */
    public String batchJob() { return batchJob; }
    public String template() { return template; }
    public Map<String, String> parameters() { return parameters; }
    /** null when the job runs only on demand. */
    public Cron cron() { return cron; }
    public ZoneId zone() { return zone; }
    public Duration timeout() { return timeout; }
    public int retries() { return retries; }
    public Duration retryDelay() { return retryDelay; }
    public Overlap overlap() { return overlap; }
    /** A run that ends successfully sooner than this fails ("finished too fast"); zero: no such check. */
    public Duration minDuration() { return minDuration; }
    public boolean catchUp() { return catchUp; }
    public List<String> mailTo() { return mailTo; }
    /** How long after a scheduled fire plus the timeout neelix waits before calling the job late/DOWN. */
    public Duration grace() { return grace; }
    /** Variables of the server's environment the script may see besides the minimal base (descriptor key {@code env}). */
    public List<String> env() { return env; }
    public String source() { return source; }

    public boolean scheduled() {
        return cron != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobDefinition that && that.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return name + "[" + batchJob + "," + template + "," + parameters + "," + cron + "," + zone + "," + timeout + ","
                + retries + "," + retryDelay + "," + overlap + "," + minDuration + "," + catchUp + "," + mailTo + "," + grace + "," + env + "]";
    }
}
