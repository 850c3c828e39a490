package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import ps.client.PsHandler;
import ps.client.Stage;

/** Bridge mode: an upstream PS forwards every record to a downstream PS and loses none while it is away. */
class ForwardingIT {

    @Test
    void everyRecordReachesTheDownstreamBridgeEvenAcrossItsDowntime() throws Exception {
        PsServer downstream = PsServer.start(PsServer.dataDir("downstream"));
        PsServer upstream = PsServer.start(PsServer.dataDir("upstream"), Map.of(
                "PS_FORWARD_HOST", "localhost", "PS_FORWARD_PORT", Integer.toString(downstream.nativePort)));
        PsHandler handler = new PsHandler(new PsHandler.Settings()
                .host("localhost").port(upstream.nativePort).stage(Stage.TESTING).system("forwarded").spool("none"));
        Logger logger = Logger.getLogger("ps.system.forwarded");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            for (int i = 0; i < 500; i++) {
                logger.info("forwarded " + i);
            }
            assertTrue(handler.flush(Duration.ofSeconds(30)));
            awaitCount(downstream, 500);

            assertTrue(downstream.stop());
            for (int i = 500; i < 1_000; i++) {
                logger.info("forwarded " + i);
            }
            assertTrue(handler.flush(Duration.ofSeconds(30)), "the upstream stores while the downstream is away");
            downstream.launch();
            awaitCount(downstream, 1_000);
            assertEquals(1_000, downstream.countInDatabase(
                    "SELECT count(DISTINCT message) FROM log WHERE system_id = 'forwarded'"), "each record once");
            assertEquals(1_000, downstream.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'forwarded'"));
        } finally {
            logger.removeHandler(handler);
            handler.close();
            upstream.stop();
            downstream.stop();
        }
    }

    private static void awaitCount(PsServer server, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'forwarded'");
            if (count >= expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("downstream has " + count + " of " + expected + " records after 60 s");
    }
}
