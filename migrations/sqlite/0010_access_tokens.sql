-- Personal access tokens: a person's scripts read (and, if the person chose so and their role
-- allows, write) through a token instead of a session. Only the SHA-256 hash of the secret is
-- kept; the secret is shown once, when it is made. A token acts as its person, never beyond
-- their role, and only until it expires (the end of `expires_on`) or is revoked (by the person
-- or an administrator). `last_used_on` is the last day it was used.
CREATE TABLE access_token (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'read_write')),
    created_at   TEXT NOT NULL,
    expires_on   TEXT NOT NULL,
    last_used_on TEXT,
    revoked_at   TEXT
);
CREATE INDEX access_token_user ON access_token (user_id);
