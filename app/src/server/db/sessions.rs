//! Stored sessions and the sign-in lockout. Times are Unix seconds.

use sqlx::{AnyConnection, Row};

/// A stored session record: the serialised data and when it expires.
pub struct StoredSession {
    pub data: String,
    pub expires_at: i64,
}

/// Inserts a new session; `false` when the id is taken (the caller picks another).
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO user_session (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(user_id)
    .bind(data)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Saves the data of an existing session. When there is no such session any more (it was
/// signed out or ended meanwhile) nothing is stored: a session that has ended is never
/// re-created by a request that loaded it before it ended.
pub async fn update(
    conn: &mut AnyConnection,
    id: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE user_session SET user_id = $2, data = $3, expires_at = $4 WHERE id = $1")
        .bind(id)
        .bind(user_id)
        .bind(data)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The session with `id` unless it has expired by `now`.
pub async fn load(
    conn: &mut AnyConnection,
    id: &str,
    now: i64,
) -> Result<Option<StoredSession>, sqlx::Error> {
    let row =
        sqlx::query("SELECT data, expires_at FROM user_session WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|row| {
        Ok(StoredSession {
            data: row.try_get("data")?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_session WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of a user but `keep` (the session of the request, or none); returns how
/// many ended.
pub async fn delete_for_user_except(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM user_session WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected())
}

/// Ends every session of a user; returns how many there were.
pub async fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM user_session WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected())
}

pub async fn delete_expired(conn: &mut AnyConnection, now: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM user_session WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected())
}

/// Counts an attempt to sign in against `key` before its password is checked, in one
/// statement, so that attempts made at the same moment are counted one by one and no more than
/// `limit` of them are ever checked. A count restarts when a lock has run out or the last
/// attempt is older than `lock_seconds`. Returns the end of the lock when `key` is locked
/// (locking it now when this attempt is one more than `limit`).
pub async fn claim_attempt(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
    limit: i64,
    lock_seconds: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let (attempts, locked_until): (i64, Option<i64>) = sqlx::query_as(
        "INSERT INTO sign_in_throttle (throttle_key, failures, last_attempt_at) VALUES ($1, 1, $2) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
             failures = CASE WHEN sign_in_throttle.locked_until <= $2 \
                              OR sign_in_throttle.last_attempt_at <= $3 THEN 1 \
                             ELSE sign_in_throttle.failures + 1 END, \
             locked_until = CASE WHEN sign_in_throttle.locked_until <= $2 THEN NULL \
                                 ELSE sign_in_throttle.locked_until END, \
             last_attempt_at = $2 \
         RETURNING failures, locked_until",
    )
    .bind(key)
    .bind(now)
    .bind(now - lock_seconds)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(until) = locked_until.filter(|until| *until > now) {
        return Ok(Some(until));
    }
    if attempts > limit {
        return lock_if_reached(conn, key, limit, now + lock_seconds).await;
    }
    Ok(None)
}

/// Locks sign-in for `key` until `until` if `limit` attempts have been counted (a lock already
/// set stays as it is), and returns the end of its lock, if it has one.
pub async fn lock_if_reached(
    conn: &mut AnyConnection,
    key: &str,
    limit: i64,
    until: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "UPDATE sign_in_throttle SET locked_until = $3 \
         WHERE throttle_key = $1 AND failures >= $2 AND locked_until IS NULL",
    )
    .bind(key)
    .bind(limit)
    .bind(until)
    .execute(&mut *conn)
    .await?;
    let locked: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until FROM sign_in_throttle WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(locked.flatten())
}

/// Takes back one attempt counted against `key` (one that was not a failure after all).
pub async fn forgive_attempt(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sign_in_throttle SET failures = failures - 1 \
         WHERE throttle_key = $1 AND failures > 0",
    )
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets counts whose last attempt is older than `lock_seconds` and whose lock, if any, has
/// run out (they would start again anyway). Returns how many were removed.
pub async fn delete_stale_attempts(
    conn: &mut AnyConnection,
    now: i64,
    lock_seconds: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM sign_in_throttle WHERE last_attempt_at <= $1 \
         AND (locked_until IS NULL OR locked_until <= $2)",
    )
    .bind(now - lock_seconds)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected())
}

/// Forgets the attempts counted against `key` (after a successful sign-in).
pub async fn clear_attempts(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE throttle_key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
