package ps.store.control;

import ps.db.Database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ps.db.TestDatabases;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

@ParameterizedClass
@EnumSource(TestDatabases.class)
class LogWriterTest {
    @Parameter
    TestDatabases kind;
    @TempDir
    Path directory;

    private Database database;
    private LogWriter writer;

    @BeforeEach
    void open() {
        database = TestStore.migrated(kind, directory);
        writer = new LogWriter(database, Thread::new, 64, 20_000);
    }

    @AfterEach
    void close() {
        writer.close();
        database.close();
    }

    private static LogEntry entry(String clientId, long seq, String message) {
        return new LogEntry().created(1_000 + seq).received(2_000 + seq).levelno(20).seq(seq)
                .set(LogField.CLIENT_ID, clientId).set(LogField.SYSTEM_ID, "writer-test")
                .set(LogField.MESSAGE, message);
    }

    private List<LogEntry> read(LogFilter filter) throws SQLException {
        return TestStore.select(database, filter.ascending(true).limit(LogFilter.MAX_LIMIT)).stream()
                .map(LogRow::entry).toList();
    }

    @Test
    void concurrentWritersStoreEveryRow() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String clientId = "client-" + t;
                done.add(threads.submit(() -> {
                    long seq = 1;
                    for (int b = 0; b < 50; b++) {
                        List<LogEntry> batch = new ArrayList<>(500);
                        for (int i = 0; i < 500; i++, seq++) {
                            batch.add(entry(clientId, seq, "m" + seq));
                        }
                        writer.write(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(100_000, TestStore.rows(database));
        assertEquals(4, TestStore.number(database, "SELECT count(DISTINCT client_id) FROM log"));
        assertEquals(25_000, TestStore.number(database, "SELECT max(seq) FROM log"));
    }

    @Test
    void resentRecordIsStoredOnceWithinOneBatch() throws Exception {
        writer.write(List.of(entry("c1", 1, "first"), entry("c1", 2, "second"), entry("c1", 1, "first again")));

        List<LogEntry> stored = read(new LogFilter());
        assertEquals(2, stored.size());
        assertEquals("first", stored.get(0).get(LogField.MESSAGE), "the first copy is kept");
        assertEquals("second", stored.get(1).get(LogField.MESSAGE));
    }

    @Test
    void resentRecordIsStoredOnceAcrossBatches() throws Exception {
        writer.write(List.of(entry("c1", 1, "one"), entry("c1", 2, "two")));
        writer.write(List.of(entry("c1", 2, "two"), entry("c1", 3, "three")));

        assertEquals(List.of("one", "two", "three"),
                read(new LogFilter()).stream().map(e -> e.get(LogField.MESSAGE)).toList());
    }

    @Test
    void commitListenersHearOfAResentRecordOnce() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        writer.onCommit(batch -> batch.forEach(entry -> heard.add(entry.get(LogField.MESSAGE))));
        writer.write(List.of(entry("c1", 1, "one"), entry("c1", 2, "two")));
        writer.write(List.of(entry("c1", 2, "two"), entry("c1", 3, "three")));
        writer.write(List.of(entry("c1", 3, "three")));
        assertEquals(List.of("one", "two", "three"), heard.stream().sorted(java.util.Comparator.comparing(
                message -> List.of("one", "two", "three").indexOf(message))).toList());
    }

    @Test
    void sameSeqFromAnotherClientIsADifferentRecord() throws Exception {
        writer.write(List.of(entry("c1", 1, "from c1")));
        writer.write(List.of(entry("c2", 1, "from c2")));

        assertEquals(2, TestStore.rows(database));
    }

    @Test
    void recordsWithoutClientIdAreNeverDeduplicated() throws Exception {
        LogEntry plain = entry(null, 7, "syslog line");
        writer.write(List.of(plain, plain.copy()));
        writer.write(List.of(plain.copy()));

        List<LogEntry> stored = read(new LogFilter());
        assertEquals(3, stored.size());
        for (LogEntry entry : stored) {
            assertNull(entry.get(LogField.CLIENT_ID));
            assertEquals(0, entry.seq(), "no client, no sequence number");
        }
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        LogEntry full = new LogEntry().created(1_764_158_400_123L).received(1_764_158_400_456L).levelno(35)
                .lineno(4711).relativeCreated(12.5).msecs(123.0).seq(99);
        for (LogField field : LogField.values()) {
            full.set(field, field.column() + " – ü ✓ 'quoted'");
        }
        full.set(LogField.SYSTEM_ID, "full");

        writer.write(List.of(full));

        List<LogEntry> stored = read(new LogFilter().equal(LogField.SYSTEM_ID, "full"));
        assertEquals(1, stored.size());
        LogEntry read = stored.get(0);
        assertEquals(full.created(), read.created());
        assertEquals(full.received(), read.received());
        assertEquals(35, read.levelno());
        assertEquals(4711, read.lineno());
        assertEquals(12.5, read.relativeCreated());
        assertEquals(123.0, read.msecs());
        assertEquals(99, read.seq());
        assertEquals(full.textFields(), read.textFields());
    }

    @Test
    void unsetNumbersAndTextsRoundTripAsNull() throws Exception {
        LogEntry sparse = new LogEntry().created(5).received(6).levelno(0).set(LogField.SYSTEM_ID, "sparse");

        writer.write(List.of(sparse));

        LogEntry read = read(new LogFilter().equal(LogField.SYSTEM_ID, "sparse")).get(0);
        assertNull(read.lineno());
        assertNull(read.relativeCreated());
        assertNull(read.msecs());
        assertEquals(0, read.levelno());
        assertEquals(java.util.Map.of(LogField.SYSTEM_ID, "sparse"), read.textFields());
    }

    @Test
    void zeroValuesAreNotMistakenForNull() throws Exception {
        writer.write(List.of(new LogEntry().created(5).lineno(0).relativeCreated(0.0).msecs(0.0)
                .set(LogField.SYSTEM_ID, "zeros")));

        LogEntry read = read(new LogFilter().equal(LogField.SYSTEM_ID, "zeros")).get(0);
        assertEquals(0, read.lineno());
        assertEquals(0.0, read.relativeCreated());
        assertEquals(0.0, read.msecs());
    }

    @Test
    void emptyBatchIsANoOp() throws Exception {
        writer.write(List.of());

        assertEquals(0, TestStore.rows(database));
    }

    @Test
    void writeAfterCloseIsRefused() throws Exception {
        writer.write(List.of(entry("c1", 1, "before")));
        writer.close();

        StoreException e = assertThrows(StoreException.class, () -> writer.write(List.of(entry("c1", 2, "after"))));

        assertEquals("the store is shut down", e.getMessage());
        assertEquals(1, TestStore.rows(database));
    }
}
