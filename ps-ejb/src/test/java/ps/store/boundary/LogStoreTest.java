package ps.store.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ps.db.TestDatabases;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;
import ps.store.entity.SeriesPoint;
import ps.store.entity.ServiceVersion;

/**
 * The store on a real SQLite file and on a real PostgreSQL: search index, rollups and distinct values stay in
 * step with the log.
 */
@ParameterizedClass
@EnumSource(TestDatabases.class)
class LogStoreTest {
    @Parameter
    TestDatabases kind;
    static final long T0 = 29_833_333L * 60_000; // a whole minute
    @TempDir
    Path dir;
    LogStore store;
    ps.db.Database database;

    @BeforeEach
    void open() {
        database = kind.open(dir);
        store = LogStore.standalone(database, Executors.defaultThreadFactory());
    }

    @AfterEach
    void close() {
        store.stop();
        database.close();
    }

    static LogEntry entry(long seq, long created, String system, Level level, String message) {
        return new LogEntry().created(created).received(created + 5).level(level).seq(seq)
                .set(LogField.CLIENT_ID, "client").set(LogField.SYSTEM_ID, system).set(LogField.MESSAGE, message)
                .set(LogField.FUNCNAME, "handle").set(LogField.MODULE, "billing.core").set(LogField.NAME, "app.log")
                .set(LogField.PACKAGE_VERSION, "1." + (seq % 2)).set(LogField.INPUT, "native")
                .set(LogField.LEVELNAME, level.name());
    }

    List<String> messages(LogFilter filter) {
        List<String> messages = new ArrayList<>();
        for (LogRow row : store.find(filter)) {
            messages.add(row.entry().get(LogField.MESSAGE));
        }
        return messages;
    }

    @Test
    void textSearchFindsWordsAndPrefixesInEveryIndexedColumnAndTreatsTheTextAsText() {
        store.append(List.of(
                entry(1, T0, "billing", Level.INFO, "payment declined for order 4711"),
                entry(2, T0 + 1000, "billing", Level.ERROR, "it's \"quoted\" OR 1=1; DROP TABLE log; --"),
                entry(3, T0 + 2000, "shop", Level.WARNING, "cart abandoned")));
        assertEquals(List.of("payment declined for order 4711"), messages(new LogFilter().text("declined")));
        assertEquals(List.of("payment declined for order 4711"), messages(new LogFilter().text("declin*")));
        assertEquals(List.of(), messages(new LogFilter().text("declin")), "whole words unless a * follows");
        assertEquals(List.of("payment declined for order 4711"), messages(new LogFilter().text("payment declined f*")));
        assertEquals(List.of("payment declined for order 4711"), messages(new LogFilter().text("order, payment")),
                "every word, in any order");
        assertEquals(List.of(), messages(new LogFilter().text("payment accepted")), "every word");
        assertEquals(List.of("payment declined for order 4711"), messages(new LogFilter().text("DECLINED")));
        assertEquals(3, messages(new LogFilter().text("billing.core")).size(), "module is searched");
        assertEquals(3, messages(new LogFilter().text("HANDLE")).size(), "function is searched");
        assertEquals(3, messages(new LogFilter().text("app.log")).size(), "logger is searched");
        assertEquals(List.of("it's \"quoted\" OR 1=1; DROP TABLE log; --"),
                messages(new LogFilter().text("\"quoted\" OR 1=1; DROP")));
        assertEquals(List.of("it's \"quoted\" OR 1=1; DROP TABLE log; --"), messages(new LogFilter().text("' OR '1'='1")),
                "the words of the text, as words");
        assertEquals(List.of(), messages(new LogFilter().text("x'); DELETE FROM log; --")));
        assertEquals(List.of(), messages(new LogFilter().text("NEAR(a b) * ^")));
        assertEquals(1, messages(new LogFilter().text("--")).size(), "two characters: LIKE, % and _ literal");
        assertEquals(List.of(), messages(new LogFilter().text("%")));
        assertEquals(List.of("cart abandoned"), messages(new LogFilter().text("a*").minLevel(30).equal(LogField.SYSTEM_ID, "shop")));
        assertEquals(List.of(), messages(new LogFilter().text("a*").minLevel(40).equal(LogField.SYSTEM_ID, "shop")));
        assertEquals(List.of("it's \"quoted\" OR 1=1; DROP TABLE log; --", "payment declined for order 4711"),
                messages(new LogFilter().text("billing").equal(LogField.SYSTEM_ID, "billing")));
        assertEquals(2, store.count(new LogFilter().text("billing").equal(LogField.SYSTEM_ID, "billing"), 100));
        assertEquals(3, messages(new LogFilter()).size(), "the table itself is intact");
    }

