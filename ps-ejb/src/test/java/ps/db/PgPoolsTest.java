package ps.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** PostgreSQL's pools: a wrong URL or an unreachable server fails at once with a readable reason; reads cannot write. */
class PgPoolsTest {
    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithoutEchoingItsParameters() {
        DatabaseException refused = assertThrows(DatabaseException.class,
                () -> Database.postgres("jdbc:mysql://db/ps?password=secret", "ps", "pw"));
        assertTrue(refused.getMessage().contains("is not a jdbc:postgresql://"), refused.getMessage());
        assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
    }

    @Test
    void anUnreachableServerFailsTheOpeningInOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        DatabaseException failed = assertThrows(DatabaseException.class,
                () -> Database.postgres("jdbc:postgresql://127.0.0.1:" + port + "/ps?password=secret", "ps", "pw"));
        assertTrue(failed.getMessage().startsWith("cannot connect to jdbc:postgresql://127.0.0.1:" + port + "/ps as ps: "),
                failed.getMessage());
        assertFalse(failed.getMessage().contains("secret") || failed.getMessage().contains("\n"), failed.getMessage());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "no retrying in the background");
    }

    @Test
    void writesCommitOnTheirOwnConnectionAndReadsAreReadOnly() throws SQLException {
        Database database = TestDatabases.POSTGRESQL.open(null);
        try {
            Migrations.migrate(database);
            int written = Transactions.run(database, connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("INSERT INTO forward_state (downstream, client_id) VALUES ('d', 'c')");
                }
            });
            assertEquals(1, written);
            assertThrows(DatabaseException.class, () -> Transactions.run(database, connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO forward_state (downstream, client_id) VALUES ('e', 'c')");
                    throw new SQLException("the work failed");
                }
            }));
            try (Connection connection = database.openForReading(); Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT string_agg(downstream, ',') FROM forward_state")) {
                    rows.next();
                    assertEquals("d", rows.getString(1), "the failed work was rolled back");
                }
                assertThrows(SQLException.class, () -> statement.executeUpdate("DELETE FROM forward_state"));
            }
        } finally {
            database.close();
        }
    }
}
