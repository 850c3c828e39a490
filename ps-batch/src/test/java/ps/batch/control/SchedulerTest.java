package ps.batch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ps.batch.entity.Cron;
import ps.batch.entity.JobDefinition;

/** The fire a timer stands for: what every node of a cluster claims under the same name. */
class SchedulerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static JobDefinition job(String cron) {
        return new JobDefinition("nightly", "script", null, Map.of(), Cron.parse(cron), BERLIN, Duration.ofHours(1), 0,
                Duration.ofMinutes(1), JobDefinition.Overlap.SKIP, Duration.ZERO, false, List.of(), Duration.ofHours(1), List.of(), "test");
    }

    private static long at(int hour, int minute, int second, int millis) {
        return ZonedDateTime.of(2026, 12, 2, hour, minute, second, millis * 1_000_000, BERLIN).toInstant().toEpochMilli();
    }

    @Test
    void aTimerLateByMillisecondsOrSecondsStandsForTheFireBeforeIt() {
        JobDefinition everyMinute = job("* * * * *");
        assertEquals(at(13, 1, 0, 0), Scheduler.dueFire(everyMinute, at(13, 1, 0, 37)));
        assertEquals(at(13, 1, 0, 0), Scheduler.dueFire(everyMinute, at(13, 1, 4, 500)), "a late timer still names its own fire");
        assertEquals(at(13, 1, 0, 0), Scheduler.dueFire(everyMinute, at(13, 1, 0, 0)), "a fire at its exact time");
    }

    @Test
    void twoNodesWhoseTimersGoOffApartNameTheSameFire() {
        JobDefinition nightly = job("30 2 * * *");
        assertEquals(Scheduler.dueFire(nightly, at(2, 30, 0, 3)), Scheduler.dueFire(nightly, at(2, 30, 1, 900)));
        assertEquals(at(2, 30, 0, 0), Scheduler.dueFire(nightly, at(2, 30, 1, 900)));
    }

    @Test
    void withoutAFireInTheLastFiveMinutesTheSecondIsTheFire() {
        assertEquals(at(13, 0, 7, 0), Scheduler.dueFire(job("30 2 * * *"), at(13, 0, 7, 420)));
    }

    @Test
    void secondsSchedulesNameTheirSecond() {
        assertEquals(at(13, 0, 8, 0), Scheduler.dueFire(job("*/4 * * * * *"), at(13, 0, 9, 990)));
    }
}
