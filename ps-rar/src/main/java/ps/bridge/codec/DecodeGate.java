package ps.bridge.codec;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

import ps.client.wire.ProtocolException;

/**
 * Lets only as many frames be decoded at once as there are processors. Decoding a whole frame takes no
 * I/O, so more at once gains nothing, and the short-lived objects a pickle or JSON frame decodes to (up to
 * {@link PickleDecoder#HEAP_PER_BYTE} times the frame) are then bounded for all connections together, not
 * per connection.
 */
final class DecodeGate {
    private static final Semaphore PERMITS = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    private DecodeGate() {
    }

    interface Decoding<T> {
        T run() throws ProtocolException;
    }

    static <T> T decode(Decoding<T> decoding) throws java.io.IOException {
        try {
            PERMITS.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to decode");
        }
        try {
            return decoding.run();
        } finally {
            PERMITS.release();
        }
    }
}
