-- Pings that reached a node not holding the cluster's lease (issue 11): that node authorised the ping
-- and left it here; the holder applies them in order and deletes them, fenced with its epoch. On SQLite
-- the one node always holds the lease and the table stays empty.
CREATE TABLE neelix_ping_inbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor_id TEXT NOT NULL,
    at         INTEGER NOT NULL,     -- epoch ms, the receiving node's clock
    kind       TEXT NOT NULL,        -- ps.neelix.entity.PingKind
    exit_code  INTEGER,
    body       TEXT
);
