package ps.neelix.entity;

import java.util.List;

/** A snapshot of a monitor for the REST API and the Heartbeats page (a class with getters, for EL). */
public final class MonitorStatus {
    private final String id;
    private final String origin;
    private final boolean recordsProveLife;
    private final String state;
    private final long periodMillis;
    private final long graceMillis;
    private final Long lastSignal;
    private final Long lastPing;
    private final String lastPingKind;
    private final String lastPingBody;
    private final Long lastRunMillis;
    private final Integer lastExitCode;
    private final Long nextDeadline;
    private final Long downSince;
    private final List<String> mailTo;
    private final String token;

    public MonitorStatus(Monitor monitor) {
        this.id = monitor.id();
        this.origin = monitor.origin();
        this.recordsProveLife = monitor.recordsProveLife();
        this.state = monitor.state().name();
        this.periodMillis = monitor.period().toMillis();
        this.graceMillis = monitor.grace().toMillis();
        this.lastSignal = monitor.lastSignal();
        this.lastPing = monitor.lastPing();
        this.lastPingKind = monitor.lastPingKind();
        this.lastPingBody = monitor.lastPingBody();
        this.lastRunMillis = monitor.lastRunMillis();
        this.lastExitCode = monitor.lastExitCode();
        this.nextDeadline = monitor.nextDeadline();
        this.downSince = monitor.downSince();
        this.mailTo = monitor.mailTo();
        this.token = monitor.token();
    }

    public String getId() {
        return id;
    }

    public String getOrigin() {
        return origin;
    }

    /** false: only token pings (or an admin's) keep the service alive. */
    public boolean isRecordsProveLife() {
        return recordsProveLife;
    }

    public String getState() {
        return state;
    }

    public long getPeriodMillis() {
        return periodMillis;
    }

    public long getGraceMillis() {
        return graceMillis;
    }

    public Long getLastSignal() {
        return lastSignal;
    }

    public Long getLastPing() {
        return lastPing;
    }

    public String getLastPingKind() {
        return lastPingKind;
    }

    public String getLastPingBody() {
        return lastPingBody;
    }

    public Long getLastRunMillis() {
        return lastRunMillis;
    }

    public Integer getLastExitCode() {
        return lastExitCode;
    }

    /** When it is next due; null while NEW. */
    public Long getNextDeadline() {
        return nextDeadline;
    }

    public Long getDownSince() {
        return downSince;
    }

    public List<String> getMailTo() {
        return mailTo;
    }

    /** The ping token: show it to admins only. */
    public String getToken() {
        return token;
    }
}
