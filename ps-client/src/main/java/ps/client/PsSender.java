package ps.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * Sends log entries to a PS bridge in the background. {@link #offer} never blocks: it puts the entry in a
 * bounded queue or, when the queue is full, counts it as dropped. A worker thread connects (backing off
 * from 100 ms to {@code maxBackoff} while the bridge is unreachable), numbers each entry, and keeps it until
 * the bridge acknowledges that it is committed; after a reconnect the unacknowledged entries are resent
 * (the bridge keeps a resent entry only once).
 */
public final class PsSender implements AutoCloseable {
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final long MIN_BACKOFF_MILLIS = 100;

    private final String host;
    private final int port;
    private final String clientId;
    private final ArrayBlockingQueue<LogEntry> queue;
    private final int window;
    private final long maxBackoffMillis;
    private final Object lock = new Object();
    /** Sent but not yet acknowledged, in sequence order; guarded by lock. */
    private final ArrayDeque<LogEntry> unacked = new ArrayDeque<>();
    /** Accepted by offer and not yet acknowledged; guarded by lock. */
    private long pending;
    private long nextSeq = 1;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile String lastError;
    private volatile boolean closed;
    private volatile Socket socket;
    private final Thread worker;

    /**
     * @param queueCapacity entries waiting to be sent before offer drops
     * @param maxBackoff    longest wait between two connection attempts
     */
    public PsSender(String host, int port, int queueCapacity, Duration maxBackoff) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        this.host = host;
        this.port = port;
        this.clientId = UUID.randomUUID().toString();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.window = Math.max(1, Math.min(queueCapacity, 10_000));
        this.maxBackoffMillis = Math.max(MIN_BACKOFF_MILLIS, maxBackoff.toMillis());
        this.worker = new Thread(this::run, "ps-sender-" + host + ":" + port);
        this.worker.setDaemon(true);
        this.worker.start();
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
     * Waits until everything offered so far is acknowledged by the bridge.
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

    /** Waits up to {@code timeout} for pending entries, then stops the worker. */
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
        return flushed;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    public String clientId() {
        return clientId;
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
                NativeProtocol.writeHello(out, clientId);
                Thread reader = new Thread(() -> readAcks(s), "ps-sender-acks");
                reader.setDaemon(true);
                reader.start();
                backoff = MIN_BACKOFF_MILLIS;
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
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, maxBackoffMillis);
        }
    }

    private void sendQueued(Socket s, DataOutputStream out) throws IOException, InterruptedException {
        while (!closed) {
            LogEntry entry = queue.poll(200, TimeUnit.MILLISECONDS);
            if (s.isClosed()) {
                if (entry != null) {
                    requeueFirst(entry);
                }
                throw new IOException(lastError == null ? "connection closed by the bridge" : lastError);
            }
            if (entry == null) {
                out.flush();
                continue;
            }
            synchronized (lock) {
                while (unacked.size() >= window && !s.isClosed()) {
                    lock.wait(200);
                }
                entry.seq(nextSeq++);
                unacked.addLast(entry);
            }
            NativeProtocol.writeRecord(out, entry);
            if (queue.isEmpty()) {
                out.flush();
            }
        }
    }

    /** An entry taken from the queue but not sent: number it now so it is resent with the rest. */
    private void requeueFirst(LogEntry entry) {
        synchronized (lock) {
            entry.seq(nextSeq++);
            unacked.addLast(entry);
        }
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
