package ps.bridge.codec;

import java.io.IOException;
import java.io.InputStream;

/**
 * Buffered byte input that cuts frames out of a stream without allocating per record. After a successful
 * {@link #readUntil} or {@link #readExactly} the frame is {@link #bytes()}[{@link #offset()} ..
 * {@link #offset()} + {@link #length()}): a view into the read buffer when the frame lies wholly inside it,
 * else a copy in a record buffer that grows up to the record limit and never beyond. The view is valid
 * until the next read.
 */
final class FrameInput {
    /** {@link #readUntil} result: end of stream before the delimiter; {@link #length()} bytes were read. */
    static final int EOF = -1;
    /** {@link #readUntil} result: more than the limit without the delimiter. */
    static final int TOO_LONG = -2;

    private static final int BUFFER_SIZE = 32 * 1024;
    private static final int INITIAL_RECORD_SIZE = 4 * 1024;
    /** A record buffer grown beyond this is dropped before the next frame, so idle connections stay small. */
    private static final int RETAINED_RECORD_SIZE = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;
    private byte[] record = new byte[0];

    private byte[] frame;
    private int frameOffset;
    private int frameLength;

    FrameInput(InputStream in) {
        this.in = in;
    }

    byte[] bytes() {
        return frame;
    }

    int offset() {
        return frameOffset;
    }

    int length() {
        return frameLength;
    }

    /** Whether bytes are buffered here, read from the stream but not yet consumed. */
    boolean hasBuffered() {
        return pos < lim;
    }

    /** @return the next byte without consuming it, or -1 at end of stream */
    int peek() throws IOException {
        return fill() ? buf[pos] & 0xff : -1;
    }

    /** @return the next byte, or -1 at end of stream */
    int read() throws IOException {
        return fill() ? buf[pos++] & 0xff : -1;
    }

    /**
     * Reads up to the delimiter, which is consumed but not part of the frame.
     *
     * @return the frame length, {@link #EOF} or {@link #TOO_LONG} (checked as the bytes arrive: no more
     *         than {@code max} bytes are ever held)
     */
    int readUntil(byte delimiter, int max) throws IOException {
        shrink();
        frameLength = 0;
        boolean copying = false;
        while (fill()) {
            int end = indexOf(delimiter, pos, lim);
            int chunk = (end < 0 ? lim : end) - pos;
            if ((long) frameLength + chunk > max) {
                return TOO_LONG;
            }
            if (end >= 0 && !copying) {
                // the whole frame is inside the read buffer: hand out a view, no copy
                frame = buf;
                frameOffset = pos;
                frameLength = chunk;
                pos = end + 1;
                return chunk;
            }
            ensureRecord(frameLength + chunk, max);
            System.arraycopy(buf, pos, record, frameLength, chunk);
            frameLength += chunk;
            copying = true;
            if (end >= 0) {
                pos = end + 1;
                frame = record;
                frameOffset = 0;
                return frameLength;
            }
            pos = lim;
        }
        return EOF;
    }

    /**
     * Reads exactly {@code n} bytes; the caller has checked {@code n} against the limit. The record buffer
     * grows as the bytes arrive, never to the declared length up front.
     *
     * @return true, or false at an end of stream after {@link #length()} bytes
     */
    boolean readExactly(int n) throws IOException {
        if (lim - pos >= n) {
            frame = buf;
            frameOffset = pos;
            frameLength = n;
            pos += n;
            return true;
        }
        shrink();
        frameLength = 0;
        int have = lim - pos;
        ensureRecord(have, n);
        System.arraycopy(buf, pos, record, 0, have);
        pos = lim;
        while (have < n) {
            frameLength = have;
            ensureRecord(Math.min(n, have + BUFFER_SIZE), n);
            // large frames go straight into the record buffer, bypassing the read buffer
            int got = in.read(record, have, Math.min(n, record.length) - have);
            if (got < 0) {
                frame = record;
                frameOffset = 0;
                return false;
            }
            have += got;
        }
        frame = record;
        frameOffset = 0;
        frameLength = n;
        return true;
    }

    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            pos = 0;
            lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private void shrink() {
        if (record.length > RETAINED_RECORD_SIZE) {
            record = new byte[0];
        }
    }

    private void ensureRecord(int needed, int max) {
        if (record.length >= needed) {
            return;
        }
        long size = Math.max(record.length, INITIAL_RECORD_SIZE);
        while (size < needed) {
            size *= 2;
        }
        byte[] grown = new byte[(int) Math.min(size, Math.max(max, needed))];
        System.arraycopy(record, 0, grown, 0, frameLength);
        record = grown;
    }

    private int indexOf(byte b, int from, int to) {
        byte[] a = buf;
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