    @Test
    void pagesSortByTimeLevelOrSystemWithTimeBreakingTies() {
        store.append(List.of(
                entry(1, T0, "shop", Level.ERROR, "a"),
                entry(2, T0 + 1000, "billing", Level.INFO, "b"),
                entry(3, T0 + 2000, "shop", Level.INFO, "c"),
                entry(4, T0 + 3000, "billing", Level.ERROR, "d"),
                entry(5, T0 + 4000, "auth", Level.WARNING, "e payment")));
        assertEquals(List.of("e payment", "d", "c", "b", "a"), messages(new LogFilter()));
        assertEquals(List.of("a", "b", "c", "d", "e payment"), messages(new LogFilter().ascending(true)));
        assertEquals(List.of("d", "a", "e payment", "c", "b"), messages(new LogFilter().sort(LogFilter.Sort.LEVEL)),
                "highest level first, newest first within a level");
        assertEquals(List.of("b", "c", "e payment", "a", "d"),
                messages(new LogFilter().sort(LogFilter.Sort.LEVEL).ascending(true)));
        assertEquals(List.of("c", "a", "d", "b", "e payment"), messages(new LogFilter().sort(LogFilter.Sort.SYSTEM)),
                "systems Z to A, newest first within a system");
        assertEquals(List.of("a", "d"), messages(new LogFilter().sort(LogFilter.Sort.SYSTEM).minLevel(40).limit(2)));
        assertEquals(List.of("b"), messages(new LogFilter().sort(LogFilter.Sort.LEVEL).ascending(true).offset(0).limit(1)));
        assertEquals(List.of("c"), messages(new LogFilter().sort(LogFilter.Sort.LEVEL).ascending(true).offset(1).limit(1)),
                "paging follows the sort");
        store.append(List.of(entry(6, T0 + 5000, "billing", Level.CRITICAL, "f payment")));
        assertEquals(List.of("f payment", "e payment"), messages(new LogFilter().text("payment").sort(LogFilter.Sort.LEVEL)),
                "a text search sorts too");
        assertEquals(List.of("e payment", "f payment"), messages(new LogFilter().text("payment").sort(LogFilter.Sort.SYSTEM).ascending(true)));
    }

