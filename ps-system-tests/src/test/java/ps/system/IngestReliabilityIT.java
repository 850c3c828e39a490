package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import ps.client.PsHandler;
import ps.client.Stage;

/** Nothing accepted is lost and nothing is stored twice when the server dies or goes away. */
class IngestReliabilityIT {

    @Test
    void serverKilledWhileFourSendersSendIsCaughtUpExactlyOnce() throws Exception {
        PsServer server = PsServer.start(PsServer.dataDir("kill"));
        int senders = 4;
        int perSender = 20_000;
        List<PsHandler> handlers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                PsHandler handler = new PsHandler(new PsHandler.Settings()
                        .host("localhost").port(server.nativePort).stage(Stage.TESTING).system("killed")
                        .queueSize(perSender).maxBackoff(Duration.ofSeconds(1))
                        .spool(server.dataDir.resolve("clients/sender-" + s + ".spool").toString()));
                handlers.add(handler);
                Logger logger = Logger.getLogger("ps.system.killed." + s);
                logger.setUseParentHandlers(false);
                logger.addHandler(handler);
                int sender = s;
                sending.add(pool.submit(() -> {
                    for (int i = 0; i < perSender; i++) {
                        logger.info("sender " + sender + " record " + i);
                        if (i % 2_000 == 0) {
                            sleep(50); // spread the sending over the kill
                        }
                    }
                }));
            }
            waitUntilStored(server, 5_000);
            server.kill();
            long storedBeforeKill = server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'killed'");
            assertTrue(storedBeforeKill < senders * perSender, "the kill came while records were still arriving");
            for (Future<?> f : sending) {
                f.get();
            }
            server.launch();
            for (PsHandler handler : handlers) {
                assertTrue(handler.flush(Duration.ofSeconds(180)), "every sender caught up: " + handler.sender().lastError());
            }
            assertEquals(senders * perSender, server.countInDatabase(
                    "SELECT count(*) FROM log WHERE system_id = 'killed'"), "all records stored");
            assertEquals(senders * perSender, server.countInDatabase(
                    "SELECT count(DISTINCT message) FROM log WHERE system_id = 'killed'"), "each exactly once");
            System.out.printf("kill test: %d of %d stored before SIGKILL, all %d after restart and resend%n",
                    storedBeforeKill, senders * perSender, senders * perSender);
        } finally {
            pool.shutdownNow();
            handlers.forEach(PsHandler::close);
            server.stop();
        }
    }

    @Test
    void recordsLoggedWhileTheBridgeIsStoppedArriveAfterItReturns() throws Exception {
        PsServer server = PsServer.start(PsServer.dataDir("stopped"), Map.of());
        PsHandler handler = new PsHandler(new PsHandler.Settings()
                .host("localhost").port(server.nativePort).stage(Stage.TESTING).system("patient")
                .maxBackoff(Duration.ofSeconds(1))
                .spool(server.dataDir.resolve("clients/patient.spool").toString()));
        Logger logger = Logger.getLogger("ps.system.patient");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            int sent = 0;
            for (; sent < 100; sent++) {
                logger.info("patient " + sent);
            }
            assertTrue(handler.flush(Duration.ofSeconds(30)));
            assertTrue(server.stop());
            long stoppedAt = System.nanoTime();
            while (System.nanoTime() - stoppedAt < Duration.ofSeconds(10).toNanos()) {
                logger.info("patient " + sent++);
                sleep(10);
            }
            server.launch();
            assertTrue(handler.flush(Duration.ofSeconds(60)), "caught up: " + handler.sender().lastError());
            assertEquals(sent, server.countInDatabase("SELECT count(DISTINCT message) FROM log WHERE system_id = 'patient'"));
            assertEquals(sent, server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'patient'"));
        } finally {
            logger.removeHandler(handler);
            handler.close();
            server.stop();
        }
    }

    private static void waitUntilStored(PsServer server, long records) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'killed'") >= records) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + records + " records stored within 60 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
