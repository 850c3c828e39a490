package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import ps.client.PsHandler;
import ps.client.Stage;

/** The client never blocks its caller while the bridge is down, and delivers its queue once it is up. */
class ClientResilienceIT {
    private static final int QUEUE = 2_000;


    @Test
    void loggingWhileTheBridgeIsDownNeitherBlocksNorLosesTheQueue() throws Exception {
        PsServer server = PsServer.create(PsServer.dataDir("client-resilience"), Map.of());
        PsHandler handler = new PsHandler(new PsHandler.Settings()
                .host("localhost").port(server.nativePort).stage(Stage.TESTING).system("resilient")
                .queueSize(QUEUE).maxBackoff(Duration.ofSeconds(1)));
        Logger logger = Logger.getLogger("ps.system.resilient");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            // Nothing listens on the port. Logging three times the queue's capacity must return at once:
            // the first QUEUE records wait in the queue, the rest are dropped and counted, none blocks.
            for (int i = 0; i < 3 * QUEUE; i++) {
                logger.info("record " + i);
            }
            assertEquals(2 * QUEUE, handler.sender().dropped(), "records beyond the queue are dropped, not waited for");
            assertEquals(QUEUE, handler.sender().pending());
            assertTrue(handler.sender().lastError() == null || handler.sender().lastError().contains("Connection refused"),
                    handler.sender().lastError());

            server.launch();
            assertTrue(handler.flush(Duration.ofSeconds(60)), "queued records delivered once the bridge is up");
            assertEquals(QUEUE, server.logs("system_id=resilient&limit=10000").getJsonArray("records").size());
            assertEquals("record 0", server.logs("system_id=resilient&order=asc&limit=1")
                    .getJsonArray("records").getJsonObject(0).getString("message"));
        } finally {
            logger.removeHandler(handler);
            handler.close();
            server.stop();
        }
    }
}
