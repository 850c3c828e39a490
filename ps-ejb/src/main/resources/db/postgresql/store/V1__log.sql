-- PostgreSQL's form of db/store/V1 (same columns and meaning; times epoch milliseconds as bigint).
-- The table is partitioned by day of `received` (the bridge's clock): retention drops whole days
-- (ps.store.control.PostgresStore), and the writer creates each day's partition ahead of its records.
-- log_default catches a record no day's partition was made for, so none is ever refused.
CREATE TABLE log (
    id                bigserial NOT NULL,
    created           bigint    NOT NULL,
    levelname         text,
    levelno           integer   NOT NULL,
    name              text,
    module            text,
    funcname          text,
    lineno            integer,
    pathname          text,
    filename          text,
    message           text,
    exc_text          text,
    stack_info        text,
    thread            text,
    threadname        text,
    process           text,
    processname       text,
    relativecreated   double precision,
    msecs             double precision,
    package_version   text,
    api_version       text,
    produkt_id        text,
    system_id         text,
    sub_system_id     text,
    sub_sub_system_id text,
    user_spec_1       text,
    user_spec_2       text,
    summary           text,
    received          bigint    NOT NULL,
    stage             text,
    input             text,
    peer              text,
    client_id         text,
    seq               bigint,
    extra             text,
    -- a unique index of a partitioned table must hold the partition key
    PRIMARY KEY (id, received)
) PARTITION BY RANGE (received);
CREATE TABLE log_default PARTITION OF log DEFAULT;

CREATE INDEX log_created ON log (created);
CREATE INDEX log_system_created ON log (system_id, created);
CREATE INDEX log_level_created ON log (levelno, created);

-- An at-least-once client may resend a record; the store keeps it once. SQLite's unique index on
-- log (client_id, seq) cannot exist on a table partitioned by `received` (a unique index must hold the
-- partition key, and a resend arrives at another time), so the (client_id, seq) pairs seen are kept
-- here, unpartitioned: the writer inserts a batch's pairs first (ON CONFLICT DO NOTHING RETURNING) and
-- stores only the records whose pair was new. Another node's transaction holding the same pair makes
-- this one wait for its commit, so the pair is kept once across nodes too. Retention deletes pairs
-- with their day's partition.
CREATE TABLE log_seen (
    client_id text   NOT NULL,
    seq       bigint NOT NULL,
    received  bigint NOT NULL,
    PRIMARY KEY (client_id, seq)
);
CREATE INDEX log_seen_received ON log_seen (received);
