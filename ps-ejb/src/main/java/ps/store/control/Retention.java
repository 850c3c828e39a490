package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Deletes old records with their search-index entries, a chunk per write transaction so ingestion goes on
 * in between, then trims the derived tables. A record's age counts from {@code received}, the bridge's
 * clock: the sender's {@code created} decides nothing here, so a record dated in the future expires like
 * any other and an imported or badly-clocked one is kept for the whole retention period from its arrival
 * (index {@code log_received}). The derived tables count by {@code created}, so their trim stays by time. Counts per minute before the cut-off go with their records
 * (the cut-off is a whole minute); distinct values seen only before it go, the others keep a first-seen
 * time no earlier than the cut-off.
 */
public final class Retention {
    private Retention() {
    }

    /** The cut-off rounded down to a whole minute, so per-minute counts can be dropped exactly. */
    public static long wholeMinute(long cutoff) {
        return Math.floorDiv(cutoff, 60_000L) * 60_000L;
    }

    /** Deletes up to {@code limit} records received before the cut-off; @return how many. */
    public static int deleteChunk(Connection connection, long cutoff, int limit) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY)");
            statement.executeUpdate("DELETE FROM doomed");
        }
        try (PreparedStatement pick = connection.prepareStatement(
                "INSERT INTO doomed SELECT id FROM log WHERE received < ? ORDER BY received LIMIT ?")) {
            pick.setLong(1, cutoff);
            pick.setInt(2, limit);
            pick.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO log_fts (log_fts, rowid, message, name, module, funcname)"
                    + " SELECT 'delete', id, message, name, module, funcname FROM log WHERE id IN (SELECT id FROM doomed)");
            return statement.executeUpdate("DELETE FROM log WHERE id IN (SELECT id FROM doomed)");
        }
    }

    /** Drops what the derived tables know of the time before the cut-off (a whole minute). */
    public static void trimDerived(Connection connection, long cutoff) throws SQLException {
        long minute = Math.floorDiv(cutoff, 60_000L);
        String[] statements = {
            "DELETE FROM log_minute WHERE minute < ?",
            "DELETE FROM input_minute WHERE minute < ?",
            "DELETE FROM log_hour WHERE hour < ?",
            "DELETE FROM log_value WHERE last_seen < ?",
            "UPDATE log_value SET first_seen = ? WHERE first_seen < ?",
            "DELETE FROM log_version WHERE last_seen < ?",
            "UPDATE log_version SET first_seen = ? WHERE first_seen < ?",
        };
        // whole hours only: the hour of the cut-off keeps its counts (charts by hour are exact to the hour)
        long[] values = {minute, minute, Math.floorDiv(minute, 60L), cutoff, cutoff, cutoff, cutoff};
        for (int i = 0; i < statements.length; i++) {
            try (PreparedStatement statement = connection.prepareStatement(statements[i])) {
                statement.setLong(1, values[i]);
                if (statements[i].startsWith("UPDATE")) {
                    statement.setLong(2, cutoff);
                }
                statement.executeUpdate();
            }
        }
    }
}
