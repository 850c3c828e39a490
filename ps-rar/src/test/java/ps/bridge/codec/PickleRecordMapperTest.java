package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ps.bridge.codec.Vectors.decode;
import static ps.bridge.codec.Vectors.frameBody;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ps.client.LogEntry;
import ps.client.LogField;

class PickleRecordMapperTest {

    @Test
    void mapsASocketHandlerRecordWithPsExtras() throws Exception {
        LogEntry entry = PickleRecordMapper.map(decode(frameBody("record_basic.frame")));

        assertEquals("pickle", entry.get(LogField.INPUT));
        assertEquals("disk /data is 93% full", entry.get(LogField.MESSAGE));
        assertEquals("ps.demo", entry.get(LogField.NAME));
        assertEquals("WARNING", entry.get(LogField.LEVELNAME));
        assertEquals(30, entry.levelno());
        assertEquals("worker", entry.get(LogField.MODULE));
        assertEquals("handle", entry.get(LogField.FUNCNAME));
        assertEquals("/srv/app/demo/worker.py", entry.get(LogField.PATHNAME));
        assertEquals("worker.py", entry.get(LogField.FILENAME));
        assertEquals(42, entry.lineno());
        assertNull(entry.get(LogField.EXC_TEXT));
        assertNull(entry.get(LogField.STACK_INFO));
        assertEquals("140245052331840", entry.get(LogField.THREAD));
        assertEquals("MainThread", entry.get(LogField.THREADNAME));
        assertEquals("4242", entry.get(LogField.PROCESS));
        assertEquals("MainProcess", entry.get(LogField.PROCESSNAME));
        assertEquals(1700000000250L, entry.created());
        assertEquals(250.0, entry.msecs());
        assertEquals(1234.5, entry.relativeCreated());

        assertEquals("billing", entry.get(LogField.SYSTEM_ID));
        assertEquals("invoices", entry.get(LogField.SUB_SYSTEM_ID));
        assertEquals("pdf", entry.get(LogField.SUB_SUB_SYSTEM_ID));
        assertEquals("P-7", entry.get(LogField.PRODUKT_ID));
        assertEquals("alpha", entry.get(LogField.USER_SPEC_1));
        assertEquals("None", entry.get(LogField.USER_SPEC_2), "the string None is kept as given");
        assertEquals("2.4.1", entry.get(LogField.PACKAGE_VERSION));

        assertEquals("{\"request_id\":\"r-17\",\"attempt\":3,\"ratio\":0.25,\"http_status\":200,\"tags\":[\"a\",[\"b\",2]],"
                + "\"ctx\":{\"user\":\"Zoë \\\"Z\\\" \\\\ \\t\",\"ok\":true,\"none\":null,"
                + "\"big\":1180591620717411303424}}", entry.get(LogField.EXTRA));
        assertEquals(0, entry.received());
        assertEquals(0, entry.seq());
    }

    @Test
    void mapsAnExceptionRecord() throws Exception {
        LogEntry entry = PickleRecordMapper.map(decode(frameBody("record_exception.frame")));
        assertEquals("failed to process job-1", entry.get(LogField.MESSAGE));
        assertEquals("ERROR", entry.get(LogField.LEVELNAME));
        assertEquals(40, entry.levelno());
        String exc = entry.get(LogField.EXC_TEXT);
        assertTrue(exc.startsWith("Traceback (most recent call last):\n"), exc);
        assertTrue(exc.endsWith("\nValueError: boom ü"), exc);
        assertEquals("Stack (most recent call last):\n  File \"worker.py\", line 1, in <module>",
                entry.get(LogField.STACK_INFO));
        assertNull(entry.get(LogField.EXTRA), "args and exc_info are None and dropped");
    }

    @Test
    void mapsUnicodeAndBigRecords() throws Exception {
        LogEntry entry = PickleRecordMapper.map(decode(frameBody("record_unicode.frame")));
        assertEquals("Grüße aus Köln 😀 — ñ ∑", entry.get(LogField.MESSAGE));
        assertEquals("ps.tëst", entry.get(LogField.NAME));
        assertEquals("Ünïcödé 🚀", entry.get(LogField.SYSTEM_ID));

        LogEntry big = PickleRecordMapper.map(decode(frameBody("record_big.frame")));
        assertEquals("0123456789abcdef".repeat(65536), big.get(LogField.MESSAGE));
    }

    @Test
    void matchesKeysInLowerCase() {
        LogEntry entry = PickleRecordMapper.map(record("MSG", "hi", "System_Id", "s1", "LevelName", "error",
                "FUNCNAME", "f", "Custom_Key", 1L, "sub_SUB_system_ID", "x"));
        assertEquals("hi", entry.get(LogField.MESSAGE));
        assertEquals("s1", entry.get(LogField.SYSTEM_ID));
        assertEquals("error", entry.get(LogField.LEVELNAME));
        assertEquals(40, entry.levelno(), "from the level name when levelno is missing");
        assertEquals("f", entry.get(LogField.FUNCNAME));
        assertEquals("x", entry.get(LogField.SUB_SUB_SYSTEM_ID));
        assertEquals("{\"custom_key\":1}", entry.get(LogField.EXTRA));
    }

