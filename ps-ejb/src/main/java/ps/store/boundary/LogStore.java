package ps.store.boundary;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import ps.client.LogEntry;
import ps.settings.PsSettings;
import ps.store.control.Database;
import ps.store.control.LogQuery;
import ps.store.control.LogWriter;
import ps.store.control.Migrations;
import ps.store.control.StoreException;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * The store's boundary: everything PS keeps goes through here, so the SQLite details stay in one place.
 * Writes go through the one {@link LogWriter}; reads open their own read-only connection (WAL lets them
 * run beside the writer).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LogStore {
    private static final Logger LOG = Logger.getLogger("ps.store");

    @Inject
    PsSettings settings;

    @Resource
    ManagedThreadFactory threads;

    private Database database;
    private LogWriter writer;
    private volatile boolean ready;

    @PostConstruct
    void start() {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("PS cannot create its data directory " + settings.dataDir()
                    + " (setting PS_DATA_DIR): " + e.getMessage(), e);
        }
        database = new Database(settings.dataDir().resolve("ps.sqlite"));
        String version = Migrations.migrate(database);
        // 16 batches of at most 2,000 records or 4 MiB each: bounded memory; a full queue slows the senders
        writer = new LogWriter(database, threads, 16, 20_000);
        ready = true;
        LOG.info(() -> "PS store ready: " + database.file() + " at schema version " + version
                + ", stage " + settings.stage());
    }

    @PreDestroy
    void stop() {
        ready = false;
        if (writer != null) {
            writer.close();
        }
    }

    /**
     * Registers a listener called after each commit with the committed records, on the writer thread:
     * it must only hand them on (neelix evaluates rules this way, as records are stored).
     */
    public void onCommit(java.util.function.Consumer<List<LogEntry>> listener) {
        writer.onCommit(listener);
    }

    /** True once the schema is migrated and the writer runs. */
    public boolean isReady() {
        return ready;
    }

    /** Stores a batch and returns once it is committed; a resent record (same client and sequence) is kept once. */
    public void append(List<LogEntry> batch) {
        try {
            writer.write(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while storing", e);
        }
    }

    /**
     * Queues a batch for storing and returns at once; the future completes when it is committed (see
     * {@link LogWriter#submit}).
     */
    public java.util.concurrent.CompletableFuture<Void> appendAsync(List<LogEntry> batch) {
        try {
            return writer.submit(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while storing", e);
        }
    }

    /**
     * Deletes records created before the cutoff, in slices of {@code slice} rows, each slice its own
     * short write so ingestion carries on between them.
     *
     * @return the number of records deleted
     */
    public long deleteOlderThan(long cutoffEpochMillis, int slice) {
        long total = 0;
        int deleted;
        do {
            deleted = deleteSlice(cutoffEpochMillis, slice);
            total += deleted;
        } while (deleted == slice);
        return total;
    }

    /** Deletes at most {@code slice} of the oldest records created before the cutoff, as one short write. */
    public int deleteSlice(long cutoffEpochMillis, int slice) {
        return inWriter(connection -> {
            try (java.sql.PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM log WHERE id IN (SELECT id FROM log WHERE created < ? ORDER BY created LIMIT ?)")) {
                delete.setLong(1, cutoffEpochMillis);
                delete.setInt(2, slice);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Runs a small write on the store's one writer thread, in its own transaction between batches, and
     * returns its result once committed (for tables other than {@code log}). Not from a commit listener.
     */
    public <T> T inWriter(LogWriter.SqlWork<T> work) {
        try {
            return writer.inWriter(work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing", e);
        }
    }

    /** Runs a query on a read-only connection of its own. */
    public <T> T read(LogWriter.SqlWork<T> query) {
        try (Connection connection = database.openForReading()) {
            return query.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot read: " + e.getMessage(), e);
        }
    }

    public List<LogRow> find(LogFilter filter) {
        try (Connection connection = database.openForReading()) {
            return new LogQuery(filter).select(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot read records: " + e.getMessage(), e);
        }
    }

    /** Records with a row id above {@code id}, in id order (for forwarding). */
    public List<LogRow> after(long id, int limit) {
        try (Connection connection = database.openForReading()) {
            return LogQuery.after(connection, id, limit);
        } catch (SQLException e) {
            throw new StoreException("cannot read records: " + e.getMessage(), e);
        }
    }

    /** The number of matching records, counted up to {@code cap}. */
    public long count(LogFilter filter, long cap) {
        try (Connection connection = database.openForReading()) {
            return new LogQuery(filter).count(connection, cap);
        } catch (SQLException e) {
            throw new StoreException("cannot count records: " + e.getMessage(), e);
        }
    }
}
