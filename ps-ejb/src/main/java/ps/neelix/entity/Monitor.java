package ps.neelix.entity;

import java.time.Duration;
import java.util.List;

/**
 * A monitored service and its state machine: NEW → UP → LATE (period passed, within grace) → DOWN
 * (grace passed, or a failure reported) → UP, and PAUSED. Times are epoch milliseconds. Any record from
 * the service or any ping is a sign of life; only a success ping ends a reported failure.
 */
public final class Monitor {
    public static final String FROM_CONFIG = "config";
    public static final String FROM_PING = "ping";

    private final String id;
    private String origin;
    private Duration period;
    private Duration grace;
    private Duration reminder;
    private List<String> mailTo = List.of();
    private String token;
    private boolean recordsProveLife = true;

    private MonitorState state = MonitorState.NEW;
    private Long lastSignal;
    private Long lastPing;
    private String lastPingKind;
    private String lastPingBody;
    private Long lastStart;
    private Long lastRunMillis;
    private Integer lastExitCode;
    private Long downSince;
    private Long lastReminder;
    private Long resumedAt;
    private boolean failed;
    private Long lastOutageMillis;

    public Monitor(String id, String origin, Duration period, Duration grace, Duration reminder) {
        this.id = id;
        this.origin = origin;
        this.period = period;
        this.grace = grace;
        this.reminder = reminder;
    }

    /** Any record or ping from the service. */
    public MonitorEvent signal(long at) {
        lastSignal = lastSignal == null ? at : Math.max(lastSignal, at);
        switch (state) {
            case NEW:
                state = MonitorState.UP;
                return MonitorEvent.FIRST_SIGNAL;
            case LATE:
                state = MonitorState.UP;
                return MonitorEvent.NONE;
            case DOWN:
                if (failed || downSince != null && at < downSince) {
                    return MonitorEvent.NONE;
                }
                return recover(at);
            default:
                return MonitorEvent.NONE;
        }
    }

    private MonitorEvent recover(long at) {
        lastOutageMillis = downSince == null ? null : Math.max(0, at - downSince);
        state = MonitorState.UP;
        failed = false;
        downSince = null;
        lastReminder = null;
        return MonitorEvent.RECOVERED;
    }

    /** {@code /ping/{id}/start}: a run begins. */
    public MonitorEvent start(long at, String body) {
        ping(at, "start", body);
        lastStart = at;
        return signal(at);
    }

    /** {@code /ping/{id}} or exit code 0: the run succeeded; with a start before it, its run time is kept. */
    public MonitorEvent success(long at, String body, Integer exitCode) {
        ping(at, "success", body);
        lastExitCode = exitCode;
        takeRunTime(at);
        if (state == MonitorState.DOWN && failed) {
            lastSignal = Math.max(lastSignal == null ? at : lastSignal, at);
            return recover(at);
        }
        return signal(at);
    }

    /** {@code /ping/{id}/fail} or a non-zero exit code: DOWN at once. */
    public MonitorEvent fail(long at, String body, Integer exitCode) {
        ping(at, "fail", body);
        lastExitCode = exitCode;
        takeRunTime(at);
        lastSignal = lastSignal == null ? at : Math.max(lastSignal, at);
        if (state == MonitorState.PAUSED) {
            return MonitorEvent.NONE;
        }
        if (state == MonitorState.DOWN) {
            failed = true;
            return MonitorEvent.NONE;
        }
        state = MonitorState.DOWN;
        failed = true;
        downSince = at;
        lastReminder = at;
        return MonitorEvent.FAILED;
    }

    private void ping(long at, String kind, String body) {
        lastPing = at;
        lastPingKind = kind;
        lastPingBody = body;
    }

    private void takeRunTime(long at) {
        if (lastStart != null && lastStart <= at) {
            lastRunMillis = at - lastStart;
        }
        lastStart = null;
    }

    /** The step the clock causes at {@code now}: LATE, DOWN, a reminder while DOWN, or nothing. */
    public MonitorEvent tick(long now) {
        switch (state) {
            case UP:
            case LATE: {
                long deadline = deadline();
                if (now >= deadline + grace.toMillis()) {
                    state = MonitorState.DOWN;
                    downSince = deadline + grace.toMillis();
                    lastReminder = now;
                    failed = false;
                    return MonitorEvent.DOWN;
                }
                if (now >= deadline && state == MonitorState.UP) {
                    state = MonitorState.LATE;
                    return MonitorEvent.LATE;
                }
                return MonitorEvent.NONE;
            }
            case DOWN:
                if (reminderDue(now)) {
                    lastReminder = now;
                    return MonitorEvent.REMINDER;
                }
                return MonitorEvent.NONE;
            default:
                return MonitorEvent.NONE;
        }
    }

