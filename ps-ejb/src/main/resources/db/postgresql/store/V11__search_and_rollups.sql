-- PostgreSQL's form of db/store/V11: word search, substring search and the derived tables.

-- Word search: a GIN index over the words of message, logger, module and function. Punctuation splits
-- words as SQLite's unicode61 tokenizer does (so host names and dotted loggers are words, not one
-- token); the 'simple' configuration lowercases and does not stem. Accents are not folded (SQLite's
-- remove_diacritics is): see docs/scale-out.md.
CREATE FUNCTION log_words(message text, name text, module text, funcname text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_tsvector('simple'::regconfig, regexp_replace(coalesce(message, '') || ' ' || coalesce(name, '')
        || ' ' || coalesce(module, '') || ' ' || coalesce(funcname, ''), '[[:punct:]]+', ' ', 'g')) $$;
CREATE INDEX log_words ON log USING gin (log_words(message, name, module, funcname));

-- `contains`: trigrams of the four texts together find candidate rows for ILIKE '%text%' of three or
-- more characters; the query then tests each text on its own, so a match across two texts never counts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION log_text(message text, name text, module text, funcname text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(message, '') || chr(10) || coalesce(name, '') || chr(10) || coalesce(module, '')
        || chr(10) || coalesce(funcname, '') $$;
CREATE INDEX log_text ON log USING gin (log_text(message, name, module, funcname) gin_trgm_ops);

CREATE TABLE log_minute (
    minute    bigint  NOT NULL,
    system_id text    NOT NULL,
    levelno   integer NOT NULL,
    input     text    NOT NULL,
    n         bigint  NOT NULL,
    PRIMARY KEY (minute, system_id, levelno, input)
);

CREATE TABLE log_hour (
    hour      bigint  NOT NULL,
    system_id text    NOT NULL,
    levelno   integer NOT NULL,
    n         bigint  NOT NULL,
    PRIMARY KEY (hour, system_id, levelno)
);

CREATE TABLE input_minute (
    minute bigint NOT NULL,
    input  text   NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (minute, input)
);

CREATE TABLE log_value (
    field      text   NOT NULL,
    value      text   NOT NULL,
    first_seen bigint NOT NULL,
    last_seen  bigint NOT NULL,
    PRIMARY KEY (field, value)
);

CREATE TABLE log_version (
    system_id       text   NOT NULL,
    package_version text   NOT NULL,
    first_seen      bigint NOT NULL,
    last_seen       bigint NOT NULL,
    n               bigint NOT NULL,
    PRIMARY KEY (system_id, package_version)
);
