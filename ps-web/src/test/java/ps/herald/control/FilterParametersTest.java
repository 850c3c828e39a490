package ps.herald.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ps.client.LogField;
import ps.store.entity.LogFilter;

class FilterParametersTest {

    private static Map<String, List<String>> query(String... namesAndValues) {
        Map<String, List<String>> parameters = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return parameters;
    }

    private static LogFilter parse(String... namesAndValues) {
        return FilterParameters.parse(query(namesAndValues));
    }

    private static String refusal(String... namesAndValues) {
        return assertThrows(IllegalArgumentException.class, () -> parse(namesAndValues)).getMessage();
    }

    @Test
    void noParametersNoCriteria() {
        LogFilter filter = parse();

        assertTrue(filter.equal().isEmpty());
        assertNull(filter.from());
        assertNull(filter.to());
        assertNull(filter.minLevel());
        assertNull(filter.text());
        assertFalse(filter.ascending());
        assertEquals(50, filter.limit());
        assertEquals(0, filter.offset());
    }

    @Test
    void eachIdFieldIsReadByItsColumnName() {
        for (LogField field : LogFilter.ID_FIELDS) {
            LogFilter filter = parse(field.column(), "value-of-" + field.column());

            assertEquals(Map.of(field, "value-of-" + field.column()), filter.equal(), field.column());
        }
    }

    @Test
    void notSelectedMeansNoFilter() {
        LogFilter filter = parse("system_id", "not_selected", "stage", "not_selected", "level", "not_selected",
                "pattern", "not_selected", "starting_at", "not_selected");

        assertTrue(filter.equal().isEmpty());
        assertNull(filter.minLevel());
        assertNull(filter.text());
        assertNull(filter.from());
    }

    @Test
    void blankValueMeansNoFilter() {
        LogFilter filter = parse("system_id", "  ", "text", "");

        assertTrue(filter.equal().isEmpty());
        assertNull(filter.text());
    }

    @Test
    void valuesAreTrimmed() {
        assertEquals("billing", parse("system_id", " billing ").equal().get(LogField.SYSTEM_ID));
    }

    @Test
    void fromToLevelTextLimitOffsetAndOrder() {
        LogFilter filter = parse("from", "1000", "to", "2000", "level", "WARNING", "text", "disk full",
                "limit", "25", "offset", "75", "order", "asc");

        assertEquals(1000L, filter.from());
        assertEquals(2000L, filter.to());
        assertEquals(30, filter.minLevel());
        assertEquals("disk full", filter.text());
        assertEquals(25, filter.limit());
        assertEquals(75, filter.offset());
        assertTrue(filter.ascending());
    }

    @Test
    void originalAliasesWork() {
        LogFilter filter = parse("starting_at", "2026-11-26T12:00:00Z", "notify_level", "ERROR",
                "pattern", "timeout", "num_records", "500");

        assertEquals(1_795_694_400_000L, filter.from());
        assertEquals(40, filter.minLevel());
        assertEquals("timeout", filter.text());
        assertEquals(500, filter.limit());
    }

    @Test
    void psNameWinsOverTheAlias() {
        LogFilter filter = parse("level", "CRITICAL", "notify_level", "DEBUG", "limit", "7", "num_records", "9");

        assertEquals(50, filter.minLevel());
        assertEquals(7, filter.limit());
    }

    @Test
    void levelAcceptsNumbersAndJavaNames() {
        assertEquals(20, parse("level", "25").minLevel(), "a number means the level at or below it: INFO");
        assertEquals(40, parse("level", "severe").minLevel());
    }

    @Test
    void timesAreIso8601WithZoneOrEpochMillis() {
        assertEquals(1_795_694_400_000L, parse("from", "2026-11-26T12:00:00Z").from());
        assertEquals(1_795_690_800_000L, parse("from", "2026-11-26T12:00:00+01:00").from());
        assertEquals(1_795_694_400_123L, parse("to", "2026-11-26T12:00:00.123Z").to());
        assertEquals(1_795_694_400_000L, parse("to", "1795694400000").to());
        assertEquals(0L, parse("from", "0").from());
    }

    @Test
    void orderAcceptsAscAndDescInAnyCase() {
        assertTrue(parse("order", "ASC").ascending());
        assertTrue(parse("order", "ascending").ascending());
        assertFalse(parse("order", "desc").ascending());
        assertFalse(parse("order", "Descending").ascending());
    }

