package ps.store.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import ps.client.LogEntry;
import ps.store.entity.LogFilter;

/**
 * SQLite: one writer, {@code INSERT OR IGNORE} against the unique index on (client_id, seq), the FTS5
 * table fed per transaction, progress-handler budgets and the planner of {@link LogQuery}.
 */
final class SqliteDialect extends Dialect {
    static final String UPSERT_MINUTE = "INSERT INTO log_minute (minute, system_id, levelno, input, n)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n";
    static final String UPSERT_HOUR = "INSERT INTO log_hour (hour, system_id, levelno, n)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n";
    static final String UPSERT_INPUT = "INSERT INTO input_minute (minute, input, n) VALUES (?, ?, ?)"
            + " ON CONFLICT DO UPDATE SET n = n + excluded.n";
    static final String UPSERT_VALUE = "INSERT INTO log_value (field, value, first_seen, last_seen)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET first_seen = min(first_seen, excluded.first_seen),"
            + " last_seen = max(last_seen, excluded.last_seen)";
    static final String UPSERT_VERSION = "INSERT INTO log_version (system_id, package_version, first_seen,"
            + " last_seen, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET first_seen = min(first_seen,"
            + " excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), n = n + excluded.n";
    static final String UPSERT_MACHINE = "INSERT INTO machine (system_id, name, definition, state, since, updated,"
            + " ended, recent) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET definition = excluded.definition,"
            + " state = excluded.state, since = excluded.since, updated = excluded.updated, ended = excluded.ended,"
            + " recent = excluded.recent";

    @Override
    String insertInto() {
        return "INSERT OR IGNORE INTO log";
    }

    @Override
    List<LogEntry> fresh(Connection connection, List<LogEntry> entries) {
        return entries; // the unique index ignores a resend; Inserts sees it in the update count
    }

    /**
     * Starts the transaction with a write, so that SQLite takes the write lock now and waits its busy
     * timeout when something else holds it (a backup, a maintenance tool). Had the transaction read first
     * (the last id), SQLite could not upgrade it while the lock is held and would fail the batch at once.
     */
    @Override
    void beginBatch(Connection connection, List<LogEntry> entries) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE sqlite_sequence SET seq = seq WHERE name = 'log'");
        }
    }

    @Override
    long lastId(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet result = statement.executeQuery("SELECT coalesce(max(id), 0) FROM log")) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    @Override
    boolean feedsWordIndex() {
        return true;
    }

    @Override
    String upsert(String table) {
        return switch (table) {
            case "log_minute" -> UPSERT_MINUTE;
            case "log_hour" -> UPSERT_HOUR;
            case "input_minute" -> UPSERT_INPUT;
            case "log_value" -> UPSERT_VALUE;
            case "log_version" -> UPSERT_VERSION;
            default -> throw new IllegalArgumentException(table);
        };
    }

    @Override
    String upsertMachine() {
        return UPSERT_MACHINE;
    }

    @Override
    String forUpdate() {
        return "";
    }

    /** A progress handler checks the clock every 20,000 virtual-machine steps and interrupts past the deadline. */
    @Override
    <T> T within(Connection connection, long budgetMillis, QueryBudget.Reading<T> reading) throws SQLException {
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        org.sqlite.ProgressHandler.setHandler(connection, 20_000, new org.sqlite.ProgressHandler() {
            @Override
            protected int progress() {
                return System.nanoTime() > deadline ? 1 : 0;
            }
        });
        try {
            return reading.read();
        } catch (org.sqlite.SQLiteException e) {
            if (e.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_INTERRUPT) {
                return null;
            }
            throw e;
        } finally {
            org.sqlite.ProgressHandler.clearHandler(connection);
        }
    }

    @Override
    public LogQuery.Page page(Connection connection, LogFilter filter, long budgetMillis) throws SQLException {
        return new LogQuery(filter).page(connection, budgetMillis);
    }

    @Override
    public long count(Connection connection, LogFilter filter, long cap, long budgetMillis) throws SQLException {
        return new LogQuery(filter).count(connection, cap, budgetMillis);
    }

    @Override
    public long count(Connection connection, LogFilter filter, long cap) throws SQLException {
        return new LogQuery(filter).count(connection, cap);
    }

    @Override
    public int deleteChunk(Connection connection, long cutoff, int limit) throws SQLException {
        return Retention.deleteChunk(connection, cutoff, limit);
    }
}
