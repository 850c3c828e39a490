package ps.neelix.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MonitorTest {
    static final long T0 = 1_000_000;

    static Monitor monitor() {
        return new Monitor("backup", Monitor.FROM_CONFIG, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    @Test
    void newWaitsForItsFirstSignal() {
        Monitor monitor = monitor();
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 999_999));
        assertEquals(MonitorState.NEW, monitor.state());
        assertNull(monitor.nextDeadline());
        assertEquals(Long.MAX_VALUE, monitor.nextWake());
        assertEquals(MonitorEvent.FIRST_SIGNAL, monitor.signal(T0));
        assertEquals(MonitorState.UP, monitor.state());
        assertEquals(T0 + 10_000, monitor.nextDeadline());
    }

    @Test
    void upLateDownReminderRecovered() {
        Monitor monitor = monitor();
        monitor.signal(T0);
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 9_999));
        assertEquals(T0 + 10_000, monitor.nextWake());
        assertEquals(MonitorEvent.LATE, monitor.tick(T0 + 10_000));
        assertEquals(MonitorState.LATE, monitor.state());
        assertEquals(T0 + 15_000, monitor.nextWake());
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 14_999));
        assertEquals(MonitorEvent.DOWN, monitor.tick(T0 + 15_000));
        assertEquals(MonitorState.DOWN, monitor.state());
        assertEquals(T0 + 15_000, monitor.downSince());
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 16_000), "one DOWN, not one per tick");
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 74_999));
        assertEquals(MonitorEvent.REMINDER, monitor.tick(T0 + 75_000));
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 80_000), "at most one reminder per interval");
        assertEquals(MonitorEvent.RECOVERED, monitor.signal(T0 + 95_000));
        assertEquals(80_000L, monitor.lastOutageMillis());
        assertEquals(MonitorState.UP, monitor.state());
        assertNull(monitor.downSince());
    }

    @Test
    void signalWhileLateIsQuietlyUp() {
        Monitor monitor = monitor();
        monitor.signal(T0);
        monitor.tick(T0 + 11_000);
        assertEquals(MonitorEvent.NONE, monitor.signal(T0 + 12_000));
        assertEquals(MonitorState.UP, monitor.state());
        assertEquals(T0 + 22_000, monitor.nextDeadline());
    }

    @Test
    void deadlineMissedWhileServerWasDownIsNoticedAtOnce() {
        Monitor monitor = monitor();
        monitor.signal(T0);
        assertEquals(MonitorEvent.DOWN, monitor.tick(T0 + 3_600_000), "straight from UP to DOWN");
        assertEquals(T0 + 15_000, monitor.downSince(), "down since the grace ended, not since it was noticed");
    }

    @Test
    void failIsDownAtOnceAndOnlySuccessEndsIt() {
        Monitor monitor = monitor();
        monitor.start(T0, null);
        assertEquals(MonitorEvent.FAILED, monitor.fail(T0 + 3_000, "disk full", 2));
        assertEquals(3_000L, monitor.lastRunMillis());
        assertEquals(2, monitor.lastExitCode());
        assertEquals(MonitorEvent.NONE, monitor.signal(T0 + 4_000), "a record does not end a reported failure");
        assertEquals(MonitorState.DOWN, monitor.state());
        assertEquals(MonitorEvent.NONE, monitor.fail(T0 + 5_000, null, 1), "already down: no second mail");
        assertEquals(MonitorEvent.RECOVERED, monitor.success(T0 + 9_000, "ok", 0));
        assertEquals(6_000L, monitor.lastOutageMillis());
    }

    @Test
    void startAndSuccessMeasureTheRunTime() {
        Monitor monitor = monitor();
        monitor.start(T0, null);
        monitor.success(T0 + 4_321, "done", null);
        assertEquals(4_321L, monitor.lastRunMillis());
        assertEquals("success", monitor.lastPingKind());
        assertEquals("done", monitor.lastPingBody());
        monitor.success(T0 + 5_000, null, null);
        assertEquals(4_321L, monitor.lastRunMillis(), "a success without start keeps the last run time");
    }

    @Test
    void pausedMonitorsStayQuietAndResumeWithAFullPeriod() {
        Monitor monitor = monitor();
        monitor.signal(T0);
        monitor.pause();
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 100_000));
        assertEquals(MonitorEvent.NONE, monitor.fail(T0 + 100_001, null, 1));
        assertEquals(MonitorState.PAUSED, monitor.state());
        monitor.resume(T0 + 200_000);
        assertEquals(MonitorState.UP, monitor.state());
        assertEquals(T0 + 210_000, monitor.nextDeadline());
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 209_999));
        assertEquals(MonitorEvent.LATE, monitor.tick(T0 + 210_000));
    }

    @Test
    void zeroReminderMeansNone() {
        Monitor monitor = new Monitor("x", Monitor.FROM_PING, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);
        monitor.signal(T0);
        assertEquals(MonitorEvent.DOWN, monitor.tick(T0 + 1_000), "no grace: straight to DOWN");
        assertEquals(Long.MAX_VALUE, monitor.nextWake());
        assertEquals(MonitorEvent.NONE, monitor.tick(T0 + 99_000_000));
    }
}
