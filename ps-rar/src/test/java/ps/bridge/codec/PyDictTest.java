package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** PyDict behaves as an insertion-ordered map, flat or not; a key put again keeps its place. */
class PyDictTest {
    @Test
    void aKeyPutAgainKeepsItsPlaceAndTakesTheNewValue() {
        PyDict dict = new PyDict(PyDict.FLAT);
        dict.put("a", 1L);
        dict.put("b", 2L);
        assertNull(dict.put(null, "none"));
        assertEquals(1L, dict.put("a", 3L));
        assertEquals(List.of("a", "b", "null"), keys(dict));
        assertEquals(3L, dict.get("a"));
        assertEquals("none", dict.get(null));
        assertTrue(dict.containsKey(null));
        assertFalse(dict.containsKey("c"));
        assertTrue(dict.flat());
        assertEquals(3L, dict.value(0));
        assertEquals("b", dict.key(1));
    }

    @Test
    void keysWhoseHashesCollideAreStillTellApart() {
        PyDict dict = new PyDict(2);
        dict.put("Aa", 1L); // "Aa" and "BB" have the same String hash code
        dict.put("BB", 2L);
        dict.put("Aa", 3L);
        assertEquals(Map.of("Aa", 3L, "BB", 2L), new LinkedHashMap<>(dict));
        assertEquals(2, dict.size());
    }

    @Test
    void beyondFlatItIsAHashMapInTheSameOrder() {
        PyDict dict = new PyDict(2);
        Map<Object, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < 3 * PyDict.FLAT; i++) {
            Object key = i % 2 == 0 ? "k" + i : (Object) (long) i;
            dict.put(key, i);
            expected.put(key, i);
            dict.put("k0", -1); // put again: stays first
            expected.put("k0", -1);
            assertEquals(i + 1 <= PyDict.FLAT, dict.flat(), "after " + (i + 1));
        }
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(dict.entrySet()));
        assertEquals(expected, dict);
        assertEquals(-1, dict.get("k0"));
    }

    private static List<String> keys(PyDict dict) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : dict.entrySet()) {
            keys.add(String.valueOf(entry.getKey()));
        }
        return keys;
    }
}
