package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ps.bridge.codec.Vectors.decode;
import static ps.bridge.codec.Vectors.le32;
import static ps.bridge.codec.Vectors.le64;
import static ps.bridge.codec.Vectors.pickle;
import static ps.bridge.codec.Vectors.refused;
import static ps.bridge.codec.Vectors.resource;
import static ps.bridge.codec.Vectors.str;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ps.client.wire.ProtocolException;

class PickleDecoderTest {
    private static final byte[] KEY_A = str("a");

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void decodesWhatCpythonWritesForEachProtocol(int protocol) throws Exception {
        Map<Object, Object> d = decode(resource("data_p" + protocol + ".pickle"));

        assertEquals("str", d.keySet().iterator().next(), "insertion order");
        assertEquals("hello", d.get("str"));
        assertEquals("", d.get("empty"));
        assertEquals("Grüße 😀 \u2028 \u0000 \\ \n \r \u001a end", d.get("unicode"));
        assertEquals("y".repeat(300), d.get("long_str"));

        assertEquals(7L, d.get("int_small"));
        assertEquals(-1L, d.get("int_neg"));
        assertEquals(255L, d.get("int_byte"));
        assertEquals(65535L, d.get("int_2byte"));
        assertEquals(2147483647L, d.get("int_32"));
        assertEquals(-2147483648L, d.get("int_neg32"));
        assertEquals(Long.MAX_VALUE, d.get("int_64"));
        assertEquals(Long.MIN_VALUE, d.get("int_neg64"));
        assertEquals(BigInteger.TWO.pow(70), d.get("big"));
        assertEquals(BigInteger.TWO.pow(100).negate().add(BigInteger.ONE), d.get("big_neg"));

        assertEquals(1.5, d.get("float"));
        assertEquals(-0.1, d.get("float_neg"));
        assertEquals(1e300, d.get("float_big"));
        assertEquals(Double.MIN_VALUE, d.get("float_tiny"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) d.get("float_negzero")));
        assertEquals(Double.POSITIVE_INFINITY, d.get("inf"));
        assertTrue(((Double) d.get("nan")).isNaN());

        assertEquals(Boolean.TRUE, d.get("true"));
        assertEquals(Boolean.FALSE, d.get("false"));
        assertTrue(d.containsKey("none"));
        assertNull(d.get("none"));

        assertEquals(Arrays.asList(1L, "two", 3.0, null, List.of(true, false)), d.get("list"));
        assertEquals(List.of(), d.get("empty_list"));
        assertInstanceOf(ArrayList.class, d.get("list"));
        assertEquals(List.of(1L, "a"), d.get("tuple"));
        assertInstanceOf(PyTuple.class, d.get("tuple"));
        assertEquals(List.of(1L), d.get("tuple1"));
        assertEquals(List.of(1L, 2L, 3L), d.get("tuple3"));
        assertEquals(List.of(1L, 2L, 3L, 4L), d.get("tuple4"));
        assertEquals(List.of(), d.get("empty_tuple"));
        assertInstanceOf(PyTuple.class, d.get("empty_tuple"));
        assertEquals(Map.of("a", Map.of("b", Map.of("c", List.of(1L, Map.of("d", "e"))))), d.get("nested"));

        Map<?, ?> keys = (Map<?, ?>) d.get("keys");
        assertEquals("one", keys.get(1L));
        assertEquals("pair", keys.get(new PyTuple(new Object[] {1L, 2L})));
        assertEquals("none", keys.get(null));

        List<?> shared = (List<?>) d.get("shared");
        assertEquals(List.of(1L, 2L), shared.get(0));
        assertSame(shared.get(0), shared.get(1), "one list, referenced twice through the memo");

