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
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;
import ps.client.wire.ProtocolException;

/**
 * One client connection: decodes records, hands them to the endpoint in batches (a batch ends when the
 * socket has nothing more buffered or the batch is full) and, for inputs that acknowledge, confirms each
 * batch once it is stored. At most two batches per connection are in the store's hands at a time (one
 * being written while the next is decoded): a slow store slows the senders through TCP instead of
 * filling memory.
 *
 * <p>Bad input ends the connection with one WARN line naming peer, input and reason; the records
 * received before it are delivered first.
 */
final class Connection implements Work {
    private static final Logger LOG = Logger.getLogger("ps.bridge");
    /** A batch also ends at this many bytes read, so large records never pile up thousands to a batch. */
    private static final long MAX_BATCH_BYTES = 4L << 20;

    private final Socket socket;
    private final String peer;
    private final ListenerConfig config;
    private final MessageEndpointFactory factory;
    private final Consumer<Connection> onClose;
    private final BridgeStatus.Counters counters;
    private ProgressInputStream progress;
    private CompletableFuture<Void> inFlight;
    private int inFlightSize;
    private long inFlightLastSeq;
    private volatile String closeReason;

    Connection(Socket socket, String peer, ListenerConfig config, MessageEndpointFactory factory,
               Consumer<Connection> onClose) {
        this.socket = socket;
        this.peer = peer;
        this.config = config;
        this.factory = factory;
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
            progress = new ProgressInputStream(socket.getInputStream());
            InputStream in = new BufferedInputStream(progress, 64 * 1024);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            RecordReader reader = config.input().reader(in, config.maxFrameBytes(), config.helloCheck());
            try {
                LogEntry entry;
                long batchStart = 0;
                while ((entry = reader.next()) != null) {
                    entry.received(System.currentTimeMillis());
                    if (entry.created() == 0) {
                        entry.created(entry.received());
                    }
                    entry.set(LogField.INPUT, input).set(LogField.PEER, peer);
                    batch.add(entry);
                    boolean moreBuffered = in.available() > 0;
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
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "PS bridge: records from " + peer + " on " + input
                    + " could not be stored; closing the connection unacknowledged", e);
        } finally {
            release();
        }
    }

    /**
     * Hands the batch to the endpoint, then waits for the batch before it: the store writes one batch while
     * this connection decodes the next, and acknowledgements still go out in order.
     */
    private void deliver(List<LogEntry> batch, DataOutputStream out) throws IOException {
        if (batch.isEmpty()) {
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
        try {
            stored = ((RecordListener) endpoint).onRecords(batch);
        } finally {
            endpoint.release();
        }
        settle(out);
        inFlight = stored.toCompletableFuture();
        inFlightSize = batch.size();
        inFlightLastSeq = batch.get(batch.size() - 1).seq();
    }

    /** Waits until the batch in flight is stored, then counts and acknowledges it. */
    private void settle(DataOutputStream out) throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch not stored", e.getCause());
        } finally {
            inFlight = null;
        }
        counters.stored(inFlightSize);
        if (config.input().acknowledges()) {
            NativeProtocol.writeAck(out, inFlightLastSeq);
            out.flush();
        }
    }

    private void refuse(DataOutputStream out, String reason) {
        counters.refuseInput();
        LOG.warning(() -> "PS bridge closed connection from " + peer + " on " + config.input().id() + ": " + reason);
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
     * reading thread before it reads on.
     */
    void closeIfTooSlow(long now) {
        ProgressInputStream stream = progress;
        if (stream != null && stream.partialRecordAgeNanos(now) > config.recordTimeoutMillis() * 1_000_000L) {
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
}
