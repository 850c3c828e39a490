package ps.store.boundary;

import java.util.logging.Logger;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.settings.PsSettings;

/**
 * Runs the {@code retention} batch job every ten minutes: it deletes records older than the retention
 * period in slices with checkpoints, so ingestion never stalls. Setting {@code PS_RETENTION_DAYS}
 * (ps.retention.days); default per stage: TESTING 7, DEVELOPMENT and INTEGRATION 30, PRODUCTION 90;
 * 0 keeps everything.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionSchedule {
    private static final Logger LOG = Logger.getLogger("ps.store");

    @Inject
    PsSettings settings;

    @Inject
    @ConfigProperty(name = "ps.retention.days")
    java.util.Optional<Integer> retentionDays;

    /** The retention period in days in force (0: keep everything). */
    public int days() {
        return retentionDays.orElseGet(() -> defaultDays(settings.stage()));
    }

    @Schedule(minute = "*/10", hour = "*", persistent = false)
    void expire() {
        if (days() <= 0) {
            return;
        }
        jakarta.batch.operations.JobOperator jobs = jakarta.batch.runtime.BatchRuntime.getJobOperator();
        try {
            if (!jobs.getRunningExecutions("retention").isEmpty()) {
                return; // the last run is still deleting
            }
        } catch (jakarta.batch.operations.NoSuchJobException e) {
            // never ran yet
        }
        long execution = jobs.start("retention", new java.util.Properties());
        LOG.fine(() -> "PS retention started as batch job execution " + execution);
    }

    static int defaultDays(ps.client.Stage stage) {
        switch (stage) {
            case TESTING: return 7;
            case PRODUCTION: return 90;
            default: return 30;
        }
    }
}
