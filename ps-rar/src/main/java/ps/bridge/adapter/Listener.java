package ps.bridge.adapter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;

import ps.bridge.api.BridgeStatus;

/**
 * One input's TCP listener: the accept loop, run as long-running Work. Each connection reads on a daemon
 * thread of its own rather than as Work: the server's pool has a fixed size, and connections that hold a
 * thread each (a half-sent frame, an idle client) would otherwise take all of it and starve good clients.
 * The connection cap bounds these threads.
 */
final class Listener implements Work, WorkContextProvider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger("ps.bridge");

    private final ListenerConfig config;
    private final MessageEndpointFactory factory;
    private final InputBudget budget;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean released;

    private final java.util.Timer watchdog;

    Listener(ListenerConfig config, MessageEndpointFactory factory, InputBudget budget, java.util.Timer watchdog) {
        this.config = config;
        this.factory = factory;
        this.budget = budget;
        this.watchdog = watchdog;
    }

    void bind() throws IOException {
        ServerSocket socket = config.tls() ? ServerTls.factory().createServerSocket() : new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), 200);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        server = socket;
        watchdog.schedule(new java.util.TimerTask() {
            @Override
            public void run() {
                if (released) {
                    cancel();
                    return;
                }
                long now = System.nanoTime();
                connections.forEach(connection -> connection.closeIfTooSlow(now));
            }
        }, 1_000, 1_000);
        BridgeStatus.bound(config.input().id(), config.address());
        LOG.info(() -> "PS bridge listening for " + config.input().id() + " on " + config.address()
                + (config.tls() ? " (TLS)" : ""));
    }

    @Override
    public void run() {
        ServerSocket socket = server;
        while (!released && socket != null && !socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!released) {
                    LOG.log(Level.WARNING, "PS bridge: accept failed on " + config.address(), e);
                }
                continue;
            }
            accept(client);
        }
    }

    private void accept(Socket client) {
        String peer = client.getRemoteSocketAddress().toString();
        if (connections.size() >= config.maxConnections()) {
            BridgeStatus.counters(config.input().id()).refusedConnection();
            LOG.warning(() -> "PS bridge refused connection from " + peer + " on " + config.input().id()
                    + ": " + config.maxConnections() + " connections open (setting ps.max.connections)");
            closeQuietly(client);
            return;
        }
        Connection connection = new Connection(client, peer, config, factory, budget, connections::remove);
        connections.add(connection);
        Thread thread = new Thread(connection, "ps-bridge-" + config.input().id() + "-" + peer);
        thread.setDaemon(true);
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        try {
            thread.start();
        } catch (OutOfMemoryError | RuntimeException e) {
            // no native thread left: refuse this one, keep serving the others
            connections.remove(connection);
            LOG.log(Level.WARNING, "PS bridge cannot serve " + peer + " on " + config.input().id(), e);
            closeQuietly(client);
        }
    }

    /** The accept loop holds its thread for the listener's life: say so, so the pool can plan for it. */
    @Override
    public List<WorkContext> getWorkContexts() {
        HintsContext hints = new HintsContext();
        hints.setName("ps-bridge-" + config.input().id());
        hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
        return List.of(hints);
    }

    /** Closes the listener and every open connection; safe to call more than once. */
    @Override
    public void release() {
        if (released) {
            return;
        }
        released = true;
        ServerSocket socket = server;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        BridgeStatus.unbound(config.input().id());
        connections.forEach(Connection::release);
        LOG.info(() -> "PS bridge stopped listening for " + config.input().id() + " on " + config.address());
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
