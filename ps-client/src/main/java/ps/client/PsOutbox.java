package ps.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The logging-framework-neutral part of {@link PsHandler} and the Logback and Log4j2 appenders: stamps
 * entries with the application's identity and hands them to a {@link PsSender} without blocking the
 * logging thread, and without losing them in a burst.
 *
 * <p>With a spool (the default) the caller only puts the entry in a lock-free {@link Ring} of its own: no
 * lock, no signal, no system call. A mover thread looks at the ring every millisecond while records come
 * (after some idle time it parks until an offer wakes it), hands entries to the sender and, while the
 * sender's queue is full, appends them to an overflow file beside the spool ({@code <spool>.overflow}),
 * handing them on, in order, as the sender catches up. Should the ring fill up all the same (the mover got
 * no processor time), the caller does not wait for the mover: it moves a batch out of the ring itself,
 * under the same lock the mover moves with, so the order stays the order logged. Nothing is dropped but
 * what the overflow file's size limit cannot take. With {@code overflow=drop} or without a spool, entries
 * beyond the sender's queue are dropped and counted at once, as before.
 */
public final class PsOutbox implements AutoCloseable {
    private static final int BATCH = 1_024;
    /** What a caller moves when it finds the ring full: small, so that its own call stays short. */
    private static final int CALLER_BATCH = 256;
    private static final long POLL_NANOS = 1_000_000;
    /** Empty looks in a row (about 50 ms) before the mover parks until an offer wakes it. */
    private static final int IDLE_LOOKS = 50;

    private final Identity identity;
    private final PsSender sender;
    private final Duration closeTimeout;
    private final Ring front;
    private final Overflow overflow;
    private final Thread mover;
    /** Held by whoever takes entries out of the ring or touches the overflow file. */
    private final Object moving = new Object();
    /** Entries taken out of the ring in one batch; with {@link #moving} held. */
    private final List<LogEntry> taken = new ArrayList<>(BATCH);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong callerMoves = new AtomicLong();
    private volatile boolean moverAsleep;
    private volatile String lastError;
    private volatile boolean closing;

    public PsOutbox(PsHandler.Settings settings) {
        this.identity = settings.identity;
        this.closeTimeout = settings.closeTimeout;
        Path spool = settings.resolvedSpool();
        this.sender = new PsSender(settings.addresses(), settings.queueSize,
                settings.maxBackoff, spool, settings.spoolMaxBytes, settings.options());
        this.overflow = settings.overflowToSpool && spool != null ? openOverflow(spool, settings.spoolMaxBytes) : null;
        if (overflow == null) {
            this.front = null;
            this.mover = null;
        } else {
            this.front = new Ring(settings.queueSize);
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
     * Queues a (stamped) entry; never waits for the mover or the network.
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
        if (closing) {
            dropped.incrementAndGet();
            return false;
        }
        accepted.incrementAndGet(); // before the entry is visible, so that waiting() never runs negative
        if (front.offer(entry)) {
            if (moverAsleep) {
                moverAsleep = false;
                LockSupport.unpark(mover);
            }
            return true;
        }
        callerMoves.incrementAndGet();
        synchronized (moving) { // full: make room by moving the oldest on ourselves, in order, then queue
            while (!front.offer(entry)) {
                if (moveBatch(CALLER_BATCH) == 0) {
                    Thread.onSpinWait(); // an offer claimed the oldest slot and is storing its entry
                }
            }
        }
        return true;
    }

    /** The mover thread: moves entries to the sender, or to the overflow file while the sender has no room. */
    private void move() {
        int idle = 0;
        while (true) {
            int moved;
            synchronized (moving) {
                moved = feedOverflow() + moveBatch(BATCH);
            }
            if (moved > 0) {
                idle = 0;
                continue;
            }
            if (closing && front.isEmpty()) {
                return;
            }
            if (++idle < IDLE_LOOKS || !overflow.isEmpty()) {
                LockSupport.parkNanos(POLL_NANOS);
            } else {
                moverAsleep = true; // then look once more: an offer that missed the flag is seen here
                if (front.isEmpty() && !closing) {
                    LockSupport.parkNanos(100 * POLL_NANOS);
                }
                moverAsleep = false;
            }
        }
    }

    /** Hands records from the overflow file to the sender while it takes them; with {@link #moving} held. */
    private int feedOverflow() {
        if (overflow.isEmpty()) {
            return 0;
        }
        try {
            int fed = overflow.feed(sender::tryOffer);
            handed.addAndGet(fed);
            return fed;
        } catch (IOException | RuntimeException e) {
            int lost = overflow.discard();
            lost(lost, "cannot read overflow file " + overflow.file() + ", its records are lost: " + e.getMessage());
            return lost;
        }
    }

    /**
     * Takes up to {@code max} entries out of the ring, oldest first, to the sender while it has room and the
     * overflow file is empty, else to the end of the overflow file; with {@link #moving} held.
     *
     * @return how many were taken out of the ring
     */
    private int moveBatch(int max) {
        LogEntry entry;
        while (taken.size() < max && (entry = front.poll()) != null) {
            taken.add(entry);
        }
        int count = taken.size();
        if (count == 0) {
            return 0;
        }
        int toSender = overflow.isEmpty() ? sender.tryOffer(taken, 0) : 0; // one lock for the batch
        handed.addAndGet(toSender);
        if (toSender < count) {
            List<LogEntry> spill = taken.subList(toSender, count);
            try {
                int kept = overflow.append(spill);
                overflowed.addAndGet(kept);
                if (kept < spill.size()) {
                    lost(spill.size() - kept, "overflow file " + overflow.file() + " is full (limit reached)");
                }
            } catch (IOException | RuntimeException e) {
                lost(spill.size(), "cannot write overflow file " + overflow.file() + ": " + e.getMessage());
            }
        }
        taken.clear();
        return count;
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
            LockSupport.unpark(mover);
            try { // the mover ends once the ring is empty
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

    /** Times a logging thread found the ring full and moved a batch out of it itself. */
    public long callerMoves() {
        return callerMoves.get();
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

    /**
     * True when no value can change after the logging call: then formatting them can wait for the mover
     * (see {@link LogEntry#messageLater}).
     */
    public static boolean immutable(Object[] values) {
        for (Object value : values) {
            if (value != null && !(value instanceof String || value instanceof Integer || value instanceof Long
                    || value instanceof Short || value instanceof Byte || value instanceof Double
                    || value instanceof Float || value instanceof Boolean || value instanceof Character
                    || value instanceof Enum || value instanceof java.util.UUID)) {
                return false;
            }
        }
        return true;
    }

    /** A throwable's stack trace as {@code printStackTrace} prints it: PS's {@code exc_text}. */
    public static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
