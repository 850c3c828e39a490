package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogFilter;

/**
 * Keeps the derived tables of migration V11 in step with {@code log}, once per write transaction: the
 * batch is aggregated here in Java and written as one upsert per distinct key (a few dozen rows for
 * thousands of records), and the search index takes the transaction's new rows with one
 * INSERT ... SELECT. Per-row triggers would do the same work once per record (measured in
 * {@code StoreBenchmark}). Each batch is counted on the thread that submits it ({@link #prepare}), so the
 * one writer thread, which all connections wait for, only adds the counts up per key.
 */
public final class Derived implements LogWriter.BatchStep {
    static final String INDEX_NEW_ROWS = "INSERT INTO log_fts (rowid, message, name, module, funcname)"
            + " SELECT id, message, name, module, funcname FROM log WHERE id > ?";

    private final boolean searchIndex;
    private final Dialect dialect;

    public Derived() {
        this(Dialect.SQLITE);
    }

    public Derived(Dialect dialect) {
        this(true, dialect);
    }

    /** Without the search index: only for measuring what the index costs. */
    Derived(boolean searchIndex) {
        this(searchIndex, Dialect.SQLITE);
    }

    private Derived(boolean searchIndex, Dialect dialect) {
        this.searchIndex = searchIndex && dialect.feedsWordIndex();
        this.dialect = dialect;
    }

