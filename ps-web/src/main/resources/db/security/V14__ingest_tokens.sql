-- Ingest tokens of the native input (PS_INGEST_AUTH, docs/security.md): only the hex SHA-256 of a token
-- is stored, as for API tokens. A client id is bound to the first token that announced it; another token
-- announcing it is refused, so nobody can claim another client's sequence numbers.
CREATE TABLE ingest_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    label      TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created    INTEGER NOT NULL
);

CREATE TABLE ingest_clients (
    client_id TEXT PRIMARY KEY,
    token_id  INTEGER NOT NULL,
    bound     INTEGER NOT NULL
);
CREATE INDEX ingest_clients_token ON ingest_clients (token_id);
