-- Sign-in: sessions and the lockout after repeated failed sign-ins.

-- A signed-in session (a tower-sessions record). Stored here, not in a server's memory, so that
-- several app servers behind a load balancer share it. `user_id` is copied out of the record
-- so that deactivating a user can end all of their sessions.
CREATE TABLE user_session (
    id          TEXT PRIMARY KEY,
    user_id     INTEGER REFERENCES app_user (id) ON DELETE CASCADE,
    data        TEXT NOT NULL,
    expires_at  INTEGER NOT NULL -- Unix seconds
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expiry ON user_session (expires_at);

-- Consecutive failed sign-ins per e-mail address, known or not (so that the answer never tells
-- whether an address has an account).
CREATE TABLE sign_in_throttle (
    email         TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until  INTEGER -- Unix seconds
);
