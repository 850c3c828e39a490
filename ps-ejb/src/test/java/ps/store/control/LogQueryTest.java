package ps.store.control;

import ps.db.Database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ps.db.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/** The filters' answers on SQLite and on PostgreSQL; the SQL shown is SQLite's planner's. */
@ParameterizedClass
@EnumSource(TestDatabases.class)
class LogQueryTest {
    @TempDir
    static Path directory;
    @Parameter
    TestDatabases parameter;
    private static TestDatabases kind;

    private static Database database;

    /** Rows 1..9 (their ids): created, levelno, message, name, module, funcname. */
    private static final Object[][] ROWS = {
        {1000L, 10, "starting up", "app.main", "ps.app.Main", "main"},
        {2000L, 20, "payment accepted", "billing.pay", "ps.billing.Payments", "accept"},
        {3000L, 30, "disk 100% full", "ops.disk", "ps.ops.Disk", "check"},
        {3000L, 40, "path C:\\temp\\x not found", "ops.files", "ps.ops.Files", "open_file"},
        {4000L, 50, "100 percent broken", "ops.core", "ps.ops.Core", "openXfile"},
        {5000L, 5, "O'Brien said \"hi\"", "needle.logger", "ps.x.Y", "z"},
        {6000L, 20, "plain", "a", "ps.needle.Module", "f"},
        {7000L, 20, "plain", "b", "m", "needleFunction"},
        {8000L, 20, "a needle in the haystack", "c", "n", "g"},
    };

    /** Once per database: the tests only read. */
    @BeforeEach
    void fillOnce() throws SQLException {
        if (kind != parameter) {
            fill(parameter);
        }
    }

