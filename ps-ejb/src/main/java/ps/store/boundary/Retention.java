package ps.store.boundary;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.settings.PsSettings;

/**
 * Deletes records older than the retention period every ten minutes, in slices so ingestion never
 * stalls. Setting {@code PS_RETENTION_DAYS} (ps.retention.days); default per stage: TESTING 7,
 * DEVELOPMENT and INTEGRATION 30, PRODUCTION 90; 0 keeps everything.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Retention {
    private static final Logger LOG = Logger.getLogger("ps.store");
    private static final int SLICE = 5_000;

    @Inject
    LogStore store;

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
        int days = days();
        if (days <= 0) {
            return;
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        long deleted = store.deleteOlderThan(cutoff.toEpochMilli(), SLICE);
        if (deleted > 0) {
            LOG.info(() -> "PS retention deleted " + deleted + " records created before " + cutoff
                    + " (" + days + " days, setting PS_RETENTION_DAYS)");
        }
    }

    static int defaultDays(ps.client.Stage stage) {
        switch (stage) {
            case TESTING: return 7;
            case PRODUCTION: return 90;
            default: return 30;
        }
    }
}