        List<?> many = (List<?>) d.get("many");
        assertEquals(2500, many.size());
        assertEquals(2499L, many.get(2499));
        Map<?, ?> manyDict = (Map<?, ?>) d.get("many_dict");
        assertEquals(1200, manyDict.size());
        assertEquals(1199L, manyDict.get("k1199"));
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {3, 4, 5})
    void decodesBytes(int protocol) throws Exception {
        Map<Object, Object> d = decode(resource("bytes_p" + protocol + ".pickle"));
        assertArrayEquals(new byte[] {0, -1, 'a', 'b', '\'', 'c'}, (byte[]) d.get("b"));
        assertArrayEquals(new byte[0], (byte[]) d.get("empty"));
        assertEquals(300, ((byte[]) d.get("long")).length);
        if (protocol == 5) {
            assertArrayEquals(new byte[] {1, 2}, (byte[]) d.get("ba"), "bytearray is taken as bytes");
        }
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {4, 5})
    void decodesSetsAsLists(int protocol) throws Exception {
        Map<Object, Object> d = decode(resource("sets_p" + protocol + ".pickle"));
        assertEquals(List.of(1L, 2L, 3L), d.get("s"));
        assertFalse(((PySet) d.get("s")).frozen);
        assertEquals(List.of("a"), d.get("f"));
        assertTrue(((PySet) d.get("f")).frozen);
        assertEquals(List.of(), d.get("e"));
    }

    @Test
    void refusesBytesAndSetsOfOldProtocolsSinceCpythonWritesThemAsCalls() {
        refused(resource("bytes_p1.pickle"), "GLOBAL");
        refused(resource("sets_p2.pickle"), "GLOBAL");
    }

    @Test
    void decodesPython2Strings() throws Exception {
        Map<Object, Object> d = decode(pickle("(",
                "S'plain'\n", "S'a\\x41\\n\\'b\\\\\\t\\101\\0\\q'\n",
                "S\"it's\"\n", "S'\\xe9t\\xe9'\n",
                "T", le32(3), "\u00e9xy", "U", 1, "\u00ff", "d."));
        assertEquals("aA\n'b\\\tA\u0000\\q", d.get("plain"));
        assertEquals("\u00e9t\u00e9", d.get("it's"));
        assertEquals("\u00ff", d.get("\u00e9xy"));
    }

    @Test
    void decodesProtocol0UnicodeEscapes() throws Exception {
        Map<Object, Object> d = decode(pickle("(dV\\u005cx\\u000a\n",
                "V\u00fc \\U0001f600 \\ud83d\\ude00 \\x\n", "s."));
        assertEquals("ü 😀 😀 \\x", d.get("\\x\n"));
        refused(pickle("(dVa\nV\\ud83d\ns."), "lone surrogate");
        refused(pickle("(dVa\nV\\u12\ns."), "truncated \\u escape");
        refused(pickle("(dVa\nV\\U00110000\ns."), "out of range");
        refused(pickle("(dVa\nV\\uzzzz\ns."), "invalid \\u escape");
    }

    @Test
    void decodesTextNumbers() throws Exception {
        Map<Object, Object> d = decode(pickle("(dVa\n(I12\nI-7\nI00\nI01\nI9223372036854775808\nL5L\nL-18446744073709551616L\n",
                "Finf\nF-inf\nFnan\nF1e+16\nF-0.5\nl",
                "p7\n0g7\ns."));
        List<?> values = (List<?>) d.get("a");
        assertEquals(Arrays.asList(12L, -7L, false, true, new BigInteger("9223372036854775808"), 5L,
                new BigInteger("-18446744073709551616"), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NaN, 1e16, -0.5), values);
        refused(pickle("}Va\nI0x10\ns."), "invalid integer '0x10'");
        refused(pickle("}Va\nF1.5d\ns."), "invalid float '1.5d'");
        refused(pickle("}Va\nF\ns."), "invalid float");
        refused(pickle("}Va\nL" + "9".repeat(618) + "L\ns."), "618 digits exceeds the limit");
        refused(pickle("}Va\nI12"), "INT at offset 4 has no end of line");
    }

    @Test
    void decodesBinaryIntegers() throws Exception {
        Map<Object, Object> d = decode(pickle(0x80, 2, "}", KEY_A, "(",
                0x8a, 0, 0x8a, 1, 0xff, 0x8a, 2, 0x00, 0x80, 0x8a, 8, le64(Long.MIN_VALUE),
                0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0x8b, le32(1), 0x7f,
                "J", le32(-2), "K", 200, "M", 0x34, 0x12, "l", "s."));
        assertEquals(List.of(0L, -1L, -32768L, Long.MIN_VALUE, BigInteger.ONE.shiftLeft(63), 127L, -2L, 200L, 0x1234L),
                d.get("a"));
        refused(pickle(0x80, 2, "}", KEY_A, 0x8b, le32(257), "s."), "LONG4", "257 bytes exceeds the limit of 256");
        refused(pickle(0x80, 2, "}", KEY_A, 0x8b, le32(-1), "s."), "negative byte count");
    }

    @Test
    void decodesLongLengthsAndFrames() throws Exception {
        byte[] body = pickle("}", 0x94, "(", 0x8d, le64(2), "ok", 0x8e, le64(1), "x",
                0x8c, 1, "b", 0x96, le64(2), "ab", 0x8c, 1, "c", "C", 1, "c", 0x8c, 1, "d", "B", le32(1), "d",
                0x8c, 3, "k\u00c3\u00a4", 0x88, "u.");
        Map<Object, Object> d = decode(pickle(0x80, 5, 0x95, le64(body.length), body));
        assertArrayEquals(new byte[] {'x'}, (byte[]) d.get("ok"));
        assertArrayEquals(new byte[] {'a', 'b'}, (byte[]) d.get("b"));
        assertArrayEquals(new byte[] {'c'}, (byte[]) d.get("c"));
        assertArrayEquals(new byte[] {'d'}, (byte[]) d.get("d"));
        assertEquals(Boolean.TRUE, d.get("kä"));
        refused(pickle(0x80, 4, 0x95, le64(100), "}."), "truncated pickle: FRAME at offset 2 needs 100 bytes, 2 left");
    }

    @Test
    void memoAndStackOpcodes() throws Exception {
        // POP right after a MARK discards the MARK, as in CPython's pickle.py
        Map<Object, Object> d = decode(pickle("}q", 0, KEY_A, "r", le32(70000), "(K", 1, "2j", le32(70000), "ts",
                "(NN1", "(0", "h", 0, "0."));
        assertEquals(Map.of("a", List.of(1L, 1L, "a")), d);
    }

    @Test
    void sharedContainersStayShared() throws Exception {
        Map<Object, Object> d = decode(pickle("}(", KEY_A, "]q", 1, str("b"), "h", 1, "u."));
        assertSame(d.get("a"), d.get("b"));
    }

    @Test
    void refusesTruncatedPicklesAtEveryLength() {
        for (String name : List.of("data_p0.pickle", "data_p1.pickle", "data_p4.pickle", "bytes_p5.pickle",
                "sets_p4.pickle", "record_exception.frame")) {
            byte[] whole = name.endsWith(".frame") ? Vectors.frameBody(name) : resource(name);
            for (int length = 0; length < whole.length; length += whole.length > 2000 ? 61 : 1) {
                byte[] cut = Arrays.copyOf(whole, length);
                ProtocolException e = refused(cut);
                assertTrue(e.getMessage().startsWith("truncated pickle: "),
                        name + " cut at " + length + ": " + e.getMessage());
            }
        }
        refused(new byte[0], "truncated pickle: 0 bytes without STOP");
        refused(pickle("}", "X", le32(5), "abc"), "truncated pickle: BINUNICODE at offset 1 needs 5 bytes, 3 left");
    }

    @Test
    void checksLengthsBeforeAllocating() {
        refused(pickle("}", "X", le32(0xffffffffL), "abc"), "needs 4294967295 bytes, 3 left");
        refused(pickle("}", 0x8d, le64(-1), "abc"), "needs 18446744073709551615 bytes");
        refused(pickle("}", 0x8e, le64(Long.MAX_VALUE), "abc"), "BINBYTES8", "needs 9223372036854775807 bytes");
        refused(pickle("}", 0x96, le64(1L << 40), "abc"), "BYTEARRAY8");
        refused(pickle("}", "T", le32(-5), "abc"), "BINSTRING", "negative length");
        refused(pickle("}", "B", le32(1 << 30), "abc"), "BINBYTES", "needs 1073741824 bytes");
    }

    @Test
    void refusesTrailingBytes() {
        byte[] valid = resource("data_p2.pickle");
        refused(pickle(valid, "x"), "1 trailing bytes after STOP");
        refused(pickle("}.}."), "STOP at offset 1: 2 trailing bytes");
    }

    @Test
    void refusesTopLevelValuesOtherThanDict() {
        refused(pickle("]."), "top-level object is a list, not a dict");
        refused(pickle(")."), "top-level object is a tuple");
        refused(pickle("N."), "top-level object is a None");
        refused(pickle(str("x"), "."), "top-level object is a str");
        refused(pickle(0x80, 4, 0x8f, "."), "top-level object is a set");
    }

    @Test
    void refusesInvalidUtf8() {
        refused(pickle("}", "X", le32(2), 0xc3, 0x28, "N", "s."), "BINUNICODE at offset 1: invalid UTF-8");
        refused(pickle("}", 0x8c, 2, 0xc0, 0xaf, "N", "s."), "SHORT_BINUNICODE", "invalid UTF-8");
        refused(pickle("}", 0x8c, 3, 0xed, 0xa0, 0x80, "N", "s."), "invalid UTF-8"); // a UTF-16 surrogate
        refused(pickle("}", 0x8d, le64(4), 0xf4, 0x90, 0x80, 0x80, "N", "s."), "BINUNICODE8", "invalid UTF-8");
        refused(pickle("}", 0x8c, 1, 0xe2, "N", "s."), "invalid UTF-8");
    }

    @Test
    void limitsNestingDepth() throws Exception {
        decode(nestedLists(PickleDecoder.MAX_DEPTH - 1)); // the top-level dict is level 1
        refused(nestedLists(PickleDecoder.MAX_DEPTH), "nested deeper than 100 levels");
        // CPython's protocol 0 style keeps a MARK open per level
        refused(pickle("(".repeat(150)), "MARK at offset 101: more than 101 open MARKs");
    }

    private static byte[] nestedLists(int depth) {
        return pickle("}", KEY_A, "]".repeat(depth), "a".repeat(depth - 1), "s.");
    }

    @Test
    void refusesCycles() {
        refused(pickle("}", KEY_A, "]2as."), "a list contains itself");
        refused(pickle("}", KEY_A, "]q", 0, "h", 0, "as."), "a list contains itself");
        refused(pickle("}", KEY_A, "}q", 0, KEY_A, "h", 0, "ss."), "a dict contains itself");
    }

    @Test
    void refusesSharedReferencesThatExpandExponentially() {
        List<Object> parts = new ArrayList<>(List.of("}", KEY_A, "]q", 0, "0"));
        for (int i = 1; i <= 60; i++) {
            parts.addAll(List.of("]q", i, "(h", i - 1, "h", i - 1, "e0"));
        }
        parts.addAll(List.of("h", 60, "s."));
        byte[] laughs = pickle(parts.toArray());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(laughs, "shared references expand to more than"));
    }

    @Test
    void refusesUnhashableKeys() throws Exception {
        refused(pickle("}]Ns."), "SETITEM at offset 3: unhashable dict key of type list");
        refused(pickle("}}Ns."), "unhashable dict key of type dict");
        refused(pickle("}(]Nu."), "SETITEMS", "unhashable dict key of type list");
        refused(pickle("(]Nd."), "DICT", "unhashable");
        refused(pickle("}K", 1, "]", 0x86, "Ns."), "unhashable dict key of type list");
        refused(pickle(0x80, 4, "}", 0x8f, "Ns."), "unhashable dict key of type set");
        Map<Object, Object> d = decode(pickle(0x80, 4, "}(K", 1, ")", 0x86, "N(K", 2, 0x91, "Nu."));
        assertTrue(d.containsKey(new PyTuple(new Object[] {1L, PyTuple.EMPTY})));
        PySet two = new PySet(true, 1);
        two.add(2L);
        assertTrue(d.containsKey(two));
        assertFalse(d.containsKey(new PyTuple(new Object[] {2L})));
        byte[] wide = pickle("}(", "N".repeat(PickleDecoder.MAX_KEY_ITEMS), "tNs.");
        refused(wide, "SETITEM", "more than 10000 elements in tuple and frozenset dict keys");
        // the budget is for the whole pickle: here 5001 keys of (i,)
        List<Object> many = new ArrayList<>(List.of("}("));
        for (int i = 0; i < 5001; i++) {
            many.add(pickle("J", le32(i), 0x85, "N"));
        }
        many.add("u.");
        refused(pickle(many.toArray()), "SETITEMS", "more than 10000 elements");
    }

    @Test
    void limitsDictsWithKeysOfDifferentTypes() throws Exception {
        // colliding keys of different classes defeat HashMap's tree bins
        List<Object> parts = new ArrayList<>(List.of("}(", str("s"), "N"));
        for (int i = 0; i < PickleDecoder.MAX_MIXED_KEY_ENTRIES; i++) {
            parts.add(pickle("J", le32(i), "N"));
        }
        parts.add("u.");
        refused(pickle(parts.toArray()), "SETITEMS", "more than 10000 entries in dicts with keys of different types");
        parts.remove(parts.size() - 2);
        assertEquals(PickleDecoder.MAX_MIXED_KEY_ENTRIES, decode(pickle(parts.toArray())).size());
    }

    @Test
    void limitsTextGainedThroughSharedReferences() throws Exception {
        byte[] text = str("t".repeat(100_000));
        // a 100 kB str referenced 14 times more: 1.4 MB, under 4 x 100 kB + 1 MiB
        decode(pickle("}", KEY_A, text, "q", 1, "0]", "(", "h\u0001".repeat(14), "es."));
        refused(pickle("}", KEY_A, text, "q", 1, "0]", "(", "h\u0001".repeat(16), "es."),
                "BINGET at offset", "shared references expand to more than");
        // the same through a shared list that holds it
        refused(pickle("}", KEY_A, "]", text, "aq", 1, "0", "]", "(", "h\u0001".repeat(16), "es."),
                "shared references expand to more than");
        refused(pickle("}", KEY_A, "(", text, "2".repeat(20), "l", "s."), "shared references expand");
    }

    @Test
    void tupleAndFrozensetKeysStayApartAsInPython() throws Exception {
        Map<Object, Object> d = decode(pickle(0x80, 4, "}(", ")", str("tuple"), "(", 0x91, str("frozenset"), "u."));
        assertEquals(2, d.size());
        assertEquals("tuple", d.get(PyTuple.EMPTY));
    }

    @Test
    void refusesMisusedContainerOpcodes() {
        refused(pickle("}", KEY_A, ")Nas."), "APPEND at offset 9: target is a tuple, not a list");
        refused(pickle("}(Ne."), "APPENDS at offset 3: target is a dict, not a list");
        refused(pickle("]", KEY_A, "Ns."), "SETITEM at offset 8: target is a list, not a dict");
        refused(pickle(0x80, 4, "}(N", 0x91, "(N", 0x90, "."), "ADDITEMS", "target is a frozenset, not a set");
        refused(pickle(0x80, 4, "}", 0x8f, "(N", 0x90, "0", "(Nu."), "SETITEMS", "odd number of values (1)");
        refused(pickle("(NNNd."), "DICT", "odd number");
        refused(pickle("}a."), "APPEND at offset 1: stack underflow");
        refused(pickle("}(a."), "APPEND at offset 2: stack underflow");
        refused(pickle("(Ne."), "APPENDS at offset 2: stack underflow");
        refused(pickle("}t."), "TUPLE at offset 1: no MARK on the stack");
        refused(pickle("}(N", 0x86, "."), "TUPLE2", "stack underflow");
        refused(pickle("0."), "POP at offset 0: stack underflow");
        refused(pickle("}N."), "STOP at offset 2: leaves 2 values and 0 MARKs");
        refused(pickle("}(."), "leaves 1 values and 1 MARKs");
        refused(pickle("}h", 3, "."), "BINGET at offset 1: memo has no entry 3");
        refused(pickle("}g12\n."), "GET", "memo has no entry 12");
        refused(pickle("}p-1\n."), "PUT", "invalid memo index '-1'");
        refused(pickle("q", 0, "}."), "BINPUT at offset 0: stack underflow");
        refused(pickle(0x80, 6, "}."), "PROTO at offset 0: unsupported pickle protocol 6");
    }

    @Test
    void limitsMemoAndItems() {
        List<Object> memo = new ArrayList<>(List.of("}"));
        for (int i = 0; i <= PickleDecoder.MAX_MEMO; i++) {
            memo.add(pickle("r", le32(i)));
        }
        memo.add(".");
        refused(pickle(memo.toArray()), "more than 100000 memo entries");

        byte[] items = new byte[PickleDecoder.MAX_ITEMS + 10];
        Arrays.fill(items, (byte) 'N');
        items[0] = '}';
        items[1] = '(';
        refused(items, "more than 1000000 values");
    }

    @Test
    void randomMutationsAreDecodedOrRefusedButNeverCrash() {
        java.util.Random random = new java.util.Random(20240613);
        List<byte[]> seeds = List.of(resource("data_p0.pickle"), resource("data_p1.pickle"),
                resource("data_p5.pickle"), resource("sets_p4.pickle"), resource("bytes_p5.pickle"),
                Vectors.frameBody("record_basic.frame"), Vectors.frameBody("record_exception.frame"));
        int refusedCount = 0;
        for (int round = 0; round < 12_000; round++) {
            byte[] mutated = seeds.get(round % seeds.size()).clone();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                int at = random.nextInt(mutated.length);
                mutated[at] = random.nextInt(3) == 0 ? (byte) "()}]aestuqh0120".charAt(random.nextInt(15))
                        : (byte) random.nextInt(256);
            }
            try {
                PickleDecoder.decode(mutated);
            } catch (ProtocolException e) {
                refusedCount++;
                assertFalse(e.getMessage().isBlank());
            }
        }
        assertTrue(refusedCount > 1000, "mutations should mostly be refused: " + refusedCount);
    }
}
