-- PS's own history of batch job runs (the JBatch job repository in H2 holds the execution details)
CREATE TABLE batch_run (
    execution_id   INTEGER PRIMARY KEY,
    instance_id    INTEGER,
    job            TEXT NOT NULL,
    batch_job      TEXT NOT NULL,
    trigger_kind   TEXT NOT NULL,      -- manual, schedule, retry, catch-up, restart, queued
    attempt        INTEGER NOT NULL DEFAULT 1,
    parameters     TEXT,               -- JSON object
    scheduled_at   INTEGER,            -- epoch ms of the schedule fire this run belongs to
    started        INTEGER NOT NULL,   -- epoch ms
    ended          INTEGER,
    status         TEXT NOT NULL,      -- JBatch BatchStatus
    exit_status    TEXT,
    exit_code      INTEGER,
    message        TEXT,
    restart_of     INTEGER
);
CREATE INDEX batch_run_job ON batch_run (job, execution_id);

-- the last schedule fire of each job, to notice runs missed while PS was down
CREATE TABLE batch_schedule (
    job        TEXT PRIMARY KEY,
    last_fire  INTEGER NOT NULL
);
