package ps.bridge.control;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

import ps.client.LogEntry;
import ps.client.wire.NativeProtocol;
import ps.client.wire.NativeProtocol.Frame;
import ps.store.entity.LogRow;

/**
 * Bridge mode: sends every stored record on to a downstream PS bridge over the native protocol. The store
 * is the spool: records go by row id (their sequence number under the forwarder's client id), the
 * downstream's acknowledgements move a persisted cursor, and after a lost connection or a restart the
 * link resends from the cursor — the downstream keeps a resent record once.
 */
public final class ForwardLink implements Runnable {
    private static final Logger LOG = Logger.getLogger("ps.bridge");
    private static final int WINDOW = 20_000;
    private static final int CHUNK = 1_000;

    private final String host;
    private final int port;
    private final String clientId;
    private final BiFunction<Long, Integer, List<LogRow>> rowsAfter;
    private final LongConsumer persistAcked;
    private final LongConsumer forwarded;
    private final Object lock = new Object();
    private volatile boolean running = true;
    private volatile Socket socket;
    private long acked;
    private long persisted;

    /**
     * @param rowsAfter    reads up to n records with a row id above the given one, in id order
     * @param persistAcked stores the cursor (called from the link's threads, at most every half second)
     * @param forwarded    counts records the downstream acknowledged
     */
    public ForwardLink(String host, int port, String clientId, long ackedId,
                       BiFunction<Long, Integer, List<LogRow>> rowsAfter, LongConsumer persistAcked,
                       LongConsumer forwarded) {
        this.host = host;
        this.port = port;
        this.clientId = clientId;
        this.acked = ackedId;
        this.persisted = ackedId;
        this.rowsAfter = rowsAfter;
        this.persistAcked = persistAcked;
        this.forwarded = forwarded;
    }

    @Override
    public void run() {
        long backoff = 100;
        while (running) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 5_000);
                socket = s;
                backoff = 100;
                LOG.info(() -> "PS bridge forwarding to " + host + ":" + port + " from record " + ackedId());
                forward(s);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.warning(() -> "PS bridge cannot forward to " + host + ":" + port + " (retrying): " + e.getMessage());
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
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    private void forward(Socket s) throws IOException, InterruptedException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
        NativeProtocol.writeHello(out, clientId);
        out.flush();
        Thread reader = new Thread(() -> readAcks(s), "ps-forward-acks");
        reader.setDaemon(true);
        reader.start();
        long sent = ackedId();
        while (running && !s.isClosed()) {
            synchronized (lock) {
                while (sent - acked >= WINDOW && !s.isClosed() && running) {
                    lock.wait(200);
                }
            }
            List<LogRow> rows = rowsAfter.apply(sent, CHUNK);
            if (rows.isEmpty()) {
                out.flush();
                Thread.sleep(100);
                continue;
            }
            for (LogRow row : rows) {
                LogEntry entry = row.entry().copy().seq(row.id());
                NativeProtocol.writeRecord(out, entry);
                sent = row.id();
            }
            out.flush();
        }
        if (!s.isClosed()) {
            s.close();
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
                    LOG.warning(() -> "PS bridge: downstream " + host + ":" + port + " refused: " + reason);
                    break;
                }
                if (frame.type() != NativeProtocol.ACK) {
                    continue;
                }
                long seq = NativeProtocol.readAck(frame.body());
                long newly;
                synchronized (lock) {
                    newly = Math.max(0, seq - acked);
                    acked = Math.max(acked, seq);
                    lock.notifyAll();
                }
                forwarded.accept(newly);
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
        if (current > persisted) {
            persistAcked.accept(current);
            persisted = current;
        }
    }

    /** The highest row id the downstream acknowledged. */
    public long ackedId() {
        synchronized (lock) {
            return acked;
        }
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