    @Test
    void containsIsASubstringNextToTheWords() {
        LogFilter filter = parse("contains", "Exception", "text", "payment");
        assertEquals("Exception", filter.contains());
        assertEquals("payment", filter.text());
        assertEquals(null, parse("contains", "not_selected").contains());
    }

    @Test
    void sortNamesAKeyFromTheAllowList() {
        assertEquals(LogFilter.Sort.TIME, parse("order", "asc").sort());
        assertEquals(LogFilter.Sort.LEVEL, parse("sort", "level").sort());
        assertEquals(LogFilter.Sort.SYSTEM, parse("sort", "SYSTEM").sort());
        assertEquals("parameter sort must be time, level or system, not 'message'", refusal("sort", "message"));
    }

    @Test
    void badLevelIsRefusedNamingTheParameter() {
        String message = refusal("level", "LOUD");

        assertTrue(message.startsWith("parameter level: unknown level 'LOUD'"), message);
        assertTrue(refusal("notify_level", "LOUD").startsWith("parameter level:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "10001", "abc", "-5", "1.5", "99999999999"})
    void badLimitIsRefusedNamingTheParameter(String limit) {
        assertEquals("parameter limit must be a number in 1..500, not '" + limit + "'", refusal("limit", limit));
    }

    @Test
    void limitBoundsAreAccepted() {
        assertEquals(1, parse("limit", "1").limit());
        assertEquals(500, parse("limit", "500").limit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "3e2", "100001", "9223372036854775807"})
    void badOffsetIsRefusedNamingTheParameter(String offset) {
        assertEquals("parameter offset must be a number in 0..100000, not '" + offset + "'",
                refusal("offset", offset));
    }

    @Test
    void offsetUpToTheCapIsAccepted() {
        assertEquals(100_000, parse("offset", "100000").offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036254775807", "253402300800000", "9999999999999999999", "99999999999999999999"})
    void timesBeyondYear9999AreRefusedNamingTheParameter(String time) {
        for (String name : List.of("from", "to")) {
            String message = refusal(name, time);

            assertTrue(message.startsWith("parameter " + name + " must lie between 1970-01-01T00:00:00Z and"), message);
        }
    }

    @Test
    void fromAfterToIsRefused() {
        assertTrue(refusal("from", "2026-11-26T12:00:00Z", "to", "2026-11-26T11:00:00Z")
                .startsWith("parameter from must not be after to"));
        assertEquals(0L, parse("from", "0", "to", "253402300799999").from());
    }

    @Test
    void thousandsOfPrefixTermsAreRefusedNamingTheParameter() {
        String terms = "x* ".repeat(5_000);
        String message = refusal("text", terms);
        assertTrue(message.startsWith("parameter text has ") && message.endsWith("characters; at most 1000"), message);
        String seventeen = "w* ".repeat(17);
        assertEquals("parameter text has 17 words; at most 16", refusal("text", seventeen.strip()));
        assertEquals("w* ".repeat(16).strip(), parse("text", "w* ".repeat(16)).text());
    }

    @Test
    void overlongIdValuesAreRefusedNamingTheParameter() {
        assertTrue(refusal("system_id", "s".repeat(1_001)).startsWith("parameter system_id has 1001 characters"));
        assertTrue(refusal("contains", "c".repeat(1_001)).startsWith("parameter contains has 1001 characters"));
    }

    @Test
    void badOrderIsRefusedNamingTheParameter() {
        assertEquals("parameter order must be asc or desc, not 'sideways'", refusal("order", "sideways"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-26T12:00:00", "2026-11-26", "-1000", "12:00Z",
        "+999999999-01-01T00:00:00Z"})
    void badTimeIsRefusedNamingTheParameter(String time) {
        for (String name : List.of("from", "to")) {
            String message = refusal(name, time);

            assertTrue(message.startsWith("parameter " + name + " must be ISO-8601 with a zone"), message);
            assertTrue(message.contains("'" + time + "'"), message);
        }
    }

    @Test
    void aliasErrorsNameTheParameter() {
        assertTrue(refusal("starting_at", "soon").startsWith("parameter from "));
        assertTrue(refusal("num_records", "0").startsWith("parameter limit "));
    }
}
