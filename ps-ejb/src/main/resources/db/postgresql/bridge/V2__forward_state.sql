-- PostgreSQL's form of db/bridge/V2 (see there).
CREATE TABLE forward_state (
    downstream text PRIMARY KEY,
    client_id  text   NOT NULL,
    acked_id   bigint NOT NULL DEFAULT 0
);