    @Test
    void levels() {
        assertEquals(30, PickleRecordMapper.map(record("levelname", "WARN")).levelno());
        assertEquals(25, PickleRecordMapper.map(record("levelname", "Level 25", "levelno", 25L)).levelno());
        LogEntry custom = PickleRecordMapper.map(record("levelname", "NOTICE"));
        assertEquals(0, custom.levelno());
        assertEquals("NOTICE", custom.get(LogField.LEVELNAME));
        assertEquals(20, PickleRecordMapper.map(record("levelno", "20")).levelno());
        LogEntry odd = PickleRecordMapper.map(record("levelno", List.of(1L), "levelname", "ERROR"));
        assertEquals(40, odd.levelno());
        assertEquals("{\"levelno\":[1]}", odd.get(LogField.EXTRA), "a value of the wrong type is kept");
    }

    @Test
    void rendersNonTextValuesAsPythonsStr() {
        assertEquals("42", message(42L));
        assertEquals("None", message(null));
        assertEquals("True", message(true));
        assertEquals("1e+16", message(1e16));
        assertEquals("['a', 1, None, (2,), {'k': b'\\x00'}]",
                message(Arrays.asList("a", 1L, null, new PyTuple(new Object[] {2L}), Map.of("k", new byte[1]))));
        assertEquals("12345678901234567890123", message(new BigInteger("12345678901234567890123")));
        assertEquals("4242", PickleRecordMapper.map(record("process", 4242L)).get(LogField.PROCESS));
        assertEquals("1.5", PickleRecordMapper.map(record("USER_SPEC_1", 1.5)).get(LogField.USER_SPEC_1));
        assertNull(PickleRecordMapper.map(record("thread", null, "exc_text", null)).get(LogField.THREAD));
    }

    private static String message(Object msg) {
        return PickleRecordMapper.map(record("msg", msg)).get(LogField.MESSAGE);
    }

    @Test
    void timesAndNumbers() {
        LogEntry entry = PickleRecordMapper.map(record("created", 1.0625, "msecs", 62L, "relativeCreated", 5L,
                "lineno", 7L));
        assertEquals(1063L, entry.created(), "rounded to the millisecond");
        assertEquals(62.0, entry.msecs());
        assertEquals(5.0, entry.relativeCreated());
        assertEquals(7, entry.lineno());
        assertEquals(1700000000000L, PickleRecordMapper.map(record("created", 1700000000L)).created());

        LogEntry none = PickleRecordMapper.map(record("msg", "x"));
        assertEquals(0L, none.created(), "the caller sets the receive time");
        assertNull(none.msecs());
        assertNull(none.lineno());
        assertEquals(0, none.levelno());

        LogEntry bad = PickleRecordMapper.map(record("created", "yesterday", "lineno", 1L << 40, "msecs", Double.NaN));
        assertEquals(0L, bad.created());
        assertNull(bad.lineno());
        assertTrue(bad.msecs().isNaN());
        assertEquals("{\"created\":\"yesterday\",\"lineno\":1099511627776}", bad.get(LogField.EXTRA));
    }

