package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import ps.client.LogEntry;

/** The writer's prepared INSERTs, one per entry shape (see {@link LogColumns#shape}), batched per transaction. */
final class Inserts implements AutoCloseable {
    private static final int MAX_SHAPES = 64;

    private final Connection connection;
    private final Map<Long, PreparedStatement> byShape = new HashMap<>();
    private final Set<PreparedStatement> pending = new LinkedHashSet<>();

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
        pending.add(insert);
    }

    /** Runs every batched INSERT; the caller commits. */
    void execute() throws SQLException {
        for (PreparedStatement insert : pending) {
            insert.executeBatch();
        }
        pending.clear();
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
