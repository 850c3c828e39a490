-- Bridge mode: how far each downstream bridge has acknowledged the records forwarded to it. The log
-- table itself is the forwarding spool: records are sent by row id, which is also their sequence number
-- under the forwarder's client id, so the downstream keeps a resent record once.
CREATE TABLE forward_state (
    downstream TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    acked_id   INTEGER NOT NULL DEFAULT 0
);
