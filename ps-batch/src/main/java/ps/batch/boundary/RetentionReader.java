package ps.batch.boundary;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.store.boundary.RetentionSchedule;

/**
 * The retention job's reader: hands out one cutoff per slice to delete until the writer reports a slice
 * that was not full. Records received before the cutoff go. Parameter {@code days} (default: setting
 * PS_RETENTION_DAYS), or {@code age} as a duration ({@code 12h}, {@code 30s}) for a finer cut. Its checkpoint is the
 * number of slices done (deleting is idempotent, so a restart simply carries on).
 */
@Named("retentionReader")
@Dependent
public class RetentionReader extends AbstractItemReader {
    static final String DONE = "ps.retention.done";

    @Inject
    JobContext jobContext;

    @Inject
    RetentionSchedule retention;

    private long cutoff;
    private long slices;

    @Override
    public void open(Serializable checkpoint) {
        Properties parameters = BatchRuntime.getJobOperator().getParameters(jobContext.getExecutionId());
        String days = parameters.getProperty(Jobs.PARAMETER_PREFIX + "days");
        String age = parameters.getProperty(Jobs.PARAMETER_PREFIX + "age");
        Duration keep = age != null && !age.isBlank() ? ps.neelix.entity.Durations.parse(age)
                : Duration.ofDays(days == null || days.isBlank() ? retention.days() : Integer.parseInt(days.trim()));
        cutoff = keep.isZero() || keep.isNegative() ? Long.MIN_VALUE : Instant.now().minus(keep).toEpochMilli();
        slices = checkpoint == null ? 0 : (Long) checkpoint;
    }

    @Override
    public Object readItem() {
        if (cutoff == Long.MIN_VALUE || Boolean.TRUE.equals(jobContext.getTransientUserData())) {
            return null;
        }
        slices++;
        return cutoff;
    }

    @Override
    public Serializable checkpointInfo() {
        return slices;
    }
}
