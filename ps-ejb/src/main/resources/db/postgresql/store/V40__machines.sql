-- PostgreSQL's form of db/store/V40: the state machines PS has seen (see there).
CREATE TABLE machine (
    system_id  text   NOT NULL,
    name       text   NOT NULL,
    definition text,
    state      text,
    since      bigint,
    updated    bigint NOT NULL,
    ended      text,
    recent     text   NOT NULL DEFAULT '[]',
    PRIMARY KEY (system_id, name)
);
