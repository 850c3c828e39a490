package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import ps.testsupport.PgCluster;

import ps.client.PsHandler;
import ps.client.Stage;

/**
 * Three PS nodes on one PostgreSQL (issue 11). Four native clients, each given all three bridges (first its
 * own), and two Python SocketHandler clients log at once; one node is killed with SIGKILL mid-load. The
 * killed node's native clients move to another node and resend what was not acknowledged: every record
 * is stored exactly once, and any surviving node's API shows every node's records.
 */
class ClusterIT {
    private static final int NODES = 3;
    private static final int NATIVE_CLIENTS = 4;
    private static final int NATIVE_RECORDS = 20_000;
    private static final int PYTHON_RECORDS = 5_000;

    @Test
    void aKilledNodesClientsFailOverAndEveryRecordIsStoredExactlyOnce() throws Exception {
        try (PgCluster pg = PgCluster.start()) {
            try (Connection connection = pg.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE ps");
            }
            List<PsServer> nodes = startNodes(pg);
            try {
                PsServer doomed = nodes.get(0);
                String bridges = String.join(",", nodes.stream().map(node -> "localhost:" + node.nativePort).toList());
                List<PsHandler> handlers = new ArrayList<>();
                ExecutorService senders = Executors.newFixedThreadPool(NATIVE_CLIENTS);
                CountDownLatch aThirdSent = new CountDownLatch(NATIVE_CLIENTS);
                List<Future<?>> sent = new ArrayList<>();
                for (int c = 0; c < NATIVE_CLIENTS; c++) {
                    PsServer own = nodes.get(c % NODES);
                    // its own node first, then the rest: clients 0 and 3 start on the node that is killed
                    String hosts = "localhost:" + own.nativePort + "," + bridges;
                    PsHandler handler = new PsHandler(new PsHandler.Settings().host(hosts).port(own.nativePort)
                            .stage(Stage.TESTING).system("cluster-native-" + c).queueSize(NATIVE_RECORDS)
                            .maxBackoff(Duration.ofSeconds(1)).spool("none"));
                    handlers.add(handler);
                    Logger logger = logger("ps.system.cluster." + c, handler);
                    sent.add(senders.submit(() -> {
                        for (int i = 0; i < NATIVE_RECORDS; i++) {
                            logger.info("cluster record " + i);
                            if (i == NATIVE_RECORDS / 3) {
                                aThirdSent.countDown();
                            }
                            if (i % 500 == 0) {
                                Thread.sleep(5); // a steady load, so the kill falls in the middle of it
                            }
                        }
                        return null;
                    }));
                }
                List<Process> pythons = new ArrayList<>();
                for (int p = 1; p <= 2; p++) { // SocketHandler neither acknowledges nor fails over: the survivors
                    pythons.add(IngestBenchmark.pythonProcess("socket_handler_sender.py", "localhost",
                            Integer.toString(nodes.get(p).picklePort), Integer.toString(PYTHON_RECORDS), "cluster-python-" + p));
                }
                assertTrue(aThirdSent.await(120, java.util.concurrent.TimeUnit.SECONDS));
                doomed.kill();
                for (Future<?> future : sent) {
                    future.get(300, java.util.concurrent.TimeUnit.SECONDS);
                }
                for (PsHandler handler : handlers) {
                    assertTrue(handler.flush(Duration.ofSeconds(180)), "every record acknowledged by a surviving node");
                    assertEquals(0, handler.sender().dropped());
                }
                for (Process python : pythons) {
                    assertEquals(0, python.waitFor());
                }
                senders.shutdown();

                long pythonTwosNode;
                try (Connection connection = pg.connect("ps")) {
                    for (int c = 0; c < NATIVE_CLIENTS; c++) {
                        String system = "cluster-native-" + c;
                        assertEquals(NATIVE_RECORDS, count(connection, "SELECT count(DISTINCT seq) FROM log WHERE system_id = ?", system),
                                system + ": every record stored");
                        assertEquals(NATIVE_RECORDS, count(connection, "SELECT count(*) FROM log WHERE system_id = ?", system),
                                system + ": none stored twice, though resent to another node");
                    }
                    for (int p = 1; p <= 2; p++) {
                        String system = "cluster-python-" + p;
                        awaitCount(connection, system, PYTHON_RECORDS);
                        // a Python client sends to one node only: each of its records says that node's number
                        assertEquals(count(connection, "SELECT number FROM cluster_node WHERE name = ?", "node-" + p),
                                count(connection, "SELECT min(node) FROM log WHERE system_id = ?", system), system + ": its node");
                        assertEquals(1, count(connection, "SELECT count(DISTINCT node) FROM log WHERE system_id = ?", system));
                    }
                    pythonTwosNode = count(connection, "SELECT number FROM cluster_node WHERE name = ?", "node-2");
                }
                // any node shows the other nodes' records
                PsServer survivor = nodes.get(1);
                assertEquals(1, survivor.logs("system_id=cluster-python-2&limit=1").getJsonArray("records").size());
                assertEquals(pythonTwosNode, survivor.logs("system_id=cluster-python-2&limit=1").getJsonArray("records")
                        .getJsonObject(0).getInt("node"), "the REST API says which node received a record");
                assertEquals(1, survivor.logs("system_id=cluster-native-0&limit=1").getJsonArray("records").size());
                for (PsHandler handler : handlers) {
                    handler.close();
                }
            } finally {
                for (PsServer node : nodes) {
                    node.stop();
                }
            }
        }
    }

    /** Starts the nodes at once (each start is mostly single-threaded work); all must become ready. */
    private static List<PsServer> startNodes(PgCluster pg) throws Exception {
        List<PsServer> nodes = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            nodes.add(PsServer.create(PsServer.dataDir("cluster-node-" + n), Map.of(
                    "PS_DB_URL", pg.url("ps"), "PS_DB_USER", "postgres", "PS_DB_PASSWORD", "",
                    "PS_NODE_ID", "node-" + n)));
        }
        ExecutorService starts = Executors.newFixedThreadPool(NODES);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (PsServer node : nodes) {
                started.add(starts.submit(() -> {
                    node.launch(Duration.ofSeconds(300));
                    return null;
                }));
            }
            for (Future<?> start : started) {
                start.get();
            }
        } catch (Exception e) {
            for (PsServer node : nodes) {
                node.kill();
            }
            throw e;
        } finally {
            starts.shutdown();
        }
        return nodes;
    }

    private static void awaitCount(Connection connection, String system, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long count;
        do {
            count = count(connection, "SELECT count(*) FROM log WHERE system_id = ?", system);
            if (count >= expected) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, count, system + ": every Python record stored by the node it was sent to");
    }

    private static long count(Connection connection, String sql, String system) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, system);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Logger logger(String name, PsHandler handler) {
        Logger logger = Logger.getLogger(name);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        return logger;
    }
}
