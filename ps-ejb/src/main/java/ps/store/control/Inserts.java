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
    private final Map<Long, PreparedStatement> byShape = new HashMap<>();
    /** The entries batched on each statement, in the order they were added. */
    private final Map<PreparedStatement, List<LogEntry>> pending = new LinkedHashMap<>();

    Inserts(Connection connection) {
        this.connection = connection;
    }

    void add(LogEntry entry) throws SQLException {
        long shape = LogColumns.shape(entry);
        PreparedStatement insert = byShape.get(shape);
        if (insert == null) {
            if (byShape.size() >= MAX_SHAPES && pending.isEmpty()) {
                close();
            }
            insert = connection.prepareStatement(LogColumns.insertSql(shape));
            byShape.put(shape, insert);
        }
        LogColumns.bind(insert, entry);
        insert.addBatch();
        pending.computeIfAbsent(insert, key -> new ArrayList<>()).add(entry);
    }

    /**
     * Runs every batched INSERT; the caller commits.
     *
     * @return the entries inserted, resent duplicates (ignored by the unique index) left out
     */
    List<LogEntry> execute() throws SQLException {
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
        return inserted;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement insert : byShape.values()) {
            insert.close();
        }
        byShape.clear();
        pending.clear();
    }
}
