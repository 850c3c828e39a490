package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PsSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private FakeBridge bridge;
    private PsSender sender;

    @AfterEach
    void stop() throws IOException {
        if (sender != null) {
            sender.close(Duration.ZERO);
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    private static LogEntry entry(int number) {
        return new LogEntry().created(1_000L + number).level(Level.INFO).set(LogField.MESSAGE, "record " + number);
    }

    @Test
    void whenItsBridgeGoesTheSenderMovesToTheNextAndEveryRecordArrivesUnderOneClientId() throws Exception {
        bridge = new FakeBridge();
        try (FakeBridge second = new FakeBridge()) {
            int dead = FakeBridge.closedPort();
            sender = new PsSender(List.of(new BridgeAddress(FakeBridge.HOST, dead),
                    new BridgeAddress(FakeBridge.HOST, bridge.port()), new BridgeAddress(FakeBridge.HOST, second.port())),
                    10_000, Duration.ofSeconds(1), null, 0, PsSender.Options.PLAIN);
            for (int i = 1; i <= 100; i++) {
                assertTrue(sender.offer(entry(i)));
            }
            assertTrue(sender.flush(WAIT), "past the dead address to the first live one: " + sender.lastError());
            assertEquals(100, bridge.received().size());
            assertEquals(0, second.received().size());

            bridge.close(); // the node dies
            for (int i = 101; i <= 200; i++) {
                assertTrue(sender.offer(entry(i)));
            }
            assertTrue(sender.flush(WAIT), "failed over: " + sender.lastError());

            BitSet seqs = new BitSet();
            java.util.Set<String> clients = new java.util.HashSet<>();
            for (FakeBridge node : List.of(bridge, second)) {
                for (FakeBridge.Received received : node.received()) {
                    seqs.set((int) received.entry().seq());
                    clients.add(received.clientId());
                }
            }
            assertEquals(200, seqs.cardinality(), "every sequence number 1..200 reached a node");
            assertEquals(1, seqs.nextSetBit(0));
            assertEquals(1, clients.size(), "one client id on both nodes, so a shared store dedupes a resend");
            assertTrue(second.received().size() >= 100, "the second node took over: " + second.received().size());
        }
    }

    @Test
    void bridgeAddressesAreReadWithTheirPortsOrTheDefault() {
        assertEquals(List.of(new BridgeAddress("a", 9120), new BridgeAddress("b", 9121), new BridgeAddress("::1", 9122),
                new BridgeAddress("fe80::1", 9120)), BridgeAddress.parse(" a , b:9121,[::1]:9122, fe80::1", 9120));
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> BridgeAddress.parse("a,b:x", 9120));
        assertTrue(port.getMessage().contains("'b:x'"), port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BridgeAddress.parse(" , ", 9120));
        assertThrows(IllegalArgumentException.class, () -> BridgeAddress.parse("a:70000", 9120));
    }

    @Test
    void aRecordTheBridgeRefusesAloneIsCountedAndNotResent() throws Exception {
        bridge = new FakeBridge().refuseAlone("record 2");
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10_000, Duration.ofSeconds(1));
        for (int i = 1; i <= 3; i++) {
            assertTrue(sender.offer(entry(i)));
        }

        assertTrue(sender.flush(WAIT), "flush; last error: " + sender.lastError());
        assertEquals(0, sender.pending());
        assertEquals(1, sender.refused());
        assertEquals(2, sender.delivered(), "delivered counts what was stored");
        assertEquals(List.of("record 1", "record 3"),
                bridge.received().stream().map(r -> r.entry().get(LogField.MESSAGE)).toList());
        assertTrue(sender.lastError().contains("refused record 2: refused for testing"), sender.lastError());
    }

    @Test
    void deliversEveryEntryInOrderNumberedFromOne() throws Exception {
        bridge = new FakeBridge();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10_000, Duration.ofSeconds(1));
        int total = 10_000;

        for (int i = 1; i <= total; i++) {
            assertTrue(sender.offer(entry(i)), "offer " + i);
        }

        assertTrue(sender.flush(WAIT), "flush; last error: " + sender.lastError());
        assertEquals(0, sender.pending());
        assertEquals(total, sender.delivered());
        assertEquals(0, sender.dropped());
        List<FakeBridge.Received> received = bridge.received();
        assertEquals(total, received.size());
        for (int i = 0; i < total; i++) {
            LogEntry entry = received.get(i).entry();
            assertEquals(i + 1, entry.seq());
            assertEquals("record " + (i + 1), entry.get(LogField.MESSAGE));
            assertEquals(20, entry.levelno());
        }
        assertEquals(List.of(sender.clientId()), bridge.clientIds());
    }

    @Test
    void resendsWhatTheBridgeDroppedUnacknowledged() throws Exception {
        bridge = new FakeBridge().dropFirstConnectionAfter(500);
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 5_000, Duration.ofMillis(200));
        int total = 3_000;

        for (int i = 1; i <= total; i++) {
            assertTrue(sender.offer(entry(i)));
        }

        assertTrue(sender.flush(WAIT), "flush; last error: " + sender.lastError());
        assertEquals(0, sender.pending());
        assertTrue(bridge.connections() >= 2, "reconnected");
        BitSet seen = new BitSet();
        BitSet seenAfterDrop = new BitSet();
        List<FakeBridge.Received> received = bridge.received();
        for (FakeBridge.Received record : received) {
            long seq = record.entry().seq();
            assertTrue(seq >= 1 && seq <= total, "seq " + seq);
            // a resent entry keeps its number, so the store can drop the duplicate
            assertEquals("record " + seq, record.entry().get(LogField.MESSAGE));
            assertEquals(sender.clientId(), record.clientId());
            seen.set((int) seq);
            if (record.connection() > 1) {
                seenAfterDrop.set((int) seq);
            }
        }
        assertEquals(total, seen.cardinality(), "every seq 1.." + total + " arrived");
        assertTrue(received.size() >= total);
        assertTrue(seenAfterDrop.get(1) && seenAfterDrop.get(500), "the dropped records were sent again");
    }

    @Test
    void offerNeverBlocksAndCountsWhatItDrops() throws IOException {
        int closed = FakeBridge.closedPort();
        sender = new PsSender(FakeBridge.HOST, closed, 100, Duration.ofMillis(100));
        int accepted = 0;

        for (int i = 1; i <= 10_000; i++) {
            if (sender.offer(entry(i))) {
                accepted++;
            }
        }

        assertEquals(100, accepted);
        assertEquals(9_900, sender.dropped());
        assertEquals(100, sender.pending());
        assertEquals(0, sender.delivered());
    }

    @Test
    void offerAfterCloseIsDropped() throws Exception {
        bridge = new FakeBridge();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofMillis(100));
        assertTrue(sender.close(Duration.ofSeconds(5)));

        assertFalse(sender.offer(entry(1)));
        assertEquals(1, sender.dropped());
    }

    @Test
    void errorFromTheBridgeEndsUpInLastError() throws Exception {
        bridge = new FakeBridge().refuseWith("client banned for testing");
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofMillis(200));
        sender.offer(entry(1));

        String error = awaitLastError("client banned for testing");

        assertNotNull(error);
        assertTrue(error.contains("client banned for testing"), error);
        assertEquals(1, sender.pending());
    }

    @Test
    void lastErrorNamesTheUnreachableBridge() throws Exception {
        int closed = FakeBridge.closedPort();
        sender = new PsSender(FakeBridge.HOST, closed, 10, Duration.ofMillis(100));

        String error = awaitLastError(":" + closed);

        assertTrue(error.startsWith("cannot deliver to " + FakeBridge.HOST + ":" + closed), error);
    }

    @Test
    void closeReturnsFalseWhenNothingListens() throws Exception {
        sender = new PsSender(FakeBridge.HOST, FakeBridge.closedPort(), 10, Duration.ofMillis(100));
        sender.offer(entry(1));

        assertFalse(sender.close(Duration.ofMillis(300)));
        assertEquals(1, sender.pending());
    }

    @Test
    void closeReturnsFalseWhenTheBridgeNeverAcknowledges() throws Exception {
        bridge = new FakeBridge().silent();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofMillis(100));
        sender.offer(entry(1));
        assertEquals(1, bridge.awaitRecords(1, WAIT));

        assertFalse(sender.close(Duration.ofMillis(300)));
        assertEquals(1, sender.pending());
        assertEquals(0, sender.delivered());
    }

    @Test
    void closeReturnsTrueOnceEverythingIsAcknowledged() throws Exception {
        bridge = new FakeBridge();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofMillis(100));
        sender.offer(entry(1));
        sender.offer(entry(2));

        assertTrue(sender.close(WAIT));
        assertEquals(2, sender.delivered());
    }

    @Test
    void refusesAnInvalidPortOrQueue() {
        assertThrows(IllegalArgumentException.class, () -> new PsSender("localhost", 0, 10, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PsSender("localhost", 65536, 10, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PsSender("localhost", 9120, 0, Duration.ofSeconds(1)));
    }

    private String awaitLastError(String part) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String error = sender.lastError();
            if (error != null && error.contains(part)) {
                return error;
            }
            Thread.sleep(10);
        }
        return sender.lastError();
    }
}
