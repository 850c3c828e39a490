package ps.system;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import ps.testsupport.PgCluster;

/**
 * {@link RecordPathIT} on a PS node whose store is PostgreSQL (PS_DB_URL): client → TCP → resource adapter
 * → MDB → PostgreSQL → REST and console, the same tests and answers as on SQLite. The node migrates every
 * component's tables (store, bridge, neelix, security, batch) at start.
 */
class PgRecordPathIT extends RecordPathIT {
    static PgCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = PgCluster.start();
        try (Connection connection = cluster.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE ps");
        }
        server = PsServer.start(PsServer.dataDir("pg-record-path"), Map.of(
                "PS_DB_URL", cluster.url("ps"), "PS_DB_USER", "postgres", "PS_DB_PASSWORD", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
