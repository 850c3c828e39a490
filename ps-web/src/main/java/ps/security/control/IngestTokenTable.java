package ps.security.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import ps.security.entity.IngestToken;

/** The SQL of the {@code ingest_tokens} and {@code ingest_clients} tables (migration V14), bound parameters only. */
public final class IngestTokenTable {
    private final Connection connection;

    public IngestTokenTable(Connection connection) {
        this.connection = connection;
    }

    public long add(String label, String tokenHash, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO ingest_tokens (label, token_hash, created) VALUES (?, ?, ?) RETURNING id")) {
            statement.setString(1, label);
            statement.setString(2, tokenHash);
            statement.setLong(3, now);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Deletes the token and its client bindings; @return true when it existed. */
    public boolean delete(long id) throws SQLException {
        try (PreparedStatement clients = connection.prepareStatement("DELETE FROM ingest_clients WHERE token_id = ?");
             PreparedStatement token = connection.prepareStatement("DELETE FROM ingest_tokens WHERE id = ?")) {
            clients.setLong(1, id);
            clients.executeUpdate();
            token.setLong(1, id);
            return token.executeUpdate() == 1;
        }
    }

    public List<IngestToken> list() throws SQLException {
        List<IngestToken> tokens = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT t.id, t.label, t.created, (SELECT count(*) FROM ingest_clients c WHERE c.token_id = t.id)"
                        + " FROM ingest_tokens t ORDER BY t.id");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                tokens.add(new IngestToken(row.getLong(1), row.getString(2), row.getLong(3), row.getLong(4)));
            }
        }
        return tokens;
    }

    /** Fills the keys with every token and binding. */
    public void load(IngestKeys keys) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, token_hash FROM ingest_tokens");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                keys.addToken(row.getLong(1), row.getString(2));
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT client_id, token_id FROM ingest_clients WHERE token_id IN (SELECT id FROM ingest_tokens)");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                keys.bind(row.getString(1), row.getLong(2));
            }
        }
    }

    /** Saves bindings; one already saved (for the same token) is left alone. */
    public void saveBindings(List<IngestKeys.Binding> bindings) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO ingest_clients (client_id, token_id, bound) VALUES (?, ?, ?) ON CONFLICT (client_id) DO NOTHING")) {
            for (IngestKeys.Binding binding : bindings) {
                statement.setString(1, binding.clientId());
                statement.setLong(2, binding.tokenId());
                statement.setLong(3, binding.bound());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
