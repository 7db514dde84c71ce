-- Sign-in throttling by key instead of by e-mail address alone: an account (its address) and
-- an account from one client address are counted apart, so that an attacker's address is
-- locked long before the account is (see `app::server::auth`). Attempts are counted before the
-- password is checked, and a count older than the lock period starts again. The counts are
-- transient, so the old table is replaced rather than converted.
DROP TABLE sign_in_throttle;
CREATE TABLE sign_in_throttle (
    throttle_key     TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_attempt_at  INTEGER NOT NULL, -- Unix seconds
    locked_until     INTEGER -- Unix seconds
);
