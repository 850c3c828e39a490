package ps.store.entity;

import ps.client.LogEntry;

/** A stored record: its row id and its fields. */
public final class LogRow {
    private final long id;
    private final LogEntry entry;

    public LogRow(long id, LogEntry entry) {
        this.id = id;
        this.entry = entry;
    }

    public long id() {
        return id;
    }

    public LogEntry entry() {
        return entry;
    }
}