    @Test
    void aSubstringSearchPastItsBudgetIsStoppedWithAMessage() throws Exception {
        List<LogEntry> many = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            many.add(entry(i, T0 + i, "shop", Level.INFO, "ordinary record " + i));
        }
        store.append(many);
        ps.store.control.Dialect dialect = ps.store.control.Dialect.of(database);
        LogFilter absent = new LogFilter().contains("absent");
        try (java.sql.Connection connection = database.openForReading()) {
            if (kind == TestDatabases.SQLITE) {
                ps.store.control.SearchTooSlowException stopped = org.junit.jupiter.api.Assertions.assertThrows(
                        ps.store.control.SearchTooSlowException.class, () -> dialect.page(connection, absent, 0));
                assertTrue(stopped.getMessage().contains("narrow the time range"), stopped.getMessage());
            } else {
                // the trigram index answers this one in well under a millisecond: the budget is shown on a slow statement
                Object stopped = ps.store.control.QueryBudget.within(connection, 50, () -> {
                    try (java.sql.Statement slow = connection.createStatement()) {
                        slow.execute("SELECT pg_sleep(5)");
                    }
                    return "finished";
                });
                assertEquals(null, stopped, "statement_timeout stopped it");
            }
            assertEquals(List.of(), dialect.page(connection, absent, 10_000).rows(), "with time enough it finishes");
        }
        assertEquals(List.of("ordinary record 4999"), messages(new LogFilter().contains("RECORD 4999")));
    }

    @Test
    void rollupsCountEachStoredRecordOnceByMinuteLevelSystemAndInput() {
        store.append(List.of(
                entry(1, T0, "billing", Level.INFO, "a"),
                entry(2, T0 + 10_000, "billing", Level.ERROR, "b"),
                entry(3, T0 + 60_000, "shop", Level.ERROR, "c")));
        store.append(List.of(entry(3, T0 + 60_000, "shop", Level.ERROR, "c"))); // resent: stored once
        List<SeriesPoint> series = store.perLevel(T0, T0 + 120_000, 1, null);
        assertEquals(3, series.size());
        assertEquals(T0, series.get(0).bucket());
        assertEquals("20", series.get(0).key());
        assertEquals(1, series.get(2).count());
        List<SeriesPoint> hourly = store.perLevel(T0, T0 + 120_000, 60, null);
        assertEquals(2, hourly.size(), "hour buckets: one per level");
        assertEquals(2, hourly.get(1).count(), "both errors in one bucket");
        assertEquals(1, store.perLevel(T0, T0 + 120_000, 1, "shop").size());
        List<SeriesPoint> top = store.topSystems(T0, T0 + 120_000, 40, 10);
        assertEquals(2, top.size());
        assertEquals(3, store.perInput(T0, T0 + 120_000, 60).get(0).count());
        assertEquals(List.of("billing", "shop"), store.values(LogField.SYSTEM_ID));
        assertEquals(List.of("1.0", "1.1"), store.values(LogField.PACKAGE_VERSION));
        List<ServiceVersion> versions = store.versions();
        assertEquals(3, versions.size());
        ServiceVersion billing = versions.stream().filter(v -> v.system().equals("billing") && v.version().equals("1.1"))
                .findFirst().orElseThrow();
        assertEquals(T0, billing.firstSeen());
    }

    @Test
    void countingGivesUpAfterItsBudget() {
        List<LogEntry> many = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            many.add(entry(i + 10, T0 + i, "bulk", Level.INFO, "row " + i));
        }
        store.append(many);
        assertEquals(30_000, store.countQuickly(new LogFilter(), 100_000, 10_000));
        assertEquals(-1, store.countQuickly(new LogFilter().text("row"), 100_000, 0));
    }

    @Test
    void distinctValuesArePrefixRangesBoundedInCount() {
        List<LogEntry> many = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            many.add(entry(i + 10, T0 + i, "sys-" + i, Level.INFO, "row " + i));
        }
        many.add(entry(5_000, T0, "Sys-upper", Level.INFO, "case matters"));
        store.append(many);
        assertEquals(LogStore.MAX_VALUES, store.values(LogField.SYSTEM_ID).size(), "never all of them");
        assertEquals(List.of("sys-1", "sys-10", "sys-100"), store.values(LogField.SYSTEM_ID, "sys-1", 3));
        // 1,111 values start with sys-1: a limit over the store's bound gets the bound
        assertEquals(LogStore.MAX_VALUES, store.values(LogField.SYSTEM_ID, "sys-1", 10_000).size());
        assertEquals(List.of("sys-2999"), store.values(LogField.SYSTEM_ID, "sys-2999", 10));
        assertEquals(List.of("Sys-upper"), store.values(LogField.SYSTEM_ID, "S", 10));
        assertEquals(List.of(), store.values(LogField.SYSTEM_ID, "zzz", 10));
    }

    @Test
    void everyQueryStopsAtItsBudget() {
        List<LogEntry> many = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            many.add(entry(i + 10, T0 + i, "bulk", Level.INFO, "row " + i));
        }
        store.append(many);
        LogFilter rare = new LogFilter().contains("notInAnyRow"); // one run of letters: no word to look up, a scan
        assertThrows(ps.store.control.SearchTooSlowException.class, () -> store.findWithin(rare, 0));
        assertTrue(store.findWithin(rare, 10_000).isEmpty());
    }

    @Test
    void deletingOldRecordsRemovesThemFromIndexAndRollups() {
        store.append(List.of(
                entry(1, T0, "old", Level.INFO, "ancient history"),
                entry(2, T0 + 120_000, "new", Level.INFO, "recent history")));
        assertEquals(1, store.deleteOlderThan(T0 + 90_000));
        assertEquals(List.of("recent history"), messages(new LogFilter().text("history")));
        assertEquals(List.of("new"), store.values(LogField.SYSTEM_ID));
        assertEquals(1, store.perLevel(T0, T0 + 180_000, 1, null).size());
        assertTrue(store.versions().stream().noneMatch(v -> v.system().equals("old")));
        // the index still works for new rows after deletion
        store.append(List.of(entry(3, T0 + 180_000, "new", Level.INFO, "more history")));
        assertEquals(2, messages(new LogFilter().text("history")).size());
    }

    @Test
    void retentionCountsFromArrivalNotFromTheSendersClock() {
        long future = T0 + 10L * 365 * 86_400_000L;
        store.append(List.of(
                entry(11, future, "future", Level.INFO, "dated ten years ahead").received(T0),
                entry(12, T0 - 5L * 365 * 86_400_000L, "imported", Level.INFO, "dated five years back").received(T0 + 120_000)));
        assertEquals(1, store.deleteOlderThan(T0 + 60_000));
        assertEquals(List.of("dated five years back"), messages(new LogFilter().text("dated")));
        long imported = T0 - 5L * 365 * 86_400_000L;
        // the charts count the rows there are: the kept old-dated record still counts, the deleted one does not
        assertEquals(1, store.perLevel(imported - 60_000, imported + 60_000, 1, null).get(0).count());
        assertEquals(1, store.perLevel(imported - 3_600_000, imported + 3_600_000, 60, null).get(0).count());
        assertTrue(store.perLevel(future - 60_000, future + 60_000, 1, null).isEmpty());
        assertTrue(store.versions().stream().noneMatch(v -> v.system().equals("future")));
        assertTrue(store.versions().stream().anyMatch(v -> v.system().equals("imported")));
    }

    @Test
    void theStoreIsPrivate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path data = dir.resolve("data");
        LogStore own = LogStore.standalone(data.resolve("ps.sqlite"), Thread::new);
        try {
            own.append(List.of(entry(1, T0, "x", Level.INFO, "private")));
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(data)));
            for (String name : new String[] {"ps.sqlite", "ps.sqlite-wal", "ps.sqlite-shm"}) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(data.resolve(name))), name);
            }
        } finally {
            own.stop();
        }
    }
}
