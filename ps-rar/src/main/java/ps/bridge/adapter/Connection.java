package ps.bridge.adapter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;

import ps.bridge.api.BridgeStatus;
import ps.bridge.api.RecordListener;
import ps.bridge.codec.RecordReader;
import ps.bridge.codec.RefusedRecord;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;
import ps.client.wire.ProtocolException;

/**
 * One client connection, on a thread of its own: decodes records, hands them to the endpoint in batches (a
 * batch ends when the socket has nothing more buffered or the batch is full) and, for inputs that
 * acknowledge, confirms each batch once it is stored. At most two batches per connection are in the
 * store's hands at a time (one being written while the next is decoded): a slow store slows the senders
 * through TCP instead of filling memory. Every byte read counts against the {@link InputBudget} until its
 * records are stored.
 *
 * <p>A bad record in an intact frame is refused alone (counted, logged once per connection, later ones
 * summed up at the end) and reading goes on; on the native input its sequence number is acknowledged with
 * the records around it, so the client does not resend it. Broken framing ends the connection with one
 * WARN line naming peer, input and reason; the records received before it are delivered first.
 */
final class Connection implements Work {
    private static final Logger LOG = Logger.getLogger("ps.bridge");
    /** A batch also ends at this many bytes read, so large records never pile up thousands to a batch. */
    private static final long MAX_BATCH_BYTES = 4L << 20;
    private static final long BUDGET_LOG_NANOS = 60_000_000_000L;
    private static final java.util.concurrent.atomic.AtomicLong lastBudgetLine =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - BUDGET_LOG_NANOS);
    private static final java.util.concurrent.atomic.AtomicInteger budgetRefusalsUnlogged =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Socket socket;
    private final String peer;
    private final ListenerConfig config;
    private final MessageEndpointFactory factory;
    private final InputBudget budget;
    private final Consumer<Connection> onClose;
    private final BridgeStatus.Counters counters;
    private ProgressInputStream progress;
    private CompletableFuture<Void> inFlight;
    private int inFlightSize;
    private long inFlightLastSeq;
    private long inFlightBytes;
    /** The highest sequence number refused since the last delivery, and the highest acknowledged. */
    private long refusedSeq;
    private long ackedSeq;
    private int refusedRecords;
    private volatile boolean waitingForStore;
    private volatile String closeReason;

    Connection(Socket socket, String peer, ListenerConfig config, MessageEndpointFactory factory,
               InputBudget budget, Consumer<Connection> onClose) {
        this.socket = socket;
        this.peer = peer;
        this.config = config;
        this.factory = factory;
        this.budget = budget;
        this.onClose = onClose;
        this.counters = BridgeStatus.counters(config.input().id());
    }

    @Override
    public void run() {
        String input = config.input().id();
        List<LogEntry> batch = new ArrayList<>();
        try {
            socket.setSoTimeout(config.idleTimeoutMillis());
            socket.setTcpNoDelay(true);
            progress = new ProgressInputStream(socket.getInputStream(), budget);
            Buffered in = new Buffered(progress);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            RecordReader reader = config.input().reader(in, config.maxFrameBytes(), config.helloCheck());
            try {
                long batchStart = 0;
                while (true) {
                    try {
                        LogEntry entry = reader.next();
                        if (entry == null) {
                            break;
                        }
                        entry.received(System.currentTimeMillis());
                        if (entry.created() == 0) {
                            entry.created(entry.received());
                        }
                        entry.set(LogField.INPUT, input).set(LogField.PEER, peer);
                        batch.add(entry);
                    } catch (RefusedRecord e) {
                        refuseRecord(e, out);
                    }
                    boolean moreBuffered = reader.hasBuffered() || in.hasBuffered() || in.available() > 0;
                    progress.recordDone(moreBuffered);
                    if (batch.size() >= config.batchSize() || !moreBuffered
                            || progress.bytesRead() - batchStart >= MAX_BATCH_BYTES) {
                        deliver(batch, out);
                        batch = new ArrayList<>();
                        batchStart = progress.bytesRead();
                        if (!moreBuffered) {
                            settle(out); // about to wait for the sender: confirm what is stored first
                        }
                    }
                }
                deliver(batch, out);
                settle(out);
            } catch (ProgressInputStream.OverBudget e) {
                deliver(batch, out);
                settle(out);
                refuseOverBudget(out, e.getMessage());
            } catch (ProtocolException e) {
                deliver(batch, out);
                settle(out);
                refuse(out, e.getMessage());
            } catch (SocketTimeoutException e) {
                deliver(batch, out);
                settle(out);
                refuse(out, "idle for more than " + config.idleTimeoutMillis() / 1000
                        + " s (setting ps.idle.timeout.seconds)");
            }
        } catch (IOException e) {
            if (closeReason != null) {
                counters.refuseInput();
                LOG.warning(() -> "PS bridge closed connection from " + peer + " on " + input + ": " + closeReason);
            } else if (!socket.isClosed()) {
                LOG.log(Level.FINE, "PS bridge: connection from " + peer + " on " + input + " ended", e);
            }
        } catch (StoreFailed e) {
            LOG.log(Level.SEVERE, "PS bridge: records from " + peer + " on " + input
                    + " could not be stored; closing the connection unacknowledged", e.getCause());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "PS bridge: records from " + peer + " on " + input
                    + " could not be stored; closing the connection unacknowledged", e);
        } finally {
            if (refusedRecords > 1) {
                LOG.warning(() -> "PS bridge refused " + (refusedRecords - 1) + " more records from " + peer + " on "
                        + input + " after the first (logged above)");
            }
            if (progress != null) {
                progress.releaseAll();
            }
            release();
        }
    }

    /**
     * Counts the refused record; logs the first of the connection (later ones are summed up at the end).
     * A sender that acknowledges learns which record and why (REFUSED), so a forwarder can keep it.
     */
    private void refuseRecord(RefusedRecord e, DataOutputStream out) throws IOException {
        counters.refuseInput();
        if (config.input().acknowledges() && e.seq() > 0) {
            NativeProtocol.writeRefused(out, e.seq(), e.getMessage());
        }
        refusedSeq = Math.max(refusedSeq, e.seq());
        if (++refusedRecords == 1) {
            LOG.warning(() -> "PS bridge refused a record from " + peer + " on " + config.input().id() + ": "
                    + e.getMessage());
        }
    }

    /**
     * Hands the batch to the endpoint, then waits for the batch before it: the store writes one batch while
     * this connection decodes the next, and acknowledgements still go out in order. A batch of none with a
     * refused record acknowledges that record once the batch before is stored.
     */
    private void deliver(List<LogEntry> batch, DataOutputStream out) throws IOException {
        if (batch.isEmpty()) {
            if (refusedSeq > ackedSeq) {
                settle(out);
                acknowledge(out, refusedSeq);
            }
            refusedSeq = 0;
            return;
        }
        counters.received(batch.size());
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (jakarta.resource.spi.UnavailableException e) {
            throw new IllegalStateException("ingestion endpoint unavailable", e);
        }
        CompletionStage<Void> stored;
        waitingForStore = true; // the store's queue may be full: that wait is not the sender's either
        try {
            stored = ((RecordListener) endpoint).onRecords(batch);
        } finally {
            progress.restartRecordClock();
            waitingForStore = false;
            endpoint.release();
        }
        settle(out);
        inFlight = stored.toCompletableFuture();
        inFlightSize = batch.size();
        inFlightLastSeq = Math.max(batch.get(batch.size() - 1).seq(), refusedSeq);
        inFlightBytes = progress.bytesRead();
        refusedSeq = 0;
    }

    /**
     * Waits until the batch in flight is stored, then counts and acknowledges it. The wait is the store's,
     * not the sender's: the record timeout does not run meanwhile.
     */
    private void settle(DataOutputStream out) throws IOException {
        if (inFlight == null) {
            return;
        }
        waitingForStore = true;
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing", e);
        } catch (ExecutionException e) {
            if (config.input().acknowledges()) {
                try {
                    NativeProtocol.writeError(out, "records not stored: " + e.getCause().getMessage());
                } catch (IOException ignored) {
                    // the peer may be gone already; the connection closes either way
                }
            }
            throw new StoreFailed(e.getCause());
        } finally {
            inFlight = null;
            progress.restartRecordClock();
            waitingForStore = false;
        }
        counters.stored(inFlightSize);
        progress.releaseTo(inFlightBytes);
        acknowledge(out, inFlightLastSeq);
    }

    private void acknowledge(DataOutputStream out, long seq) throws IOException {
        if (config.input().acknowledges() && seq > ackedSeq) {
            NativeProtocol.writeAck(out, seq);
            out.flush();
            ackedSeq = seq;
        }
    }

    private void refuse(DataOutputStream out, String reason) {
        counters.refuseInput();
        LOG.warning(() -> "PS bridge closed connection from " + peer + " on " + config.input().id() + ": " + reason);
        tellSender(out, reason);
    }

    /**
     * A flood over the budget closes many connections at once: one line per {@link #BUDGET_LOG_NANOS}
     * says so, with the count of those closed since the line before.
     */
    private void refuseOverBudget(DataOutputStream out, String reason) {
        counters.refuseInput();
        long now = System.nanoTime();
        long last = lastBudgetLine.get();
        if (now - last >= BUDGET_LOG_NANOS && lastBudgetLine.compareAndSet(last, now)) {
            int before = budgetRefusalsUnlogged.getAndSet(0);
            LOG.warning(() -> "PS bridge closed connection from " + peer + " on " + config.input().id() + ": " + reason
                    + (before > 0 ? "; " + before + " other connections were closed so since the last such line" : ""));
        } else {
            budgetRefusalsUnlogged.incrementAndGet();
        }
        tellSender(out, reason);
    }

    private void tellSender(DataOutputStream out, String reason) {
        if (config.input().acknowledges()) {
            try {
                NativeProtocol.writeError(out, reason);
            } catch (IOException ignored) {
                // the peer may be gone already; the connection closes either way
            }
        }
    }

    /**
     * Closes the connection when a record has been arriving for longer than the record timeout; called
     * by the listener's watchdog. Records completed before are stored by then: delivery happens on the
     * reading thread before it reads on. A connection waiting for the store is left alone.
     */
    void closeIfTooSlow(long now) {
        ProgressInputStream stream = progress;
        if (stream != null && !waitingForStore
                && stream.partialRecordAgeNanos(now) > config.recordTimeoutMillis() * 1_000_000L) {
            closeReason = "too slow: a record did not complete within " + config.recordTimeoutMillis() / 1000
                    + " s (setting ps.record.timeout.seconds)";
            Listener.closeQuietly(socket);
        }
    }

    @Override
    public void release() {
        if (!socket.isClosed()) {
            Listener.closeQuietly(socket);
        }
        onClose.accept(this);
    }

    /**
     * The socket's read buffer, saying whether it holds unread bytes without asking the socket: its
     * {@code available()} asks the kernel every time, once per record.
     */
    private static final class Buffered extends BufferedInputStream {
        Buffered(InputStream in) {
            super(in, 16 * 1024);
        }

        synchronized boolean hasBuffered() {
            return pos < count;
        }
    }

    /** The store refused or failed a batch: the connection ends without acknowledging it. */
    private static final class StoreFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreFailed(Throwable cause) {
            super(cause);
        }
    }
}
