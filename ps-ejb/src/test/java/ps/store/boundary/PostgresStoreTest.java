package ps.store.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.db.Database;
import ps.db.TestDatabases;
import ps.store.entity.LogFilter;

/**
 * What only PostgreSQL has: the log partitioned by day of arrival, retention dropping whole days, and two
 * nodes (two stores with pools of their own) on one database keeping a resent record once.
 */
class PostgresStoreTest {
    static final long DAY = 86_400_000L;
    static final long DAY0 = 20_000 * DAY; // a midnight (UTC)
    Database[] nodes;
    LogStore first;
    LogStore second;

    @BeforeEach
    void open() {
        nodes = TestDatabases.postgres(2);
        first = LogStore.standalone(nodes[0], Executors.defaultThreadFactory());
        second = LogStore.standalone(nodes[1], Executors.defaultThreadFactory());
    }

    @AfterEach
    void close() {
        first.stop();
        second.stop();
        for (Database node : nodes) {
            node.close();
        }
    }

    static LogEntry entry(String client, long seq, long received, String message) {
        return new LogEntry().created(received - 5).received(received).level(Level.INFO).seq(seq)
                .set(LogField.CLIENT_ID, client).set(LogField.SYSTEM_ID, "pg").set(LogField.MESSAGE, message)
                .set(LogField.INPUT, "native");
    }

    List<String> partitions() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = nodes[0].openForReading(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c"
                        + " ON c.oid = i.inhrelid WHERE i.inhparent = 'log'::regclass ORDER BY 1")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    long number(String sql) throws SQLException {
        try (Connection connection = nodes[0].openForReading(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void eachDayOfArrivalGetsItsPartitionAndRetentionDropsWholeDays() throws SQLException {
        long day = DAY0 / DAY;
        first.append(List.of(entry("c", 1, DAY0 + 1_000, "day one"), entry("c", 2, DAY0 + DAY + 1_000, "day two"),
                entry("c", 3, DAY0 + 2 * DAY + 1_000, "day three early"), entry("c", 4, DAY0 + 2 * DAY + 50_000_000, "day three late")));
        assertEquals(List.of("log_d" + day, "log_d" + (day + 1), "log_d" + (day + 2), "log_d" + (day + 3), "log_default"),
                partitions(), "the days of the records and the next one ahead");
        assertEquals(0, number("SELECT count(*) FROM log_default"), "no record fell outside its day");

        assertEquals(3, first.deleteOlderThan(DAY0 + 2 * DAY + 10_000_000));

        List<String> left = partitions();
        assertTrue(!left.contains("log_d" + day) && !left.contains("log_d" + (day + 1)), "whole days dropped: " + left);
        assertTrue(left.contains("log_d" + (day + 2)), "the day of the cut-off stays: " + left);
        assertEquals(List.of("day three late"), second.find(new LogFilter()).stream()
                .map(row -> row.entry().get(LogField.MESSAGE)).toList());
        assertEquals(1, number("SELECT coalesce(sum(n), 0) FROM log_minute"), "the rollups lost exactly the dropped records");
        assertEquals(1, number("SELECT count(*) FROM log_seen"), "the dedupe pairs went with their records");
        assertEquals(List.of("day three late"), second.find(new LogFilter().text("late")).stream()
                .map(row -> row.entry().get(LogField.MESSAGE)).toList(), "the word index follows");
    }

    @Test
    void aRecordResentThroughAnotherNodeIsStoredOnce() throws Exception {
        long now = DAY0 + 3_600_000;
        List<LogEntry> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(entry("client-x", i, now + i, "record " + i));
        }
        // the same records through both nodes at once, as a client failing over resends them
        CompletableFuture<Void> one = first.appendAsync(batch);
        CompletableFuture<Void> two = second.appendAsync(new ArrayList<>(batch));
        one.get();
        two.get();
        second.append(batch.subList(0, 10));
        assertEquals(500, number("SELECT count(*) FROM log"));
        assertEquals(500, number("SELECT count(DISTINCT seq) FROM log"));
        assertEquals(500, number("SELECT coalesce(sum(n), 0) FROM log_minute"), "rollups count each record once");
        assertEquals(500, first.count(new LogFilter().text("record"), 10_000));
    }
}
