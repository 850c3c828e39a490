package ps.security.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ps.security.entity.ApiToken;
import ps.security.entity.User;

/** The SQL of the {@code users} and {@code api_tokens} tables (migration V10), bound parameters only. */
public final class UserTable {
    private final Connection connection;

    public UserTable(Connection connection) {
        this.connection = connection;
    }

    public Optional<User> find(String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, role, created, updated, password_hash FROM users WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(user(row)) : Optional.empty();
            }
        }
    }

    public Optional<String> passwordHash(String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    public List<User> list() throws SQLException {
        List<User> users = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, role, created, updated, password_hash FROM users ORDER BY name");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                users.add(user(row));
            }
        }
        return users;
    }

    /** Inserts the user or, when the name exists, replaces role and password hash. */
    public void save(String name, String role, String passwordHash, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO users (name, role, password_hash, created, updated) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
                        + " password_hash = excluded.password_hash, updated = excluded.updated")) {
            statement.setString(1, name);
            statement.setString(2, role);
            statement.setString(3, passwordHash);
            statement.setLong(4, now);
            statement.setLong(5, now);
            statement.executeUpdate();
        }
    }

    /** @return true when the user existed */
    public boolean update(String name, String role, String passwordHash, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE users SET role = coalesce(?, role), password_hash = coalesce(?, password_hash), updated = ?"
                        + " WHERE name = ?")) {
            statement.setString(1, role);
            statement.setString(2, passwordHash);
            statement.setLong(3, now);
            statement.setString(4, name);
            return statement.executeUpdate() == 1;
        }
    }

    /** Deletes the user and their tokens; @return true when the user existed. */
    public boolean delete(String name) throws SQLException {
        try (PreparedStatement tokens = connection.prepareStatement("DELETE FROM api_tokens WHERE user_name = ?");
             PreparedStatement user = connection.prepareStatement("DELETE FROM users WHERE name = ?")) {
            tokens.setString(1, name);
            tokens.executeUpdate();
            user.setString(1, name);
            return user.executeUpdate() == 1;
        }
    }

    public long countAdmins() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM users WHERE role = 'admin'");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    public long addToken(String user, String label, String tokenHash, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO api_tokens (user_name, label, token_hash, created) VALUES (?, ?, ?, ?) RETURNING id")) {
            statement.setString(1, user);
            statement.setString(2, label);
            statement.setString(3, tokenHash);
            statement.setLong(4, now);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The user owning the token with this hash. */
    public Optional<User> findByToken(String tokenHash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT u.name, u.role, u.created, u.updated, u.password_hash FROM api_tokens t JOIN users u ON u.name = t.user_name"
                        + " WHERE t.token_hash = ?")) {
            statement.setString(1, tokenHash);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(user(row)) : Optional.empty();
            }
        }
    }

    public List<ApiToken> tokens(String user) throws SQLException {
        List<ApiToken> tokens = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, user_name, label, created FROM api_tokens WHERE user_name = ? ORDER BY id")) {
            statement.setString(1, user);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    tokens.add(new ApiToken(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4)));
                }
            }
        }
        return tokens;
    }

    /** @return true when the user had that token */
    public boolean deleteToken(String user, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM api_tokens WHERE id = ? AND user_name = ?")) {
            statement.setLong(1, id);
            statement.setString(2, user);
            return statement.executeUpdate() == 1;
        }
    }

    private static User user(ResultSet row) throws SQLException {
        return new User(row.getString("name"), row.getString("role"), row.getLong("created"), row.getLong("updated"),
                ApiTokens.hash(row.getString("password_hash")).substring(0, 16));
    }
}
