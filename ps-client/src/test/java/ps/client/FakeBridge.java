package ps.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ps.client.wire.NativeProtocol;
import ps.client.wire.NativeProtocol.Frame;

/**
 * A bridge for the client tests: a real server socket on a free loopback port speaking the native
 * protocol. It reads a HELLO and RECORD frames and acknowledges them, like the real bridge, after each
 * burst of records; it can be told to drop its first connection unacknowledged or to refuse clients.
 * Public, in ps-client's test jar, for the Logback and Log4j2 appenders' tests.
 */
public final class FakeBridge implements AutoCloseable {
    public static final String HOST = InetAddress.getLoopbackAddress().getHostAddress();

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> clientIds = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile int dropFirstConnectionAfter = -1;
    private volatile String refusal;
    private volatile boolean acknowledging = true;
    private volatile String refuseAlone;

    /** A record as it arrived, with the number of the connection (1, 2, …) it arrived on. */
    public record Received(int connection, String clientId, LogEntry entry) {
    }

    public FakeBridge() throws IOException {
        this(0, null);
    }

    /** Listens on the given loopback port (0: a free one), e.g. one a client already tries to reach. */
    public FakeBridge(int port) throws IOException {
        this(port, null);
    }

    /** A bridge speaking TLS with the context's key, or plain TCP for null. */
    public FakeBridge(javax.net.ssl.SSLContext tls) throws IOException {
        this(0, tls);
    }

    public FakeBridge(int port, javax.net.ssl.SSLContext tls) throws IOException {
        server = tls == null ? new ServerSocket(port, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(port, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fake-bridge");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes the first connection after reading this many records, acknowledging none of them. */
    FakeBridge dropFirstConnectionAfter(int records) {
        dropFirstConnectionAfter = records;
        return this;
    }

    /** Answers every HELLO with an ERROR frame carrying this reason, then closes. */
    FakeBridge refuseWith(String reason) {
        refusal = reason;
        return this;
    }

    /** Refuses alone (REFUSED, then the ACK covers it) every record whose message starts with this. */
    FakeBridge refuseAlone(String messagePrefix) {
        refuseAlone = messagePrefix;
        return this;
    }

    /** Reads records but never acknowledges them. */
    FakeBridge silent() {
        acknowledging = false;
        return this;
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    public static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The token of each HELLO ("" for none). */
    List<String> tokens() {
        return new ArrayList<>(tokens);
    }

    List<String> clientIds() {
        return new ArrayList<>(clientIds);
    }

    /** Waits until at least {@code count} records arrived or the timeout passed; returns how many did. */
    public int awaitRecords(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return received.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int number = connections.incrementAndGet();
                Thread handler = new Thread(() -> serve(socket, number), "fake-bridge-" + number);
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            Frame hello = NativeProtocol.readFrame(in, 1024 * 1024);
            if (hello == null || hello.type() != NativeProtocol.HELLO) {
                return;
            }
            NativeProtocol.Hello greeting = NativeProtocol.hello(hello.body());
            String clientId = greeting.clientId();
            clientIds.add(clientId);
            tokens.add(greeting.token() == null ? "" : greeting.token());
            if (refusal != null) {
                NativeProtocol.writeError(out, refusal);
                closeGracefully(socket, in);
                return;
            }
            boolean dropping = number == 1 && dropFirstConnectionAfter >= 0;
            int count = 0;
            long lastSeq = 0;
            int unacked = 0;
            Frame frame;
            while ((frame = NativeProtocol.readFrame(in, NativeProtocol.DEFAULT_MAX_RECORD_BYTES)) != null) {
                if (frame.type() != NativeProtocol.RECORD) {
                    NativeProtocol.writeError(out, "unexpected frame type " + frame.type());
                    return;
                }
                LogEntry entry = NativeProtocol.readRecord(frame.body());
                String message = entry.get(ps.client.LogField.MESSAGE);
                if (refuseAlone != null && message != null && message.startsWith(refuseAlone)) {
                    NativeProtocol.writeRefused(out, entry.seq(), "refused for testing");
                } else {
                    received.add(new Received(number, clientId, entry));
                }
                count++;
                if (dropping) {
                    if (count >= dropFirstConnectionAfter) {
                        return; // closes the socket without a single ACK
                    }
                    continue;
                }
                lastSeq = entry.seq();
                unacked++;
                if (acknowledging && (in.available() == 0 || unacked >= 100)) {
                    NativeProtocol.writeAck(out, lastSeq);
                    out.flush();
                    unacked = 0;
                }
            }
        } catch (IOException e) {
            // the client went away or broke the protocol: the connection ends either way
        }
    }

    /**
     * Ends the connection so the client reads everything sent before: closing with unread input would
     * reset the connection and could discard the ERROR frame on its way.
     */
    private static void closeGracefully(Socket socket, DataInputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(2_000);
        while (in.read() >= 0) {
            // drain until the client closes
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
