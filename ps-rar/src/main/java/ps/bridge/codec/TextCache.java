package ps.bridge.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import ps.client.wire.ProtocolException;

/**
 * The short ASCII strings a connection's pickles repeat in every record (the dict's keys, the logger name,
 * the host, the level): decoded once and handed out again, so that each record does not allocate them
 * anew and their hash codes (for the dict and the field switch) are computed once. Two-way set-associative
 * and of fixed size, so what an outsider can make it hold is bounded: {@link #SLOTS} strings of at most
 * {@link #MAX_LENGTH} bytes per connection; a third string of a set replaces the older of its two. (When it
 * was direct-mapped, two keys of every benchmark record, relativeCreated and USER_SPEC_1, shared a slot and
 * were decoded anew each time.) Not thread-safe: one per connection.
 */
final class TextCache {
    static final int SLOTS = 512;
    private static final int SET_BITS = 8; // SLOTS / 2 sets
    static final int MAX_LENGTH = 32;

    private final String[] strings = new String[SLOTS];
    private final byte[][] bytes = new byte[SLOTS][];

    /**
     * Strict UTF-8 of {@code buf[from, from + n)}: a short ASCII string from the cache, any other decoded anew.
     * A hit costs one pass over the bytes, the comparison with the cached ones (which are ASCII, so equal
     * bytes are too); only a miss checks them for ASCII. (Hashing every byte first, then comparing, made
     * this a fifth of a pickle connection's time in JFR.)
     *
     * @throws ProtocolException when the bytes are not UTF-8
     */
    String utf8(byte[] buf, int from, int n) throws ProtocolException {
        if (n <= MAX_LENGTH) {
            int slot = slot(buf, from, n);
            if (matches(slot, buf, from, n)) {
                return strings[slot];
            }
            if (matches(slot + 1, buf, from, n)) {
                return strings[slot + 1];
            }
            if (!isAscii(buf, from, n)) {
                return ps.client.wire.Utf8.decode(buf, from, n);
            }
            return remember(slot, buf, from, n);
        }
        return isAscii(buf, from, n) ? new String(buf, from, n, StandardCharsets.ISO_8859_1)
                : ps.client.wire.Utf8.decode(buf, from, n);
    }

    /**
     * @return the string of the ASCII bytes {@code buf[from, from + n)}; the caller has checked that they
     *         are ASCII and that {@code n <= MAX_LENGTH}
     */
    String ascii(byte[] buf, int from, int n) {
        int slot = slot(buf, from, n);
        if (matches(slot, buf, from, n)) {
            return strings[slot];
        }
        if (matches(slot + 1, buf, from, n)) {
            return strings[slot + 1];
        }
        return remember(slot, buf, from, n);
    }

    private String remember(int slot, byte[] buf, int from, int n) {
        String text = new String(buf, from, n, StandardCharsets.ISO_8859_1);
        // the newer string in the first way, the one it displaces in the second
        bytes[slot + 1] = bytes[slot];
        strings[slot + 1] = strings[slot];
        bytes[slot] = Arrays.copyOfRange(buf, from, from + n);
        strings[slot] = text;
        return text;
    }

    /**
     * The first way of the set for these bytes: hashed from the length and up to eight of them (all of a
     * string of eight or fewer; else both ends, the quarters and the middle), not all thirty-two.
     */
    private static int slot(byte[] buf, int from, int n) {
        int hash = n;
        if (n <= 8) {
            for (int i = from; i < from + n; i++) {
                hash = 31 * hash + buf[i];
            }
        } else {
            int last = from + n - 1;
            hash = 31 * hash + buf[from];
            hash = 31 * hash + buf[from + 1];
            hash = 31 * hash + buf[from + (n >> 2)];
            hash = 31 * hash + buf[from + (n >> 1)];
            hash = 31 * hash + buf[last - (n >> 2)];
            hash = 31 * hash + buf[last - 2];
            hash = 31 * hash + buf[last - 1];
            hash = 31 * hash + buf[last];
        }
        return (hash * 0x9E3779B9 >>> (32 - SET_BITS)) << 1;
    }

    private static boolean isAscii(byte[] buf, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(int slot, byte[] buf, int from, int n) {
        byte[] known = bytes[slot];
        if (known == null || known.length != n) {
            return false;
        }
        // by hand: for strings this short Arrays.equals costs more than the loop (JFR)
        for (int i = 0; i < n; i++) {
            if (known[i] != buf[from + i]) {
                return false;
            }
        }
        return true;
    }
}
