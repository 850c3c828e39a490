package ps.bridge.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of {@code forward_dead_letters} (migration V15): records a downstream refused, bound parameters only. */
public final class DeadLetterTable {
    /** A record the downstream refused, with the record's system and message while it is still stored. */
    public record DeadLetter(long id, String downstream, long rowId, String reason, long at, String systemId,
                             String message) {
    }

    private final Connection connection;

    public DeadLetterTable(Connection connection) {
        this.connection = connection;
    }

    public int add(String downstream, long rowId, String reason, long now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO forward_dead_letters (downstream, row_id, reason, at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, downstream);
            insert.setLong(2, rowId);
            insert.setString(3, reason);
            insert.setLong(4, now);
            return insert.executeUpdate();
        }
    }

    /** The newest {@code limit} dead letters, newest first. */
    public List<DeadLetter> newest(int limit) throws SQLException {
        List<DeadLetter> list = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT d.id, d.downstream, d.row_id, d.reason, d.at, l.system_id, l.message"
                        + " FROM forward_dead_letters d LEFT JOIN log l ON l.id = d.row_id ORDER BY d.id DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    list.add(new DeadLetter(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4),
                            row.getLong(5), row.getString(6), row.getString(7)));
                }
            }
        }
        return list;
    }
}
