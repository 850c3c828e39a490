package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.ProtocolException;

class GelfStreamReaderTest {
    private static final int LIMIT = 64 * 1024;

    private static GelfStreamReader reader(String stream) {
        return new GelfStreamReader(TestStreams.of(stream), LIMIT);
    }

    private static LogEntry single(String json) throws IOException {
        GelfStreamReader reader = reader(json + "\0");
        LogEntry entry = reader.next();
        assertNotNull(entry);
        assertNull(reader.next());
        return entry;
    }

    private static String refusal(String stream) {
        return refusal(new GelfStreamReader(TestStreams.of(stream), LIMIT));
    }

    private static String refusal(RecordReader reader) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            while (reader.next() != null) {
                // read on to the bad record
            }
        });
        return e.getMessage();
    }

    private static JsonObject extra(LogEntry entry) {
        return Json.createReader(new StringReader(entry.get(LogField.EXTRA))).readObject();
    }

    @Test
    void mapsEveryField() throws IOException {
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"web-01\",\"short_message\":\"disk full\","
                + "\"full_message\":\"java.io.IOException: disk full\\n\\tat A.b(A.java:1)\","
                + "\"timestamp\":1385053862.3072,\"level\":3,\"facility\":\"kern\",\"line\":42,"
                + "\"file\":\"/src/app/Store.java\",\"_system_id\":\"shop\",\"_logger\":\"app.Store\","
                + "\"_thread_name\":\"worker-1\",\"_package_version\":\"1.2.3\",\"_produkt_id\":\"P7\","
                + "\"_sub_sub_system_id\":\"cart\",\"_user_spec_1\":\"u1\",\"_user_spec_2\":42,"
                + "\"_request.id\":\"r-9\",\"_took_ms\":12.5}");
        assertEquals("gelf", entry.get(LogField.INPUT));
        assertEquals("web-01", entry.get(LogField.SUB_SYSTEM_ID));
        assertEquals("shop", entry.get(LogField.SYSTEM_ID));
        assertEquals("disk full", entry.get(LogField.MESSAGE));
        assertEquals("java.io.IOException: disk full\n\tat A.b(A.java:1)", entry.get(LogField.EXC_TEXT));
        assertEquals(1385053862307L, entry.created());
        assertEquals(40, entry.levelno());
        assertEquals("ERROR", entry.get(LogField.LEVELNAME));
        assertEquals(42, entry.lineno());
        assertEquals("/src/app/Store.java", entry.get(LogField.PATHNAME));
        assertEquals("Store.java", entry.get(LogField.FILENAME));
        assertEquals("app.Store", entry.get(LogField.NAME));
        assertEquals("worker-1", entry.get(LogField.THREADNAME));
        assertEquals("1.2.3", entry.get(LogField.PACKAGE_VERSION));
        assertEquals("P7", entry.get(LogField.PRODUKT_ID));
        assertEquals("cart", entry.get(LogField.SUB_SUB_SYSTEM_ID));
        assertEquals("u1", entry.get(LogField.USER_SPEC_1));
        assertEquals("42", entry.get(LogField.USER_SPEC_2));
        assertEquals("{\"facility\":\"kern\",\"request.id\":\"r-9\",\"took_ms\":12.5}", entry.get(LogField.EXTRA));
    }

    @Test
    void minimalRecordDefaults() throws IOException {
        long before = System.currentTimeMillis();
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\"}");
        assertEquals("h", entry.get(LogField.SYSTEM_ID));
        assertEquals("h", entry.get(LogField.SUB_SYSTEM_ID));
        assertEquals(Level.CRITICAL.number(), entry.levelno(), "GELF's default level is 1 (alert)");
        assertTrue(entry.created() >= before && entry.created() <= System.currentTimeMillis());
        assertNull(entry.get(LogField.EXTRA));
        assertNull(entry.get(LogField.EXC_TEXT));
        assertNull(entry.lineno());
    }

    @ParameterizedTest
    @CsvSource({"0,CRITICAL", "1,CRITICAL", "2,CRITICAL", "3,ERROR", "4,WARNING", "5,INFO", "6,INFO", "7,DEBUG"})
    void mapsSeverities(int severity, Level level) throws IOException {
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"level\":" + severity + "}");
        assertEquals(level.number(), entry.levelno());
        assertEquals(level.name(), entry.get(LogField.LEVELNAME));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"_SYSTEM_ID\":\"upper\",\"_app\":\"a\"|upper",
        "\"_application_name\":\"an\",\"_app\":\"a\",\"_service\":\"s\"|an",
        "\"_service\":\"s\",\"_app\":\"a\"|a",
        "\"_service\":\"s\"|s",
        "\"_app\":\"\"|h"})
    void systemIdFallsBack(String fields, String systemId) throws IOException {
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\"," + fields + "}");
        assertEquals(systemId, entry.get(LogField.SYSTEM_ID));
    }

    @Test
    void applicationNameStaysInExtra() throws IOException {
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"_app\":\"shop\"}");
        assertEquals("shop", entry.get(LogField.SYSTEM_ID));
        assertEquals("{\"app\":\"shop\"}", entry.get(LogField.EXTRA));
    }

    @Test
    void loggerNameAlias() throws IOException {
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"_logger_name\":\"x.Y\"}");
        assertEquals("x.Y", entry.get(LogField.NAME));
    }

    @Test
    void windowsFileBasename() throws IOException {
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"file\":\"C:\\\\src\\\\a.py\",\"line\":\"7\"}");
        assertEquals("a.py", entry.get(LogField.FILENAME));
        assertEquals(7, entry.lineno());
    }

    @Test
    void timestampsRoundToMillis() throws IOException {
        assertEquals(1700000000124L, single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"timestamp\":1700000000.1236}").created());
        assertEquals(1700000000000L, single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"timestamp\":1700000000}").created());
        assertEquals(1700000000500L, single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"timestamp\":1.7000000005E9}").created());
    }

    @Test
    void extraIsValidJsonWithEscapes() throws IOException {
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\","
                + "\"_note\":\"q\\\" b\\\\ nl\\n ctl\\u0001 lone\\ud800 pair\\ud83d\\ude00 \u00fc\","
                + "\"_nested\":{\"a\":[1,true,null,\"x\"]},\"custom\":false}");
        JsonObject extra = extra(entry);
        assertEquals("q\" b\\ nl\n ctl\u0001 lone\ud800 pair\ud83d\ude00 \u00fc", extra.getString("note"));
        assertEquals("{\"a\":[1,true,null,\"x\"]}", extra.getJsonObject("nested").toString());
        assertEquals(false, extra.getBoolean("custom"));
        String raw = entry.get(LogField.EXTRA);
        assertTrue(raw.contains("\\ud800"), "a lone surrogate is escaped: " + raw);
        assertTrue(raw.contains("\\u0001"), raw);
    }

    @Test
    void readsSeveralRecordsSkippingSeparators() throws IOException {
        String one = "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"one\"}";
        String two = "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"two\"}";
        GelfStreamReader reader = reader("\n" + one + "\0\n\0\0" + two + "\0\r\n");
        assertEquals("one", reader.next().get(LogField.MESSAGE));
        assertEquals("two", reader.next().get(LogField.MESSAGE));
        assertNull(reader.next());
        assertNull(reader.next(), "end of stream stays the end");
    }

    @Test
    void emptyStreamIsCleanEnd() throws IOException {
        assertNull(reader("").next());
        assertNull(reader("\0\n").next());
    }

    @Test
    void recordsAcrossBufferBoundariesAndSlowReads() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int count = 300;
        for (int i = 0; i < count; i++) {
            String message = "m" + i + "-" + "\u00e9".repeat(i * 7);
            stream.writeBytes(("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"" + message + "\"}\0")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (int chunk : new int[] {1, 7, 4096, Integer.MAX_VALUE}) {
            GelfStreamReader reader = new GelfStreamReader(TestStreams.trickle(stream.toByteArray(), chunk), LIMIT);
            for (int i = 0; i < count; i++) {
                assertEquals("m" + i + "-" + "\u00e9".repeat(i * 7), reader.next().get(LogField.MESSAGE), "chunk " + chunk);
            }
            assertNull(reader.next());
        }
    }

    @Test
    void messageOfExactlyTheLimitPasses() throws IOException {
        String head = "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"";
        String json = head + "x".repeat(100 - head.length() - 2) + "\"}";
        assertEquals(100, json.length());
        assertNotNull(new GelfStreamReader(TestStreams.trickle(json + "\0", 9), 100).next());
        String refusal = refusal(new GelfStreamReader(TestStreams.trickle(json + "\0", 9), 99));
        assertTrue(refusal.contains("longer than the limit of 99 bytes"), refusal);
    }

    @Test
    void oversizedIsRefusedWhileReading() {
        TestStreams.Endless endless = new TestStreams.Endless('x');
        InputStream in = new java.io.SequenceInputStream(TestStreams.of("{\"a\":\""), endless);
        String reason = refusal(new GelfStreamReader(in, 1000));
        assertTrue(reason.contains("longer than the limit of 1000 bytes"), reason);
        assertTrue(endless.count < 1000 + 64 * 1024, "read only about the limit, not on and on: " + endless.count);
    }

    @Test
    void truncatedAtEndOfStream() {
        String reason = refusal("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"one\"}\0{\"version\":\"1.1\"");
        assertEquals("truncated GELF message: stream ended after 16 bytes without the terminating null byte", reason);
    }

    @Test
    void refusalsNameTheReason() {
        assertTrue(refusal("{\"version\":\"1.1\",\0").startsWith("GELF message is not valid JSON: "));
        assertEquals("GELF message must be a JSON object, got an array", refusal("[1,2]\0"));
        assertEquals("GELF message lacks the required field \"short_message\"",
                refusal("{\"version\":\"1.1\",\"host\":\"h\"}\0"));
        assertEquals("GELF message lacks the required field \"host\"",
                refusal("{\"version\":\"1.1\",\"short_message\":\"m\"}\0"));
        assertEquals("GELF version must be \"1.1\", got \"1.0\"",
                refusal("{\"version\":\"1.0\",\"host\":\"h\",\"short_message\":\"m\"}\0"));
        assertEquals("GELF field \"short_message\" must be a string, got a number",
                refusal("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":5}\0"));
        byte[] badUtf8 = "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"\u00ff\u00ff\"}\0"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("GELF message is not valid UTF-8", refusal(new GelfStreamReader(TestStreams.of(badUtf8), LIMIT)));
    }

    @Test
    void logstashGelfFieldsLandInTheirColumns() throws IOException {
        // what logstash-gelf 1.15's JUL handler sends for logger.log(SEVERE, "payment failed", exception)
        LogEntry entry = single("{\"version\":\"1.1\",\"host\":\"app-1\",\"short_message\":\"payment failed\","
                + "\"full_message\":\"payment failed\",\"timestamp\":1700000000.5,\"level\":3,"
                + "\"facility\":\"logstash-gelf\",\"_LoggerName\":\"shop.Payments\","
                + "\"_SourceClassName\":\"shop.Payments\",\"_SourceSimpleClassName\":\"Payments\","
                + "\"_SourceMethodName\":\"charge\",\"_SourceLineNumber\":87,\"_Thread\":\"main\","
                + "\"_StackTrace\":\"java.lang.IllegalStateException: declined\\n\\tat shop.Payments.charge\","
                + "\"_Severity\":\"SEVERE\",\"_Time\":\"2023-11-14 22:13:20,500\"}");
        assertEquals("shop.Payments", entry.get(LogField.NAME));
        assertEquals("shop.Payments", entry.get(LogField.MODULE));
        assertEquals("charge", entry.get(LogField.FUNCNAME));
        assertEquals(87, entry.lineno());
        assertEquals("main", entry.get(LogField.THREADNAME));
        assertEquals("java.lang.IllegalStateException: declined\n\tat shop.Payments.charge", entry.get(LogField.EXC_TEXT));
        assertEquals("payment failed", entry.get(LogField.MESSAGE));
        JsonObject extra = extra(entry);
        assertEquals("Payments", extra.getString("SourceSimpleClassName"));
        assertEquals("SEVERE", extra.getString("Severity"));
        assertTrue(!extra.containsKey("LoggerName") && !extra.containsKey("StackTrace") && !extra.containsKey("full_message"),
                extra.toString());
    }

    @Test
    void graylogAndGelfjFieldNamesLandInTheirColumns() throws IOException {
        LogEntry graylog = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\","
                + "\"full_message\":\"m\\njava.lang.Error: x\",\"_loggerName\":\"a.B\",\"_threadName\":\"t-1\","
                + "\"_sourceClassName\":\"a.B\",\"_sourceMethodName\":\"run\",\"_sourceFileName\":\"B.java\","
                + "\"_sourceLineNumber\":\"12\",\"_exceptionStackTrace\":\"java.lang.Error: x\"}");
        assertEquals("a.B", graylog.get(LogField.NAME));
        assertEquals("t-1", graylog.get(LogField.THREADNAME));
        assertEquals("a.B", graylog.get(LogField.MODULE));
        assertEquals("run", graylog.get(LogField.FUNCNAME));
        assertEquals("B.java", graylog.get(LogField.FILENAME));
        assertEquals(12, graylog.lineno());
        assertEquals("java.lang.Error: x", graylog.get(LogField.EXC_TEXT));
        assertEquals("m\njava.lang.Error: x", extra(graylog).getString("full_message"), "kept, since it says more");

        LogEntry gelfj = single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\","
                + "\"full_message\":\"m\\n\\rjava.lang.Error: y\",\"line\":7,\"file\":\"C.java\","
                + "\"_logger\":\"c.C\",\"_thread\":\"main\",\"_SourceClassName\":\"c.C\",\"_SourceMethodName\":\"go\"}");
        assertEquals("c.C", gelfj.get(LogField.NAME));
        assertEquals("main", gelfj.get(LogField.THREADNAME));
        assertEquals("c.C", gelfj.get(LogField.MODULE));
        assertEquals("go", gelfj.get(LogField.FUNCNAME));
        assertEquals(7, gelfj.lineno());
        assertEquals("m\n\rjava.lang.Error: y", gelfj.get(LogField.EXC_TEXT), "no stack-trace field: full_message");
    }

    @Test
    void aFullMessageThatOnlyRepeatsTheShortOneIsNoExceptionText() throws IOException {
        assertNull(single("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"full_message\":\"m\"}")
                .get(LogField.EXC_TEXT));
    }
}
