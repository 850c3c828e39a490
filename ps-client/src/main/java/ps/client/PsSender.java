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
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final int SPOOL_CHUNK = 1_000;

    private final String host;
    private final int port;
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
    private volatile String lastError;
    private volatile boolean closed;
    private volatile Socket socket;
    private final Thread worker;

    /** A sender without spool: unacknowledged records live in memory only. */
    public PsSender(String host, int port, int queueCapacity, Duration maxBackoff) {
        this(host, port, queueCapacity, maxBackoff, null, 0);
    }

    /**
     * @param queueCapacity entries waiting in memory before offer drops
     * @param maxBackoff    longest wait between two connection attempts
     * @param spoolFile     where unacknowledged records are kept on disk, or null for none
     * @param spoolMaxBytes the spool's size limit; beyond it records are dropped and counted
     */
    public PsSender(String host, int port, int queueCapacity, Duration maxBackoff, Path spoolFile, long spoolMaxBytes) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        this.host = host;
        this.port = port;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.window = Math.max(1, Math.min(queueCapacity, 10_000));
        this.maxBackoffMillis = Math.max(MIN_BACKOFF_MILLIS, maxBackoff.toMillis());
        this.spool = openSpool(spoolFile, spoolMaxBytes);
        if (spool != null && !spool.isEmpty()) {
            clientId = spool.clientId();
            nextSeq = spool.lastSeq() + 1;
            pending = spool.records();
        } else {
            clientId = UUID.randomUUID().toString();
        }
        this.worker = new Thread(this::run, "ps-sender-" + host + ":" + port);
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
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 5_000);
                socket = s;
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
                NativeProtocol.writeHello(out, clientId());
                Thread reader = new Thread(() -> readAcks(s), "ps-sender-acks");
                reader.setDaemon(true);
                reader.start();
                backoff = MIN_BACKOFF_MILLIS;
                sendSpool(s, out);
                for (LogEntry entry : unackedSnapshot()) {
                    NativeProtocol.writeRecord(out, entry);
                }
                out.flush();
                sendQueued(s, out);
            } catch (IOException e) {
                if (!closed) {
                    lastError = "cannot deliver to " + host + ":" + port + ": " + e.getMessage();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                socket = null;
            }
            synchronized (lock) {
                spoolPending();
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
        try (reader) {
            LogEntry entry;
            long sent = 0;
            while ((entry = reader.next()) != null) {
                if (entry.seq() <= ackedSeq()) {
                    continue;
                }
                NativeProtocol.writeRecord(out, entry);
                if (++sent % window == 0) {
                    out.flush();
                    awaitAck(s, entry.seq() - window / 2);
                }
            }
            out.flush();
        }
        awaitAck(s, spoolLast);
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
            synchronized (lock) {
                while (unacked.size() >= window && !s.isClosed()) {
                    lock.wait(200);
                }
                entry.seq(nextSeq++);
                unacked.addLast(entry);
            }
            if (s.isClosed()) {
                throw new IOException(lastError == null ? "connection closed by the bridge" : lastError);
            }
            NativeProtocol.writeRecord(out, entry);
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
                }
            }
        } catch (IOException e) {
            if (!s.isClosed()) {
                lastError = "connection to " + host + ":" + port + " lost: " + e.getMessage();
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
