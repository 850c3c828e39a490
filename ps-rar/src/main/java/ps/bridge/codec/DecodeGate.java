package ps.bridge.codec;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

import ps.client.wire.ProtocolException;

/**
 * Bounds the short-lived objects that frames being decoded at the same time may build, for all connections
 * together: each decoding takes from {@link #BUDGET_BYTES} the most its frame may decode to (a pickle at
 * most {@link PickleDecoder#HEAP_PER_BYTE} bytes per byte plus {@link PickleDecoder#HEAP_ALLOWANCE}, and
 * never more than {@link #MAX_BYTES_PER_BYTE} per byte, the costliest one-byte opcode). Records of normal
 * size decode thousands at a time; only a few frames of a megabyte do.
 */
final class DecodeGate {
    static final int BUDGET_BYTES = 64 << 20;
    /** EMPTY_DICT: 64 bytes of dict and an 8-byte slot for one byte of pickle. */
    static final int MAX_BYTES_PER_BYTE = 72;
    private static final Semaphore PERMITS = new Semaphore(BUDGET_BYTES);

    private DecodeGate() {
    }

    interface Decoding<T> {
        T run() throws ProtocolException;
    }

    /** The most heap a frame of this many bytes may decode to. */
    static int bound(int frameBytes) {
        long bound = Math.min((long) MAX_BYTES_PER_BYTE * frameBytes,
                (long) PickleDecoder.HEAP_PER_BYTE * frameBytes + PickleDecoder.HEAP_ALLOWANCE);
        return (int) Math.min(BUDGET_BYTES, Math.max(1, bound));
    }

    static <T> T decode(int frameBytes, Decoding<T> decoding) throws java.io.IOException {
        int permits = bound(frameBytes);
        try {
            PERMITS.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to decode");
        }
        try {
            return decoding.run();
        } finally {
            PERMITS.release(permits);
        }
    }
}
