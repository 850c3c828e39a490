package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PsOutboxTest {
    @TempDir
    Path dir;

    private PsHandler.Settings settings(int port, int queueSize) {
        return new PsHandler.Settings().host(FakeBridge.HOST).port(port).queueSize(queueSize)
                .maxBackoff(Duration.ofMillis(200)).closeTimeout(Duration.ofSeconds(2))
                .spool(dir.resolve("app.spool").toString()).system("outbox");
    }

    private static LogEntry entry(int i) {
        return new LogEntry().created(System.currentTimeMillis()).level(Level.INFO)
                .set(LogField.MESSAGE, "record " + i);
    }

    @Test
    void aBurstBeyondTheQueueOverflowsToDiskAndArrivesWholeAndInOrder() throws Exception {
        int count = 20_000;
        try (FakeBridge bridge = new FakeBridge(); PsOutbox outbox = new PsOutbox(settings(bridge.port(), 16))) {
            for (int i = 0; i < count; i++) {
                assertTrue(outbox.offer(outbox.stamp(entry(i))));
            }
            assertTrue(outbox.flush(Duration.ofSeconds(60)), "delivered: " + outbox.lastError());
            assertEquals(0, outbox.dropped());
            assertTrue(outbox.overflowed() > 0, "a queue of 16 cannot take a burst of 20,000 without the overflow");
            List<FakeBridge.Received> received = bridge.received();
            assertEquals(count, received.size());
            for (int i = 0; i < count; i++) {
                assertEquals("record " + i, received.get(i).entry().get(LogField.MESSAGE), "in the order logged");
            }
        }
        assertTrue(Files.notExists(dir.resolve("app.spool.overflow")), "an empty overflow file is removed");
    }

    @Test
    void loggingWhileTheBridgeIsDownReturnsAtOnceAndLosesNothing() throws Exception {
        int port = FakeBridge.closedPort();
        int count = 30_000;
        try (PsOutbox outbox = new PsOutbox(settings(port, 100))) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < count; i++) {
                    assertTrue(outbox.offer(outbox.stamp(entry(i))));
                }
            }, "offer waits for no connection");
            assertEquals(0, outbox.dropped());
            try (FakeBridge bridge = new FakeBridge(port)) {
                assertTrue(outbox.flush(Duration.ofSeconds(60)), "delivered: " + outbox.lastError());
                assertEquals(count, bridge.received().stream().map(r -> r.entry().get(LogField.MESSAGE))
                        .distinct().count(), "every record arrived");
            }
        }
    }

    @Test
    void recordsLeftInTheOverflowFileAreDeliveredAfterARestart() throws Exception {
        int port = FakeBridge.closedPort();
        int count = 5_000;
        PsHandler.Settings settings = settings(port, 10).closeTimeout(Duration.ofMillis(100));
        PsOutbox first = new PsOutbox(settings);
        for (int i = 0; i < count; i++) {
            first.offer(first.stamp(entry(i)));
        }
        first.close();
        assertEquals(0, first.dropped());
        try (FakeBridge bridge = new FakeBridge(port); PsOutbox second = new PsOutbox(settings)) {
            assertTrue(second.flush(Duration.ofSeconds(60)), "delivered: " + second.lastError());
            assertEquals(count, bridge.received().stream().map(r -> r.entry().get(LogField.MESSAGE))
                    .distinct().count(), "the spool and the overflow file of the first run arrived");
        }
    }

    @Test
    void withOverflowDropTheQueueBoundsWhatIsKept() throws Exception {
        try (PsOutbox outbox = new PsOutbox(settings(FakeBridge.closedPort(), 10).overflow("drop")
                .closeTimeout(Duration.ZERO))) {
            for (int i = 0; i < 25; i++) {
                outbox.offer(entry(i));
            }
            assertEquals(15, outbox.dropped());
        }
    }

    @Test
    void extrasAreAJsonObjectOfStrings() {
        assertEquals("{\"user\":\"a\\\"b\",\"n\":null}", Extras.json(new java.util.LinkedHashMap<>(
                java.util.Map.of("user", "a\"b")) {{ put("n", null); }}));
        assertEquals(null, Extras.json(java.util.Map.of()));
    }
}
