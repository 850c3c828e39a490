package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A start that fails ends the process: exit code 1 within a bound and one line "ps: start failed: <cause>"
 * naming the cause, for a taken HTTP port, a taken input port, a bad setting and an unusable store (Payara
 * Micro alone logs these and keeps running, answering nothing).
 */
class StartFailureIT {
    private static final Duration BOUND = Duration.ofSeconds(180);

    @Test
    void aTakenHttpPortEndsTheStart() throws Exception {
        PsServer server = PsServer.create(PsServer.dataDir("http-taken"), Map.of());
        try (ServerSocket taken = new ServerSocket(server.httpPort, 50, InetAddress.getByName("0.0.0.0"))) {
            assertFailsWith(server, "cannot listen on the HTTP port " + server.httpPort + " (setting PS_HTTP_PORT)");
        }
    }

    @Test
    void aTakenInputPortEndsTheStart() throws Exception {
        PsServer server = PsServer.create(PsServer.dataDir("input-taken"), Map.of());
        try (ServerSocket taken = new ServerSocket(server.picklePort, 50, InetAddress.getByName("0.0.0.0"))) {
            assertFailsWith(server, "ps-web did not deploy: PS bridge cannot listen for pickle on 0.0.0.0:" + server.picklePort);
        }
    }

    @Test
    void aBadSettingEndsTheStart() throws Exception {
        PsServer server = PsServer.create(PsServer.dataDir("bad-setting"), Map.of("PS_MAX_CONNECTIONS", "0"));
        assertFailsWith(server, "ps.max.connections = 0 is not in 1..10000");
    }

    @Test
    void anUnusableStoreEndsTheStart() throws Exception {
        Path dataDir = PsServer.dataDir("store-unusable");
        Files.createDirectories(dataDir.resolve("ps.sqlite")); // a directory where the database file belongs
        PsServer server = PsServer.create(dataDir, Map.of());
        assertFailsWith(server, "PS cannot open its store " + dataDir.resolve("ps.sqlite"));
    }

    @Test
    void anUnreachablePostgresqlEndsTheStart() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PsServer server = PsServer.create(PsServer.dataDir("pg-unreachable"),
                Map.of("PS_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/ps?password=secret", "PS_DB_USER", "ps"));
        assertFailsWith(server, "PS cannot open its store (setting PS_DB_URL, PS_DB_USER, PS_DB_PASSWORD): ");
    }

    @Test
    void aUrlOfAnotherDatabaseEndsTheStart() throws Exception {
        PsServer server = PsServer.create(PsServer.dataDir("pg-bad-url"), Map.of("PS_DB_URL", "jdbc:mysql://db/ps"));
        assertFailsWith(server, "setting PS_DB_URL (ps.db.url): 'jdbc:mysql://db/ps' is not a jdbc:postgresql://");
    }

    private static void assertFailsWith(PsServer server, String cause) throws Exception {
        server.launchOnly();
        assertEquals(1, server.awaitExit(BOUND), "exit code");
        List<String> lines = server.log().lines().filter(line -> line.startsWith("ps: start failed: ")).toList();
        assertEquals(1, lines.size(), "one line naming the cause: " + lines);
        assertTrue(lines.get(0).contains(cause), lines.get(0) + " names " + cause);
    }
}
