package ps.store.control;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogFilter;

/**
 * PostgreSQL: several writers (and nodes), dedupe through {@code log_seen}, {@code log} partitioned by day of
 * {@code received} (partitions made ahead by the writer, whole days dropped by retention), the word and
 * trigram indexes of the table itself, statement_timeout as the query budget (see db/postgresql/store).
 */
final class PostgresDialect extends Dialect {
    static final long DAY = 86_400_000L;
    private static final String PARTITION_PREFIX = "log_d";
    /** Days whose partition exists (this JVM made or saw it): the writer asks the server once per day. */
    private final Set<Long> days = ConcurrentHashMap.newKeySet();

    @Override
    String insertInto() {
        return "INSERT INTO log";
    }

    /**
     * Records the batch's (client_id, seq) pairs in {@code log_seen} and keeps the records whose pair was new
     * there: a pair another transaction holds makes this one wait for it, so a resend through another node
     * is stored once too.
     */
    @Override
    List<LogEntry> fresh(Connection connection, List<LogEntry> entries) throws SQLException {
        List<LogEntry> identified = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        List<LogEntry> kept = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            String client = entry.get(LogField.CLIENT_ID);
            if (client == null) {
                kept.add(entry);
            } else if (inBatch.add(key(client, entry.seq()))) {
                identified.add(entry);
                kept.add(entry);
            }
        }
        if (identified.isEmpty()) {
            return kept;
        }
        // in key order, so two writers with overlapping pairs lock them in the same order (no deadlock)
        identified.sort(java.util.Comparator.comparing((LogEntry e) -> e.get(LogField.CLIENT_ID)).thenComparingLong(LogEntry::seq));
        String[] clients = new String[identified.size()];
        Long[] seqs = new Long[identified.size()];
        Long[] received = new Long[identified.size()];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = identified.get(i).get(LogField.CLIENT_ID);
            seqs[i] = identified.get(i).seq();
            received[i] = identified.get(i).received();
        }
        Set<String> fresh = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO log_seen (client_id, seq, received)"
                + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[]) ON CONFLICT DO NOTHING RETURNING client_id, seq")) {
            Array a = connection.createArrayOf("text", clients);
            Array b = connection.createArrayOf("bigint", seqs);
            Array c = connection.createArrayOf("bigint", received);
            insert.setArray(1, a);
            insert.setArray(2, b);
            insert.setArray(3, c);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    fresh.add(key(rows.getString(1), rows.getLong(2)));
                }
            }
        }
        if (fresh.size() == identified.size()) {
            return kept;
        }
        List<LogEntry> result = new ArrayList<>(kept.size());
        for (LogEntry entry : kept) {
            String client = entry.get(LogField.CLIENT_ID);
            if (client == null || fresh.contains(key(client, entry.seq()))) {
                result.add(entry);
            }
        }
        return result;
    }

    private static String key(String client, long seq) {
        return seq + "\u0000" + client;
    }

    /** Makes the partitions of the batch's days (and the next day, ahead of midnight) that this JVM has not seen. */
    @Override
    void beginBatch(Connection connection, List<LogEntry> entries) throws SQLException {
        Set<Long> wanted = new TreeSet<>();
        for (LogEntry entry : entries) {
            long day = Math.floorDiv(entry.received(), DAY);
            if (!days.contains(day)) {
                wanted.add(day);
                wanted.add(day + 1);
            }
        }
        wanted.removeAll(days);
        for (long day : wanted) {
            createPartition(connection, day);
        }
    }

    /**
     * Creates the day's partition unless it exists, in a savepoint and under a transaction-level advisory lock
     * so that writers of several nodes never race on the same day.
     */
    private void createPartition(Connection connection, long day) throws SQLException {
        String name = PARTITION_PREFIX + day;
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(7236501, " + (int) day + ")");
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('" + name + "') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    // day is a number this class computed, never a caller's text
                    statement.execute("CREATE TABLE " + name + " PARTITION OF log FOR VALUES FROM (" + day * DAY
                            + ") TO (" + (day + 1) * DAY + ")");
                }
            }
        }
        days.add(day);
    }

    @Override
    long lastId(Connection connection) {
        return 0;
    }

    @Override
    boolean feedsWordIndex() {
        return false;
    }

    @Override
    String upsert(String table) {
        return switch (table) {
            case "log_minute" -> "INSERT INTO log_minute AS t (minute, system_id, levelno, input, n) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (minute, system_id, levelno, input) DO UPDATE SET n = t.n + excluded.n";
            case "log_hour" -> "INSERT INTO log_hour AS t (hour, system_id, levelno, n) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (hour, system_id, levelno) DO UPDATE SET n = t.n + excluded.n";
            case "input_minute" -> "INSERT INTO input_minute AS t (minute, input, n) VALUES (?, ?, ?)"
                    + " ON CONFLICT (minute, input) DO UPDATE SET n = t.n + excluded.n";
            case "log_value" -> "INSERT INTO log_value AS t (field, value, first_seen, last_seen) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (field, value) DO UPDATE SET first_seen = least(t.first_seen, excluded.first_seen),"
                    + " last_seen = greatest(t.last_seen, excluded.last_seen)";
            case "log_version" -> "INSERT INTO log_version AS t (system_id, package_version, first_seen, last_seen, n)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (system_id, package_version) DO UPDATE SET"
                    + " first_seen = least(t.first_seen, excluded.first_seen),"
                    + " last_seen = greatest(t.last_seen, excluded.last_seen), n = t.n + excluded.n";
            default -> throw new IllegalArgumentException(table);
        };
    }

    @Override
    String upsertMachine() {
        return "INSERT INTO machine (system_id, name, definition, state, since, updated, ended, recent)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (system_id, name) DO UPDATE SET definition = excluded.definition,"
                + " state = excluded.state, since = excluded.since, updated = excluded.updated, ended = excluded.ended,"
                + " recent = excluded.recent";
    }

    /** Another node's writer may step the same machine: its row stays locked until this commit. */
    @Override
    String forUpdate() {
        return " FOR UPDATE";
    }

    /** statement_timeout on the session for the read; a query past it is cancelled by the server (57014). */
    @Override
    <T> T within(Connection connection, long budgetMillis, QueryBudget.Reading<T> reading) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = " + Math.max(1, budgetMillis));
        }
        try {
            return reading.read();
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                if (!autoCommit) {
                    connection.rollback();
                }
                return null;
            }
            throw e;
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("RESET statement_timeout");
            }
        }
    }

    @Override
    public LogQuery.Page page(Connection connection, LogFilter filter, long budgetMillis) throws SQLException {
        LogQuery.Page page = within(connection, budgetMillis, () -> new PgLogQuery(filter).page(connection));
        if (page == null) {
            throw new SearchTooSlowException(filter.contains() != null ? "substring search" : "search", budgetMillis);
        }
        return page;
    }

    @Override
    public long count(Connection connection, LogFilter filter, long cap, long budgetMillis) throws SQLException {
        Long count = within(connection, budgetMillis, () -> new PgLogQuery(filter).count(connection, cap));
        return count == null ? -1 : count;
    }

    @Override
    public long count(Connection connection, LogFilter filter, long cap) throws SQLException {
        return new PgLogQuery(filter).count(connection, cap);
    }

    /**
     * Drops every day's partition wholly before the cut-off (after taking its records out of the counts),
     * then deletes up to {@code limit} records received before it from the day that holds the cut-off and
     * from the default partition. The pairs of {@code log_seen} go with them.
     */
    @Override
    public int deleteChunk(Connection connection, long cutoff, int limit) throws SQLException {
        int dropped = 0;
        for (long day : partitionDays(connection)) {
            if ((day + 1) * DAY <= cutoff) {
                String name = PARTITION_PREFIX + day;
                dropped += uncount(connection, "SELECT * FROM " + name, List.of());
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE " + name);
                }
                days.remove(day);
            }
        }
        try (Statement statement = connection.createStatement()) {
            // numbers of this method, not a caller's text
            statement.execute("CREATE TEMP TABLE doomed AS SELECT * FROM log WHERE received < " + cutoff
                    + " ORDER BY received LIMIT " + limit);
        }
        int deleted = uncount(connection, "SELECT * FROM doomed", List.of());
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM log WHERE (id, received) IN (SELECT id, received FROM doomed)");
            statement.executeUpdate("DROP TABLE doomed");
        }
        try (PreparedStatement seen = connection.prepareStatement("DELETE FROM log_seen WHERE received < ?")) {
            seen.setLong(1, cutoff);
            seen.executeUpdate();
        }
        // below the limit only when the cut-off's day has no more to delete: every whole day went at once
        return dropped + deleted;
    }

    private static List<Long> partitionDays(Connection connection) throws SQLException {
        List<Long> found = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                     + " WHERE i.inhparent = 'log'::regclass")) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (name.matches(PARTITION_PREFIX + "-?\\d+")) {
                    found.add(Long.parseLong(name.substring(PARTITION_PREFIX.length())));
                }
            }
        }
        return found;
    }

    /**
     * Takes the rows of {@code rows} (a SELECT over log's columns) out of the counts kept by their
     * {@code created} time, as SQLite's retention does for its doomed rows; @return how many rows.
     */
    private static int uncount(Connection connection, String rows, List<Object> values) throws SQLException {
        String g = "(" + rows + ")";
        String[] statements = {
            "UPDATE log_minute SET n = log_minute.n - g.n FROM (SELECT created / 60000 AS minute,"
                    + " coalesce(system_id, '') AS system_id, levelno, coalesce(input, '') AS input, count(*) AS n"
                    + " FROM " + g + " AS r GROUP BY 1, 2, 3, 4) AS g"
                    + " WHERE log_minute.minute = g.minute AND log_minute.system_id = g.system_id"
                    + " AND log_minute.levelno = g.levelno AND log_minute.input = g.input",
            "DELETE FROM log_minute WHERE n <= 0",
            "UPDATE log_hour SET n = log_hour.n - g.n FROM (SELECT created / 3600000 AS hour,"
                    + " coalesce(system_id, '') AS system_id, levelno, count(*) AS n"
                    + " FROM " + g + " AS r GROUP BY 1, 2, 3) AS g"
                    + " WHERE log_hour.hour = g.hour AND log_hour.system_id = g.system_id AND log_hour.levelno = g.levelno",
            "DELETE FROM log_hour WHERE n <= 0",
            "UPDATE log_version SET n = log_version.n - g.n FROM (SELECT coalesce(system_id, '') AS system_id,"
                    + " coalesce(package_version, '') AS package_version, count(*) AS n"
                    + " FROM " + g + " AS r GROUP BY 1, 2) AS g"
                    + " WHERE log_version.system_id = g.system_id AND log_version.package_version = g.package_version",
            "DELETE FROM log_version WHERE n <= 0",
        };
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + g + " AS r")) {
                count.next();
                return count.getInt(1);
            }
        }
    }
}
