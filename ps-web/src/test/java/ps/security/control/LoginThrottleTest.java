package ps.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final long MINUTE = 60_000;
    final LoginThrottle throttle = new LoginThrottle(5, 10, 1_000, 15 * MINUTE, 100);

    @Test
    void theFirstFailuresAreFreeThenTheWaitDoublesThenTheUserIsLocked() {
        long now = 1_000_000;
        for (int i = 0; i < 5; i++) {
            assertNull(throttle.check("victim", "10.0.0.1", now));
            assertTrue(throttle.failed("victim", "10.0.0.1", now).isEmpty());
        }
        assertNull(throttle.check("victim", "10.0.0.1", now), "five failures are free");
        long[] waits = {1_000, 2_000, 4_000, 8_000};
        for (long wait : waits) {
            assertTrue(throttle.failed("victim", "10.0.0.1", now).isEmpty());
            LoginThrottle.Refusal refusal = throttle.check("victim", "10.0.0.1", now);
            assertNotNull(refusal);
            assertEquals("user", refusal.what());
            assertEquals(wait, refusal.waitMillis());
            now += wait;
            assertNull(throttle.check("victim", "10.0.0.1", now), "after the wait a check may run");
        }
        List<LoginThrottle.Lock> locks = throttle.failed("victim", "10.0.0.1", now);
        assertEquals(1, locks.size());
        assertEquals("user", locks.get(0).what());
        assertEquals(10, locks.get(0).failures());
        assertEquals(15 * MINUTE, throttle.check("victim", "10.0.0.1", now).waitMillis(), "locked for the window");
        assertEquals(15 * MINUTE, throttle.check("victim", "10.9.9.9", now).waitMillis(), "from any address");
        assertNull(throttle.check("other", "10.9.9.9", now), "other users are not locked");
        assertNull(throttle.check("victim", "10.0.0.1", now + 15 * MINUTE), "the window passes");
    }

    @Test
    void aSuccessForgivesTheUserButNotTheAddress() {
        long now = 0;
        for (int i = 0; i < 20; i++) {
            throttle.failed("guess" + i, "10.0.0.2", now);
        }
        throttle.succeeded("guess3");
        assertNull(throttle.check("guess3", "10.0.0.3", now));
        throttle.failed("guess20", "10.0.0.2", now);
        LoginThrottle.Refusal refusal = throttle.check("anyone", "10.0.0.2", now);
        assertNotNull(refusal, "21 failures from one address: its next check waits");
        assertEquals("address", refusal.what());
    }

    @Test
    void anAddressIsLockedAfterFourTimesAUsersAllowance() {
        long now = 0;
        List<LoginThrottle.Lock> locks = List.of();
        for (int i = 0; i < 40; i++) {
            LoginThrottle.Refusal refusal = throttle.check("name" + i, "10.0.0.4", now);
            now += refusal == null ? 0 : refusal.waitMillis(); // patient: waits as told
            locks = throttle.failed("name" + i, "10.0.0.4", now);
        }
        assertEquals(1, locks.size());
        assertEquals("address", locks.get(0).what());
        assertEquals(40, locks.get(0).failures());
    }

    @Test
    void entriesAreBoundedAndForgottenAfterTheWindow() {
        for (int i = 0; i < 1_000; i++) {
            throttle.failed("user" + i, "10.1." + (i / 250) + "." + (i % 250), 0);
        }
        assertTrue(throttle.size() <= 100, "entries: " + throttle.size());
        throttle.failed("late", "10.2.0.1", 0);
        assertNull(throttle.check("late", "10.2.0.1", 15 * MINUTE));
    }
}
