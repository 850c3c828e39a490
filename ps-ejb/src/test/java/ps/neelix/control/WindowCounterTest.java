package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WindowCounterTest {
    @Test
    void countsWithinTheWindowOnly() {
        WindowCounter counter = new WindowCounter();
        Duration window = Duration.ofMinutes(5);
        for (int i = 0; i < 10; i++) {
            assertFalse(counter.add("k", i * 1000L, 10, window));
        }
        assertTrue(counter.add("k", 10_000, 10, window), "the 11th within 5 min: more than 10");
        assertEquals(0, counter.count("k"));
        for (int i = 0; i < 10; i++) {
            counter.add("k", 20_000 + i * 60_000L, 10, window);
        }
        assertEquals(5, counter.count("k"), "older ones slid out");
        assertEquals(0, counter.count("other"));
    }

    @Test
    void forgetsByPrefix() {
        WindowCounter counter = new WindowCounter();
        counter.add("a\u0000x", 0, 5, Duration.ofMinutes(1));
        counter.add("b\u0000x", 0, 5, Duration.ofMinutes(1));
        counter.forget("a\u0000");
        assertEquals(0, counter.count("a\u0000x"));
        assertEquals(1, counter.count("b\u0000x"));
    }
}
