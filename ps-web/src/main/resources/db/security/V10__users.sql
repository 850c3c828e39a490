-- Herald's users (console and REST API login). Passwords are PBKDF2-HMAC-SHA256 hashes in the form
-- pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>; API tokens are stored only as the hex
-- SHA-256 of the token (tokens are 256 random bits, so a fast hash is enough). See docs/security.md.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'admin')),
    password_hash TEXT NOT NULL,
    created       INTEGER NOT NULL,
    updated       INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name  TEXT NOT NULL,
    label      TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created    INTEGER NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);
