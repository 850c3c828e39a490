-- Neelix's state: monitored services, their pings, rule statistics, throttling and the mail log. Times
-- are epoch milliseconds, durations milliseconds. Written only through the store's one writer thread.
CREATE TABLE neelix_monitor (
    id             TEXT PRIMARY KEY,
    origin         TEXT NOT NULL,      -- config | ping
    period_ms      INTEGER NOT NULL,
    grace_ms       INTEGER NOT NULL,
    reminder_ms    INTEGER NOT NULL,
    mail_to        TEXT NOT NULL,      -- comma list
    token          TEXT,
    state          TEXT NOT NULL,      -- NEW UP LATE DOWN PAUSED
    last_signal    INTEGER,
    last_ping      INTEGER,
    last_ping_kind TEXT,
    last_ping_body TEXT,
    last_start     INTEGER,
    last_run_ms    INTEGER,
    last_exit_code INTEGER,
    down_since     INTEGER,
    last_reminder  INTEGER,
    resumed_at     INTEGER,
    failed         INTEGER NOT NULL DEFAULT 0,
    last_outage_ms INTEGER
);

CREATE TABLE neelix_ping (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor_id TEXT NOT NULL,
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL,          -- start | success | fail
    exit_code  INTEGER,
    body       TEXT,
    run_ms     INTEGER
);
CREATE INDEX neelix_ping_monitor ON neelix_ping (monitor_id, id);

CREATE TABLE neelix_rule_stats (
    rule_id    TEXT PRIMARY KEY,
    matches    INTEGER NOT NULL,
    last_match INTEGER
);

CREATE TABLE neelix_throttle (
    rule_id          TEXT NOT NULL,
    system_id        TEXT NOT NULL,
    last_mail        INTEGER,
    suppressed       INTEGER NOT NULL,
    first_suppressed INTEGER,
    last_message     TEXT,
    last_level       TEXT,
    last_created     INTEGER,
    PRIMARY KEY (rule_id, system_id)
);

-- Every mail neelix sent, captured or failed to send (in stage TESTING with PS_MAIL_CAPTURE=true the
-- captured mails are kept here in full).
CREATE TABLE neelix_mail (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    rule_id    TEXT,
    monitor_id TEXT,
    system_id  TEXT,
    recipients TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body_text  TEXT,
    body_html  TEXT,
    status     TEXT NOT NULL,          -- sent | captured | failed
    error      TEXT,
    latency_ms INTEGER
);
CREATE INDEX neelix_mail_rule ON neelix_mail (rule_id, at);
CREATE INDEX neelix_mail_at ON neelix_mail (at);
