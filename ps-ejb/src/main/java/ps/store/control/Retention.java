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
 * (index {@code log_received}). The counts by {@code created} (per minute, per hour, per version) lose
 * exactly the records deleted, so a chart always counts the rows there are, whatever their clock said;
 * counts per minute of arrival go by whole minutes before the cut-off. Distinct values seen only before the
 * cut-off go, the others keep a first-seen time no earlier than it.
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
            for (String uncount : UNCOUNT_DOOMED) {
                statement.executeUpdate(uncount);
            }
            statement.executeUpdate("INSERT INTO log_fts (log_fts, rowid, message, name, module, funcname)"
                    + " SELECT 'delete', id, message, name, module, funcname FROM log WHERE id IN (SELECT id FROM doomed)");
            return statement.executeUpdate("DELETE FROM log WHERE id IN (SELECT id FROM doomed)");
        }
    }

    /** Takes the doomed records out of the counts kept by their {@code created} time. */
    private static final String[] UNCOUNT_DOOMED = {
        "UPDATE log_minute SET n = log_minute.n - g.n FROM (SELECT created / 60000 AS minute,"
                + " coalesce(system_id, '') AS system_id, levelno, coalesce(input, '') AS input, count(*) AS n"
                + " FROM log WHERE id IN (SELECT id FROM doomed) GROUP BY 1, 2, 3, 4) AS g"
                + " WHERE log_minute.minute = g.minute AND log_minute.system_id = g.system_id"
                + " AND log_minute.levelno = g.levelno AND log_minute.input = g.input",
        "DELETE FROM log_minute WHERE n <= 0 AND minute IN"
                + " (SELECT DISTINCT created / 60000 FROM log WHERE id IN (SELECT id FROM doomed))",
        "UPDATE log_hour SET n = log_hour.n - g.n FROM (SELECT created / 3600000 AS hour,"
                + " coalesce(system_id, '') AS system_id, levelno, count(*) AS n"
                + " FROM log WHERE id IN (SELECT id FROM doomed) GROUP BY 1, 2, 3) AS g"
                + " WHERE log_hour.hour = g.hour AND log_hour.system_id = g.system_id AND log_hour.levelno = g.levelno",
        "DELETE FROM log_hour WHERE n <= 0 AND hour IN"
                + " (SELECT DISTINCT created / 3600000 FROM log WHERE id IN (SELECT id FROM doomed))",
        "UPDATE log_version SET n = log_version.n - g.n FROM (SELECT coalesce(system_id, '') AS system_id,"
                + " coalesce(package_version, '') AS package_version, count(*) AS n"
                + " FROM log WHERE id IN (SELECT id FROM doomed) GROUP BY 1, 2) AS g"
                + " WHERE log_version.system_id = g.system_id AND log_version.package_version = g.package_version",
        "DELETE FROM log_version WHERE n <= 0",
    };

    /** Drops what the derived tables know of the time before the cut-off (a whole minute). */
    public static void trimDerived(Connection connection, long cutoff) throws SQLException {
        long minute = Math.floorDiv(cutoff, 60_000L);
        String[] statements = {
            "DELETE FROM input_minute WHERE minute < ?",
            "DELETE FROM log_value WHERE last_seen < ?",
            "UPDATE log_value SET first_seen = ? WHERE first_seen < ?",
            "UPDATE log_version SET first_seen = ? WHERE first_seen < ?",
        };
        long[] values = {minute, cutoff, cutoff, cutoff};
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
