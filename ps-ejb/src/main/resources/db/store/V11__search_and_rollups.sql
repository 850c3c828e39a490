-- Herald's derived tables, so the console's questions stay cheap at 10M rows (see docs/store.md):
-- full-text search, per-minute counts for charts, distinct values for the filters, versions per system.
-- The store's writer keeps them in step with `log` once per write transaction (ps.store.control.Derived);
-- this migration fills them from what is there already.

-- Word search over message, logger, module and function (records holding every word of the search,
-- the last one as a prefix; any case, accents ignored). External content: the text lives in `log` only.
-- detail=none keeps only which rows hold a word, not where: no phrase queries, and the cheapest index
-- to keep up to date. Trigrams would find any substring, as the original's LIKE did, at twice the cost
-- per insert (measured: docs/herald.md).
CREATE VIRTUAL TABLE log_fts USING fts5(
    message, name, module, funcname,
    content = 'log', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', detail = 'none'
);
INSERT INTO log_fts (log_fts) VALUES ('rebuild');

-- Records per minute (of `created`) by system, level and input: the dashboard's series and top lists.
CREATE TABLE log_minute (
    minute    INTEGER NOT NULL,
    system_id TEXT    NOT NULL,
    levelno   INTEGER NOT NULL,
    input     TEXT    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (minute, system_id, levelno, input)
) WITHOUT ROWID;
INSERT INTO log_minute (minute, system_id, levelno, input, n)
SELECT created / 60000, coalesce(system_id, ''), levelno, coalesce(input, ''), count(*)
FROM log GROUP BY 1, 2, 3, 4;

-- The same per hour (without input), for charts over days and top lists: 60 times fewer rows to read.
CREATE TABLE log_hour (
    hour      INTEGER NOT NULL,
    system_id TEXT    NOT NULL,
    levelno   INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (hour, system_id, levelno)
) WITHOUT ROWID;
INSERT INTO log_hour (hour, system_id, levelno, n)
SELECT minute / 60, system_id, levelno, sum(n) FROM log_minute GROUP BY 1, 2, 3;

-- Records per minute of arrival (`received`) by input: the ingestion rate.
CREATE TABLE input_minute (
    minute INTEGER NOT NULL,
    input  TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (minute, input)
) WITHOUT ROWID;
INSERT INTO input_minute (minute, input, n)
SELECT received / 60000, coalesce(input, ''), count(*) FROM log GROUP BY 1, 2;

-- Distinct values of the filterable id fields, with the first and last time seen.
CREATE TABLE log_value (
    field      TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    PRIMARY KEY (field, value)
) WITHOUT ROWID;
INSERT INTO log_value SELECT 'system_id', system_id, min(created), max(created) FROM log WHERE system_id IS NOT NULL GROUP BY 2;
INSERT INTO log_value SELECT 'sub_system_id', sub_system_id, min(created), max(created) FROM log WHERE sub_system_id IS NOT NULL GROUP BY 2;
INSERT INTO log_value SELECT 'sub_sub_system_id', sub_sub_system_id, min(created), max(created) FROM log WHERE sub_sub_system_id IS NOT NULL GROUP BY 2;
INSERT INTO log_value SELECT 'produkt_id', produkt_id, min(created), max(created) FROM log WHERE produkt_id IS NOT NULL GROUP BY 2;
INSERT INTO log_value SELECT 'user_spec_1', user_spec_1, min(created), max(created) FROM log WHERE user_spec_1 IS NOT NULL GROUP BY 2;
INSERT INTO log_value SELECT 'user_spec_2', user_spec_2, min(created), max(created) FROM log WHERE user_spec_2 IS NOT NULL GROUP BY 2;
INSERT INTO log_value SELECT 'package_version', package_version, min(created), max(created) FROM log WHERE package_version IS NOT NULL GROUP BY 2;
INSERT INTO log_value SELECT 'stage', stage, min(created), max(created) FROM log WHERE stage IS NOT NULL GROUP BY 2;

-- Each system's versions with first and last time seen and record count: the services page.
CREATE TABLE log_version (
    system_id       TEXT    NOT NULL,
    package_version TEXT    NOT NULL,
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (system_id, package_version)
) WITHOUT ROWID;
INSERT INTO log_version SELECT coalesce(system_id, ''), coalesce(package_version, ''), min(created), max(created), count(*)
FROM log GROUP BY 1, 2;
