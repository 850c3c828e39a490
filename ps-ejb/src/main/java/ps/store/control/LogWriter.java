package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import ps.client.LogEntry;

/**
 * The store's one writer. Callers hand in batches and wait until theirs is committed; the writer thread
 * takes whatever batches are waiting, up to {@code maxRowsPerTransaction} rows, and inserts them in one
 * transaction. With one writer SQLite never reports SQLITE_BUSY, and large transactions make inserting
 * cheap. The queue is bounded: when the disk is slower than the senders, callers wait, which slows the
 * connections feeding them.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("ps.store");

    private final Database database;
    private final int maxRowsPerTransaction;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final List<Consumer<List<LogEntry>>> commitListeners = new CopyOnWriteArrayList<>();
    private final List<BatchStep> batchSteps = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public LogWriter(Database database, ThreadFactory threads, int queuedBatches, int maxRowsPerTransaction) {
        this.database = database;
        this.maxRowsPerTransaction = maxRowsPerTransaction;
        this.queue = new ArrayBlockingQueue<>(queuedBatches);
        this.thread = threads.newThread(this::run);
        this.thread.setName("ps-store-writer");
        this.thread.start();
    }

    /**
     * Calls the listener on the writer thread after each commit with the committed entries (resent
     * duplicates included). It must return quickly: hand the work to another thread.
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
     * Runs other writes (users, deletions) on the writer thread in a transaction of their own, between
     * batches, so SQLite never sees two writers; returns the work's result once committed.
     *
     * @throws StoreException when the work failed (its transaction is rolled back)
     */
    public <T> T execute(Work<T> work) throws InterruptedException {
        if (!running) {
            throw new StoreException("the store is shut down", null);
        }
        Pending pending = new Pending(List.of(), work);
        queue.put(pending);
        pending.done.await();
        if (pending.failure != null) {
            throw new StoreException("write failed: " + pending.failure.getMessage(), pending.failure);
        }
        @SuppressWarnings("unchecked")
        T result = (T) pending.result;
        return result;
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
        if (!running) {
            throw new StoreException("the store is shut down", null);
        }
        Pending pending = new Pending(batch, null);
        queue.put(pending);
        pending.done.await();
        if (pending.failure != null) {
            throw new StoreException("batch of " + batch.size() + " records not stored: " + pending.failure.getMessage(),
                    pending.failure);
        }
    }

    private void run() {
        Connection connection = null;
        PreparedStatement insert = null;
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
                    insert = connection.prepareStatement(LogColumns.INSERT);
                }
                if (group.get(0).work != null) {
                    Pending task = group.get(0);
                    task.result = task.work.run(connection);
                    connection.commit();
                    task.succeed();
                    continue;
                }
                long lastIdBefore = batchSteps.isEmpty() ? 0 : lastId(connection);
                List<LogEntry> entries = new ArrayList<>();
                for (Pending pending : group) {
                    for (LogEntry entry : pending.batch) {
                        LogColumns.bind(insert, entry);
                        insert.addBatch();
                        entries.add(entry);
                    }
                }
                int[] counts = insert.executeBatch();
                if (!batchSteps.isEmpty()) {
                    List<LogEntry> inserted = new ArrayList<>(entries.size());
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] != 0) {
                            inserted.add(entries.get(i));
                        }
                    }
                    for (BatchStep step : batchSteps) {
                        step.afterInsert(connection, inserted, lastIdBefore);
                    }
                }
                connection.commit();
                group.forEach(Pending::succeed);
                notifyCommitted(group);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.SEVERE, "PS store: a write transaction failed; its senders will be told", e);
                group.forEach(pending -> pending.fail(e));
                closeQuietly(connection);
                connection = null;
                insert = null;
            }
        }
        closeQuietly(connection);
        Pending left;
        while ((left = queue.poll()) != null) {
            left.fail(new IllegalStateException("the store shut down"));
        }
    }

    private void notifyCommitted(List<Pending> group) {
        if (commitListeners.isEmpty()) {
            return;
        }
        List<LogEntry> committed = new ArrayList<>();
        group.forEach(pending -> committed.addAll(pending.batch));
        if (committed.isEmpty()) {
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

    private static long lastId(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet result = statement.executeQuery("SELECT coalesce(max(id), 0) FROM log")) {
            return result.next() ? result.getLong(1) : 0;
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
        while (rows < maxRowsPerTransaction && queue.peek() != null && queue.peek().work == null
                && (next = queue.poll()) != null) {
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
         * @param inserted    the entries actually inserted (resent duplicates left out)
         * @param lastIdBefore the largest log id before this transaction: the new rows have larger ids
         */
        void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore) throws SQLException;
    }

    /** A write run on the writer thread in its own transaction (see {@link #execute}). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final class Pending {
        final List<LogEntry> batch;
        final Work<?> work;
        final CountDownLatch done = new CountDownLatch(1);
        volatile Exception failure;
        volatile Object result;

        Pending(List<LogEntry> batch, Work<?> work) {
            this.batch = batch;
            this.work = work;
        }

        void succeed() {
            done.countDown();
        }

        void fail(Exception e) {
            failure = e;
            done.countDown();
        }
    }
}
