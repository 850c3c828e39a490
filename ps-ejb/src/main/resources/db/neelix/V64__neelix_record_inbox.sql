-- Records a node not holding the cluster's lease stored that a rule or a record heartbeat may want
-- (issue 11): that node leaves a copy here (JSON of the record's fields); the holder evaluates them and
-- deletes them, fenced with its epoch. On SQLite the one node always holds the lease and the table stays empty.
CREATE TABLE neelix_record_inbox (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,     -- epoch ms the other node committed it
    record  TEXT NOT NULL
);
