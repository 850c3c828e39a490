package ps.batch.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class CronTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void fiveFieldsAreCrontabWithSecondZero() {
        Cron cron = Cron.parse("30 2 * * *");
        ZonedDateTime next = cron.next(ZonedDateTime.of(2026, 1, 5, 2, 30, 0, 0, BERLIN));
        assertEquals(ZonedDateTime.of(2026, 1, 6, 2, 30, 0, 0, BERLIN), next);
    }

    @Test
    void sixFieldsHaveSecondsFirst() {
        Cron cron = Cron.parse("*/4 * * * * *");
        assertEquals(ZonedDateTime.of(2026, 1, 5, 10, 0, 8, 0, BERLIN),
                cron.next(ZonedDateTime.of(2026, 1, 5, 10, 0, 5, 0, BERLIN)));
    }

    @Test
    void weekdaysRangesStepsAndNames() {
        Cron cron = Cron.parse("0 8-18/2 * * MON-FRI");
        // Saturday 2026-01-10 → Monday 2026-01-12 08:00
        assertEquals(ZonedDateTime.of(2026, 1, 12, 8, 0, 0, 0, BERLIN),
                cron.next(ZonedDateTime.of(2026, 1, 10, 9, 0, 0, 0, BERLIN)));
        assertEquals(ZonedDateTime.of(2026, 1, 12, 10, 0, 0, 0, BERLIN),
                cron.next(ZonedDateTime.of(2026, 1, 12, 8, 0, 0, 0, BERLIN)));
    }

    @Test
    void bothDayFieldsRestrictedMeansEither() {
        Cron cron = Cron.parse("0 0 13 * 5"); // the 13th or any Friday
        assertEquals(ZonedDateTime.of(2026, 2, 13, 0, 0, 0, 0, BERLIN),
                cron.next(ZonedDateTime.of(2026, 2, 7, 0, 0, 0, 0, BERLIN)));
        assertTrue(cron.firesOn(java.time.LocalDate.of(2026, 2, 6))); // a Friday
    }

    @Test
    void aSpringForwardGapDoesNotLoseTheDay() {
        // 2026-03-29 02:30 does not exist in Berlin: the run happens at 03:30 local time
        ZonedDateTime next = Cron.parse("30 2 * * *").next(ZonedDateTime.of(2026, 3, 28, 3, 0, 0, 0, BERLIN));
        assertEquals(29, next.getDayOfMonth());
    }

    @Test
    void mistakesSayWhat() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("61 * * * *")).getMessage().contains("minute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("* * *")).getMessage().contains("5 fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("x * * * *")).getMessage().contains("not a number"));
    }

    @Test
    void toScheduleListsValuesAndZone() {
        var schedule = Cron.parse("0 */15 9-10 * * MON").toSchedule(BERLIN);
        assertEquals("0", schedule.getSecond());
        assertEquals("0,15,30,45", schedule.getMinute());
        assertEquals("9,10", schedule.getHour());
        assertEquals("1", schedule.getDayOfWeek());
        assertEquals("Europe/Berlin", schedule.getTimezone());
    }

    @Test
    void matchesTellsWhetherASecondIsAFireTime() {
        Cron cron = Cron.parse("30 2 * * MON-FRI");
        assertTrue(cron.matches(ZonedDateTime.of(2026, 12, 2, 2, 30, 0, 0, BERLIN)), "a Wednesday at 02:30:00");
        assertTrue(!cron.matches(ZonedDateTime.of(2026, 12, 2, 2, 30, 1, 0, BERLIN)), "not a second later");
        assertTrue(!cron.matches(ZonedDateTime.of(2026, 12, 6, 2, 30, 0, 0, BERLIN)), "not on a Sunday");
    }
}
