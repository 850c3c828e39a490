package ps.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ps.client.wire.NativeProtocol;
import ps.client.wire.NativeProtocol.Frame;
import ps.client.wire.RecordTooLargeException;

/**
 * Sends log entries to a PS bridge in the background, at least once.
 *
 * <p>{@link #offer} never blocks: it puts the entry in a bounded queue or, when the queue is full, counts it
 * as dropped. A worker thread connects (backing off from 100 ms to {@code maxBackoff}), numbers each entry
 * and keeps it until the bridge acknowledges that it is committed. With a spool file, everything
 * unacknowledged goes to disk when the connection is lost, while the bridge is unreachable, and when the
 * sender closes; after a reconnect or a restart of the application the spool is sent first, under the
 * client id its records were numbered with, so the bridge keeps a resent record only once.
 *
 * <p>Sequence numbers only grow within a connection, as the bridge's cumulative acknowledgements require:
 * spooled records always have lower numbers than the records sent from memory after them.
 */
public final class PsSender implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PsSender.class.getName());
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long PROGRESS_NANOS = 5_000_000_000L;
    private static final int SPOOL_CHUNK = 1_000;

    private final List<BridgeAddress> addresses;
    /** The address the next connection goes to; moves on when one fails or breaks. */
    private volatile int current;
    private final Options options;
    private final ArrayBlockingQueue<LogEntry> queue;
    private final int window;
    private final long maxBackoffMillis;
    private final Spool spool;
    private final Object lock = new Object();
    /** Sent from memory but not yet acknowledged, in sequence order; guarded by lock. */
    private final ArrayDeque<LogEntry> unacked = new ArrayDeque<>();
    /** Accepted (or recovered from the spool) and not yet acknowledged; guarded by lock. */
    private long pending;
    /** The highest sequence number acknowledged; guarded by lock. */
    private long acked;
    private String clientId;
    private long nextSeq = 1;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastError;
    private volatile boolean closed;
    private volatile Socket socket;
    private volatile boolean ackedOnConnection;
    private final Thread worker;

    /**
     * How a sender reaches the bridge beyond host and port.
     *
     * @param token          the ingest token sent in HELLO, or null where the bridge requires none
     * @param tls            TLS to use, or null for plain TCP
     * @param maxRecordBytes the bridge's record limit (ps.max.record.bytes): a larger record can never be
     *                       delivered, so it is dropped with a reason and counted, and the rest flows on
     */
    public record Options(String token, ps.client.wire.Tls.Client tls, int maxRecordBytes) {
        public static final Options PLAIN = new Options(null, null, NativeProtocol.DEFAULT_MAX_RECORD_BYTES);

        public Options {
            if (maxRecordBytes < 64) {
                throw new IllegalArgumentException("maxRecordBytes " + maxRecordBytes + " is below 64");
            }
            if (token != null && token.isBlank()) {
                token = null;
            }
        }
    }

    /** A sender without spool: unacknowledged records live in memory only. */
    public PsSender(String host, int port, int queueCapacity, Duration maxBackoff) {
        this(host, port, queueCapacity, maxBackoff, null, 0);
    }

    public PsSender(String host, int port, int queueCapacity, Duration maxBackoff, Path spoolFile, long spoolMaxBytes) {
        this(host, port, queueCapacity, maxBackoff, spoolFile, spoolMaxBytes, Options.PLAIN);
    }

    /**
     * @param queueCapacity entries waiting in memory before offer drops
     * @param maxBackoff    longest wait between two connection attempts
     * @param spoolFile     where unacknowledged records are kept on disk, or null for none
     * @param spoolMaxBytes the spool's size limit; beyond it records are dropped and counted
     * @param options       token, TLS and record limit
     */
    public PsSender(String host, int port, int queueCapacity, Duration maxBackoff, Path spoolFile, long spoolMaxBytes,
                    Options options) {
        this(List.of(new BridgeAddress(host, port)), queueCapacity, maxBackoff, spoolFile, spoolMaxBytes, options);
    }

    /**
     * @param addresses the bridges to send to, tried in turn: the next one when a connection fails or breaks
     */
    public PsSender(List<BridgeAddress> addresses, int queueCapacity, Duration maxBackoff, Path spoolFile,
                    long spoolMaxBytes, Options options) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no bridge address");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        this.addresses = List.copyOf(addresses);
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.window = Math.max(1, Math.min(queueCapacity, 10_000));
        this.maxBackoffMillis = Math.max(MIN_BACKOFF_MILLIS, maxBackoff.toMillis());
        this.spool = openSpool(spoolFile, spoolMaxBytes);
        if (spool != null && !spool.isEmpty()) {
            // a spool whose header was damaged lost its client id: its records go out under a new one
            clientId = spool.clientId() == null ? UUID.randomUUID().toString() : spool.clientId();
            nextSeq = spool.lastSeq() + 1;
            pending = spool.records();
        } else {
            clientId = UUID.randomUUID().toString();
        }
        if (spool != null && spool.skippedRegions() > 0) {
            lastError = "spool " + spool.file() + " was damaged: skipped " + spool.skippedBytes() + " bytes in "
                    + spool.skippedRegions() + " place(s), kept the " + spool.records() + " intact records around them";
            LOG.warning(lastError);
        }
        this.worker = new Thread(this::run, "ps-sender-" + addresses.get(0)
                + (addresses.size() > 1 ? "+" + (addresses.size() - 1) : ""));
        this.worker.setDaemon(true);
        this.worker.start();
    }

    private Spool openSpool(Path file, long maxBytes) {
        if (file == null) {
            return null;
        }
        try {
            return Spool.open(file, maxBytes);
        } catch (IOException e) {
            lastError = "spool " + file + " unusable, keeping records in memory only: " + e.getMessage();
            return null;
        }
    }

    /**
     * Queues an entry for sending; never blocks.
     *
     * @return false when the queue is full or the sender closed: the entry is dropped and counted
     */
    public boolean offer(LogEntry entry) {
        synchronized (lock) {
            if (closed || !queue.offer(entry)) {
                dropped.incrementAndGet();
                return false;
            }
            pending++;
            return true;
        }
    }

    /**
     * Queues an entry if there is room; never blocks. Unlike {@link #offer} a refusal is not counted as
     * dropped: the caller ({@link PsOutbox}) keeps the entry elsewhere and offers it again later.
     *
     * @return false when the queue is full or the sender closed
     */
    public boolean tryOffer(LogEntry entry) {
        synchronized (lock) {
            if (closed || !queue.offer(entry)) {
                return false;
            }
            pending++;
            return true;
        }
    }

    /**
     * Queues entries from {@code from} on, in order, while there is room; under one lock for all. Like
     * {@link #tryOffer}, a refusal is not counted as dropped.
     *
     * @return how many were queued: the first ones from {@code from}
     */
    public int tryOffer(List<LogEntry> entries, int from) {
        synchronized (lock) {
            int queued = 0;
            if (!closed) {
                for (int i = from; i < entries.size() && queue.offer(entries.get(i)); i++) {
                    queued++;
                }
            }
            pending += queued;
            return queued;
        }
    }

    /**
     * Waits until everything offered so far (and everything an earlier run spooled) is acknowledged.
     *
     * @return true when nothing is pending any more, false when the timeout passed first
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Waits up to {@code timeout} for pending entries, then stops; what is still pending goes to the spool.
     *
     * @return true when everything was delivered
     */
    public boolean close(Duration timeout) {
        boolean flushed;
        try {
            flushed = flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            flushed = false;
        }
        closed = true;
        worker.interrupt();
        closeSocket();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spool != null) {
            synchronized (lock) {
                spoolPending();
            }
            try {
                spool.close();
            } catch (IOException e) {
                lastError = "cannot close spool " + spool.file() + ": " + e.getMessage();
            }
        }
        return flushed;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    public String clientId() {
        synchronized (lock) {
            return clientId;
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long delivered() {
        return delivered.get();
    }

    /** Records dropped because their frame exceeds the bridge's record limit. */
    public long oversized() {
        return oversized.get();
    }

    /**
     * Records the bridge refused alone (bad content in an intact frame): acknowledged, so not resent, but
     * not stored; each is in the bridge's log and its {@code refused_input} counter.
     */
    public long refused() {
        return refused.get();
    }

    /** Bytes of a damaged spool skipped when it was opened (see {@link #lastError()} for the report). */
    public long spoolSkippedBytes() {
        return spool == null ? 0 : spool.skippedBytes();
    }

    public long pending() {
        synchronized (lock) {
            return pending;
        }
    }

    /** Records on disk waiting for the bridge. */
    public long spooled() {
        synchronized (lock) {
            return spool == null ? 0 : spool.records();
        }
    }

    /** The reason of the last failed connection or refusal, or null. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        while (!closed) {
            long connected = 0;
            ackedOnConnection = false;
            BridgeAddress address = addresses.get(current);
            try (Socket s = options.tls() == null ? new Socket() : options.tls().socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(address.host(), address.port()), 5_000);
                if (s instanceof javax.net.ssl.SSLSocket tls) {
                    s.setSoTimeout(10_000);
                    tls.startHandshake();
                    s.setSoTimeout(0);
                }
                socket = s;
                connected = System.nanoTime();
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
                NativeProtocol.writeHello(out, clientId(), options.token());
                Thread reader = new Thread(() -> readAcks(s), "ps-sender-acks");
                reader.setDaemon(true);
                reader.start();
                sendSpool(s, out);
                for (LogEntry entry : unackedSnapshot()) {
                    NativeProtocol.writeRecord(out, entry);
                }
                out.flush();
                sendQueued(s, out);
            } catch (IOException e) {
                if (!closed) {
                    lastError = "cannot deliver to " + address + ": " + e.getMessage();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                socket = null;
            }
            synchronized (lock) {
                spoolPending();
            }
            // only a connection that got somewhere resets the back-off: a refused HELLO (say, a wrong
            // token) is retried ever more slowly instead of ten times a second
            if (ackedOnConnection || (connected != 0 && System.nanoTime() - connected > PROGRESS_NANOS)) {
                backoff = MIN_BACKOFF_MILLIS;
            }
            current = (current + 1) % addresses.size(); // fail over; back off once every address was tried
            if (current != 0) {
                continue;
            }
            if (!sleepSpooling(backoff)) {
                return;
            }
            backoff = Math.min(backoff * 2, maxBackoffMillis);
        }
    }

    /** Sends every spooled record, oldest first; the spool is emptied when the bridge acknowledged its last. */
    private void sendSpool(Socket s, DataOutputStream out) throws IOException, InterruptedException {
        if (spool == null) {
            return;
        }
        long spoolLast;
        Spool.Reader reader;
        synchronized (lock) {
            if (spool.isEmpty()) {
                return;
            }
            spoolLast = spool.lastSeq();
            reader = spool.reader();
        }
        long lastSent = 0;
        long skipped = 0;
        try (reader) {
            LogEntry entry;
            long sent = 0;
            while ((entry = reader.next()) != null) {
                if (entry.seq() <= ackedSeq()) {
                    continue;
                }
                try {
                    NativeProtocol.writeRecord(out, entry, options.maxRecordBytes());
                } catch (RecordTooLargeException e) {
                    dropOversized(e);
                    skipped++;
                    continue;
                }
                lastSent = entry.seq();
                if (++sent % window == 0) {
                    out.flush();
                    awaitAck(s, Math.min(lastSent, entry.seq() - window / 2));
                }
            }
            out.flush();
        }
        awaitAck(s, lastSent);
        if (lastSent < spoolLast) {
            // the spool's last records were too large to send: no ACK will cover them, so clear it here
            synchronized (lock) {
                if (!spool.isEmpty() && spool.lastSeq() == spoolLast && acked >= lastSent) {
                    long records = spool.records();
                    spool.clear();
                    pending -= records;
                    delivered.addAndGet(records - skipped);
                    lock.notifyAll();
                }
            }
        } else if (skipped > 0) {
            synchronized (lock) {
                delivered.addAndGet(-skipped); // acknowledge() counted the whole spool as delivered
            }
        }
    }

    private void refusedAlone(NativeProtocol.Refusal refusal) {
        long n = refused.incrementAndGet();
        delivered.decrementAndGet(); // its ACK counts it, but it was not stored
        lastError = "the bridge refused record " + refusal.seq() + ": " + refusal.reason();
        if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th ...: a stream of them is not a stream of lines
            LOG.warning(() -> "PS sender: " + lastError + " (" + n + " refused so far)");
        }
    }

    private void dropOversized(RecordTooLargeException e) {
        long n = oversized.incrementAndGet();
        lastError = "dropped: " + e.getMessage() + " (the bridge's ps.max.record.bytes)";
        // outside the lock: a PsHandler on this logger only queues the line
        LOG.warning(() -> "PS sender " + lastError + "; " + n + " dropped for size so far");
    }

    private boolean windowFull() {
        synchronized (lock) {
            return unacked.size() >= window;
        }
    }

    private long ackedSeq() {
        synchronized (lock) {
            return acked;
        }
    }

    /** Waits until the bridge acknowledged {@code seq}, or the connection ended. */
    private void awaitAck(Socket s, long seq) throws IOException, InterruptedException {
        synchronized (lock) {
            while (acked < seq && !s.isClosed() && !closed) {
                lock.wait(200);
            }
        }
        if (s.isClosed()) {
            throw new IOException(lastError == null ? "connection closed by the bridge" : lastError);
        }
    }

    /** What the worker took from the queue in one go, numbered and in {@link #unacked}: worker thread only. */
    private final List<LogEntry> sending = new ArrayList<>();
    /** The most the worker takes from the queue under one lock. */
    private static final int SEND_BATCH = 256;

    private void sendQueued(Socket s, DataOutputStream out) throws IOException, InterruptedException {
        while (!closed) {
            LogEntry entry = queue.poll(200, TimeUnit.MILLISECONDS);
            if (entry == null) {
                out.flush();
                if (s.isClosed()) {
                    throw new IOException(lastError == null ? "connection closed by the bridge" : lastError);
                }
                continue;
            }
            if (windowFull()) {
                out.flush(); // else the records the window waits for may sit in the buffer, never acknowledged
            }
            sending.clear();
            synchronized (lock) {
                while (unacked.size() >= window && !s.isClosed()) {
                    lock.wait(200);
                }
                sending.add(entry);
                // the rest of a batch under the same lock: numbered and unacknowledged before the lock is let go,
                // so that spoolPending finds each of them in unacked or in the queue
                queue.drainTo(sending, Math.max(0, Math.min(SEND_BATCH, window - unacked.size() - 1)));
                for (LogEntry taken : sending) {
                    taken.seq(nextSeq++);
                    unacked.addLast(taken);
                }
            }
            if (s.isClosed()) {
                throw new IOException(lastError == null ? "connection closed by the bridge" : lastError);
            }
            for (LogEntry taken : sending) {
                try {
                    NativeProtocol.writeRecord(out, taken, options.maxRecordBytes());
                } catch (RecordTooLargeException e) {
                    synchronized (lock) {
                        unacked.remove(taken);
                        pending--;
                        lock.notifyAll();
                    }
                    dropOversized(e);
                }
            }
            sending.clear();
            if (queue.isEmpty()) {
                out.flush();
            }
        }
    }

    /**
     * Moves the unacknowledged records and the queue to the spool, in sequence order, so nothing pending
     * lives only in memory. Without a spool they stay in memory. Called with the lock held.
     */
    private void spoolPending() {
        if (spool == null) {
            return;
        }
        List<LogEntry> moving = new ArrayList<>(unacked);
        LogEntry entry;
        while ((entry = queue.poll()) != null) {
            entry.seq(nextSeq++);
            moving.add(entry);
        }
        if (moving.isEmpty()) {
            return;
        }
        try {
            if (spool.isFull()) {
                throw new IOException("spool " + spool.file() + " is full (limit reached)");
            }
            spool.append(clientId, moving);
            unacked.clear();
        } catch (IOException e) {
            lastError = "cannot spool: " + e.getMessage();
            // keep them in memory: unacked stays, the queued ones join it in order
            for (LogEntry moved : moving) {
                if (!unacked.contains(moved)) {
                    unacked.addLast(moved);
                }
            }
        }
    }

    /** Sleeps between connection attempts, moving what arrives in the queue to the spool meanwhile. */
    private boolean sleepSpooling(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (!closed) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(left, 200));
                if (spool != null && queue.size() >= Math.min(SPOOL_CHUNK, queue.remainingCapacity() + queue.size())) {
                    synchronized (lock) {
                        spoolPending();
                    }
                }
            }
        } catch (InterruptedException e) {
            return false;
        }
        return false;
    }

    private List<LogEntry> unackedSnapshot() {
        synchronized (lock) {
            return new ArrayList<>(unacked);
        }
    }

    private void readAcks(Socket s) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            Frame frame;
            while ((frame = NativeProtocol.readFrame(in, MAX_FRAME_BYTES)) != null) {
                if (frame.type() == NativeProtocol.ACK) {
                    acknowledge(NativeProtocol.readAck(frame.body()));
                } else if (frame.type() == NativeProtocol.ERROR) {
                    lastError = "refused by the bridge: " + NativeProtocol.readError(frame.body());
                    break;
                } else if (frame.type() == NativeProtocol.REFUSED) {
                    refusedAlone(NativeProtocol.readRefused(frame.body()));
                } // other types: a newer bridge's, skipped
            }
        } catch (IOException e) {
            if (!s.isClosed()) {
                lastError = "connection to " + s.getRemoteSocketAddress() + " lost: " + e.getMessage();
            }
        } finally {
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

    private void acknowledge(long seq) {
        synchronized (lock) {
            if (seq <= acked) {
                return;
            }
            acked = seq;
            ackedOnConnection = true;
            if (spool != null && !spool.isEmpty() && seq >= spool.lastSeq()) {
                long records = spool.records();
                try {
                    spool.clear();
                } catch (IOException e) {
                    lastError = "cannot empty spool " + spool.file() + ": " + e.getMessage();
                }
                pending -= records;
                delivered.addAndGet(records);
            }
            while (!unacked.isEmpty() && unacked.peekFirst().seq() <= seq) {
                unacked.removeFirst();
                pending--;
                delivered.incrementAndGet();
            }
            lock.notifyAll();
        }
    }

    private void closeSocket() {
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
