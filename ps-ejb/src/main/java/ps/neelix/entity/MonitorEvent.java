package ps.neelix.entity;

/** What happened to a monitor in a step of its state machine; the mail-worthy ones are alerts. */
public enum MonitorEvent {
    NONE(false), FIRST_SIGNAL(false), LATE(false), DOWN(true), FAILED(true), REMINDER(true), RECOVERED(true);

    private final boolean alert;

    MonitorEvent(boolean alert) {
        this.alert = alert;
    }

    public boolean isAlert() {
        return alert;
    }
}
