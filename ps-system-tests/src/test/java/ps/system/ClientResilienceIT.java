package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import ps.client.PsHandler;
import ps.client.Stage;

/**
 * The client never blocks its caller while the bridge is down, delivers its queue once the bridge is up
 * (to the first of its addresses that answers), and keeps what it could not deliver in its spool across an application restart.
 */
class ClientResilienceIT {
    private static final int QUEUE = 2_000;

    @Test
    void loggingWhileTheBridgeIsDownNeitherBlocksNorLosesTheQueue() throws Exception {
        PsServer server = PsServer.create(PsServer.dataDir("client-resilience"), Map.of());
        int dead;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            dead = free.getLocalPort(); // no bridge there, ever: the client must fail over to the next address
        }
        PsHandler handler = new PsHandler(new PsHandler.Settings()
                .host("localhost:" + dead + ",localhost").port(server.nativePort).stage(Stage.TESTING).system("resilient")
                .queueSize(QUEUE).maxBackoff(Duration.ofSeconds(1)).spool("none"));
        Logger logger = logger("ps.system.resilient", handler);
        try {
            // Nothing listens on the port. Logging three times the queue's capacity must return at once:
            // the first QUEUE records wait in the queue, the rest are dropped and counted, none blocks.
            for (int i = 0; i < 3 * QUEUE; i++) {
                logger.info("record " + i);
            }
            assertEquals(2 * QUEUE, handler.sender().dropped(), "records beyond the queue are dropped, not waited for");
            assertEquals(QUEUE, handler.sender().pending());

            server.launch();
            assertTrue(handler.flush(Duration.ofSeconds(60)),
                    "queued records delivered once the bridge is up, past the dead first address");
            assertEquals(QUEUE, server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'resilient'"));
            assertEquals("record 0", server.logs("system_id=resilient&order=asc&limit=1")
                    .getJsonArray("records").getJsonObject(0).getString("message"));
        } finally {
            logger.removeHandler(handler);
            handler.close();
            server.stop();
        }
    }

    @Test
    void recordsSpooledAtShutdownAreDeliveredAfterTheApplicationRestarts() throws Exception {
        PsServer server = PsServer.create(PsServer.dataDir("client-spool"), Map.of());
        Path spool = server.dataDir.resolve("client/app.spool");
        PsHandler.Settings settings = new PsHandler.Settings()
                .host("localhost").port(server.nativePort).stage(Stage.TESTING).system("spooling")
                .maxBackoff(Duration.ofSeconds(1)).closeTimeout(Duration.ofMillis(500)).spool(spool.toString());
        PsHandler first = new PsHandler(settings);
        Logger logger = logger("ps.system.spooling", first);
        for (int i = 0; i < 3_000; i++) {
            logger.info("spooled " + i);
        }
        logger.removeHandler(first);
        first.close(); // the bridge is down: everything goes to the spool file
        assertEquals(3_000, first.sender().spooled());
        assertTrue(Files.size(spool) > 3_000 * 20, "the spool holds the records on disk");

        server.launch();
        PsHandler second = new PsHandler(settings); // the application restarted
        try {
            assertEquals(3_000, second.sender().pending(), "the new run picks the spool up");
            assertTrue(second.flush(Duration.ofSeconds(60)), "spooled records delivered after the restart");
            assertEquals(3_000, server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'spooling'"));
            assertEquals(0, second.sender().spooled());
            assertEquals(first.sender().clientId(), second.sender().clientId(), "resent under the original client id");
        } finally {
            second.close();
            server.stop();
        }
    }

    private static Logger logger(String name, PsHandler handler) {
        Logger logger = Logger.getLogger(name);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        return logger;
    }
}
