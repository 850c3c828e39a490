package ps.bridge.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The short ASCII strings a connection's pickles repeat in every record (the dict's keys, the logger name,
 * the host, the level): decoded once and handed out again, so that each record does not allocate them
 * anew and their hash codes (for the dict and the field switch) are computed once. Direct-mapped and of
 * fixed size, so what an outsider can make it hold is bounded: {@link #SLOTS} strings of at most
 * {@link #MAX_LENGTH} bytes per connection; a collision simply replaces the slot. Not thread-safe: one per
 * connection.
 */
final class TextCache {
    static final int SLOTS = 256;
    static final int MAX_LENGTH = 32;

    private final String[] strings = new String[SLOTS];
    private final byte[][] bytes = new byte[SLOTS][];

    /**
     * @return the string of the ASCII bytes {@code buf[from, from + n)}; the caller has checked that they
     *         are ASCII and that {@code n <= MAX_LENGTH}
     */
    String ascii(byte[] buf, int from, int n, int hash) {
        int slot = (hash ^ hash >>> 8 ^ n) & (SLOTS - 1);
        byte[] known = bytes[slot];
        if (known != null && known.length == n) {
            // by hand: for strings this short Arrays.equals costs more than the loop (JFR)
            int i = 0;
            while (i < n && known[i] == buf[from + i]) {
                i++;
            }
            if (i == n) {
                return strings[slot];
            }
        }
        String text = new String(buf, from, n, StandardCharsets.ISO_8859_1);
        bytes[slot] = Arrays.copyOfRange(buf, from, from + n);
        strings[slot] = text;
        return text;
    }
}
