package ps.neelix.entity;

/** Where a monitored service stands. */
public enum MonitorState {
    /** Declared, never heard from: nothing is expected yet. */
    NEW,
    /** Heard from within its period. */
    UP,
    /** Its period has passed, its grace has not. */
    LATE,
    /** Its grace has passed too, or it reported a failure. */
    DOWN,
    /** Switched off by an admin: no alerts. */
    PAUSED
}
