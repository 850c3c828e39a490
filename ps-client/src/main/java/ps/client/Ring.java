package ps.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The outbox's front queue: a bounded array ring that any number of logging threads offer to without a
 * lock (one compare-and-set and one ordered store), and that one thread at a time polls: the poller holds
 * the outbox's move lock, which orders successive pollers. Unlike an {@code ArrayBlockingQueue} an offer
 * neither takes a lock the poller may hold nor signals a condition, so the logging thread makes no system
 * call; the poller finds new entries by looking (see {@link PsOutbox}).
 */
final class Ring {
    private final AtomicReferenceArray<LogEntry> slots;
    private final int mask;
    /** The next slot an offer claims. */
    private final AtomicLong tail = new AtomicLong();
    /** The next slot a poll takes; written by the poller only, read by offers to see the room left. */
    private final AtomicLong head = new AtomicLong();

    /** @param capacity at least this many entries fit (rounded up to a power of two) */
    Ring(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** @return false when the ring is full */
    boolean offer(LogEntry entry) {
        while (true) {
            long t = tail.get();
            if (t - head.get() > mask) {
                return false;
            }
            if (tail.compareAndSet(t, t + 1)) {
                slots.lazySet((int) t & mask, entry);
                return true;
            }
        }
    }

    /**
     * Takes the oldest entry; only with the move lock held. Returns null when the ring is empty or the
     * oldest slot is claimed but its entry not yet stored (the offer is a few instructions from done).
     */
    LogEntry poll() {
        long h = head.get();
        int index = (int) h & mask;
        LogEntry entry = slots.get(index);
        if (entry == null) {
            return null;
        }
        slots.lazySet(index, null);
        head.set(h + 1); // volatile: the emptied slot is visible to the offer that sees the room
        return entry;
    }

    /** True when no offer has claimed a slot not yet polled. */
    boolean isEmpty() {
        return tail.get() == head.get();
    }

    int capacity() {
        return mask + 1;
    }
}
