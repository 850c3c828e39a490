package ps.store.boundary;

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
import ps.db.Database;
import ps.db.Db;
import ps.db.Migrations;
import ps.db.SqlWork;
import ps.settings.PsSettings;
import ps.store.control.Derived;
import ps.store.control.Dialect;
import ps.store.control.Retention;
import ps.store.control.Rollups;
import ps.store.entity.SeriesPoint;
import ps.store.entity.ServiceVersion;
import ps.store.control.LogQuery;
import ps.store.control.LogWriter;
import ps.store.control.MachineSteps;
import ps.store.control.StoreException;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;
import ps.store.entity.MachineRow;

/**
 * The store's boundary: the log records and what is derived from them (search index, rollups, value lists,
 * machines). Writes go through the one {@link LogWriter}, which is also the single writer of the database
 * boundary {@link Db} on SQLite; reads open their own read-only connection (WAL lets them run beside the
 * writer).
 * <p>
 * It names no {@code @DependsOn}: its first call on {@link Db} starts that bean. Payara's ordering of
 * singletons reports a false cycle once a bean that others depend on both directly and through another
 * (Jobs on LogStore and on Neelix, Neelix on LogStore) depends on something itself.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LogStore {
    private static final Logger LOG = Logger.getLogger("ps.store");

    @Inject
    PsSettings settings;

    @Inject
    Db db;

    /** Only to start it first: it tells the database this node's number before the writer connects (log.node). */
    @Inject
    ps.cluster.boundary.Cluster cluster;

    @Resource
    ManagedThreadFactory threads;

    private Database database;
    private Dialect dialect;
    private LogWriter writer;
    private volatile boolean ready;

    /** Distinct values answered at most by one call (the console completes a prefix instead of listing all). */
    public static final int MAX_VALUES = 1_000;

    /** Any query's time budget (setting ps.query.budget.ms); past it the query is stopped with a message. */
    private long queryBudgetMillis = PsSettings.QUERY_BUDGET_MILLIS;
    /** A substring search reads row after row, so it gets longer (setting ps.search.budget.ms). */
    private long substringBudgetMillis = PsSettings.SUBSTRING_BUDGET_MILLIS;

    @PostConstruct
    void start() {
        queryBudgetMillis = settings.queryBudgetMillis();
        substringBudgetMillis = settings.substringBudgetMillis();
        cluster.nodeNumber(); // the first call starts the Cluster bean
        open(db.database(), threads);
        db.writeOn(writer::inWriter);
        LOG.info(() -> "PS store ready: " + database.describe() + " at schema version " + db.schemaVersion()
                + ", stage " + settings.stage() + ", synchronous " + database.synchronous());
    }

    /**
     * A store outside the container (benchmarks, tools): migrated, with its writer running. Close it with
     * {@link #stop()}.
     */
    public static LogStore standalone(java.nio.file.Path file, java.util.concurrent.ThreadFactory threads) {
        return standalone(new Database(file, Database.Synchronous.NORMAL), threads);
    }

    /** {@link #standalone(java.nio.file.Path, java.util.concurrent.ThreadFactory)} on a database opened already (PostgreSQL). */
    public static LogStore standalone(Database database, java.util.concurrent.ThreadFactory threads) {
        LogStore store = new LogStore();
        Migrations.migrate(database);
        store.open(database, threads);
        return store;
    }

    private void open(Database database, java.util.concurrent.ThreadFactory threads) {
        this.database = database;
        this.dialect = Dialect.of(database);
        // 16 batches of at most 2,000 records or 4 MiB each: bounded memory; a full queue slows the senders
        writer = new LogWriter(database, threads, 16, 20_000);
        writer.addBatchStep(new Derived(dialect));
        writer.addBatchStep(new MachineSteps(dialect));
        ready = true;
    }

    @PreDestroy
    public void stop() {
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

    /** A read of the store's own tables (rollups, value lists, machines) on a read-only connection. */
    private <T> T read(SqlWork<T> work) {
        try (Connection connection = database.openForReading()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes at most {@code slice} of the oldest records received (the bridge's time, not the sender's)
     * before the cutoff, as one short write: the retention job's step.
     * Call {@link #trimDerived} when done.
     */
    public int deleteSlice(long cutoffEpochMillis, int slice) {
        return inWriter(connection -> dialect.deleteChunk(connection, cutoffEpochMillis, slice));
    }

    /** Drops what the rollups and value lists still count of records created before the cutoff. */
    public void trimDerived(long cutoffEpochMillis) {
        long minute = Retention.wholeMinute(cutoffEpochMillis);
        inWriter(connection -> {
            Retention.trimDerived(connection, minute);
            return null;
        });
    }

    /** A write of the store's own tables on the one writer thread, in a transaction of its own. */
    private <T> T inWriter(SqlWork<T> work) {
        try {
            return writer.inWriter(work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing", e);
        }
    }

    /**
     * One page of matching records.
     *
     * @throws ps.store.control.SearchTooSlowException when the query ran past its time budget (longer for a
     *         substring search)
     */
    public List<LogRow> find(LogFilter filter) {
        return findPage(filter).rows();
    }

    /**
     * One page of matching records, and for a substring search that read only the newest records of the
     * range (see {@link LogQuery#SCAN_ROWS}) the time it searched back to.
     *
     * @throws ps.store.control.SearchTooSlowException when the query ran past its time budget
     */
    public LogQuery.Page findPage(LogFilter filter) {
        return page(filter, filter.contains() != null ? substringBudgetMillis : queryBudgetMillis);
    }

    /** @throws ps.store.control.SearchTooSlowException when the query ran past {@code budgetMillis} */
    public List<LogRow> findWithin(LogFilter filter, long budgetMillis) {
        return page(filter, budgetMillis).rows();
    }

    private LogQuery.Page page(LogFilter filter, long budgetMillis) {
        try (Connection connection = database.openForReading()) {
            return dialect.page(connection, filter, budgetMillis);
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

    /** Records per bucket and level in [from, to) (epoch ms), of one system or (null) all. */
    public List<SeriesPoint> perLevel(long from, long to, int bucketMinutes, String system) {
        return readWithinBudget(connection -> new Rollups(connection).perLevel(from, to, bucketMinutes, system));
    }

    /** Records per bucket and input by arrival time in [from, to). */
    public List<SeriesPoint> perInput(long from, long to, int bucketMinutes) {
        return readWithinBudget(connection -> new Rollups(connection).perInput(from, to, bucketMinutes));
    }

    /** The systems with most records at or above a level in [from, to). */
    public List<SeriesPoint> topSystems(long from, long to, int minLevel, int limit) {
        return readWithinBudget(connection -> new Rollups(connection).topSystems(from, to, minLevel, limit));
    }

    /** The first {@link #MAX_VALUES} distinct values seen in a filterable id field. */
    public List<String> values(ps.client.LogField field) {
        return values(field, "", MAX_VALUES);
    }

    /** Up to {@code limit} (at most {@link #MAX_VALUES}) distinct values of the field starting with {@code prefix}. */
    public List<String> values(ps.client.LogField field, String prefix, int limit) {
        int bounded = Math.max(1, Math.min(MAX_VALUES, limit));
        return readWithinBudget(connection -> new Rollups(connection).values(field, prefix == null ? "" : prefix, bounded));
    }

    /** A read of the derived tables under the query budget. */
    private <T> T readWithinBudget(SqlWork<T> work) {
        return read(connection -> ps.store.control.QueryBudget.orStop(connection, queryBudgetMillis, () -> work.run(connection)));
    }

    /** The state machines seen, by system and name (at most {@link MachineSteps#MAX_MACHINES}). */
    public List<MachineRow> machines() {
        return read(MachineSteps::all);
    }

    /** Every system's versions with first and last time seen. */
    public List<ServiceVersion> versions() {
        return readWithinBudget(connection -> new Rollups(connection).versions());
    }

    /**
     * Deletes the records received before the cut-off, in chunks so that ingestion goes on meanwhile.
     *
     * @return how many records were deleted
     */
    public long deleteOlderThan(long cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = deleteSlice(cutoff, 5_000);
            total += deleted;
        } while (deleted >= 5_000);
        trimDerived(cutoff);
        long count = total;
        LOG.info(() -> "PS store: deleted " + count + " records received before " + java.time.Instant.ofEpochMilli(cutoff));
        return total;
    }

    /**
     * The number of matching records up to {@code cap}, or -1 when counting takes longer than
     * {@code budgetMillis}: what a lazy table asks for without risking seconds on a selective filter.
     */
    public long countQuickly(LogFilter filter, long cap, long budgetMillis) {
        try (Connection connection = database.openForReading()) {
            return dialect.count(connection, filter, cap, budgetMillis);
        } catch (SQLException e) {
            throw new StoreException("cannot count records: " + e.getMessage(), e);
        }
    }

    /** The number of matching records, counted up to {@code cap}. */
    public long count(LogFilter filter, long cap) {
        try (Connection connection = database.openForReading()) {
            return dialect.count(connection, filter, cap);
        } catch (SQLException e) {
            throw new StoreException("cannot count records: " + e.getMessage(), e);
        }
    }
}