    static void fill(TestDatabases kind) throws SQLException {
        LogQueryTest.kind = kind;
        database = TestStore.migrated(kind, directory);
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < ROWS.length; i++) {
            Object[] row = ROWS[i];
            LogEntry entry = new LogEntry().created((Long) row[0]).received(9_000).levelno((Integer) row[1])
                    .set(LogField.MESSAGE, (String) row[2]).set(LogField.NAME, (String) row[3])
                    .set(LogField.MODULE, (String) row[4]).set(LogField.FUNCNAME, (String) row[5]);
            for (LogField field : LogFilter.ID_FIELDS) {
                entry.set(field, field.column() + "-" + (i + 1));
            }
            entries.add(entry);
        }
        TestStore.insert(database, entries);
    }

    @AfterParameterizedClassInvocation
    static void tableIsUntouched() throws SQLException {
        assertEquals(ROWS.length, TestStore.rows(database), "no query may change the table");
        database.close();
        kind = null;
    }

    /** A test of SQLite's SQL text (the answers are tested on both). */
    private static void sqliteOnly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind == TestDatabases.SQLITE, "SQLite's SQL");
    }

    private static List<Long> ids(LogFilter filter) throws SQLException {
        return TestStore.select(database, filter).stream().map(LogRow::id).toList();
    }

    private static List<Long> idsAscending(LogFilter filter) throws SQLException {
        return ids(filter.ascending(true));
    }

    @Test
    void sqlCarriesNoFilterValueOnlyPlaceholders() {
        sqliteOnly();
        LogFilter filter = new LogFilter()
                .equal(LogField.SYSTEM_ID, "sys'VALUE")
                .equal(LogField.STAGE, "stage-VALUE")
                .equal(LogField.PACKAGE_VERSION, "9.9.9-VALUE")
                .from(111_111L).to(222_222L).minLevel(33).text("needle'VALUE%_")
                .limit(44).offset(55);
        LogQuery query = new LogQuery(filter);

        for (String sql : List.of(query.selectSql(), query.countSql())) {
            assertFalse(sql.contains("VALUE"), sql);
            assertFalse(sql.contains("111111") || sql.contains("222222") || sql.contains("33"), sql);
            assertFalse(sql.contains("44") || sql.contains("55"), sql);
            assertFalse(sql.contains("needle"), sql);
        }
        assertEquals(query.parameters().size() + 2, placeholders(query.selectSql()), "plus LIMIT and OFFSET");
        assertEquals(query.parameters().size() + 1, placeholders(query.countSql()), "plus the cap");
    }

    @Test
    void postgresSqlCarriesNoFilterValueOnlyPlaceholders() {
        LogFilter filter = new LogFilter().equal(LogField.SYSTEM_ID, "sys'VALUE").from(111_111L).to(222_222L)
                .minLevel(33).text("needle'VALUE%_ decl*").contains("x'); DROP").limit(44).offset(55);
        LogQuery.Planned planned = new PgLogQuery(filter).planned();
        assertFalse(planned.sql().contains("VALUE") || planned.sql().contains("needle") || planned.sql().contains("DROP"), planned.sql());
        assertFalse(planned.sql().contains("111111") || planned.sql().contains("44") || planned.sql().contains("55"), planned.sql());
        assertEquals(planned.values().size(), placeholders(planned.sql()));
        assertEquals("'needle' & 'VALUE' & 'decl':*", planned.values().get(0), "words quoted, the last a prefix");
    }

    @Test
    void parametersFollowTheConditionsInOrder() {
        sqliteOnly();
        LogFilter filter = new LogFilter()
                .equal(LogField.STAGE, "PRODUCTION")
                .equal(LogField.SYSTEM_ID, "billing")
                .equal(LogField.PACKAGE_VERSION, "1.0")
                .from(100L).to(200L).minLevel(30).text("50%_off\\");
        LogQuery query = new LogQuery(filter);
        // the text becomes an FTS5 query of its words, each quoted: nothing in it is FTS syntax
        assertEquals(List.of("\"50\" AND \"off\"", "1.0", "billing", "PRODUCTION", 100L, 200L, 30),
                query.parameters());
        String sql = query.selectSql();
        int[] positions = {
            sql.indexOf("package_version = ?"), sql.indexOf("system_id = ?"), sql.indexOf("stage = ?"),
            sql.indexOf("created >= ?"), sql.indexOf("created < ?"), sql.indexOf("levelno >= ?")
        };
        for (int i = 0; i < positions.length; i++) {
            assertTrue(positions[i] > 0, sql);
            assertTrue(i == 0 || positions[i - 1] < positions[i], "condition " + i + " out of order: " + sql);
        }
    }

    @Test
    void containsFindsTextInsideWordsInAnyIndexedColumnAndTakesItLiterally() throws SQLException {
        assertEquals(List.of(6L, 7L, 8L, 9L), idsAscending(new LogFilter().contains("EEDL")),
                "inside words, any case, in message, logger, module and function");
        assertEquals(List.of(), idsAscending(new LogFilter().text("eedl")), "a word search does not look inside words");
        assertEquals(List.of(3L), idsAscending(new LogFilter().contains("100%")), "% is literal");
        assertEquals(List.of(4L), idsAscending(new LogFilter().contains("C:\\temp\\")), "backslashes are literal");
        assertEquals(List.of(4L), idsAscending(new LogFilter().contains("open_")), "_ is literal");
        assertEquals(List.of(6L), idsAscending(new LogFilter().contains("O'Brien said \"")));
        assertEquals(List.of(9L), idsAscending(new LogFilter().contains("needle").text("haystack")),
                "with a word search: both must hold");
        assertEquals(List.of(7L, 8L), idsAscending(new LogFilter().contains("needle").minLevel(20).to(8000L)));
        assertEquals(List.of(), idsAscending(new LogFilter().contains("x'); DELETE FROM log; --")));
    }

    @Test
    void sortKeysAreColumnsFromTheAllowListAndUnknownKeysAreRefused() {
        sqliteOnly();
        assertTrue(new LogQuery(new LogFilter()).selectSql().contains("ORDER BY created DESC, id DESC"));
        assertTrue(new LogQuery(new LogFilter().sort(LogFilter.Sort.LEVEL).ascending(true)).selectSql()
                .contains("ORDER BY log.levelno ASC, created ASC, id ASC"));
        assertTrue(new LogQuery(new LogFilter().sort(LogFilter.Sort.SYSTEM).text("x")).selectSql()
                .contains("ORDER BY log.system_id DESC, log_fts.rowid DESC"));
        assertEquals(LogFilter.Sort.LEVEL, LogFilter.Sort.parse("Level"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LogFilter.Sort.parse("message; DROP TABLE log"));
        assertTrue(refused.getMessage().startsWith("sort must be time, level or system"), refused.getMessage());
    }

    @Test
    void noCriteriaNoWhereClause() {
        sqliteOnly();
        LogQuery query = new LogQuery(new LogFilter());

        assertFalse(query.selectSql().contains("WHERE"));
        assertTrue(query.parameters().isEmpty());
    }

    @Test
    void eachIdFieldFiltersOnItsOwnColumn() throws SQLException {
        for (int f = 0; f < LogFilter.ID_FIELDS.length; f++) {
            LogField field = LogFilter.ID_FIELDS[f];
            long row = f + 1;

            assertEquals(List.of(row), ids(new LogFilter().equal(field, field.column() + "-" + row)), field.name());
        }
    }

    @Test
    void idFieldDoesNotMatchAnotherColumnsValue() throws SQLException {
        assertEquals(List.of(), ids(new LogFilter().equal(LogField.SYSTEM_ID, "sub_system_id-3")));
        assertEquals(List.of(), ids(new LogFilter().equal(LogField.USER_SPEC_1, "user_spec_2-3")));
    }

    @Test
    void idFieldsCombineWithAnd() throws SQLException {
        assertEquals(List.of(3L), ids(new LogFilter().equal(LogField.SYSTEM_ID, "system_id-3")
                .equal(LogField.STAGE, "stage-3")));
        assertEquals(List.of(), ids(new LogFilter().equal(LogField.SYSTEM_ID, "system_id-3")
                .equal(LogField.STAGE, "stage-4")));
    }

    @Test
    void fromIsInclusiveAndToExclusive() throws SQLException {
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L), idsAscending(new LogFilter().from(3000L)));
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), idsAscending(new LogFilter().from(3001L)));
        assertEquals(List.of(1L, 2L), idsAscending(new LogFilter().to(3000L)));
        assertEquals(List.of(1L, 2L, 3L, 4L), idsAscending(new LogFilter().to(3001L)));
        assertEquals(List.of(3L, 4L), idsAscending(new LogFilter().from(3000L).to(4000L)));
        assertEquals(List.of(), idsAscending(new LogFilter().from(3000L).to(3000L)));
    }

    @Test
    void minLevelKeepsThatLevelAndAbove() throws SQLException {
        assertEquals(List.of(3L, 4L, 5L), idsAscending(new LogFilter().minLevel(30)));
        assertEquals(List.of(4L, 5L), idsAscending(new LogFilter().minLevel(31)));
        assertEquals(List.of(5L), idsAscending(new LogFilter().minLevel(50)));
        assertEquals(9, idsAscending(new LogFilter().minLevel(0)).size());
    }

    @Test
    void textSearchesMessageLoggerModuleAndFunction() throws SQLException {
        // 6: logger name, 7: module, 8: function (needleFunction: a word that starts with needle), 9: message
        assertEquals(List.of(6L, 7L, 9L), idsAscending(new LogFilter().text("needle")), "whole words");
        assertEquals(List.of(6L, 7L, 8L, 9L), idsAscending(new LogFilter().text("needle*")), "word starts");
        assertEquals(List.of(2L), idsAscending(new LogFilter().text("payment")));
    }

    @Test
    void likeWildcardsInTextAreLiteral() throws SQLException {
        assertTrue(idsAscending(new LogFilter().text("100%")).contains(3L), "% is not FTS syntax");
        assertEquals(List.of(3L), idsAscending(new LogFilter().text("%")));
        assertEquals(List.of(4L), idsAscending(new LogFilter().text("open_file")), "_ is not a wildcard");
        assertEquals(List.of(4L), idsAscending(new LogFilter().text("_")));
        assertEquals(List.of(4L), idsAscending(new LogFilter().text("\\")), "backslash is a character");
        assertEquals(List.of(4L), idsAscending(new LogFilter().text("C:\\temp\\x")));
    }

    @Test
    void quotesInTextAreLiteral() throws SQLException {
        assertEquals(List.of(6L), idsAscending(new LogFilter().text("O'Brien said \"hi\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR 1=1 --", "%", "_", "\\", "\"; DROP TABLE log; --", "') OR ('1'='1", "*"})
    void injectionInAnIdFieldMatchesNothing(String attack) throws SQLException {
        for (LogField field : LogFilter.ID_FIELDS) {
            LogFilter filter = new LogFilter().equal(field, attack);

            assertEquals(List.of(), ids(filter), field.name());
            assertEquals(0, TestStore.count(database, filter, 1_000), field.name());
        }
        assertEquals(ROWS.length, TestStore.rows(database));
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR 1=1 --", "\"; DROP TABLE log; --", "') OR ('1'='1", "x' ESCAPE '"})
    void injectionInTextMatchesNothing(String attack) throws SQLException {
        LogFilter filter = new LogFilter().text(attack);

        assertEquals(List.of(), ids(filter));
        assertEquals(0, TestStore.count(database, filter, 1_000));
        assertEquals(ROWS.length, TestStore.rows(database));
    }

    @Test
    void newestFirstByDefaultWithIdBreakingTies() throws SQLException {
        assertEquals(List.of(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L), ids(new LogFilter()));
    }

    @Test
    void ascendingOrderWithIdBreakingTies() throws SQLException {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), idsAscending(new LogFilter()));
    }

    @Test
    void limitAndOffsetPage() throws SQLException {
        assertEquals(List.of(3L, 4L, 5L), idsAscending(new LogFilter().limit(3).offset(2)));
        assertEquals(List.of(7L, 6L), ids(new LogFilter().limit(2).offset(2)));
        assertEquals(List.of(9L), idsAscending(new LogFilter().limit(5).offset(8)));
        assertEquals(List.of(), idsAscending(new LogFilter().offset(9)));
    }

    @Test
    void countStopsAtTheCap() throws SQLException {
        assertEquals(9, TestStore.count(database, new LogFilter(), 1_000));
        assertEquals(5, TestStore.count(database, new LogFilter(), 5));
        assertEquals(3, TestStore.count(database, new LogFilter().minLevel(30), 1_000));
        assertEquals(2, TestStore.count(database, new LogFilter().minLevel(30), 2));
        assertEquals(4, TestStore.count(database, new LogFilter().text("needle*").limit(1).offset(3), 1_000),
                "paging does not limit the count");
    }

    @Test
    void rowsCarryTheirStoredFields() throws SQLException {
        LogEntry entry = TestStore.select(database, new LogFilter().equal(LogField.SYSTEM_ID, "system_id-4"))
                .get(0).entry();

        assertEquals(3000L, entry.created());
        assertEquals(40, entry.levelno());
        assertEquals("open_file", entry.get(LogField.FUNCNAME));
        assertEquals("stage-4", entry.get(LogField.STAGE));
    }

    @Test
    void escapeLikeEscapesItsEscapeCharacterFirst() {
        assertEquals("a\\%b\\_c\\\\d", LogQuery.escapeLike("a%b_c\\d"));
        assertEquals("\\\\\\%", LogQuery.escapeLike("\\%"));
    }

    private static int placeholders(String sql) {
        return (int) sql.chars().filter(c -> c == '?').count();
    }
}
