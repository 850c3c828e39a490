package ps.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The logging-framework-neutral part of {@link PsHandler} and the Logback and Log4j2 appenders: stamps
 * entries with the application's identity and hands them to a {@link PsSender} without blocking the
 * logging thread, and without losing them in a burst.
 *
 * <p>With a spool (the default) the caller only puts the entry in a queue of its own; a mover thread hands
 * entries to the sender and, while the sender's queue is full, appends them to an overflow file beside the
 * spool ({@code <spool>.overflow}) and hands them on, in order, as the sender catches up. The caller waits
 * only when the mover cannot keep up even by writing to disk, and then at most a second before the entry is
 * dropped and counted. With {@code overflow=drop} or without a spool, entries beyond the sender's queue are
 * dropped and counted at once, as before.
 */
public final class PsOutbox implements AutoCloseable {
    private static final int BATCH = 1_024;

    private final Identity identity;
    private final PsSender sender;
    private final Duration closeTimeout;
    private final ArrayBlockingQueue<LogEntry> front;
    private final Overflow overflow;
    private final Thread mover;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private volatile String lastError;
    private volatile boolean closing;

    public PsOutbox(PsHandler.Settings settings) {
        this.identity = settings.identity;
        this.closeTimeout = settings.closeTimeout;
        Path spool = settings.resolvedSpool();
        this.sender = new PsSender(settings.host, settings.resolvedPort(), settings.queueSize, settings.maxBackoff,
                spool, settings.spoolMaxBytes, settings.options());
        this.overflow = settings.overflowToSpool && spool != null ? openOverflow(spool, settings.spoolMaxBytes) : null;
        if (overflow == null) {
            this.front = null;
            this.mover = null;
        } else {
            this.front = new ArrayBlockingQueue<>(settings.queueSize);
            accepted.set(overflow.records()); // left by an earlier run
            this.mover = new Thread(this::move, "ps-outbox-" + settings.host + ":" + settings.resolvedPort());
            this.mover.setDaemon(true);
            this.mover.start();
        }
    }

    private Overflow openOverflow(Path spool, long maxBytes) {
        try {
            return Overflow.open(spool.resolveSibling(spool.getFileName() + ".overflow"), maxBytes);
        } catch (IOException e) {
            lastError = "overflow file beside " + spool + " unusable, dropping records a burst leaves no room for: "
                    + e.getMessage();
            return null;
        }
    }

    /** Sets the application's identity fields (system, stage, version, ...) on the entry. */
    public LogEntry stamp(LogEntry entry) {
        identity.stamp(entry);
        return entry;
    }

    /**
     * Queues a (stamped) entry; returns at once unless the mover is stuck.
     *
     * @return false when the entry was dropped (and counted)
     */
    public boolean offer(LogEntry entry) {
        if (front == null) {
            if (sender.offer(entry)) {
                return true;
            }
            dropped.incrementAndGet();
            return false;
        }
        boolean queued = !closing && front.offer(entry);
        if (!queued && !closing) {
            try {
                queued = front.offer(entry, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!queued) {
            dropped.incrementAndGet();
            return false;
        }
        accepted.incrementAndGet();
        return true;
    }

    /** Moves entries to the sender, or to the overflow file while the sender has no room. */
    private void move() {
        List<LogEntry> batch = new ArrayList<>(BATCH);
        List<LogEntry> spill = new ArrayList<>(BATCH);
        while (true) {
            try {
                LogEntry first = front.poll(overflow.isEmpty() ? 100 : 5, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    front.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                // not interrupted on purpose (an interrupt would close the overflow file's channel)
                Thread.currentThread().interrupt();
                return;
            }
            if (!overflow.isEmpty()) {
                try {
                    handed.addAndGet(overflow.feed(sender::tryOffer));
                } catch (IOException | RuntimeException e) {
                    lost(overflow.discard(), "cannot read overflow file " + overflow.file() + ", its records are lost: "
                            + e.getMessage());
                }
            }
            try {
                boolean spilling = !overflow.isEmpty();
                for (LogEntry entry : batch) {
                    if (!spilling && sender.tryOffer(entry)) {
                        handed.incrementAndGet();
                    } else {
                        spilling = true;
                        spill.add(entry);
                    }
                }
                if (!spill.isEmpty()) {
                    int kept = overflow.append(spill);
                    overflowed.addAndGet(kept);
                    if (kept < spill.size()) {
                        lost(spill.size() - kept, "overflow file " + overflow.file() + " is full (limit reached)");
                    }
                }
            } catch (IOException | RuntimeException e) {
                lost(spill.size(), "cannot write overflow file " + overflow.file() + ": " + e.getMessage());
            }
            batch.clear();
            spill.clear();
            if (closing && front.isEmpty()) {
                return;
            }
        }
    }

    private void lost(int count, String reason) {
        dropped.addAndGet(count);
        handed.addAndGet(count);
        lastError = reason;
    }

    /**
     * Waits until everything offered so far (and everything an earlier run left) is acknowledged.
     *
     * @return true when nothing is pending any more, false when the timeout passed first
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (waiting() == 0) {
                long left = deadline - System.nanoTime();
                if (sender.flush(Duration.ofNanos(Math.max(0, left))) && waiting() == 0) {
                    return true;
                }
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
    }

    /** Entries accepted but not yet handed to the sender: in the queue or the overflow file. */
    private long waiting() {
        return accepted.get() - handed.get();
    }

    /**
     * Waits up to the close timeout for delivery, then stops; what is still pending stays in the spool and
     * the overflow file for the next start.
     *
     * @return true when everything was delivered
     */
    @Override
    public void close() {
        closeAndReport();
    }

    /** @return true when everything was delivered; else what is left is on disk (see {@link #lastError()}) */
    public boolean closeAndReport() {
        boolean flushed;
        try {
            flushed = flush(closeTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            flushed = false;
        }
        closing = true;
        if (mover != null) {
            try { // the mover ends within its poll timeout once the queue is empty
                mover.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean sent = sender.close(Duration.ofMillis(flushed ? closeTimeout.toMillis() : 100)) && flushed;
        if (overflow != null) {
            try {
                overflow.close();
            } catch (IOException e) {
                lastError = "cannot close overflow file " + overflow.file() + ": " + e.getMessage();
            }
        }
        return sent;
    }

    public PsSender sender() {
        return sender;
    }

    /** Entries lost: the sender's queue full without an overflow file, or the overflow file full or failing. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries that went through the overflow file since the start. */
    public long overflowed() {
        return overflowed.get();
    }

    /** The reason of the last loss or delivery problem, or null. */
    public String lastError() {
        String own = lastError;
        return own != null ? own : sender.lastError();
    }

    /** A throwable's stack trace as {@code printStackTrace} prints it: PS's {@code exc_text}. */
    public static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
