-- The log table keeps every column of the original herald's `log` table (so its databases can be
-- imported) and adds PS's own. Times are epoch milliseconds: `created` is the client's time,
-- `received` the bridge's.
CREATE TABLE log (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    created           INTEGER NOT NULL,
    levelname         TEXT,
    levelno           INTEGER NOT NULL,
    name              TEXT,
    module            TEXT,
    funcname          TEXT,
    lineno            INTEGER,
    pathname          TEXT,
    filename          TEXT,
    message           TEXT,
    exc_text          TEXT,
    stack_info        TEXT,
    thread            TEXT,
    threadname        TEXT,
    process           TEXT,
    processname       TEXT,
    relativecreated   REAL,
    msecs             REAL,
    package_version   TEXT,
    api_version       TEXT,
    produkt_id        TEXT,
    system_id         TEXT,
    sub_system_id     TEXT,
    sub_sub_system_id TEXT,
    user_spec_1       TEXT,
    user_spec_2       TEXT,
    summary           TEXT,
    received          INTEGER NOT NULL,
    stage             TEXT,
    input             TEXT,
    peer              TEXT,
    client_id         TEXT,
    seq               INTEGER,
    extra             TEXT
);

CREATE INDEX log_created ON log (created);
CREATE INDEX log_system_created ON log (system_id, created);
CREATE INDEX log_level_created ON log (levelno, created);
-- An at-least-once client may resend a record; the store keeps it once.
CREATE UNIQUE INDEX log_client_seq ON log (client_id, seq) WHERE client_id IS NOT NULL;
