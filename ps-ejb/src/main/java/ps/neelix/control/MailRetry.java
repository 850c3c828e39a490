package ps.neelix.control;

import java.time.Duration;

/**
 * When a mail that the SMTP server did not take is tried again: {@code retries} more times, the first after
 * {@code firstDelay}, each later one four times as long after the one before (30 s, 2 min, 8 min, 32 min
 * by default), so a mail server down for most of an hour still gets the alert.
 */
public final class MailRetry {
    private final int retries;
    private final Duration firstDelay;

    public MailRetry(int retries, Duration firstDelay) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, not " + retries);
        }
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("the first retry delay must be positive, not " + firstDelay);
        }
        this.retries = retries;
        this.firstDelay = firstDelay;
    }

    /** True when attempt number {@code attempt} (1 = the first try) failed and another may follow. */
    public boolean another(int attempt) {
        return attempt <= retries;
    }

    /** The wait before the attempt after {@code attempt}. */
    public Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + attempt);
        }
        Duration delay = firstDelay;
        for (int i = 1; i < attempt; i++) {
            delay = delay.multipliedBy(4);
        }
        return delay;
    }

    public int retries() {
        return retries;
    }
}
