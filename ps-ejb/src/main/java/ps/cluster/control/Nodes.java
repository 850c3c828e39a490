package ps.cluster.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The cluster's node numbers ({@code cluster_node}, PostgreSQL's migration V61 in {@code db/postgresql/cluster}):
 * a small number per node id, given at its first start and kept. On SQLite the one node is {@link #SINGLE}.
 */
public final class Nodes {
    /** The number of SQLite's one node, and of the first node of a cluster. */
    public static final int SINGLE = 1;

    private Nodes() {
    }

    /**
     * The node's number, registered now if it has none; in the caller's transaction. Looked up first, as
     * every INSERT takes a number from the sequence even when it conflicts (restarts would use them up).
     */
    public static int register(Connection connection, String node) throws SQLException {
        Integer known = number(connection, node);
        if (known != null) {
            return known;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO cluster_node (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, node);
            insert.executeUpdate();
        }
        Integer added = number(connection, node);
        if (added == null) {
            throw new SQLException("node " + node + " has no number after registering it");
        }
        return added;
    }

    private static Integer number(Connection connection, String node) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT number FROM cluster_node WHERE name = ?")) {
            select.setString(1, node);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        }
    }

    /** number → node id of every node known; in the caller's transaction. */
    public static java.util.Map<Integer, String> all(Connection connection) throws SQLException {
        java.util.Map<Integer, String> nodes = new java.util.TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT number, name FROM cluster_node");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                nodes.put(rows.getInt(1), rows.getString(2));
            }
        }
        return nodes;
    }
}
