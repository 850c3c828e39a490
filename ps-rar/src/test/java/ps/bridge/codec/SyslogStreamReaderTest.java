package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.ProtocolException;

class SyslogStreamReaderTest {
    private static final int LIMIT = 64 * 1024;
    private static final String RFC_EXAMPLE =
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
            + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] "
            + "\uFEFFAn application event log entry...";

    private static SyslogStreamReader reader(String stream) {
        return new SyslogStreamReader(TestStreams.of(stream), LIMIT);
    }

    private static LogEntry single(String line) throws IOException {
        SyslogStreamReader reader = reader(line + "\n");
        LogEntry entry = reader.next();
        assertNotNull(entry);
        assertNull(reader.next());
        return entry;
    }

    private static String octets(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + " " + message;
    }

    private static String refusal(String stream) {
        return refusal(new SyslogStreamReader(TestStreams.of(stream), LIMIT));
    }

    private static String refusal(RecordReader reader) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            while (reader.next() != null) {
                // read on to the bad record
            }
        });
        return e.getMessage();
    }

    @Test
    void mapsTheRfcExample() throws IOException {
        LogEntry entry = single(RFC_EXAMPLE);
        assertEquals("syslog", entry.get(LogField.INPUT));
        assertEquals("mymachine.example.com", entry.get(LogField.SUB_SYSTEM_ID));
        assertEquals("evntslog", entry.get(LogField.SYSTEM_ID));
        assertNull(entry.get(LogField.PROCESS));
        assertEquals("ID47", entry.get(LogField.NAME));
        assertEquals("An application event log entry...", entry.get(LogField.MESSAGE), "BOM dropped");
        assertEquals(Instant.parse("2003-10-11T22:14:15.003Z").toEpochMilli(), entry.created());
        assertEquals(Level.INFO.number(), entry.levelno(), "165 % 8 = 5, notice");
        assertEquals("INFO", entry.get(LogField.LEVELNAME));
        assertEquals("{\"facility\":20,\"sd\":{\"exampleSDID@32473\":{\"iut\":\"3\",\"eventSource\":\"Application\","
                + "\"eventID\":\"1011\"}}}", entry.get(LogField.EXTRA));
    }

    @Test
    void mapsPsColumnsFromStructuredData() throws IOException {
        LogEntry entry = single("<11>1 2024-02-29T23:59:59.999999-05:30 host app 4711 app.Main "
                + "[ps@1 package_version=\"2.0\" produkt_id=\"P1\"][meta sub_sub_system_id=\"s3\" user_spec_1=\"a\" "
                + "user_spec_2=\"b\"] hello");
        assertEquals("4711", entry.get(LogField.PROCESS));
        assertEquals("app.Main", entry.get(LogField.NAME));
        assertEquals("2.0", entry.get(LogField.PACKAGE_VERSION));
        assertEquals("P1", entry.get(LogField.PRODUKT_ID));
        assertEquals("s3", entry.get(LogField.SUB_SUB_SYSTEM_ID));
        assertEquals("a", entry.get(LogField.USER_SPEC_1));
        assertEquals("b", entry.get(LogField.USER_SPEC_2));
        assertEquals(Level.ERROR.number(), entry.levelno());
        // 999999 microseconds round up into the next second
        assertEquals(Instant.parse("2024-03-01T05:30:00Z").toEpochMilli(), entry.created());
        assertEquals("hello", entry.get(LogField.MESSAGE));
    }

    @ParameterizedTest
    @CsvSource({"0,CRITICAL", "1,CRITICAL", "2,CRITICAL", "3,ERROR", "4,WARNING", "5,INFO", "6,INFO", "7,DEBUG"})
    void mapsSeverities(int severity, Level level) throws IOException {
        int pri = 8 * 23 + severity;
        LogEntry entry = single("<" + pri + ">1 - h a - - -");
        assertEquals(level.number(), entry.levelno());
        assertEquals("{\"facility\":23}", entry.get(LogField.EXTRA));
    }

    @Test
    void nilValues() throws IOException {
        long before = System.currentTimeMillis();
        LogEntry entry = single("<0>1 - - - - - -");
        assertNull(entry.get(LogField.SUB_SYSTEM_ID));
        assertNull(entry.get(LogField.SYSTEM_ID));
        assertNull(entry.get(LogField.PROCESS));
        assertNull(entry.get(LogField.NAME));
        assertEquals("", entry.get(LogField.MESSAGE));
        assertTrue(entry.created() >= before);
        assertEquals("{\"facility\":0}", entry.get(LogField.EXTRA));
        assertEquals("host", single("<14>1 - host - - - - m").get(LogField.SYSTEM_ID), "APP-NAME '-' falls back to HOSTNAME");
    }

    @Test
    void structuredDataEscapesAndRepeats() throws IOException {
        LogEntry entry = single("<14>1 2003-10-11T22:14:15Z h a - - "
                + "[x@1 q=\"say \\\"hi\\\"\" b=\"back\\\\slash\" r=\"br\\]acket\" o=\"c:\\temp\" u=\"\u00fc]\"]"
                + "[origin ip=\"10.0.0.1\" ip=\"10.0.0.2\"] m");
        assertEquals("{\"facility\":1,\"sd\":{\"x@1\":{\"q\":\"say \\\"hi\\\"\",\"b\":\"back\\\\slash\",\"r\":\"br]acket\","
                + "\"o\":\"c:\\\\temp\",\"u\":\"\u00fc]\"},\"origin\":{\"ip\":[\"10.0.0.1\",\"10.0.0.2\"]}}}",
                entry.get(LogField.EXTRA));
    }

    @Test
    void timestampForms() throws IOException {
        assertEquals(Instant.parse("1985-04-12T23:20:50.520Z").toEpochMilli(),
                single("<14>1 1985-04-12T23:20:50.52Z h a - - -").created());
        assertEquals(Instant.parse("1985-04-12T23:20:50Z").toEpochMilli(),
                single("<14>1 1985-04-12T19:20:50-04:00 h a - - -").created());
        assertEquals(Instant.parse("2003-08-24T05:14:15.000003Z").toEpochMilli(),
                single("<14>1 2003-08-24T05:14:15.000003-00:00 h a - - -").created());
        assertEquals(Instant.parse("2003-08-24T05:14:15.124Z").toEpochMilli(),
                single("<14>1 2003-08-24T05:14:15.123500001Z h a - - -").created());
    }

    @Test
    void octetCountingLfAndCrlfFramingMixed() throws IOException {
        String a = "<14>1 - h a - - - first";
        String b = "<14>1 - h a - - - second line\nwith a newline inside";
        String c = "<14>1 - h a - - - third";
        String d = "<14>1 - h a - - - fourth";
        SyslogStreamReader reader = reader(octets(a) + octets(b) + "\n" + c + "\r\n\r\n" + d + "\n" + octets(a));
        assertEquals("first", reader.next().get(LogField.MESSAGE));
        assertEquals("second line\nwith a newline inside", reader.next().get(LogField.MESSAGE));
        assertEquals("third", reader.next().get(LogField.MESSAGE));
        assertEquals("fourth", reader.next().get(LogField.MESSAGE));
        assertEquals("first", reader.next().get(LogField.MESSAGE));
        assertNull(reader.next());
    }

    @Test
    void octetCountedFrameMayEndInLf() throws IOException {
        SyslogStreamReader reader = reader(octets("<14>1 - h a - - - m\r\n") + octets("<14>1 - h a - - - n\n"));
        assertEquals("m", reader.next().get(LogField.MESSAGE));
        assertEquals("n", reader.next().get(LogField.MESSAGE));
        assertNull(reader.next());
    }

    @Test
    void emptyStreamIsCleanEnd() throws IOException {
        assertNull(reader("").next());
        assertNull(reader("\n\r\n").next());
    }

    @Test
    void recordsAcrossBufferBoundariesAndSlowReads() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int count = 300;
        for (int i = 0; i < count; i++) {
            String message = "<14>1 - h a - - [s p=\"" + i + "\"] m" + i + "-" + "\u00e9".repeat(i * 7);
            stream.writeBytes((i % 2 == 0 ? octets(message) : message + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (int chunk : new int[] {1, 7, 4096, Integer.MAX_VALUE}) {
            SyslogStreamReader reader = new SyslogStreamReader(TestStreams.trickle(stream.toByteArray(), chunk), LIMIT);
            for (int i = 0; i < count; i++) {
                LogEntry entry = reader.next();
                assertEquals("m" + i + "-" + "\u00e9".repeat(i * 7), entry.get(LogField.MESSAGE), "chunk " + chunk);
                assertEquals("{\"facility\":1,\"sd\":{\"s\":{\"p\":\"" + i + "\"}}}", entry.get(LogField.EXTRA));
            }
            assertNull(reader.next());
        }
    }

    @Test
    void hugeOctetCountIsRefusedBeforeAllocating() {
        // with a limit near Integer.MAX_VALUE an allocation for the claimed length would fail the test
        // with an OutOfMemoryError, not pass it; the limit check comes first
        String reason = refusal(new SyslogStreamReader(TestStreams.of("999999999 <14>1 - h a - - - m"), 1_000_000));
        assertEquals("syslog frame length 999999999 exceeds the limit of 1000000 bytes", reason);
        reason = refusal(new SyslogStreamReader(TestStreams.of("99999999999999999999999 <14>"), 1_000_000));
        assertTrue(reason.contains("more than 10 digits"), reason);
    }

    @Test
    void octetCountAtTheLimit() throws IOException {
        String message = "<14>1 - h a - - - " + "x".repeat(82);
        assertEquals(100, message.length());
        assertNotNull(new SyslogStreamReader(TestStreams.of(octets(message)), 100).next());
        assertEquals("syslog frame length 100 exceeds the limit of 99 bytes",
                refusal(new SyslogStreamReader(TestStreams.of(octets(message)), 99)));
    }

    @Test
    void endlessLineIsRefusedWhileReading() {
        TestStreams.Endless endless = new TestStreams.Endless('x');
        InputStream in = new java.io.SequenceInputStream(TestStreams.of("<14>1 - h a - - - "), endless);
        String reason = refusal(new SyslogStreamReader(in, 1000));
        assertEquals("syslog message longer than the limit of 1000 bytes (no LF within the limit)", reason);
        assertTrue(endless.count < 1000 + 64 * 1024, "read only about the limit: " + endless.count);
    }

    @Test
    void octetCountBeyondTheStream() {
        assertEquals("truncated syslog frame: octet count 100 but the stream ended after 18 bytes",
                refusal("100 <14>1 - h a - - - "));
    }

    @Test
    void refusalsNameTheReason() {
        assertEquals("malformed syslog: PRI 192 out of range 0..191", refusal("<192>1 - h a - - - m\n"));
        assertEquals("malformed syslog: PRI is not a number", refusal("<x>1 - h a - - - m\n"));
        assertEquals("malformed syslog: expected VERSION 1 after PRI, got 2", refusal("<14>2 - h a - - - m\n"));
        assertEquals("malformed syslog: expected VERSION 1 after PRI (RFC 3164 messages are not accepted)",
                refusal("<34>Oct 11 22:14:15 mymachine su: 'su root' failed\n"));
        assertTrue(refusal("<14>1 2003-02-30T00:00:00Z h a - - - m\n").startsWith("malformed syslog: bad TIMESTAMP \"2003-02-30T00:00:00Z\""));
        assertEquals("malformed syslog: unterminated SD element \"id\" (no ']')", refusal("<14>1 - h a - - [id a=\"b\"\n"));
        assertTrue(refusal("<14>1 - h a - - [id a=\"b] m\n").startsWith("malformed syslog: unterminated PARAM-VALUE"));
        assertEquals("malformed syslog: MSG is not valid UTF-8",
                refusal(new SyslogStreamReader(TestStreams.of("<14>1 - h a - - - \u00ff\n".getBytes(StandardCharsets.ISO_8859_1)), LIMIT)));
        assertEquals("truncated syslog message: stream ended after 19 bytes without the terminating LF",
                refusal("<14>1 - h a - - - m"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2003-10-11t22:14:15Z",
        "2003-10-11T22:14:15z",
        "2003-10-11 22:14:15Z",
        "2003-10-11T22:14:15",
        "2003-10-11T24:00:00Z",
        "2003-10-11T23:59:60Z",
        "2003-10-11T22:14:15.Z",
        "2003-10-11T22:14:15.1234567890Z",
        "2003-10-11T22:14:15+0100",
        "2003-10-11T22:14:15+24:00",
        "2003-13-11T22:14:15Z",
        "03-10-11T22:14:15Z",
        "1065910455"})
    void badTimestamps(String timestamp) {
        String reason = refusal("<14>1 " + timestamp + " h a - - - m\n");
        assertTrue(reason.startsWith("malformed syslog: bad TIMESTAMP"), reason);
    }
}
