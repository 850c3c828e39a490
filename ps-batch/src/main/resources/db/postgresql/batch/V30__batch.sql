-- PostgreSQL's form of db/batch/V30.
-- PS's own history of batch job runs (the JBatch job repository in H2 holds the execution details)
CREATE TABLE batch_run (
    execution_id   bigint PRIMARY KEY,
    instance_id    bigint,
    job            text NOT NULL,
    batch_job      text NOT NULL,
    trigger_kind   text NOT NULL,      -- manual, schedule, retry, catch-up, restart, queued
    attempt        bigint NOT NULL DEFAULT 1,
    parameters     text,               -- JSON object
    scheduled_at   bigint,            -- epoch ms of the schedule fire this run belongs to
    started        bigint NOT NULL,   -- epoch ms
    ended          bigint,
    status         text NOT NULL,      -- JBatch BatchStatus
    exit_status    text,
    exit_code      bigint,
    message        text,
    restart_of     bigint
);
CREATE INDEX batch_run_job ON batch_run (job, execution_id);

-- the last schedule fire of each job, to notice runs missed while PS was down
CREATE TABLE batch_schedule (
    job        text PRIMARY KEY,
    last_fire  bigint NOT NULL
);
