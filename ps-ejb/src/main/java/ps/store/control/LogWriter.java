package ps.store.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import ps.client.LogEntry;
import ps.db.Database;
import ps.db.SqlWork;

/**
 * The store's one writer. Callers hand in batches and wait until theirs is committed; the writer thread
 * takes whatever batches are waiting, up to {@code maxRowsPerTransaction} rows, and inserts them in one
 * transaction. With one writer SQLite never reports SQLITE_BUSY, and large transactions make inserting
 * cheap. The queue is bounded: when the disk is slower than the senders, callers wait, which slows the
 * connections feeding them.
 * <p>
 * On PostgreSQL each node has one such writer (several nodes write at once; {@link ps.db.Db#write} takes
 * pooled connections of its own): its transaction is the same, only the dialect's SQL differs
 * ({@link Dialect}), and a batch is acknowledged only after its commit as on SQLite.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("ps.store");

    private final Database database;
    private final Dialect dialect;
    private final int maxRowsPerTransaction;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final List<Consumer<List<LogEntry>>> commitListeners = new CopyOnWriteArrayList<>();
    private final List<BatchStep> batchSteps = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public LogWriter(Database database, ThreadFactory threads, int queuedBatches, int maxRowsPerTransaction) {
        this.database = database;
        this.dialect = Dialect.of(database);
        this.maxRowsPerTransaction = maxRowsPerTransaction;
        this.queue = new ArrayBlockingQueue<>(queuedBatches);
        this.thread = threads.newThread(this::run);
        this.thread.setName("ps-store-writer");
        this.thread.start();
    }

    /**
     * Calls the listener on the writer thread after each commit with the entries that commit inserted:
     * a resent duplicate (same client and sequence, kept once) is left out, so it fires no neelix rule a
     * second time. It must return quickly: hand the work to another thread.
     */
    public void onCommit(Consumer<List<LogEntry>> listener) {
        commitListeners.add(listener);
    }

    /**
     * Adds a step run in each write transaction right after the batch insert, before the commit: derived
     * tables (search index, rollups) stay in step with {@code log} at the cost of one statement per
     * transaction rather than one per row. A step that throws rolls the whole transaction back.
     */
    public void addBatchStep(BatchStep step) {
        batchSteps.add(step);
    }

    /**
     * Stores the batch; returns once it is committed.
     *
     * @throws StoreException when the batch could not be stored (nothing of it may be assumed stored)
     */
    public void write(List<LogEntry> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        Pending pending = enqueue(new Pending(batch, prepare(batch)));
        await(pending);
        if (pending.failure != null) {
            throw notStored(batch, pending.failure);
        }
    }

    /**
     * Queues the batch and returns at once (waiting only while the writer's queue is full, which slows the
     * caller as the disk slows); the future completes when the batch is committed, or exceptionally with a
     * {@link StoreException}. This lets a connection decode its next batch while the last one is written.
     */
    public CompletableFuture<Void> submit(List<LogEntry> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return enqueue(new Pending(batch, prepare(batch))).future;
    }

    /**
     * The steps' per-batch work, done here on the submitting thread (a connection's) rather than on the one
     * writer thread, which every record of every connection passes: the shapes of the INSERTs and what
     * each step prepares (the rollups' counts).
     */
    private Object[] prepare(List<LogEntry> batch) {
        Object[] prepared = new Object[batchSteps.size()];
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = batchSteps.get(i).prepare(batch);
        }
        return prepared;
    }

    private static StoreException notStored(List<LogEntry> batch, Exception failure) {
        return new StoreException("batch of " + batch.size() + " records not stored: " + failure.getMessage(), failure);
    }

    /** Queues work for the writer; work that slipped in while the writer stopped is failed, not left waiting. */
    private Pending enqueue(Pending pending) throws InterruptedException {
        if (!running) {
            throw new StoreException("the store is shut down", null);
        }
        queue.put(pending);
        if (!thread.isAlive() && queue.remove(pending)) {
            pending.fail(new IllegalStateException("the store shut down"));
        }
        return pending;
    }

    /** Waits until the writer is done with the work, checking that it still runs. */
    private void await(Pending pending) throws InterruptedException {
        while (!pending.done.await(1, TimeUnit.SECONDS)) {
            if (!thread.isAlive() && queue.remove(pending)) {
                pending.fail(new IllegalStateException("the store shut down"));
            }
        }
    }

    /**
     * Runs the work on the writer thread in a transaction of its own, between batches, and returns its
     * result once committed. For small writes to tables other than {@code log}, so that PS keeps one
     * writer and SQLite never reports SQLITE_BUSY. Keep it short: long maintenance (retention) goes in
     * slices, one call each, so ingestion interleaves. Must not be called from a commit listener.
     *
     * @throws StoreException when the work failed (its transaction is rolled back)
     */
    public <T> T inWriter(SqlWork<T> work) throws InterruptedException {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("inWriter called on the writer thread: it would wait for itself");
        }
        Pending pending = enqueue(new Pending(work));
        await(pending);
        if (pending.failure != null) {
            throw new StoreException("write failed: " + pending.failure.getMessage(), pending.failure);
        }
        @SuppressWarnings("unchecked")
        T result = (T) pending.result;
        return result;
    }

    private void run() {
        Connection connection = null;
        Inserts inserts = null;
        while (running || !queue.isEmpty()) {
            List<Pending> group;
            try {
                group = takeGroup();
            } catch (InterruptedException e) {
                break;
            }
            if (group.isEmpty()) {
                continue;
            }
            try {
                if (connection == null) {
                    connection = database.openForWriting();
                    connection.setAutoCommit(false);
                    inserts = new Inserts(connection, dialect);
                }
                if (group.get(0).work != null) {
                    runWork(connection, group.get(0));
                    continue;
                }
                dialect.beginBatch(connection, entries(group));
                long lastIdBefore = batchSteps.isEmpty() ? 0 : dialect.lastId(connection);
                for (Pending pending : group) {
                    List<LogEntry> batch = pending.batch;
                    long[] shapes = pending.shapes;
                    for (int i = 0; i < shapes.length; i++) {
                        inserts.add(batch.get(i), shapes[i]);
                    }
                }
                List<LogEntry> inserted = inserts.execute();
                for (int s = 0; s < batchSteps.size(); s++) {
                    batchSteps.get(s).afterInsert(connection, inserted, lastIdBefore, parts(group, inserted, s));
                }
                connection.commit();
                group.forEach(Pending::succeed);
                notifyCommitted(inserted);
            } catch (SQLException | RuntimeException | Error e) {
                // an Error too (OutOfMemoryError, StackOverflowError): fail the batches rather than leave
                // their connections waiting for a writer that is gone, and go on with the next group
                LOG.log(Level.SEVERE, "PS store: a write transaction failed; its senders will be told", e);
                Exception failure = e instanceof Exception ? (Exception) e : new StoreException("the writer failed: " + e, e);
                group.forEach(pending -> pending.fail(failure));
                closeQuietly(connection);
                connection = null;
                inserts = null;
            }
        }
        closeQuietly(connection);
        Pending left;
        while ((left = queue.poll()) != null) {
            left.fail(new IllegalStateException("the store shut down"));
        }
    }

    /**
     * Per batch of the group, what step {@code s} prepared for it, or null where the batch had resent
     * duplicates left out (what it prepared counted them): the step then works from its inserted entries.
     */
    private static List<Prepared> parts(List<Pending> group, List<LogEntry> inserted, int s) {
        int all = 0;
        for (Pending pending : group) {
            all += pending.batch.size();
        }
        boolean complete = all == inserted.size();
        java.util.Set<LogEntry> kept = complete ? null : java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (kept != null) {
            kept.addAll(inserted);
        }
        List<Prepared> parts = new ArrayList<>(group.size());
        for (Pending pending : group) {
            Object prepared = s < pending.prepared.length ? pending.prepared[s] : null;
            if (complete) {
                parts.add(new Prepared(pending.batch, prepared));
            } else {
                List<LogEntry> mine = pending.batch.stream().filter(kept::contains).toList();
                parts.add(new Prepared(mine, mine.size() == pending.batch.size() ? prepared : null));
            }
        }
        return parts;
    }

    private static void runWork(Connection connection, Pending pending) throws SQLException {
        try {
            pending.result = pending.work.run(connection);
            connection.commit();
            pending.succeed();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            pending.fail(e);
        } catch (Error e) {
            connection.rollback();
            pending.fail(new StoreException("the writer failed: " + e, e));
        }
    }

    private static List<LogEntry> entries(List<Pending> group) {
        if (group.size() == 1) {
            return group.get(0).batch;
        }
        List<LogEntry> all = new ArrayList<>();
        group.forEach(pending -> all.addAll(pending.batch));
        return all;
    }

    private void notifyCommitted(List<LogEntry> committed) {
        if (commitListeners.isEmpty() || committed.isEmpty()) {
            return;
        }
        for (Consumer<List<LogEntry>> listener : commitListeners) {
            try {
                listener.accept(committed);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "PS store: a commit listener failed", e);
            }
        }
    }

    private List<Pending> takeGroup() throws InterruptedException {
        List<Pending> group = new ArrayList<>();
        Pending first = queue.poll(250, TimeUnit.MILLISECONDS);
        if (first == null) {
            return group;
        }
        group.add(first);
        if (first.work != null) {
            return group;
        }
        int rows = first.batch.size();
        Pending next;
        // work waits for a transaction of its own (peek is safe: this thread is the only taker)
        while (rows < maxRowsPerTransaction && (next = queue.peek()) != null && next.work == null) {
            queue.poll();
            group.add(next);
            rows += next.batch.size();
        }
        return group;
    }

    /** Stops after writing what is queued; waits up to 10 s for the writer thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    /** A step run inside each write transaction after the batch insert (see {@link #addBatchStep}). */
    @FunctionalInterface
    public interface BatchStep {
        /**
         * @param inserted     the entries actually inserted (resent duplicates left out)
         * @param lastIdBefore the largest log id before this transaction: the new rows have larger ids
         */
        void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore) throws SQLException;

        /**
         * Work on one batch that need not wait for the insert, done on the thread that submits it (not the
         * writer's); what it returns comes back in {@link #afterInsert(Connection, List, long, List)}. It must
         * not change the entries. None by default.
         */
        default Object prepare(List<LogEntry> batch) {
            return null;
        }

        /**
         * What the writer calls: as {@link #afterInsert(Connection, List, long)}, with the transaction's
         * batches and what {@link #prepare} returned for each (null for a batch whose resent duplicates
         * were left out). By default the batches are ignored.
         */
        default void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore,
                                 List<Prepared> batches) throws SQLException {
            afterInsert(connection, inserted, lastIdBefore);
        }
    }

    /** One batch's inserted entries and what a step prepared for it (null: work from the entries). */
    public record Prepared(List<LogEntry> inserted, Object prepared) {
    }

    private static final class Pending {
        final List<LogEntry> batch;
        /** Each entry's {@link LogColumns#shape}, found on the submitting thread. */
        final long[] shapes;
        final Object[] prepared;
        final SqlWork<?> work;
        final CountDownLatch done = new CountDownLatch(1);
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile Exception failure;
        volatile Object result;

        Pending(List<LogEntry> batch, Object[] prepared) {
            this.batch = batch;
            this.shapes = new long[batch.size()];
            for (int i = 0; i < shapes.length; i++) {
                shapes[i] = LogColumns.shape(batch.get(i));
            }
            this.prepared = prepared;
            this.work = null;
        }

        Pending(SqlWork<?> work) {
            this.batch = List.of();
            this.shapes = new long[0];
            this.prepared = new Object[0];
            this.work = work;
        }

        void succeed() {
            done.countDown();
            future.complete(null);
        }

        void fail(Exception e) {
            failure = e;
            done.countDown();
            future.completeExceptionally(notStored(batch, e));
        }
    }
}
