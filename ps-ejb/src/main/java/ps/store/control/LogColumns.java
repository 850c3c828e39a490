package ps.store.control;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import ps.client.LogEntry;
import ps.client.LogField;

/** Maps a {@link LogEntry} to the {@code log} table's columns and back. */
final class LogColumns {
    private static final LogField[] TEXT = LogField.values();
    private static final int LINENO = 40;
    private static final int RELATIVE_CREATED = 41;
    private static final int MSECS = 42;
    private static final int SEQ = 43;
    private static final long TEXT_BITS = (1L << TEXT.length) - 1;

    static {
        if (TEXT.length > LINENO) {
            throw new ExceptionInInitializerError("LogColumns' shape bits of the numbers collide with the text fields'");
        }
    }

    private LogColumns() {
    }

    /**
     * Which columns an entry fills: one bit per text field (by ordinal) and per nullable number. Entries of
     * one shape share an INSERT that names only those columns, so nothing is bound for the columns an
     * input never sets (each bound value is a JNI call in sqlite-jdbc: about half of them were nulls).
     */
    static long shape(LogEntry entry) {
        // the entry keeps the mask of its set text fields (bit = ordinal): one read, not a get() per field,
        // which cost a quarter of a connection thread's time (JFR of IngestBenchmark); a message to be
        // formatted later counts as set (bound as NULL should it come out null)
        long shape = entry.textMask();
        if (entry.lineno() != null) {
            shape |= 1L << LINENO;
        }
        if (entry.relativeCreated() != null) {
            shape |= 1L << RELATIVE_CREATED;
        }
        if (entry.msecs() != null) {
            shape |= 1L << MSECS;
        }
        if ((shape & 1L << LogField.CLIENT_ID.ordinal()) != 0) {
            shape |= 1L << SEQ;
        }
        return shape;
    }

    /** The INSERT for entries of a shape; a resent record (same client id and seq) is ignored. */
    static String insertSql(long shape) {
        return insertSql(Dialect.SQLITE, shape);
    }

    /** The INSERT in the dialect's form (on PostgreSQL resends were filtered before: {@link Dialect#fresh}). */
    static String insertSql(Dialect dialect, long shape) {
        List<String> names = new ArrayList<>(List.of("created", "received", "levelno"));
        addIf(names, shape, LINENO, "lineno");
        addIf(names, shape, RELATIVE_CREATED, "relativecreated");
        addIf(names, shape, MSECS, "msecs");
        addIf(names, shape, SEQ, "seq");
        for (LogField field : TEXT) {
            addIf(names, shape, field.ordinal(), field.column());
        }
        return dialect.insertInto() + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")";
    }

    private static void addIf(List<String> names, long shape, int bit, String name) {
        if ((shape & (1L << bit)) != 0) {
            names.add(name);
        }
    }

    /** Binds an entry to the INSERT of its own shape ({@link #shape}), in {@link #insertSql}'s column order. */
    static void bind(PreparedStatement statement, LogEntry entry, long shape) throws SQLException {
        int index = 1;
        statement.setLong(index++, entry.created());
        statement.setLong(index++, entry.received());
        statement.setInt(index++, entry.levelno());
        if ((shape & 1L << LINENO) != 0) {
            statement.setInt(index++, entry.lineno());
        }
        if ((shape & 1L << RELATIVE_CREATED) != 0) {
            statement.setDouble(index++, entry.relativeCreated());
        }
        if ((shape & 1L << MSECS) != 0) {
            statement.setDouble(index++, entry.msecs());
        }
        if ((shape & 1L << SEQ) != 0) {
            statement.setLong(index++, entry.seq());
        }
        // the text fields of the shape, in ordinal order: only those set, no look-up of the others
        for (long text = shape & TEXT_BITS; text != 0; text &= text - 1) {
            statement.setString(index++, entry.get(TEXT[Long.numberOfTrailingZeros(text)]));
        }
    }

    static LogEntry read(ResultSet row) throws SQLException {
        LogEntry entry = new LogEntry()
                .created(row.getLong("created"))
                .received(row.getLong("received"))
                .levelno(row.getInt("levelno"))
                .seq(row.getLong("seq"))
                .node(row.getInt("node"));
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
