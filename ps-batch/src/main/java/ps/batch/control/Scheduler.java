package ps.batch.control;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;

import ps.batch.entity.JobDefinition;
import ps.batch.entity.JobTimer;

/**
 * The jobs' timers, all non-persistent, each with a {@link JobTimer} as its info: calendar timers for the
 * cron schedules, single-action ones for retries and catch-ups. Every node of a cluster keeps the cron
 * timers; only the lease's holder acts on a fire, after claiming it ({@link RunHistory#claimFire}).
 */
public final class Scheduler {
    /** A scheduled fire that fell into a time PS was down. */
    public record Missed(JobDefinition job, ZonedDateTime due) {
    }

    private final TimerService timers;

    public Scheduler(TimerService timers) {
        this.timers = timers;
    }

    /** Replaces the cron timers by one per scheduled job; retries and catch-ups already set stay. */
    public void schedule(Collection<JobDefinition> jobs) {
        for (Timer timer : timers.getTimers()) {
            if (timer.getInfo() instanceof JobTimer.Cron) {
                timer.cancel();
            }
        }
        for (JobDefinition job : jobs) {
            if (job.scheduled()) {
                timers.createCalendarTimer(job.cron().toSchedule(job.zone()), new TimerConfig(new JobTimer.Cron(job.name()), false));
            }
        }
    }

    /** Attempt {@code attempt} of the job after its retry delay, with the failed run's parameters. */
    public void retry(JobDefinition job, int attempt, Map<String, String> parameters) {
        timers.createSingleActionTimer(Math.max(1, job.retryDelay().toMillis()),
                new TimerConfig(new JobTimer.Retry(job.name(), attempt, parameters), false));
    }

    /** The one start of a missed fire, in a second: once the application is deployed (JBatch cannot start a job before). */
    public void catchUp(String job, long dueAt) {
        timers.createSingleActionTimer(1000, new TimerConfig(new JobTimer.CatchUp(job, dueAt), false));
    }

    public void cancelAll() {
        timers.getTimers().forEach(Timer::cancel);
    }

    /** How early a timer may go off and still stand for the fire after it (Payara's went off ~100 ms early under load). */
    static final long EARLY_MILLIS = 500;

    /**
     * The scheduled fire a timer going off at {@code now} stands for: a fire time less than
     * {@link #EARLY_MILLIS} after {@code now} (a timer a little early), else the job's latest fire time at or
     * before {@code now} (within five minutes, however late the timer), else {@code now} to the second. The
     * same on every node, so it names the fire a node claims. May lie after {@code now}.
     */
    public static long dueFire(JobDefinition job, long now) {
        long nextSecond = now - now % 1000 + 1000;
        if (nextSecond - now < EARLY_MILLIS && job.cron().matches(Instant.ofEpochMilli(nextSecond).atZone(job.zone()))) {
            return nextSecond;
        }
        ZonedDateTime second = Instant.ofEpochMilli(now - now % 1000).atZone(job.zone());
        // second by second: a timer is late by a second or so, and next() would scan from the day's start
        for (int back = 0; back <= 300; back++) {
            ZonedDateTime candidate = second.minusSeconds(back);
            if (job.cron().matches(candidate)) {
                return candidate.toInstant().toEpochMilli();
            }
        }
        return now - now % 1000;
    }

    /** The most fires {@link #fires} lists: a takeover's worth of a schedule every second, and a bound. */
    static final int MOST_FIRES = 100;

    /**
     * The job's fires after {@code after} (epoch ms, exclusive) up to {@code due}, oldest first: its cron
     * times before {@code due}, then {@code due} itself (the fire a timer named, see {@link #dueFire});
     * at most {@link #MOST_FIRES}, the newest kept.
     */
    public static List<Long> fires(JobDefinition job, long after, long due) {
        List<Long> fires = new ArrayList<>();
        if (due <= after) {
            return fires;
        }
        ZonedDateTime at = Instant.ofEpochMilli(after).atZone(job.zone());
        while ((at = job.cron().next(at)) != null && at.toInstant().toEpochMilli() < due) {
            fires.add(at.toInstant().toEpochMilli());
            if (fires.size() >= MOST_FIRES) {
                fires.remove(0);
            }
        }
        fires.add(due);
        return fires;
    }

    /**
     * The scheduled jobs whose next fire after their last one lies more than a second before {@code now};
     * jobs without a last fire are left out (the caller records one).
     */
    public static List<Missed> missed(Collection<JobDefinition> jobs, Map<String, Long> lastFires, long now) {
        List<Missed> missed = new ArrayList<>();
        for (JobDefinition job : jobs) {
            Long last = lastFires.get(job.name());
            if (!job.scheduled() || last == null) {
                continue;
            }
            ZonedDateTime due = job.cron().next(Instant.ofEpochMilli(last).atZone(job.zone()));
            if (due != null && due.toInstant().toEpochMilli() < now - 1000) {
                missed.add(new Missed(job, due));
            }
        }
        return missed;
    }
}
