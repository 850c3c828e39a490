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

    @Test
    void theFiresSinceTheLastClaimedOneAreEachSlotOnceOldestFirst() {
        JobDefinition every5 = job("*/5 * * * * *");
        long last = at(13, 0, 5, 0);
        assertEquals(List.of(at(13, 0, 10, 0), at(13, 0, 15, 0), at(13, 0, 20, 0)),
                Scheduler.fires(every5, last, Scheduler.dueFire(every5, at(13, 0, 20, 3))), "two slots a takeover left, then the one due");
        assertEquals(List.of(at(13, 0, 10, 0)), Scheduler.fires(every5, last, at(13, 0, 10, 0)), "the next fire alone");
        assertEquals(List.of(), Scheduler.fires(every5, last, last), "a timer a little early names the fire claimed already");
    }

    @Test
    void aTimerALittleEarlyStandsForTheFireJustAhead() {
        JobDefinition every5 = job("*/5 * * * * *");
        assertEquals(at(13, 0, 10, 0), Scheduler.dueFire(every5, at(13, 0, 9, 892)), "Payara's timers went off ~100 ms early");
        assertEquals(at(13, 0, 10, 0), Scheduler.dueFire(every5, at(13, 0, 9, 999)));
        assertEquals(at(13, 0, 5, 0), Scheduler.dueFire(every5, at(13, 0, 9, 400)), "600 ms before a fire is the fire before, late");
        assertEquals(at(13, 0, 5, 0), Scheduler.dueFire(job("* * * * * *"), at(13, 0, 5, 400)),
                "a timer of an every-second job 400 ms late still names its own second");
    }

    @Test
    void aFireNamedBeforeItsTimeIsLeftToTheNextTimer() {
        JobDefinition every5 = job("*/5 * * * * *");
        long early = Scheduler.dueFire(every5, at(13, 0, 9, 300));
        assertEquals(at(13, 0, 5, 0), early, "700 ms early a timer names the slot before, claimed already");
        assertEquals(List.of(at(13, 0, 10, 0), at(13, 0, 15, 0)), Scheduler.fires(every5, early, Scheduler.dueFire(every5, at(13, 0, 15, 2))));
    }

    @Test
    void atMostAHundredFiresTheNewest() {
        JobDefinition everySecond = job("* * * * * *");
        List<Long> fires = Scheduler.fires(everySecond, at(12, 55, 0, 0), at(13, 0, 0, 0));
        assertEquals(Scheduler.MOST_FIRES, fires.size());
        assertEquals(at(13, 0, 0, 0), fires.get(fires.size() - 1));
        assertEquals(at(12, 58, 21, 0), fires.get(0));
    }
}
