package ps.bridge.adapter;

import java.util.concurrent.TimeUnit;

/**
 * One memory budget for the bytes in flight on all the bridge's connections and inputs: bytes count from
 * the moment they are read off a socket until the records they carry are stored (or the connection
 * closes). A connection over the budget waits for other connections' bytes to be stored (back-pressure);
 * when none are released in time it is refused. So that a flood of stalled senders cannot starve a good
 * one, a connection may always hold its first {@link #OVERDRAFT_BYTES} even over the budget: the overdraft
 * is bounded by the connection cap, and small records keep flowing.
 */
final class InputBudget {
    /** What any one connection may hold regardless of the budget. */
    static final long OVERDRAFT_BYTES = 64 * 1024;

    private final long limit;
    private final long waitNanos;
    private long used;

    InputBudget(long limitBytes, long waitMillis) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("the input memory budget must be positive, not " + limitBytes);
        }
        this.limit = limitBytes;
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    }

    long limit() {
        return limit;
    }

    synchronized long used() {
        return used;
    }

    /**
     * Takes {@code n} bytes for a connection that already holds {@code held}; over the budget, waits up to
     * the wait time for bytes to be released.
     *
     * @return false when the bytes could not be had in time: the caller refuses the connection
     */
    synchronized boolean take(long n, long held) throws InterruptedException {
        if (held + n <= OVERDRAFT_BYTES || used + n <= limit) {
            used += n;
            return true;
        }
        long deadline = System.nanoTime() + waitNanos;
        long left;
        while (used + n > limit && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (used + n > limit) {
            return false;
        }
        used += n;
        return true;
    }

    synchronized void give(long n) {
        if (n > 0) {
            used -= n;
            notifyAll();
        }
    }
}
