package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ps.client.LogEntry;

/** The writer's prepared INSERTs, one per entry shape (see {@link LogColumns#shape}), batched per transaction. */
final class Inserts implements AutoCloseable {
    private static final int MAX_SHAPES = 64;

    private final Connection connection;
    private final Dialect dialect;
    /** On PostgreSQL the entries wait here for {@link Dialect#fresh} before they are bound. */
    private final List<LogEntry> held = new ArrayList<>();
    private final List<Long> heldShapes = new ArrayList<>();
    private final Map<Long, PreparedStatement> byShape = new HashMap<>();
    /** The entries batched on each statement, in the order they were added. */
    private final Map<PreparedStatement, List<LogEntry>> pending = new LinkedHashMap<>();
    private long lastShape;
    private PreparedStatement lastStatement;
    private List<LogEntry> lastEntries;

    Inserts(Connection connection) {
        this(connection, Dialect.SQLITE);
    }

    Inserts(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    void add(LogEntry entry) throws SQLException {
        add(entry, LogColumns.shape(entry));
    }

    /**
     * Batches the entry on the INSERT of its shape. Consecutive entries mostly share their shape (one
     * sender's batch), so the last statement is tried first, without boxing nor hashing the shape.
     */
    void add(LogEntry entry, long shape) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            held.add(entry);
            heldShapes.add(shape);
            return;
        }
        bind(entry, shape);
    }

    private void bind(LogEntry entry, long shape) throws SQLException {
        if (lastStatement == null || shape != lastShape) {
            PreparedStatement insert = byShape.get(shape);
            if (insert == null) {
                if (byShape.size() >= MAX_SHAPES && pending.isEmpty()) {
                    close();
                }
                insert = connection.prepareStatement(LogColumns.insertSql(dialect, shape));
                byShape.put(shape, insert);
            }
            lastShape = shape;
            lastStatement = insert;
            lastEntries = pending.computeIfAbsent(insert, key -> new ArrayList<>());
        }
        LogColumns.bind(lastStatement, entry, shape);
        lastStatement.addBatch();
        lastEntries.add(entry);
    }

    /**
     * Runs every batched INSERT; the caller commits.
     *
     * @return the entries inserted, resent duplicates (ignored by the unique index) left out
     */
    List<LogEntry> execute() throws SQLException {
        if (!held.isEmpty()) {
            java.util.Set<LogEntry> fresh = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            fresh.addAll(dialect.fresh(connection, held));
            for (int i = 0; i < held.size(); i++) {
                if (fresh.contains(held.get(i))) {
                    bind(held.get(i), heldShapes.get(i));
                }
            }
            held.clear();
            heldShapes.clear();
        }
        List<LogEntry> inserted = new ArrayList<>();
        for (Map.Entry<PreparedStatement, List<LogEntry>> statement : pending.entrySet()) {
            int[] counts = statement.getKey().executeBatch();
            List<LogEntry> entries = statement.getValue();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    inserted.add(entries.get(i));
                }
            }
        }
        pending.clear();
        lastStatement = null;
        return inserted;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement insert : byShape.values()) {
            insert.close();
        }
        byShape.clear();
        pending.clear();
        held.clear();
        heldShapes.clear();
        lastStatement = null;
    }
}
