package ps.bridge.adapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Notes when bytes of a new record start arriving, so a watchdog can close connections that trickle a
 * record slower than the record timeout allows (the idle timeout alone resets with every byte).
 */
final class ProgressInputStream extends FilterInputStream {
    private volatile long recordStartedNanos;
    private long bytesRead;
    private volatile boolean inRecord;

    ProgressInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            bytesRead++;
            started();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            bytesRead += n;
            started();
        }
        return n;
    }

    private void started() {
        if (!inRecord) {
            inRecord = true;
            recordStartedNanos = System.nanoTime();
        }
    }

    /**
     * Called when a record was decoded. With more bytes buffered, the next record has begun now;
     * otherwise the next bytes to arrive start it.
     */
    void recordDone(boolean moreBuffered) {
        recordStartedNanos = System.nanoTime();
        inRecord = moreBuffered;
    }

    /** Bytes read from the socket so far (for sizing batches by memory, not only by count). */
    long bytesRead() {
        return bytesRead;
    }

    /** Nanoseconds the current partial record has been arriving, or 0 when none is. */
    long partialRecordAgeNanos(long now) {
        return inRecord ? now - recordStartedNanos : 0;
    }
}
