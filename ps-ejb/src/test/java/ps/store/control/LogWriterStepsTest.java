package ps.store.control;

import ps.db.Database;
import ps.db.Migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;

class LogWriterStepsTest {
    @TempDir
    Path dir;
    Database database;
    LogWriter writer;

    @BeforeEach
    void open() {
        database = new Database(dir.resolve("ps.sqlite"));
        Migrations.migrate(database);
        writer = new LogWriter(database, Executors.defaultThreadFactory(), 16, 1000);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    static LogEntry entry(String client, long seq, String message) {
        return new LogEntry().created(1_000 + seq).received(2_000 + seq).level(Level.INFO).seq(seq)
                .set(LogField.CLIENT_ID, client).set(LogField.MESSAGE, message).set(LogField.SYSTEM_ID, "s");
    }

    @Test
    void batchStepsSeeOnlyTheInsertedEntriesAndTheNewIds() throws Exception {
        List<String> seen = new ArrayList<>();
        List<Long> idsAbove = new ArrayList<>();
        writer.addBatchStep((connection, inserted, lastIdBefore) -> {
            inserted.forEach(entry -> seen.add(entry.get(LogField.MESSAGE)));
            idsAbove.add(lastIdBefore);
        });
        writer.write(List.of(entry("c", 1, "one"), entry("c", 2, "two")));
        writer.write(List.of(entry("c", 2, "two again"), entry("c", 3, "three")));
        assertEquals(List.of("one", "two", "three"), seen);
        assertEquals(List.of(0L, 2L), idsAbove);
    }

    @Test
    void anErrorOnTheWriterThreadFailsThePendingBatchesAndTheWriterGoesOn() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        writer.addBatchStep((connection, inserted, lastIdBefore) -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("deep");
            }
        });
        java.util.concurrent.CompletableFuture<Void> failed = writer.submit(List.of(entry("c", 1, "one")));
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failed.get(10, java.util.concurrent.TimeUnit.SECONDS));
        org.junit.jupiter.api.Assertions.assertTrue(e.getCause().getMessage().contains("StackOverflowError"),
                e.getCause().getMessage());
        writer.submit(List.of(entry("c", 2, "two"))).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try (Connection connection = database.openForReading();
             ResultSet rows = connection.createStatement().executeQuery("SELECT group_concat(message) FROM log")) {
            rows.next();
            assertEquals("two", rows.getString(1));
        }
    }

    @Test
    void aBatchWaitsForALockHeldOutsideInsteadOfFailing() throws Exception {
        writer.addBatchStep((connection, inserted, lastIdBefore) -> { }); // each transaction reads the last id
        writer.write(List.of(entry("c", 1, "one")));
        try (Connection lock = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ps.sqlite"))) {
            lock.createStatement().execute("BEGIN IMMEDIATE");
            java.util.concurrent.CompletableFuture<Void> stored = writer.submit(List.of(entry("c", 2, "two")));
            Thread.sleep(1500);
            org.junit.jupiter.api.Assertions.assertFalse(stored.isDone(), "waits for the lock");
            lock.createStatement().execute("ROLLBACK");
            stored.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailingStepRollsTheBatchBack() throws Exception {
        writer.addBatchStep((connection, inserted, lastIdBefore) -> {
            if (inserted.stream().anyMatch(entry -> "poison".equals(entry.get(LogField.MESSAGE)))) {
                throw new java.sql.SQLException("step failed");
            }
        });
        assertThrows(StoreException.class, () -> writer.write(List.of(entry("c", 1, "poison"))));
        writer.write(List.of(entry("c", 2, "fine")));
        assertEquals(1L, writer.inWriter(LogWriterStepsTest::countRows));
    }

    @Test
    void aStepPreparesEachBatchOnTheSubmittingThreadAndGetsItBackUnlessDuplicatesWereLeftOut() throws Exception {
        List<Thread> preparedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        writer.addBatchStep(new LogWriter.BatchStep() {
            @Override
            public Object prepare(List<LogEntry> batch) {
                preparedOn.add(Thread.currentThread());
                return "prepared " + batch.size();
            }

            @Override
            public void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore) {
                throw new AssertionError("the writer calls the form with the batches");
            }

            @Override
            public void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore,
                                    List<LogWriter.Prepared> batches) {
                for (LogWriter.Prepared batch : batches) {
                    seen.add(batch.prepared() + ": " + batch.inserted().stream()
                            .map(entry -> entry.get(LogField.MESSAGE)).toList());
                }
            }
        });
        writer.write(List.of(entry("c", 1, "one"), entry("c", 2, "two")));
        writer.write(List.of(entry("c", 2, "two again"), entry("c", 3, "three")));
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), preparedOn);
        assertEquals(List.of("prepared 2: [one, two]", "null: [three]"), seen);
    }

    @Test
    void rollupsCountEachStoredRecordOnceWhetherBatchesArePreparedOrHaveDuplicates() throws Exception {
        writer.addBatchStep(new Derived());
        List<java.util.concurrent.CompletableFuture<Void>> stored = new ArrayList<>();
        stored.add(writer.submit(List.of(entry("c", 1, "one"), entry("c", 2, "two"))));
        stored.add(writer.submit(List.of(entry("c", 2, "two again"), entry("c", 3, "three"))));
        stored.add(writer.submit(List.of(entry("d", 1, "four"))));
        stored.add(writer.submit(List.of(entry("d", 1, "four again"))));
        for (java.util.concurrent.CompletableFuture<Void> future : stored) {
            future.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(4L, writer.inWriter(LogWriterStepsTest::countRows));
        for (String sql : new String[] {"SELECT sum(n) FROM log_minute", "SELECT sum(n) FROM log_hour",
            "SELECT sum(n) FROM input_minute", "SELECT sum(n) FROM log_version WHERE system_id = 's'"}) {
            assertEquals(4L, writer.<Long>inWriter(connection -> {
                try (ResultSet result = connection.createStatement().executeQuery(sql)) {
                    result.next();
                    return result.getLong(1);
                }
            }), sql);
        }
        assertEquals(4L, writer.<Long>inWriter(connection -> {
            try (ResultSet result = connection.createStatement().executeQuery(
                    "SELECT count(*) FROM log_fts WHERE log_fts MATCH 'one OR two OR three OR four'")) {
                result.next();
                return result.getLong(1);
            }
        }));
    }

    @Test
    void workRunsOnTheWriterInItsOwnTransaction() throws Exception {
        writer.write(List.of(entry("c", 1, "one")));
        int deleted = writer.inWriter(connection -> connection.createStatement().executeUpdate("DELETE FROM log"));
        assertEquals(1, deleted);
        assertEquals(0L, writer.inWriter(LogWriterStepsTest::countRows));
        assertThrows(StoreException.class, () -> writer.inWriter(connection -> {
            connection.createStatement().executeUpdate("DELETE FROM nowhere");
            return null;
        }));
    }

    private static long countRows(Connection connection) throws java.sql.SQLException {
        try (ResultSet result = connection.createStatement().executeQuery("SELECT count(*) FROM log")) {
            result.next();
            return result.getLong(1);
        }
    }
}
