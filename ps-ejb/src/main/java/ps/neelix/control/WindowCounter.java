package ps.neelix.control;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts matches in a sliding window per key ("more than 10 in 5 min"). A key fires when its count
 * exceeds the threshold; its window then starts empty, so the next firing needs as many matches again.
 * Kept in memory: a restart forgets partly filled windows.
 */
public final class WindowCounter {
    private final Map<String, Deque<Long>> hits = new HashMap<>();

    /** Counts a match at {@code at}; true when this match makes more than {@code threshold} within the window. */
    public boolean add(String key, long at, int threshold, Duration window) {
        Deque<Long> times = hits.computeIfAbsent(key, k -> new ArrayDeque<>());
        times.addLast(at);
        long oldest = at - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() <= oldest) {
            times.removeFirst();
        }
        if (times.size() > threshold) {
            times.clear();
            return true;
        }
        return false;
    }

    /** The matches currently in the key's window. */
    public int count(String key) {
        Deque<Long> times = hits.get(key);
        return times == null ? 0 : times.size();
    }

    public int size() {
        return hits.size();
    }

    /** Drops keys with no match left inside their window. */
    public void purge(long now, java.util.function.Function<String, Duration> windowOf) {
        hits.entrySet().removeIf(entry -> entry.getValue().isEmpty()
                || entry.getValue().peekLast() <= now - windowOf.apply(entry.getKey()).toMillis());
    }

    /** Forgets keys that start with the prefix (a rule that changed or went away). */
    public void forget(String prefix) {
        hits.keySet().removeIf(key -> key.startsWith(prefix));
    }

    public void clear() {
        hits.clear();
    }
}
