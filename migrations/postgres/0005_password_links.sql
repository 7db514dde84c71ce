-- One-time links to choose a password: the invitation of a new account, or a reset an
-- administrator made. Administrators never choose or see a password; they pass on the link.
-- Only the SHA-256 hash of the link's secret is kept, so the table is worth nothing to whoever
-- reads it. A user has at most one link (a new one replaces the old), and a link is deleted
-- when it is used.
CREATE TABLE password_link (
    token_hash  TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id     BIGINT NOT NULL UNIQUE REFERENCES app_user (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    expires_at  BIGINT NOT NULL, -- Unix seconds
    created_at  TEXT NOT NULL
);
