package ps.store.control;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file: WAL so readers never wait for the writer, a busy timeout as a safety net (PS has one
 * writer, so the database should never report SQLITE_BUSY), synchronous NORMAL (durable at each WAL
 * checkpoint, and measured as fast as FULL here in WAL mode).
 */
public final class Database {
    private final Path file;

    public Database(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private SQLiteConfig config(boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // 64 MiB of page cache (the default is 2 MiB): the indexes and the search index stay in memory
        config.setCacheSize(-65_536);
        config.setReadOnly(readOnly);
        return config;
    }

    /** A connection for the one writer. */
    public Connection openForWriting() throws SQLException {
        return config(false).createConnection("jdbc:sqlite:" + file);
    }

    /** A read-only connection for a query; cheap to open. */
    public Connection openForReading() throws SQLException {
        return config(true).createConnection("jdbc:sqlite:" + file);
    }

    /** A data source for schema migrations. */
    public SQLiteDataSource dataSource() {
        SQLiteDataSource dataSource = new SQLiteDataSource(config(false));
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }
}
