package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TextCacheTest {
    private static String get(TextCache cache, String text, int offset) {
        byte[] padded = ("xyz".substring(0, offset) + text).getBytes(StandardCharsets.US_ASCII);
        return cache.ascii(padded, offset, padded.length - offset);
    }

    @Test
    void sameBytesGiveTheSameStringWhereverTheyLie() {
        TextCache cache = new TextCache();
        String first = get(cache, "levelname", 0);
        assertEquals("levelname", first);
        assertSame(first, get(cache, "levelname", 2));
    }

    @Test
    void everyStringIsRightThroughCollisionsAndReplacements() {
        TextCache cache = new TextCache();
        // far more strings than slots: each must still decode to itself, replaced slots or not
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4 * TextCache.SLOTS; i++) {
                assertEquals("k" + i, get(cache, "k" + i, i % 3));
            }
        }
        assertEquals("", get(cache, "", 0));
    }

    @Test
    void picklesDecodeTheSameWithTheCacheAsWithout() throws Exception {
        TextCache cache = new TextCache();
        for (String name : new String[] {"data_p0.pickle", "data_p2.pickle", "data_p4.pickle", "data_p5.pickle",
                "sets_p5.pickle", "bytes_p5.pickle"}) {
            byte[] pickle = Vectors.resource(name);
            Object plain = PickleDecoder.decode(pickle);
            for (int i = 0; i < 2; i++) { // the second time every short string comes from the cache
                assertEquals(PyRepr.str(plain), PyRepr.str(PickleDecoder.decode(pickle, 0, pickle.length, cache)), name);
            }
        }
        for (String name : new String[] {"record_basic.frame", "record_unicode.frame", "record_exception.frame"}) {
            byte[] pickle = Vectors.frameBody(name);
            Object plain = PickleDecoder.decode(pickle);
            for (int i = 0; i < 2; i++) {
                assertEquals(PyRepr.str(plain), PyRepr.str(PickleDecoder.decode(pickle, 0, pickle.length, cache)), name);
            }
        }
    }

    /** Direct-mapped, these two keys of every SocketHandler record shared a slot and were decoded anew each time. */
    @Test
    void twoStringsOfOneSetBothStay() {
        TextCache cache = new TextCache();
        String a = get(cache, "relativeCreated", 0);
        String b = get(cache, "USER_SPEC_1", 0);
        for (int i = 0; i < 3; i++) {
            org.junit.jupiter.api.Assertions.assertSame(a, get(cache, "relativeCreated", 1));
            org.junit.jupiter.api.Assertions.assertSame(b, get(cache, "USER_SPEC_1", 2));
        }
    }

    @Test
    void utf8TakesShortAsciiFromTheCacheAndRefusesInvalidBytes() throws Exception {
        TextCache cache = new TextCache();
        byte[] ascii = "xx bench.native".getBytes(StandardCharsets.US_ASCII);
        String first = cache.utf8(ascii, 3, ascii.length - 3);
        assertEquals("bench.native", first);
        org.junit.jupiter.api.Assertions.assertSame(first, cache.utf8(ascii.clone(), 3, ascii.length - 3));
        byte[] text = "grüße".getBytes(StandardCharsets.UTF_8);
        assertEquals("grüße", cache.utf8(text, 0, text.length));
        String longText = "a".repeat(TextCache.MAX_LENGTH + 1);
        assertEquals(longText, cache.utf8(longText.getBytes(StandardCharsets.US_ASCII), 0, longText.length()));
        org.junit.jupiter.api.Assertions.assertThrows(ps.client.wire.ProtocolException.class,
                () -> cache.utf8(new byte[] {'a', (byte) 0xc3}, 0, 2));
    }
}
