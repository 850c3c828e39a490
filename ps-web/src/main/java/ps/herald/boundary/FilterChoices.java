package ps.herald.boundary;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ps.client.LogField;
import ps.store.boundary.LogStore;

/**
 * The distinct values offered in the filters' drop-downs, read from the store's value table and kept
 * for a few seconds, so a page full of drop-downs costs one small query per field at most every 10 s.
 * (The values are the same for every user; the choices each user makes are not kept here.)
 */
@ApplicationScoped
public class FilterChoices {
    private static final long FRESH_MILLIS = 10_000;

    @Inject
    LogStore store;

    private final Map<LogField, Cached> cache = new ConcurrentHashMap<>();

    public List<String> values(LogField field) {
        long now = System.currentTimeMillis();
        Cached cached = cache.get(field);
        if (cached == null || cached.read + FRESH_MILLIS < now) {
            cached = new Cached(List.copyOf(store.values(field)), now);
            cache.put(field, cached);
        }
        return cached.values;
    }

    private static final class Cached {
        final List<String> values;
        final long read;

        Cached(List<String> values, long read) {
            this.values = values;
            this.read = read;
        }
    }
}
