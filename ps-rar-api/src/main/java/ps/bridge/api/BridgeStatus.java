package ps.bridge.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the resource adapter's listeners are doing, for readiness checks and counters. One instance per
 * server: the adapter writes it, the web application reads it (the connector class loader is shared).
 */
public final class BridgeStatus {
    private static final Map<String, String> EXPECTED = new ConcurrentHashMap<>();
    private static final Map<String, String> BOUND = new ConcurrentHashMap<>();
    private static final Map<String, Counters> COUNTERS = new ConcurrentHashMap<>();
    private static volatile boolean activated;

    private BridgeStatus() {
    }

    /** The listeners an activation is about to bind, by input name, with their configured address. */
    public static void expect(Map<String, String> listeners) {
        EXPECTED.putAll(listeners);
        activated = true;
    }

    public static void bound(String input, String address) {
        BOUND.put(input, address);
    }

    public static void unbound(String input) {
        BOUND.remove(input);
        EXPECTED.remove(input);
    }

    /** True once the adapter was activated and every listener it was asked to bind is bound. */
    public static boolean allBound() {
        return activated && BOUND.keySet().containsAll(EXPECTED.keySet());
    }

    /** Listener state by input: the bound address, or "not bound". */
    public static Map<String, String> listeners() {
        Map<String, String> result = new TreeMap<>();
        EXPECTED.forEach((input, address) -> result.put(input, BOUND.getOrDefault(input, "not bound (" + address + ")")));
        return result;
    }

    public static Counters counters(String input) {
        return COUNTERS.computeIfAbsent(input, key -> new Counters());
    }

    public static Map<String, Counters> allCounters() {
        return new TreeMap<>(COUNTERS);
    }

    /** Per-input counters. */
    public static final class Counters {
        private final LongAdder received = new LongAdder();
        private final LongAdder stored = new LongAdder();
        private final LongAdder refusedConnections = new LongAdder();
        private final LongAdder badInput = new LongAdder();

        public void received(long n) {
            received.add(n);
        }

        public void stored(long n) {
            stored.add(n);
        }

        public void refusedConnection() {
            refusedConnections.increment();
        }

        public void refuseInput() {
            badInput.increment();
        }

        public long received() {
            return received.sum();
        }

        public long stored() {
            return stored.sum();
        }

        public long refusedConnections() {
            return refusedConnections.sum();
        }

        /** Connections closed for bad, oversized or too slow input. */
        public long refusedInput() {
            return badInput.sum();
        }
    }
}