    @Test
    void extraIsCompactJson() {
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put(1L, "int key");
        nested.put(new PyTuple(new Object[] {1L, "a"}), "tuple key");
        nested.put(null, "none key");
        nested.put(2.5, 'x' + "");
        LogEntry entry = PickleRecordMapper.map(record(
                "taskName", null,
                "text", "q\"b\\s/\u0000\u001f\u007f\n\t é😀\u2028",
                "numbers", Arrays.asList(-3L, new BigInteger("-99999999999999999999"), 0.1, -0.0, 1e-7, 1e22,
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
                "flags", Arrays.asList(true, false, null),
                "bytes", new byte[] {0, 'a', '\'', (byte) 0xff},
                "nested", nested,
                "args", Arrays.asList("kept", "since", "not", "None"),
                "input", "forged"));
        assertEquals("{"
                + "\"text\":\"q\\\"b\\\\s/\\u0000\\u001f\u007f\\n\\t é😀\\u2028\","
                + "\"numbers\":[-3,-99999999999999999999,0.1,-0.0,1e-07,1e+22,\"nan\",\"inf\",\"-inf\"],"
                + "\"flags\":[true,false,null],"
                + "\"bytes\":\"b\\\"\\\\x00a'\\\\xff\\\"\","
                + "\"nested\":{\"1\":\"int key\",\"(1, 'a')\":\"tuple key\",\"None\":\"none key\",\"2.5\":\"x\"},"
                + "\"args\":[\"kept\",\"since\",\"not\",\"None\"],"
                + "\"input\":\"forged\"}", entry.get(LogField.EXTRA));
        assertEquals("pickle", entry.get(LogField.INPUT));
    }

    @Test
    void pythonFloatRepr() {
        String[][] cases = {
            {"1.0", "1.0"}, {"0.1", "0.1"}, {"-2.5", "-2.5"}, {"1e16", "1e+16"}, {"1e15", "1000000000000000.0"},
            {"123456789012345.6", "123456789012345.6"}, {"0.0001", "0.0001"}, {"0.00001", "1e-05"},
            {"1.5e-7", "1.5e-07"}, {"5e-324", "5e-324"}, {"1.7976931348623157e308", "1.7976931348623157e+308"},
            {"0.30000000000000004", "0.30000000000000004"}, {"2.82879384806159e17", "2.82879384806159e+17"},
            {"5.684341886080802e-14", "5.684341886080802e-14"}, {"1e23", "1e+23"}, {"9007199254740993", "9007199254740992.0"},
            {"1700000000.25", "1700000000.25"}, {"-0.0", "-0.0"}, {"0", "0.0"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], PyRepr.floatRepr(Double.parseDouble(c[0])), c[0]);
        }
        assertEquals("nan", PyRepr.floatRepr(Double.NaN));
        assertEquals("-inf", PyRepr.floatRepr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void pythonRepr() {
        assertEquals("'it'", PyRepr.str(List.of("it")).substring(1, 5));
        assertEquals("[\"it's\"]", PyRepr.str(List.of("it's")));
        assertEquals("['it\\'s \"q\"']", PyRepr.str(List.of("it's \"q\"")));
        assertEquals("['a\\\\b\\n\\t\\r\\x00\\x7f\\x85 \\xa0 é \\u2028 \\U000e0001 😀']",
                PyRepr.str(List.of("a\\b\n\t\r\u0000\u007f\u0085 \u00a0 é \u2028 \udb40\udc01 😀")));
        assertEquals("b'\\x00\\'\"'", PyRepr.str(new byte[] {0, '\'', '"'}));
        assertEquals("b\"'\"", PyRepr.str(new byte[] {'\''}));
        assertEquals("()", PyRepr.str(PyTuple.EMPTY));
        assertEquals("(1, 2)", PyRepr.str(new PyTuple(new Object[] {1L, 2L})));
        PySet set = new PySet(false, 2);
        assertEquals("set()", PyRepr.str(set));
        set.add(1L);
        set.add("a");
        assertEquals("{1, 'a'}", PyRepr.str(set));
        PySet frozen = new PySet(true, 1);
        assertEquals("frozenset()", PyRepr.str(frozen));
        frozen.add(2L);
        assertEquals("frozenset({2})", PyRepr.str(frozen));
        assertEquals("{}", PyRepr.str(new LinkedHashMap<>()));
    }

    @Test
    void aRecordWithoutAStageGetsTheBridgesStage() {
        String before = System.getProperty("ps.stage");
        System.setProperty("ps.stage", "integration");
        try {
            assertEquals("INTEGRATION", PickleRecordMapper.map(record("msg", "m")).get(LogField.STAGE));
            assertEquals("TESTING", PickleRecordMapper.map(record("msg", "m", "stage", "TESTING")).get(LogField.STAGE),
                    "a stage the record carries is kept");
        } finally {
            if (before == null) {
                System.clearProperty("ps.stage");
            } else {
                System.setProperty("ps.stage", before);
            }
        }
    }

    private static Map<Object, Object> record(Object... keysAndValues) {
        Map<Object, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            record.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return record;
    }

    /** One context remembers the key at each position: records whose keys change places still map right. */
    @Test
    void keysThatChangePlacesBetweenRecordsOfOneConnectionMapRight() {
        PickleRecordMapper.Context context = new PickleRecordMapper.Context();
        String name = "name";
        String msg = "msg";
        Map<Object, Object> first = new LinkedHashMap<>();
        first.put(name, "a.logger");
        first.put(msg, "first");
        Map<Object, Object> second = new LinkedHashMap<>();
        second.put(msg, "second");
        second.put(name, "b.logger");
        second.put("custom", "x");
        for (int round = 0; round < 2; round++) {
            LogEntry one = PickleRecordMapper.map(first, context);
            assertEquals("a.logger", one.get(LogField.NAME));
            assertEquals("first", one.get(LogField.MESSAGE));
            LogEntry two = PickleRecordMapper.map(second, context);
            assertEquals("b.logger", two.get(LogField.NAME));
            assertEquals("second", two.get(LogField.MESSAGE));
            assertEquals("{\"custom\":\"x\"}", two.get(LogField.EXTRA));
        }
    }
}
