package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import ps.client.wire.ProtocolException;

/** Test vectors (written by src/test/resources/pickle/make_vectors.py) and hand-made pickles. */
final class Vectors {
    private Vectors() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/pickle/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pickle inside a one-record SocketHandler frame. */
    static byte[] frameBody(String name) {
        byte[] frame = resource(name);
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> decode(byte[] pickle) throws ProtocolException {
        return (Map<Object, Object>) PickleDecoder.decode(pickle);
    }

    /**
     * Concatenates the parts: an Integer or Character is one byte, a String its Latin-1 bytes (so "\u00e9" is byte 0xe9),
     * a byte[] itself.
     */
    static byte[] pickle(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer) {
                out.write((Integer) part);
            } else if (part instanceof Character) {
                out.write((Character) part);
            } else if (part instanceof String) {
                out.writeBytes(((String) part).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes((byte[]) part);
            }
        }
        return out.toByteArray();
    }

    static byte[] le32(long value) {
        return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)};
    }

    static byte[] le64(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >> 8 * i);
        }
        return bytes;
    }

    /** BINUNICODE of ASCII text. */
    static byte[] str(String text) {
        return pickle('X', le32(text.length()), text);
    }

    /** A length-prefixed frame as SocketHandler sends it. */
    static byte[] frame(byte[] pickle) {
        int n = pickle.length;
        return pickle(new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n}, pickle);
    }

    /** Asserts that the pickle is refused and that the reason contains each of the fragments. */
    static ProtocolException refused(byte[] pickle, String... fragments) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> PickleDecoder.decode(pickle));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
        return e;
    }
}
