package ps.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * PS's database: the SQLite file under PS_DATA_DIR (the default), or a PostgreSQL server ({@link #postgres},
 * setting PS_DB_URL) through two pools of {@link PgPools}.
 * <p>
 * The SQLite file: WAL so readers never wait for the writer, a busy timeout as a safety net (PS has one
 * writer, so the database should never report SQLITE_BUSY), and {@code synchronous} as chosen (setting
 * {@code PS_SQLITE_SYNCHRONOUS}: FULL syncs the WAL at every commit, NORMAL only at checkpoints — see
 * docs/operations.md for what a power loss can take in each). The file and its directory are private to
 * PS's user (0600, 0700) however the process's umask is set; SQLite gives its WAL and shared-memory files
 * the database file's permissions.
 */
public final class Database {
    /** SQLite's {@code PRAGMA synchronous} in WAL mode. */
    public enum Synchronous {
        NORMAL(SQLiteConfig.SynchronousMode.NORMAL), FULL(SQLiteConfig.SynchronousMode.FULL);

        final SQLiteConfig.SynchronousMode mode;

        Synchronous(SQLiteConfig.SynchronousMode mode) {
            this.mode = mode;
        }
    }

    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final Synchronous synchronous;
    /** Null on SQLite. */
    private final PgPools pools;

    private volatile int nodeNumber = 1;

    public Database(Path file) {
        this(file, Synchronous.NORMAL);
    }

    public Database(Path file, Synchronous synchronous) {
        this.file = file;
        this.synchronous = synchronous;
        this.pools = null;
        makePrivate(file);
    }

    private Database(PgPools pools) {
        this.file = null;
        this.synchronous = Synchronous.FULL;
        this.pools = pools;
    }

    /**
     * PostgreSQL at {@code url} ({@code jdbc:postgresql://host:port/database}): the pools open their first
     * connections now, so a wrong address or password fails here.
     *
     * @throws DatabaseException naming the problem, never the password
     */
    public static Database postgres(String url, String user, String password) {
        return new Database(new PgPools(url, user, password));
    }

    /** True on PostgreSQL: several writers, each on a pooled connection of its own. */
    public boolean postgres() {
        return pools != null;
    }

    /** The SQLite file; null on PostgreSQL. */
    public Path file() {
        return file;
    }

    /** What PS runs on, for the log: the file, or the server's URL without its parameters. */
    public String describe() {
        return pools == null ? file.toString() : pools.describe();
    }

    /** Closes PostgreSQL's pools; nothing to do on SQLite, whose connections each caller closes. */
    public void close() {
        if (pools != null) {
            pools.close();
        }
    }

    public Synchronous synchronous() {
        return synchronous;
    }

    /**
     * The file's directory 0700, the file (created empty when missing, so SQLite never creates it with the
     * umask's permissions) and any WAL and shared-memory file left from before 0600. Does nothing on a file
     * system without POSIX permissions.
     */
    static void makePrivate(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                return;
            }
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
            } catch (FileAlreadyExistsException e) {
                // an existing store: its permissions are set below
            }
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Path path = Path.of(file + suffix);
                if (Files.exists(path)) {
                    Files.setPosixFilePermissions(path, PRIVATE_FILE);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new DatabaseException("cannot make " + file + " private to PS's user: " + e, e);
        }
    }

    private SQLiteConfig config(boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous.mode);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // 64 MiB of page cache (the default is 2 MiB): the indexes and the search index stay in memory
        config.setCacheSize(-65_536);
        config.setReadOnly(readOnly);
        return config;
    }

    /**
     * A connection for the one writer on SQLite; on PostgreSQL a pooled one (auto-commit off) that the
     * caller closes to give back.
     */
    public Connection openForWriting() throws SQLException {
        if (pools == null) {
            return config(false).createConnection("jdbc:sqlite:" + file);
        }
        Connection connection = pools.write();
        try (java.sql.PreparedStatement node = connection.prepareStatement("SELECT set_config('ps.node', ?, false)")) {
            // the default of log.node (store migration V63): which node received a record, bound by no INSERT
            node.setString(1, Integer.toString(nodeNumber));
            node.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        return connection;
    }

    /** This node's number in the cluster (PostgreSQL's write connections tell it to the server); 1 until set. */
    public int nodeNumber() {
        return nodeNumber;
    }

    /** Set by the cluster at start, before the store's writer opens its connection. */
    public void nodeNumber(int number) {
        this.nodeNumber = number;
    }

    /** A read-only connection for a query; cheap to open (on PostgreSQL a pooled one, auto-commit on). */
    public Connection openForReading() throws SQLException {
        return pools != null ? pools.read() : config(true).createConnection("jdbc:sqlite:" + file);
    }

    /** A data source for schema migrations. */
    public javax.sql.DataSource dataSource() {
        if (pools != null) {
            return pools.migrations();
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config(false));
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }
}
