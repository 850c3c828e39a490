package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TextCacheTest {
    private static String get(TextCache cache, String text, int offset) {
        byte[] padded = ("xyz".substring(0, offset) + text).getBytes(StandardCharsets.US_ASCII);
        int hash = 0;
        for (int i = offset; i < padded.length; i++) {
            hash = 31 * hash + padded[i];
        }
        return cache.ascii(padded, offset, padded.length - offset, hash);
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
}
