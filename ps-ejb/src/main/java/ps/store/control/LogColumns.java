package ps.store.control;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import ps.client.LogEntry;
import ps.client.LogField;

/** Maps a {@link LogEntry} to the {@code log} table's columns and back. */
final class LogColumns {
    private static final LogField[] TEXT = LogField.values();
    private static final String[] NUMERIC = {"created", "received", "levelno", "lineno", "relativecreated", "msecs", "seq"};

    static final String INSERT;

    static {
        List<String> names = new ArrayList<>(List.of(NUMERIC));
        for (LogField field : TEXT) {
            names.add(field.column());
        }
        INSERT = "INSERT OR IGNORE INTO log (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")";
    }

    private LogColumns() {
    }

    static void bind(PreparedStatement statement, LogEntry entry) throws SQLException {
        statement.setLong(1, entry.created());
        statement.setLong(2, entry.received());
        statement.setInt(3, entry.levelno());
        setNullable(statement, 4, entry.lineno(), Types.INTEGER);
        setNullable(statement, 5, entry.relativeCreated(), Types.REAL);
        setNullable(statement, 6, entry.msecs(), Types.REAL);
        if (entry.get(LogField.CLIENT_ID) != null) {
            statement.setLong(7, entry.seq());
        } else {
            statement.setNull(7, Types.INTEGER);
        }
        int index = NUMERIC.length + 1;
        for (LogField field : TEXT) {
            statement.setString(index++, entry.get(field));
        }
    }

    private static void setNullable(PreparedStatement statement, int index, Object value, int type) throws SQLException {
        if (value == null) {
            statement.setNull(index, type);
        } else {
            statement.setObject(index, value);
        }
    }

    static LogEntry read(ResultSet row) throws SQLException {
        LogEntry entry = new LogEntry()
                .created(row.getLong("created"))
                .received(row.getLong("received"))
                .levelno(row.getInt("levelno"))
                .seq(row.getLong("seq"));
        int lineno = row.getInt("lineno");
        entry.lineno(row.wasNull() ? null : lineno);
        double relative = row.getDouble("relativecreated");
        entry.relativeCreated(row.wasNull() ? null : relative);
        double msecs = row.getDouble("msecs");
        entry.msecs(row.wasNull() ? null : msecs);
        for (LogField field : TEXT) {
            entry.set(field, row.getString(field.column()));
        }
        return entry;
    }
}
