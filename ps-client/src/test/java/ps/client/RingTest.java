package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingTest {
    private static LogEntry entry(String message) {
        return new LogEntry().set(LogField.MESSAGE, message);
    }

    @Test
    void holdsItsCapacityRefusesMoreAndGivesBackInOrder() {
        Ring ring = new Ring(10);
        assertEquals(16, ring.capacity(), "rounded up to a power of two");
        for (int i = 0; i < 16; i++) {
            assertTrue(ring.offer(entry("m" + i)));
        }
        assertFalse(ring.offer(entry("one too many")));
        for (int i = 0; i < 16; i++) {
            assertEquals("m" + i, ring.poll().get(LogField.MESSAGE));
        }
        assertNull(ring.poll());
        assertTrue(ring.isEmpty());
        assertTrue(ring.offer(entry("room again")), "a polled slot is free again");
    }

    @Test
    void concurrentOffersLoseNothingAndKeepEachThreadsOrder() throws Exception {
        Ring ring = new Ring(64);
        int perThread = 100_000;
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String name = "t" + t;
            producers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    LogEntry e = entry(name).seq(i);
                    while (!ring.offer(e)) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        producers.forEach(Thread::start);
        long[] next = new long[3];
        int taken = 0;
        while (taken < 3 * perThread) {
            LogEntry e = ring.poll();
            if (e == null) {
                Thread.onSpinWait();
                continue;
            }
            int t = e.get(LogField.MESSAGE).charAt(1) - '0';
            assertEquals(next[t]++, e.seq(), "thread " + t + "'s entries in the order offered");
            taken++;
        }
        for (Thread producer : producers) {
            producer.join();
        }
        assertNull(ring.poll());
        assertTrue(ring.isEmpty());
    }
}
