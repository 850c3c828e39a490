package ps.store.control;

import ps.db.Database;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * The planned query against the plain one on a real SQLite file: for many filter combinations both give
 * the same rows in the same order, and the same capped count, whichever plan was chosen. Times repeat
 * (ties in {@code created} go by id), levels are skewed and unusual ones (5, 25) occur.
 */
class LogQueryPlanTest {
    @TempDir
    static Path directory;

    private static Database database;
    private static final int ROWS = 3_000;
    private static final String[] SYSTEMS = {"billing", "shop", "mail", "search", "rare"};
    private static final String[] MESSAGES = {
        "order %d declined for customer %d", "payment accepted", "user_name=bob%d logged in",
        "NullPointerException at ps.shop.Cart.add(Cart.java:%d)", "disk 100%% full on host-%d", "timeout after %d ms",
    };

    @BeforeAll
    static void fill() throws SQLException {
        database = TestStore.migrated(directory);
        Random random = new Random(13);
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            int roll = random.nextInt(1000);
            int level = roll < 5 ? 50 : roll < 15 ? 40 : roll < 30 ? 30 : roll < 32 ? 25 : roll < 600 ? 20 : roll < 602 ? 5 : 10;
            String system = i % 97 == 0 ? "rare" : SYSTEMS[random.nextInt(4)];
            String message = String.format(MESSAGES[random.nextInt(MESSAGES.length)], random.nextInt(5000), random.nextInt(50));
            LogEntry entry = new LogEntry().created(1_000_000L + random.nextInt(ROWS / 3) * 1000L).received(9_000)
                    .levelno(level).set(LogField.MESSAGE, message).set(LogField.NAME, "app." + system)
                    .set(LogField.MODULE, "ps." + system).set(LogField.FUNCNAME, "run")
                    .set(LogField.SYSTEM_ID, system).set(LogField.SUB_SYSTEM_ID, "sub" + random.nextInt(3))
                    .set(LogField.STAGE, i % 2 == 0 ? "PRODUCTION" : "TEST");
            entries.add(entry);
        }
        TestStore.insert(database, entries);
    }

    @Test
    void everyPlanAnswersAsThePlainQuery() throws SQLException {
        Random random = new Random(42);
        Integer[] levels = {null, null, 5, 21, 25, 30, 40, 50, 60};
        String[] systems = {null, null, "billing", "rare", "nowhere"};
        String[] contains = {null, null, null, " 4711 ", "order 47", "exception", "_name=b", "ORDER 12 DECL", "e 100% f", "xyzzy qq"};
        String[] texts = {null, null, null, null, null, null, null, "payment", "time*", "shop", "declined customer"};
        int[] limits = {1, 7, 50, 500};
        int[] offsets = {0, 0, 3, 40, 900};
        int[] thresholds = {1, 20, 1_000_000};
        Set<String> plans = new TreeSet<>();
        try (Connection connection = database.openForReading()) {
            for (int n = 0; n < 1500; n++) {
                LogFilter filter = new LogFilter()
                        .minLevel(levels[random.nextInt(levels.length)])
                        .equal(LogField.SYSTEM_ID, systems[random.nextInt(systems.length)])
                        .contains(contains[random.nextInt(contains.length)])
                        .text(texts[random.nextInt(texts.length)])
                        .sort(LogFilter.Sort.values()[random.nextInt(3)])
                        .ascending(random.nextBoolean())
                        .limit(limits[random.nextInt(limits.length)])
                        .offset(offsets[random.nextInt(offsets.length)]);
                if (random.nextInt(3) == 0) {
                    long from = 1_000_000L + random.nextInt(ROWS / 3) * 1000L;
                    filter.from(from).to(from + random.nextInt(300) * 1000L);
                }
                if (random.nextInt(6) == 0) {
                    filter.equal(LogField.SUB_SYSTEM_ID, "sub1").equal(LogField.STAGE, "TEST");
                }
                LogQuery query = new LogQuery(filter, thresholds[random.nextInt(thresholds.length)]);
                String how = query.plan(connection).how();
                plans.add(how.replaceAll("\\d+ levels", "n levels"));
                List<Long> plain = ids(query.selectPlain(connection));
                assertEquals(plain, ids(query.select(connection)), how + ": " + query.plan(connection).sql());
                assertEquals(query.countPlain(connection, 700), query.count(connection, 700), "count, " + how);
            }
        }
        assertEquals(Set.of("plain", "ids first", "merge of n levels", "few by log_level_created", "few by log_system_created",
                "few by log_created", "word index, then substring", "few by log_level_created, then words",
                "few by log_system_created, then words"), plans, "every plan was tried (a short range with words: below)");
    }

    @Test
    void aRareLevelIsReadFromTheLevelIndexAndACommonOneMergedPerLevel() throws SQLException {
        try (Connection connection = database.openForReading()) {
            assertEquals("few by log_level_created", new LogQuery(new LogFilter().minLevel(50)).plan(connection).how());
            assertEquals("merge of 7 levels", new LogQuery(new LogFilter().minLevel(1), 100).plan(connection).how(),
                    "5, 10, 20, 25, 30, 40, 50");
        }
    }

    @Test
    void aCommonWordWithARareLevelTestsTheLevelsRowsAgainstTheWordIndex() throws SQLException {
        try (Connection connection = database.openForReading()) {
            LogQuery query = new LogQuery(new LogFilter().text("payment").minLevel(50));
            assertEquals("few by log_level_created, then words", query.plan(connection).how());
            assertEquals(ids(query.selectPlain(connection)), ids(query.select(connection)));
            assertEquals("plain", new LogQuery(new LogFilter().text("payment")).plan(connection).how(), "nothing else to drive by");
            for (long from = 1_000_000L; from < 1_000_000L + ROWS / 3 * 1000L; from += 37_000L) {
                LogQuery shortRange = new LogQuery(new LogFilter().text("payment").from(from).to(from + 4_000L).ascending(from % 2 == 0));
                assertEquals("few by log_created, then words", shortRange.plan(connection).how());
                assertEquals(ids(shortRange.selectPlain(connection)), ids(shortRange.select(connection)));
                assertEquals(shortRange.countPlain(connection, 700), shortRange.count(connection, 700));
            }
        }
    }

    @Test
    void aSubstringScanOfTheNewestRowsAnswersAsThePlainQueryOrSaysHowFarItSearched() throws SQLException {
        Random random = new Random(7);
        String[] contains = {"rder", "xyzzy", "ceptio", "ment acc", "%", "_name=b", "Cart.java:12"};
        int[] scanRows = {1, 50, 400, 2_999, 3_000, 10_000};
        int complete = 0;
        int partial = 0;
        try (Connection connection = database.openForReading()) {
            for (int n = 0; n < 400; n++) {
                LogFilter filter = new LogFilter().contains(contains[random.nextInt(contains.length)])
                        .minLevel(random.nextInt(4) == 0 ? 30 : null)
                        .equal(LogField.STAGE, random.nextInt(4) == 0 ? "TEST" : null)
                        .ascending(random.nextBoolean()).limit(new int[] {1, 7, 50, 500}[random.nextInt(4)])
                        .offset(new int[] {0, 0, 3, 40}[random.nextInt(4)]);
                if (random.nextInt(3) == 0) {
                    long from = 1_000_000L + random.nextInt(ROWS / 3) * 1000L;
                    filter.from(from).to(from + random.nextInt(600) * 1000L);
                }
                LogQuery query = new LogQuery(filter, 1, scanRows[random.nextInt(scanRows.length)]);
                LogQuery.Page page = query.page(connection);
                List<LogRow> plain = query.selectPlain(connection);
                if (page.complete()) {
                    complete++;
                    assertEquals(ids(plain), ids(page.rows()), query.plan(connection).sql());
                } else {
                    partial++;
                    long to = page.searchedTo();
                    // the plain query's rows of the part searched, and nothing of the rest
                    LogFilter searched = filter.ascending() ? filter.to(Math.min(filter.to() == null ? Long.MAX_VALUE : filter.to(), to + 1))
                            : filter.from(Math.max(filter.from() == null ? Long.MIN_VALUE : filter.from(), to));
                    assertEquals(ids(new LogQuery(searched).selectPlain(connection)), ids(page.rows()), query.plan(connection).sql());
                    assertTrue(page.rows().size() < filter.limit(), "only a page it did not fill is partial");
                }
            }
        }
        assertTrue(complete > 50 && partial > 50, complete + " complete, " + partial + " partial");
    }

    @Test
    void containsUsesOnlyWordsTheTextCannotCutInside() {
        assertEquals("\"4711\" AND \"declined\" *", LogQuery.containedWords("order 4711 declined"));
        assertEquals("\"bob\"", LogQuery.containedWords("_bob."), "underscore and dot part words");
        assertNull(LogQuery.containedWords("NullPointerException"), "may be inside a longer word");
        assertNull(LogQuery.containedWords("x de"), "a word start of two letters would match too many words");
        assertNull(LogQuery.containedWords("café au"), "'au' could follow any word start, 'café' is not ASCII");
        assertNull(LogQuery.containedWords("é4711é"), "letters around it outside ASCII: the tokenizer would not split");
        assertTrue(LogQuery.containedWords(" a b c d e f ").split(" AND ").length <= 4, "a few words are enough");
    }

    private static List<Long> ids(List<LogRow> rows) {
        return rows.stream().map(LogRow::id).toList();
    }
}