    private boolean reminderDue(long now) {
        return !reminder.isZero() && lastReminder != null && now >= lastReminder + reminder.toMillis();
    }

    /** When {@link #tick(long)} next has something to do; {@link Long#MAX_VALUE} when nothing is pending. */
    public long nextWake() {
        switch (state) {
            case UP:
                return deadline();
            case LATE:
                return deadline() + grace.toMillis();
            case DOWN:
                return reminder.isZero() || lastReminder == null ? Long.MAX_VALUE : lastReminder + reminder.toMillis();
            default:
                return Long.MAX_VALUE;
        }
    }

    /** When the service is next due (its period counted from its last sign of life or resumption); null while NEW or PAUSED without one. */
    public Long nextDeadline() {
        if (lastSignal == null && resumedAt == null || state == MonitorState.NEW) {
            return null;
        }
        return deadline();
    }

    private long deadline() {
        long base = Math.max(lastSignal == null ? Long.MIN_VALUE : lastSignal, resumedAt == null ? Long.MIN_VALUE : resumedAt);
        return base + period.toMillis();
    }

    public void pause() {
        state = MonitorState.PAUSED;
    }

    /** Back from PAUSED: it gets a whole period from now (NEW if it never signalled). */
    public void resume(long now) {
        if (state != MonitorState.PAUSED) {
            return;
        }
        resumedAt = now;
        failed = false;
        downSince = null;
        lastReminder = null;
        state = lastSignal == null ? MonitorState.NEW : MonitorState.UP;
    }

    /** Applies a (re-read) declaration. */
    public void configure(String newOrigin, Duration newPeriod, Duration newGrace, Duration newReminder, List<String> recipients) {
        this.origin = newOrigin;
        this.period = newPeriod;
        this.grace = newGrace;
        this.reminder = newReminder;
        this.mailTo = List.copyOf(recipients);
    }

    /** Restores persisted state (used by the store only). */
    public void restore(MonitorState restoredState, Long signal, Long ping, String pingKind, String pingBody, Long start,
                        Long runMillis, Integer exitCode, Long down, Long reminded, Long resumed, boolean hasFailed,
                        Long outage) {
        this.state = restoredState;
        this.lastSignal = signal;
        this.lastPing = ping;
        this.lastPingKind = pingKind;
        this.lastPingBody = pingBody;
        this.lastStart = start;
        this.lastRunMillis = runMillis;
        this.lastExitCode = exitCode;
        this.downSince = down;
        this.lastReminder = reminded;
        this.resumedAt = resumed;
        this.failed = hasFailed;
        this.lastOutageMillis = outage;
    }

    public Monitor token(String value) {
        this.token = value;
        return this;
    }

    public Monitor mailTo(List<String> value) {
        this.mailTo = List.copyOf(value);
        return this;
    }

    public String id() {
        return id;
    }

    public String origin() {
        return origin;
    }

    public Duration period() {
        return period;
    }

    public Duration grace() {
        return grace;
    }

    public Duration reminder() {
        return reminder;
    }

    public List<String> mailTo() {
        return mailTo;
    }

    public String token() {
        return token;
    }

    /**
     * Whether records with the service's system id are signs of life. Anyone who can log can write any
     * system id, so a service that must prove itself is declared with {@code records_prove_life: false}:
     * only its token's pings (or an admin's) keep it UP.
     */
    public boolean recordsProveLife() {
        return recordsProveLife;
    }

    public Monitor recordsProveLife(boolean value) {
        this.recordsProveLife = value;
        return this;
    }

    public MonitorState state() {
        return state;
    }

    public Long lastSignal() {
        return lastSignal;
    }

    public Long lastPing() {
        return lastPing;
    }

    public String lastPingKind() {
        return lastPingKind;
    }

    public String lastPingBody() {
        return lastPingBody;
    }

    public Long lastStart() {
        return lastStart;
    }

    public Long lastRunMillis() {
        return lastRunMillis;
    }

    public Integer lastExitCode() {
        return lastExitCode;
    }

    public Long downSince() {
        return downSince;
    }

    public Long lastReminder() {
        return lastReminder;
    }

    public Long resumedAt() {
        return resumedAt;
    }

    public boolean failed() {
        return failed;
    }

    /** The length of the outage that the last recovery ended. */
    public Long lastOutageMillis() {
        return lastOutageMillis;
    }
}
