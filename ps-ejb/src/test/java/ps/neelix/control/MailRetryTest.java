package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MailRetryTest {

    @Test
    void fourRetriesEachFourTimesLaterThanTheOneBefore() {
        MailRetry retry = new MailRetry(4, Duration.ofSeconds(30));

        assertEquals(Duration.ofSeconds(30), retry.delayAfter(1));
        assertEquals(Duration.ofMinutes(2), retry.delayAfter(2));
        assertEquals(Duration.ofMinutes(8), retry.delayAfter(3));
        assertEquals(Duration.ofMinutes(32), retry.delayAfter(4));
        assertTrue(retry.another(1));
        assertTrue(retry.another(4));
        assertFalse(retry.another(5), "the fifth attempt was the last");
    }

    @Test
    void noRetriesMeansOneAttempt() {
        assertFalse(new MailRetry(0, Duration.ofSeconds(1)).another(1));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MailRetry(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new MailRetry(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new MailRetry(1, Duration.ofSeconds(1)).delayAfter(0));
    }
}
