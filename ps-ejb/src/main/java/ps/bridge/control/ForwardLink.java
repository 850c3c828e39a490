package ps.bridge.control;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;
import ps.client.wire.NativeProtocol.Frame;
import ps.client.wire.Tls;
import ps.store.entity.LogRow;

/**
 * Bridge mode: sends every stored record on to a downstream PS bridge over the native protocol. The store
 * is the spool: records go by row id (their sequence number under the forwarder's client id), the
 * downstream's acknowledgements move a persisted cursor, and after a lost connection or a restart the
 * link resends from the cursor — the downstream keeps a resent record once.
 *
 * <p>Each record carries its route ({@link LogField#ROUTE}: the PS instances it passed, origin first); a
 * record that passed this PS already, or made {@code maxHops} hops, is not forwarded again (counted, logged
 * once per cause). When the downstream refuses a record (an ERROR frame after the records before it were
 * acknowledged), the next connection probes: HELLO alone first (a refused HELLO is the downstream's
 * business, not the record's: the link backs off), then that one record; refused again, it goes to the
 * dead letters and forwarding goes on behind it. Reconnects back off from 100 ms to 30 s, reset only once the
 * downstream acknowledged something.
 */
public final class ForwardLink implements Runnable {
    private static final Logger LOG = Logger.getLogger("ps.bridge");
    private static final int WINDOW = 20_000;
    private static final int CHUNK = 1_000;
    private static final long HELLO_GRACE_MILLIS = 1_000;
    private static final long PROBE_MILLIS = 15_000;

    /** Where and how to reach the downstream: token null where it needs none, tls null for plain TCP. */
    public record Downstream(String host, int port, String clientId, String token, Tls.Client tls) {
        String address() {
            return host + ":" + port;
        }
    }

    /** What the link does with the store: read rows, persist the cursor, count, keep a refused record. */
    public record Store(BiFunction<Long, Integer, List<LogRow>> rowsAfter, LongConsumer persistAcked,
                        LongConsumer forwarded, BiConsumer<LogRow, String> deadLetter) {
    }

    private final Downstream downstream;
    private final Store store;
    private final String instanceId;
    private final int maxHops;
    private final Object lock = new Object();
    private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();
    private final AtomicLong looped = new AtomicLong();
    private final AtomicLong tooManyHops = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile boolean running = true;
    private volatile Socket socket;
    /** The reason of the ERROR that ended the last connection, or null; guarded by lock. */
    private String refusal;
    private boolean ackedOnConnection;
    private long acked;
    private long persisted;

    /**
     * @param instanceId this PS's id in routes
     * @param maxHops    the most PS instances a record may pass before it is no longer forwarded
     */
    public ForwardLink(Downstream downstream, long ackedId, String instanceId, int maxHops, Store store) {
        this.downstream = downstream;
        this.store = store;
        this.instanceId = instanceId;
        this.maxHops = maxHops;
        this.acked = ackedId;
        this.persisted = ackedId;
    }

