package ps.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import ps.testsupport.PgCluster;

/**
 * The two databases the store's tests run on: a SQLite file in the test's directory, or a fresh database
 * of one private PostgreSQL cluster ({@link PgCluster}) that the first PostgreSQL test starts and the JVM's
 * exit stops.
 */
public enum TestDatabases {
    SQLITE, POSTGRESQL;

    private static PgCluster cluster;
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A new, empty database of this kind (not migrated); SQLite's file {@code name} in {@code dir}. */
    public Database open(Path dir, String name) {
        return this == SQLITE ? new Database(dir.resolve(name)) : postgres();
    }

    public Database open(Path dir) {
        return open(dir, "ps.sqlite");
    }

    private static Database postgres() {
        return postgres(1)[0];
    }

    /** {@code nodes} pools on one new PostgreSQL database, as several PS nodes would have. */
    public static synchronized Database[] postgres(int nodes) {
        try {
            if (cluster == null) {
                cluster = PgCluster.start();
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            }
            String name = "t" + NEXT.incrementAndGet();
            try (Connection connection = cluster.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            Database[] databases = new Database[nodes];
            for (int i = 0; i < nodes; i++) {
                databases[i] = Database.postgres(cluster.url(name), "postgres", "");
            }
            return databases;
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("cannot start the test's PostgreSQL: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
