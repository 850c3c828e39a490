package ps.bridge.adapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A connection's socket input. It takes every byte read from the {@link InputBudget} (given back once the
 * records are stored, see {@link #releaseTo}), and notes when bytes of a new record start arriving, so a
 * watchdog can close connections that trickle a record slower than the record timeout allows (the idle
 * timeout alone resets with every byte).
 */
final class ProgressInputStream extends FilterInputStream {
    private final InputBudget budget;
    private volatile long recordStartedNanos;
    private volatile long bytesRead;
    private long released;
    private volatile boolean inRecord;

    ProgressInputStream(InputStream in, InputBudget budget) {
        super(in);
        this.budget = budget;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            took(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            took(n);
        }
        return n;
    }

    private void took(int n) throws IOException {
        if (!inRecord) {
            inRecord = true;
            recordStartedNanos = System.nanoTime();
        }
        boolean granted;
        try {
            granted = budget.take(n, bytesRead - releasedSoFar());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the input memory budget");
        }
        if (!granted) {
            throw new OverBudget(budget.limit());
        }
        bytesRead += n;
    }

    /**
     * Called when a record was decoded. With more bytes buffered, the next record has begun now;
     * otherwise the next bytes to arrive start it.
     */
    void recordDone(boolean moreBuffered) {
        recordStartedNanos = System.nanoTime();
        inRecord = moreBuffered;
    }

    /** Restarts the clock of a record begun before a wait for the store, which is not the sender's fault. */
    void restartRecordClock() {
        recordStartedNanos = System.nanoTime();
    }

    /** Bytes read from the socket so far (for sizing batches by memory, not only by count). */
    long bytesRead() {
        return bytesRead;
    }

    /** Gives the budget back the bytes up to {@code mark} (a {@link #bytesRead()} value): they are stored. */
    synchronized void releaseTo(long mark) {
        if (mark > released) {
            budget.give(mark - released);
            released = mark;
        }
    }

    private synchronized long releasedSoFar() {
        return released;
    }

    /** Gives back everything still held; for a closing connection. */
    void releaseAll() {
        releaseTo(bytesRead);
    }

    /** Nanoseconds the current partial record has been arriving, or 0 when none is. */
    long partialRecordAgeNanos(long now) {
        return inRecord ? now - recordStartedNanos : 0;
    }

    /** The connection could not get bytes from the budget in time. */
    static final class OverBudget extends IOException {
        private static final long serialVersionUID = 1L;

        OverBudget(long limit) {
            super("over the input memory budget of " + limit / (1024 * 1024) + " MiB for all connections"
                    + " (setting ps.input.memory.mb)");
        }
    }
}
