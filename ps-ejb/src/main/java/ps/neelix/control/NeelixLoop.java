package ps.neelix.control;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Neelix's one thread: all its state is touched here only, so rules, throttles and monitors need no
 * locks. Tasks come from the store's commit listener, pings, the timer and the views; between tasks the
 * loop wakes itself exactly when the next deadline or digest falls due, so an alert does not wait for the
 * timer's next round.
 */
public final class NeelixLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("ps.neelix");
    private static final long MAX_SLEEP_MILLIS = 1000;

    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private final Runnable onWake;
    private final LongSupplier nextWake;
    private volatile boolean running = true;

    /**
     * @param onWake runs on the loop when the time {@code nextWake} names has come
     * @param nextWake epoch milliseconds of the next timed work, read on the loop
     */
    public NeelixLoop(ThreadFactory threads, int capacity, Runnable onWake, LongSupplier nextWake) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.onWake = onWake;
        this.nextWake = nextWake;
        this.thread = threads.newThread(this::run);
        this.thread.setName("ps-neelix");
        this.thread.start();
    }

    /** Hands a task to the loop without waiting; false when the queue is full. */
    public boolean offer(Runnable task) {
        return running && queue.offer(task);
    }

    /** Runs the task on the loop and waits for its result. */
    public <T> T call(Callable<T> task, Duration timeout) throws InterruptedException, TimeoutException, ExecutionException {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new ExecutionException(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable wrapped = () -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        };
        if (!running || !queue.offer(wrapped, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("neelix is busy or stopped");
        }
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        boolean woke = false;
        while (running) {
            try {
                long wait = Math.max(0, Math.min(MAX_SLEEP_MILLIS, nextWake.getAsLong() - System.currentTimeMillis()));
                if (woke) {
                    wait = Math.max(wait, 20); // timed work that left its own deadline behind must not spin
                }
                Runnable task = wait == 0 ? queue.poll() : queue.poll(wait, TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
                woke = System.currentTimeMillis() >= nextWake.getAsLong();
                if (woke) {
                    onWake.run();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "neelix: a task failed; going on", e);
                pauseAfterFailure();
            }
        }
    }

    private void pauseAfterFailure() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops after the running task; queued tasks are dropped. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
