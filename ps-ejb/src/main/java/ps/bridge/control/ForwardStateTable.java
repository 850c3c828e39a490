package ps.bridge.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The SQL of {@code forward_state} (migration V2): per downstream, the client id and the acknowledged row id. */
public final class ForwardStateTable {
    /** What the forwarder resumes from. */
    public record State(String clientId, long ackedId) {
    }

    private final Connection connection;

    public ForwardStateTable(Connection connection) {
        this.connection = connection;
    }

    /** The downstream's state, created with a new client id and nothing acknowledged on first use. */
    public State loadOrCreate(String downstream) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT client_id, acked_id FROM forward_state WHERE downstream = ?")) {
            select.setString(1, downstream);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return new State(row.getString(1), row.getLong(2));
                }
            }
        }
        String clientId = "ps-forward-" + UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO forward_state (downstream, client_id, acked_id) VALUES (?, ?, 0)")) {
            insert.setString(1, downstream);
            insert.setString(2, clientId);
            insert.executeUpdate();
        }
        return new State(clientId, 0);
    }

    /** Moves the acknowledged position forward (never back). */
    public int saveAcked(String downstream, long ackedId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE forward_state SET acked_id = ? WHERE downstream = ? AND acked_id < ?")) {
            update.setLong(1, ackedId);
            update.setString(2, downstream);
            update.setLong(3, ackedId);
            return update.executeUpdate();
        }
    }
}
