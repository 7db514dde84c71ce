-- A second factor for signing in: an authenticator app's codes (TOTP, RFC 6238), required for
-- administrators and the oversight role, optional for others. `secret` is the key in use
-- (base32, 160 bits), NULL until one is confirmed; `pending_secret` is a key being set up, which
-- replaces `secret` once a code from it is confirmed, if it was made (`pending_at`, Unix seconds)
-- within the last half hour. `last_step` is the 30-second step of the
-- last code accepted: no code is accepted twice (RFC 6238, section 5.2).
CREATE TABLE second_factor (
    user_id        BIGINT PRIMARY KEY REFERENCES app_user (id),
    secret         TEXT CHECK (secret IS NULL OR length(secret) = 32),
    pending_secret TEXT CHECK (pending_secret IS NULL OR length(pending_secret) = 32),
    pending_at     BIGINT,
    confirmed_at   TEXT,
    last_step      BIGINT NOT NULL DEFAULT 0
);

-- One-time recovery codes, for a lost phone: only their SHA-256 hashes; a code is deleted when
-- it is used, and all are replaced when a new key is confirmed.
CREATE TABLE recovery_code (
    user_id   BIGINT NOT NULL REFERENCES app_user (id),
    code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),
    PRIMARY KEY (user_id, code_hash)
);
