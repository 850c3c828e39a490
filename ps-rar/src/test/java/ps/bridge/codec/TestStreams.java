package ps.bridge.codec;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Input streams for the reader tests. */
final class TestStreams {
    private TestStreams() {
    }

    static InputStream of(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream of(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network does. */
    static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    static InputStream trickle(String text, int chunk) {
        return trickle(text.getBytes(StandardCharsets.UTF_8), chunk);
    }

    /** An endless stream of one byte value, counting what was read. */
    static final class Endless extends InputStream {
        private final byte value;
        long count;

        Endless(char value) {
            this.value = (byte) value;
        }

        @Override
        public int read() {
            count++;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, value);
            count += len;
            return len;
        }
    }

    /** A prefix followed by an endless stream of one byte value. */
    static InputStream prefixThenEndless(String prefix, char value) {
        return new java.io.SequenceInputStream(of(prefix), new Endless(value));
    }
}
