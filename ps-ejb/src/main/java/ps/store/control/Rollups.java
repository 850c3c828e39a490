package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import ps.client.LogField;
import ps.store.entity.LogFilter;
import ps.store.entity.SeriesPoint;
import ps.store.entity.ServiceVersion;

/**
 * Reads the derived tables that {@link Derived} keeps: per-minute counts, distinct values, versions.
 * Each answer reads a few thousand small rows at most, whatever the size of {@code log}.
 */
public final class Rollups {
    private final Connection connection;

    public Rollups(Connection connection) {
        this.connection = connection;
    }

    /**
     * Records per bucket and level in [from, to), optionally of one system.
     *
     * @param bucketMinutes the bucket width (1 for per minute)
     */
    public List<SeriesPoint> perLevel(long from, long to, int bucketMinutes, String system) throws SQLException {
        if (bucketMinutes % 60 == 0) {
            return perLevelHourly(from, to, bucketMinutes / 60, system);
        }
        String sql = "SELECT (minute / ?) * ? AS bucket, levelno, sum(n) FROM log_minute WHERE minute >= ? AND minute < ?"
                + (system == null ? "" : " AND system_id = ?") + " GROUP BY bucket, levelno ORDER BY bucket, levelno";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = bindRange(statement, bucketMinutes, from, to);
            if (system != null) {
                statement.setString(index, system);
            }
            return series(statement);
        }
    }

    /** Buckets of whole hours read the hourly table; the range is widened to whole hours. */
    private List<SeriesPoint> perLevelHourly(long from, long to, int bucketHours, String system) throws SQLException {
        String sql = "SELECT (hour / ?) * ? * 60 AS bucket, levelno, sum(n) FROM log_hour WHERE hour >= ? AND hour < ?"
                + (system == null ? "" : " AND system_id = ?") + " GROUP BY bucket, levelno ORDER BY bucket, levelno";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, bucketHours);
            statement.setInt(2, bucketHours);
            statement.setLong(3, Math.floorDiv(from, 3_600_000L));
            statement.setLong(4, Math.floorDiv(to - 1, 3_600_000L) + 1);
            if (system != null) {
                statement.setString(5, system);
            }
            return series(statement);
        }
    }

    /** Records per bucket and input by arrival time in [from, to). */
    public List<SeriesPoint> perInput(long from, long to, int bucketMinutes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT (minute / ?) * ? AS bucket, input, sum(n) FROM input_minute WHERE minute >= ? AND minute < ?"
                        + " GROUP BY bucket, input ORDER BY bucket, input")) {
            bindRange(statement, bucketMinutes, from, to);
            return series(statement);
        }
    }

    /**
     * The systems with most records at or above a level in [from, to), most first. Ranges of six hours
     * or more are read from the hourly table, widened to whole hours.
     */
    public List<SeriesPoint> topSystems(long from, long to, int minLevel, int limit) throws SQLException {
        boolean hourly = to - from >= 6 * 3_600_000L;
        long unit = hourly ? 3_600_000L : 60_000L;
        String table = hourly ? "log_hour WHERE hour >= ? AND hour < ?" : "log_minute WHERE minute >= ? AND minute < ?";
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 0, system_id, sum(n) AS total FROM " + table + " AND levelno >= ?"
                        + " GROUP BY system_id ORDER BY total DESC, system_id LIMIT ?")) {
            statement.setLong(1, Math.floorDiv(from, unit));
            statement.setLong(2, Math.floorDiv(to - 1, unit) + 1);
            statement.setInt(3, minLevel);
            statement.setInt(4, limit);
            return series(statement);
        }
    }

    /**
     * Up to {@code limit} distinct values of a filterable id field that start with {@code prefix} (case
     * matters; "" for all), sorted: one range of the table's primary key, however many values there are.
     */
    public List<String> values(LogField field, String prefix, int limit) throws SQLException {
        if (!List.of(LogFilter.ID_FIELDS).contains(field)) {
            throw new IllegalArgumentException(field.column() + " is not a filterable id field");
        }
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT value FROM log_value WHERE field = ? AND value >= ? AND value < ? ORDER BY value LIMIT ?")) {
            statement.setString(1, field.column());
            statement.setString(2, prefix);
            // U+10FFFF sorts after every character that can follow the prefix
            statement.setString(3, prefix + "\uDBFF\uDFFF");
            statement.setInt(4, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    values.add(row.getString(1));
                }
            }
        }
        return values;
    }

    /** Every system's versions, by system, newest version last seen first. */
    public List<ServiceVersion> versions() throws SQLException {
        List<ServiceVersion> versions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT system_id, package_version, first_seen, last_seen, n FROM log_version"
                        + " ORDER BY system_id, last_seen DESC");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                versions.add(new ServiceVersion(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4),
                        row.getLong(5)));
            }
        }
        return versions;
    }

    private static int bindRange(PreparedStatement statement, int bucketMinutes, long from, long to) throws SQLException {
        if (bucketMinutes < 1) {
            throw new IllegalArgumentException("bucket must be at least one minute");
        }
        statement.setInt(1, bucketMinutes);
        statement.setInt(2, bucketMinutes);
        statement.setLong(3, Math.floorDiv(from, 60_000L));
        statement.setLong(4, Math.floorDiv(to - 1, 60_000L) + 1);
        return 5;
    }

    private static List<SeriesPoint> series(PreparedStatement statement) throws SQLException {
        List<SeriesPoint> points = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                points.add(new SeriesPoint(row.getLong(1) * 60_000L, row.getString(2), row.getLong(3)));
            }
        }
        return points;
    }
}