    @Override
    public void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore) throws SQLException {
        afterInsert(connection, inserted, lastIdBefore, List.of(new LogWriter.Prepared(inserted, null)));
    }

    /** The batch's counts, made on the submitting thread: the writer thread only adds them up per key. */
    @Override
    public Object prepare(List<LogEntry> batch) {
        Aggregate aggregate = new Aggregate();
        for (LogEntry entry : batch) {
            aggregate.count(entry);
        }
        return aggregate;
    }

    @Override
    public void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore,
                            List<LogWriter.Prepared> batches) throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        if (searchIndex) {
            try (PreparedStatement index = connection.prepareStatement(INDEX_NEW_ROWS)) {
                index.setLong(1, lastIdBefore);
                index.executeUpdate();
            }
        }
        Aggregate all = new Aggregate();
        for (LogWriter.Prepared batch : batches) {
            if (batch.prepared() instanceof Aggregate counted) {
                all.add(counted);
            } else {
                for (LogEntry entry : batch.inserted()) {
                    all.count(entry);
                }
            }
        }
        upsert(connection, dialect.upsert("log_minute"), all.minutes, (statement, key, n) -> {
            statement.setLong(1, key.number);
            statement.setString(2, key.first);
            statement.setInt(3, key.level);
            statement.setString(4, key.second);
            statement.setLong(5, n[0]);
        });
        upsert(connection, dialect.upsert("log_hour"), all.hours, (statement, key, n) -> {
            statement.setLong(1, key.number);
            statement.setString(2, key.first);
            statement.setInt(3, key.level);
            statement.setLong(4, n[0]);
        });
        upsert(connection, dialect.upsert("input_minute"), all.inputs, (statement, key, n) -> {
            statement.setLong(1, key.number);
            statement.setString(2, key.first);
            statement.setLong(3, n[0]);
        });
        upsert(connection, dialect.upsert("log_value"), all.values, (statement, key, n) -> {
            statement.setString(1, key.first);
            statement.setString(2, key.second);
            statement.setLong(3, n[1]);
            statement.setLong(4, n[2]);
        });
        upsert(connection, dialect.upsert("log_version"), all.versions, (statement, key, n) -> {
            statement.setString(1, key.first);
            statement.setString(2, key.second);
            statement.setLong(3, n[1]);
            statement.setLong(4, n[2]);
            statement.setLong(5, n[0]);
        });
    }

    /** The derived tables' rows for some records: count, first and last time per key of each table. */
    private static final class Aggregate {
        final Counts minutes = new Counts();
        final Counts hours = new Counts();
        final Counts inputs = new Counts();
        final Counts[] values = new Counts[LogFilter.ID_FIELDS.length]; // one per field, so each keeps its last key
        final Counts versions = new Counts();

        Aggregate() {
            for (int f = 0; f < values.length; f++) {
                values[f] = new Counts();
            }
        }

        void count(LogEntry entry) {
            long created = entry.created();
            String system = orEmpty(entry.get(LogField.SYSTEM_ID));
            String input = orEmpty(entry.get(LogField.INPUT));
            minutes.count(Math.floorDiv(created, 60_000L), system, entry.levelno(), input, created);
            hours.count(Math.floorDiv(created, 3_600_000L), system, entry.levelno(), null, created);
            inputs.count(Math.floorDiv(entry.received(), 60_000L), input, 0, null, created);
            long set = entry.textMask(); // the id fields a record leaves unset are not looked up
            for (int f = 0; f < values.length; f++) {
                LogField field = LogFilter.ID_FIELDS[f];
                if ((set & 1L << field.ordinal()) != 0) {
                    values[f].count(0, field.column(), 0, entry.get(field), created);
                }
            }
            versions.count(0, system, 0, orEmpty(entry.get(LogField.PACKAGE_VERSION)), created);
        }

        void add(Aggregate other) {
            minutes.add(other.minutes);
            hours.add(other.hours);
            inputs.add(other.inputs);
            for (int f = 0; f < values.length; f++) {
                values[f].add(other.values[f]);
            }
            versions.add(other.versions);
        }
    }

    /** Writes the aggregated rows with one batched statement. */
    private static void upsert(Connection connection, String sql, Counts rows, Binder binder)
            throws SQLException {
        upsert(connection, sql, new Counts[] {rows}, binder);
    }

    private static void upsert(Connection connection, String sql, Counts[] counts, Binder binder)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Counts rows : counts) {
                // in key order: writers of several nodes lock the same rows in the same order (no deadlock)
                for (Map.Entry<Key, long[]> row : rows.sorted()) {
                    binder.bind(statement, row.getKey(), row.getValue());
                    statement.addBatch();
                }
            }
            statement.executeBatch();
        }
    }

    @FunctionalInterface
    private interface Binder {
        /** @param n count, min(created), max(created) */
        void bind(PreparedStatement statement, Key key, long[] n) throws SQLException;
    }

    /**
     * count, min(created), max(created) per key. Consecutive records mostly share their keys (one sender's
     * batch), so the last key is compared first: no key is allocated nor hashed for them (JFR showed the
     * look-ups as a sixth of the writer thread's time).
     */
    private static final class Counts {
        final Map<Key, long[]> map = new HashMap<>();
        private Key last;
        private long[] lastValue;

        void count(long number, String first, int level, String second, long created) {
            long[] value;
            if (last != null && last.number == number && last.level == level && Objects.equals(last.first, first)
                    && Objects.equals(last.second, second)) {
                value = lastValue;
            } else {
                Key key = new Key(number, first, level, second);
                value = map.computeIfAbsent(key, k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
                last = key;
                lastValue = value;
            }
            value[0]++;
            value[1] = Math.min(value[1], created);
            value[2] = Math.max(value[2], created);
        }

        List<Map.Entry<Key, long[]>> sorted() {
            List<Map.Entry<Key, long[]>> rows = new java.util.ArrayList<>(map.entrySet());
            rows.sort(Map.Entry.comparingByKey(KEY_ORDER));
            return rows;
        }

        /** Adds another's counts, key by key. */
        void add(Counts other) {
            for (Map.Entry<Key, long[]> row : other.map.entrySet()) {
                long[] value = map.computeIfAbsent(row.getKey(), k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
                long[] more = row.getValue();
                value[0] += more[0];
                value[1] = Math.min(value[1], more[1]);
                value[2] = Math.max(value[2], more[2]);
            }
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static final java.util.Comparator<Key> KEY_ORDER = java.util.Comparator.<Key>comparingLong(key -> key.number)
            .thenComparing(key -> key.first, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
            .thenComparingInt(key -> key.level)
            .thenComparing(key -> key.second, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));

    private static final class Key {
        final long number;
        final String first;
        final int level;
        final String second;

        Key(long number, String first, int level, String second) {
            this.number = number;
            this.first = first;
            this.level = level;
            this.second = second;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.number == number && key.level == level
                    && Objects.equals(key.first, first) && Objects.equals(key.second, second);
        }

        @Override
        public int hashCode() {
            // by hand: Objects.hash would box three values and allocate an array per lookup (several per record)
            int hash = Long.hashCode(number);
            hash = 31 * hash + Objects.hashCode(first);
            hash = 31 * hash + level;
            return 31 * hash + Objects.hashCode(second);
        }
    }
}
