package ps.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import ps.settings.PsSettings;

/**
 * The database boundary, owned by no component: it opens PS's database, migrates every component's tables
 * and lends connections — {@link #read} a read-only one, {@link #write} one transaction on the single
 * writer. Each component's repository holds its own SQL and gets its connections here; no component hands
 * a connection to another.
 * <p>
 * SQLite allows one writer at a time, so every write of PS goes through one thread: the store's log writer,
 * which attaches itself with {@link #writeOn} once it runs (ingestion batches and other writes then never
 * contend for the lock). A bean that writes at start-up therefore names {@code @DependsOn("LogStore")}
 * (and LogStore names none, see there).
 * <p>
 * On PostgreSQL (setting PS_DB_URL) there is no single writer: {@link #write} takes a pooled connection of its
 * own and runs the work in a transaction there, so several writes (and several nodes) run at once.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Db {
    private static final Logger LOG = Logger.getLogger("ps.db");

    /** Runs a write in a transaction of its own on the single writer; on SQLite the store's writer thread. */
    @FunctionalInterface
    public interface Writer {
        <T> T inWriter(SqlWork<T> work) throws InterruptedException;
    }

    @Inject
    PsSettings settings;

    private Database database;
    private String version;
    private volatile Writer writer;

    @PostConstruct
    void open() {
        if (settings.dbUrl().isPresent()) {
            openPostgres(settings.dbUrl().get());
            return;
        }
        Path dir = settings.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("PS cannot create its data directory " + dir
                    + " (setting PS_DATA_DIR): " + e.getMessage(), e);
        }
        Path file = dir.resolve("ps.sqlite");
        try {
            database = new Database(file, Database.Synchronous.valueOf(settings.sqliteSynchronous()));
            version = Migrations.migrate(database);
        } catch (RuntimeException e) {
            // the container's report of a failed singleton buries the cause under pages of stack
            String reason = "PS cannot open its store " + file + " (setting PS_DATA_DIR): " + rootMessage(e);
            LOG.severe(reason);
            throw new IllegalStateException(reason, e);
        }
    }

    private void openPostgres(String url) {
        try {
            database = Database.postgres(url, settings.dbUser(), settings.dbPassword());
        } catch (RuntimeException e) {
            String reason = "PS cannot open its store (setting PS_DB_URL, PS_DB_USER, PS_DB_PASSWORD): " + rootMessage(e);
            LOG.severe(reason);
            throw new IllegalStateException(reason, e);
        }
        try {
            version = Migrations.migrate(database);
        } catch (RuntimeException e) {
            database.close();
            String reason = "PS cannot migrate its store " + database.describe() + " (setting PS_DB_URL): " + rootMessage(e);
            LOG.severe(reason);
            throw new IllegalStateException(reason, e);
        }
    }

    @PreDestroy
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }

    /**
     * A boundary outside the container (tests, tools) on a PostgreSQL database opened and migrated already:
     * writes there need no single writer.
     */
    public static Db standalone(Database database) {
        if (!database.postgres()) {
            throw new IllegalArgumentException("a standalone Db is for PostgreSQL; SQLite's writes need the store's writer");
        }
        Db db = new Db();
        db.database = database;
        return db;
    }

    /** The opened, migrated database (for the store's writer and queries). */
    public Database database() {
        return database;
    }

    /** The schema version after migrating at start. */
    public String schemaVersion() {
        return version;
    }

    /** Makes {@code writer} the single writer every {@link #write} goes through. */
    public void writeOn(Writer writer) {
        this.writer = writer;
    }

    /** Runs a read on a read-only connection of its own (pooled on PostgreSQL). */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = database.openForReading()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a write in a transaction of its own on the single writer and returns its result once committed;
     * the transaction is rolled back when the work throws. Keep it short: ingestion waits meanwhile.
     *
     * @throws DatabaseException when the work failed or the writer does not run
     */
    public <T> T write(SqlWork<T> work) {
        if (database.postgres()) {
            return Transactions.run(database, work);
        }
        Writer current = writer;
        if (current == null) {
            throw new DatabaseException("the single writer does not run (yet): a bean writing at start-up needs @DependsOn(\"LogStore\")", null);
        }
        try {
            return current.inWriter(work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while writing", e);
        }
    }
}
