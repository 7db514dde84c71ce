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

pub async fn upsert(
    conn: &mut AnyConnection,
    id: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO user_session (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, \
                                        expires_at = excluded.expires_at",
    )
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

/// When sign-in for `email` is locked until, if it is locked at `now`.
pub async fn locked_until(
    conn: &mut AnyConnection,
    email: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until FROM sign_in_throttle WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(until.flatten().filter(|until| *until > now))
}

/// Counts a failed sign-in for `email`; after `limit` in a row, locks sign-in until
/// `now + lock_seconds` and starts counting again. Returns the lock, if one was set.
pub async fn record_failure(
    conn: &mut AnyConnection,
    email: &str,
    now: i64,
    limit: i64,
    lock_seconds: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let failures: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_throttle (email, failures) VALUES ($1, 1) \
         ON CONFLICT (email) DO UPDATE SET failures = sign_in_throttle.failures + 1 \
         RETURNING failures",
    )
    .bind(email)
    .fetch_one(&mut *conn)
    .await?;
    if failures < limit {
        return Ok(None);
    }
    let until = now + lock_seconds;
    sqlx::query("UPDATE sign_in_throttle SET failures = 0, locked_until = $2 WHERE email = $1")
        .bind(email)
        .bind(until)
        .execute(&mut *conn)
        .await?;
    Ok(Some(until))
}

/// Forgets the failed sign-ins of `email` (after a successful one).
pub async fn clear_failures(conn: &mut AnyConnection, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE email = $1")
        .bind(email)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
