-- Forwarding: the route a forwarded record took (LogField.ROUTE: PS instance ids, origin first), so that
-- loops are detected; and the records a downstream refused, skipped so forwarding goes on (docs/operations.md).
ALTER TABLE log ADD COLUMN route TEXT;

CREATE TABLE forward_dead_letters (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    downstream TEXT NOT NULL,
    row_id     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    at         INTEGER NOT NULL
);