    @Override
    public void run() {
        long backoff = 100;
        while (running) {
            try (Socket s = downstream.tls() == null ? new Socket() : downstream.tls().socket()) {
                s.connect(new InetSocketAddress(downstream.host(), downstream.port()), 5_000);
                socket = s;
                LOG.info(() -> "PS bridge forwarding to " + downstream.address() + " from record " + ackedId());
                forward(s);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.warning(() -> "PS bridge cannot forward to " + downstream.address() + " (retrying): " + e.getMessage());
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                socket = null;
            }
            synchronized (lock) {
                if (ackedOnConnection) {
                    backoff = 100;
                }
                ackedOnConnection = false;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    private void forward(Socket s) throws IOException, InterruptedException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
        NativeProtocol.writeHello(out, downstream.clientId(), downstream.token());
        out.flush();
        String lastRefusal;
        synchronized (lock) {
            lastRefusal = refusal;
            refusal = null;
        }
        Thread reader = new Thread(() -> readAcks(s), "ps-forward-acks");
        reader.setDaemon(true);
        reader.start();
        if (lastRefusal != null && !probe(s, out)) {
            return;
        }
        long sent = ackedId();
        long written = sent;
        while (running && !s.isClosed()) {
            synchronized (lock) {
                while (written - acked >= WINDOW && !s.isClosed() && running) {
                    lock.wait(200);
                }
            }
            List<LogRow> rows = store.rowsAfter().apply(sent, CHUNK);
            if (rows.isEmpty()) {
                out.flush();
                skipPast(written, sent);
                Thread.sleep(100);
                continue;
            }
            for (LogRow row : rows) {
                sent = row.id();
                LogEntry entry = routed(row);
                if (entry != null) {
                    NativeProtocol.writeRecord(out, entry);
                    written = row.id();
                }
            }
            out.flush();
            skipPast(written, sent);
        }
        if (!s.isClosed()) {
            s.close();
        }
    }

    /**
     * The downstream refused the record after the cursor last time. Sends HELLO alone, then that record
     * alone: refused again, it is a dead letter and the cursor moves past it.
     *
     * @return true to go on forwarding on this connection
     */
    private boolean probe(Socket s, DataOutputStream out) throws IOException, InterruptedException {
        if (awaitRefusal(s, HELLO_GRACE_MILLIS) != null) {
            return false; // the HELLO itself: not the record's fault
        }
        long cursor = ackedId();
        List<LogRow> next = store.rowsAfter().apply(cursor, 1);
        if (next.isEmpty()) {
            return true;
        }
        LogRow suspect = next.get(0);
        LogEntry entry = routed(suspect);
        if (entry == null) {
            return true; // the loop check skips it anyway
        }
        NativeProtocol.writeRecord(out, entry);
        out.flush();
        long deadline = System.currentTimeMillis() + PROBE_MILLIS;
        synchronized (lock) {
            while (acked < suspect.id() && refusal == null && !s.isClosed() && System.currentTimeMillis() < deadline) {
                lock.wait(100);
            }
            if (acked >= suspect.id()) {
                return true;
            }
        }
        String reason = awaitRefusal(s, 1_000);
        if (reason == null) {
            return false; // neither ACK nor ERROR: reconnect and probe again
        }
        store.deadLetter().accept(suspect, reason);
        long n = deadLetters.incrementAndGet();
        synchronized (lock) {
            acked = Math.max(acked, suspect.id());
            refusal = null;
            ackedOnConnection = true; // the link made progress: reconnect at once
        }
        persist();
        LOG.warning(() -> "PS bridge: downstream " + downstream.address() + " refused record " + suspect.id()
                + " (" + reason + "); it went to the dead letters (GET /api/bridge/dead-letters, " + n
                + " so far) and forwarding goes on");
        return false;
    }

    /**
     * The downstream refused one record alone (it acknowledges it with the rest): it goes to the dead letters
     * instead of counting as forwarded.
     */
    private void deadLetter(NativeProtocol.Refusal refusal) {
        List<LogRow> rows = store.rowsAfter().apply(refusal.seq() - 1, 1);
        if (rows.isEmpty() || rows.get(0).id() != refusal.seq()) {
            return; // not a row of this store (a retention pass took it meanwhile)
        }
        store.deadLetter().accept(rows.get(0), refusal.reason());
        long n = deadLetters.incrementAndGet();
        LOG.warning(() -> "PS bridge: downstream " + downstream.address() + " refused record " + refusal.seq()
                + " (" + refusal.reason() + "); it went to the dead letters (GET /api/bridge/dead-letters, " + n
                + " so far)");
    }

    /** Waits up to {@code millis} for an ERROR on the connection; @return its reason or null. */
    private String awaitRefusal(Socket s, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (refusal == null && !s.isClosed() && System.currentTimeMillis() < deadline) {
                lock.wait(50);
            }
            if (refusal == null && s.isClosed()) {
                lock.wait(200); // the reader may still be recording the reason
            }
            return refusal;
        }
    }

    /** The entry to send for a row, with this PS on its route; null when the route forbids forwarding it. */
    private LogEntry routed(LogRow row) {
        String route = row.entry().get(LogField.ROUTE);
        List<String> passed = route == null || route.isBlank() ? List.of() : List.of(route.split(","));
        if (passed.contains(instanceId)) {
            looped.incrementAndGet();
            logOnce("loop", "PS bridge: not forwarding records that passed this PS already (a forwarding loop;"
                    + " first: record " + row.id() + ", route " + route + "); counted in GET /api/bridge/dead-letters");
            return null;
        }
        if (passed.size() + 1 > maxHops) {
            tooManyHops.incrementAndGet();
            logOnce("hops", "PS bridge: not forwarding records that made " + maxHops + " hops already (setting"
                    + " ps.forward.max.hops; first: record " + row.id() + "); counted in GET /api/bridge/dead-letters");
            return null;
        }
        return row.entry().copy().seq(row.id()).set(LogField.ROUTE, passed.isEmpty() ? instanceId : route + "," + instanceId);
    }

    private void logOnce(String cause, String message) {
        if (loggedCauses.add(cause)) {
            LOG.warning(message);
        }
    }

    /** With everything written acknowledged, the rows skipped after it are done too: the cursor moves on. */
    private void skipPast(long written, long sent) {
        synchronized (lock) {
            if (acked >= written && sent > acked) {
                acked = sent;
            }
        }
    }

    private void readAcks(Socket s) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            Frame frame;
            long lastPersist = 0;
            while ((frame = NativeProtocol.readFrame(in, 1 << 16)) != null) {
                if (frame.type() == NativeProtocol.ERROR) {
                    String reason = errorOf(frame);
                    synchronized (lock) {
                        refusal = reason;
                        lock.notifyAll();
                    }
                    LOG.warning(() -> "PS bridge: downstream " + downstream.address() + " refused: " + reason);
                    break;
                }
                if (frame.type() == NativeProtocol.REFUSED) {
                    deadLetter(NativeProtocol.readRefused(frame.body()));
                    continue;
                }
                if (frame.type() != NativeProtocol.ACK) {
                    continue;
                }
                long seq = NativeProtocol.readAck(frame.body());
                long newly;
                synchronized (lock) {
                    newly = Math.max(0, seq - acked);
                    acked = Math.max(acked, seq);
                    ackedOnConnection = true;
                    lock.notifyAll();
                }
                store.forwarded().accept(newly);
                if (System.currentTimeMillis() - lastPersist > 500) {
                    persist();
                    lastPersist = System.currentTimeMillis();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the sending side notices the closed socket and reconnects
        } finally {
            persist();
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    private static String errorOf(Frame frame) {
        try {
            return NativeProtocol.readError(frame.body());
        } catch (IOException e) {
            return "(unreadable reason)";
        }
    }

    private void persist() {
        long current = ackedId();
        synchronized (this) {
            if (current > persisted) {
                store.persistAcked().accept(current);
                persisted = current;
            }
        }
    }

    /** The highest row id the downstream acknowledged (or the link skipped). */
    public long ackedId() {
        synchronized (lock) {
            return acked;
        }
    }

    /** Records not forwarded because they passed this PS already. */
    public long looped() {
        return looped.get();
    }

    /** Records not forwarded because they made too many hops. */
    public long tooManyHops() {
        return tooManyHops.get();
    }

    /** Records the downstream refused, kept as dead letters since start. */
    public long deadLetters() {
        return deadLetters.get();
    }

    public void stop() {
        running = false;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
