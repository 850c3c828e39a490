package ps.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The PostgreSQL fixture itself: it starts, takes a connection and a write, and is gone when closed. */
class PgClusterTest {
    @Test
    void startsAcceptsAWriteAndStops() throws Exception {
        PgCluster cluster = PgCluster.start();
        int port = cluster.port();
        Path dir = cluster.dir();
        try (cluster) {
            try (Connection connection = cluster.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE t (id integer PRIMARY KEY, word text)");
                statement.executeUpdate("INSERT INTO t VALUES (1, 'kept')");
                try (ResultSet version = statement.executeQuery("SHOW server_version_num")) {
                    assertTrue(version.next());
                    assertTrue(Integer.parseInt(version.getString(1)) >= 150000, "PostgreSQL 15 or later");
                }
                try (ResultSet row = statement.executeQuery("SELECT word FROM t WHERE id = 1")) {
                    assertTrue(row.next());
                    assertEquals("kept", row.getString(1));
                }
            }
        }
        assertThrows(SQLException.class, () -> cluster.connect("postgres").close(), "the server is stopped");
        assertFalse(portOpen(port), "nothing listens on the port any more");
        assertFalse(Files.exists(dir), "the cluster's files are deleted");
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
