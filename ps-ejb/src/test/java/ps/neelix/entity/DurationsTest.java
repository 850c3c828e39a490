package ps.neelix.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesWhatPeopleWrite() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("90"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("PT5M"));
        assertEquals(Duration.ofMinutes(5), Durations.parse(" 5 m "));
    }

    @Test
    void refusesTheRest() {
        for (String bad : new String[] {"", "5 minutes", "m5", "5m x", "-5s", "P1X"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
            assertTrue(e.getMessage().contains("is not a duration"), e.getMessage());
        }
    }

    @Test
    void formatsShortly() {
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1d2h", Durations.format(Duration.ofHours(26)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1s250ms", Durations.format(Duration.ofMillis(1250)));
    }
}
