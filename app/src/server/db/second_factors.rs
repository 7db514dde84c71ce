//! Authenticator-app keys and recovery codes (see `server::auth::second_factor`). Recovery codes
//! are stored only as hashes.

use sqlx::{AnyConnection, Row};

/// A user's second factor as stored.
#[derive(Clone)]
pub struct StoredFactor {
    /// The key in use (base32), once one has been confirmed.
    pub secret: Option<String>,
    /// A key being set up, not yet confirmed with a code from it...
    pub pending_secret: Option<String>,
    /// ...made then (Unix seconds).
    pub pending_at: Option<i64>,
    /// When the key in use was confirmed (RFC 3339).
    pub confirmed_at: Option<String>,
}

pub async fn get(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<StoredFactor>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT secret, pending_secret, pending_at, confirmed_at FROM second_factor \
         WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(StoredFactor {
            secret: row.try_get("secret")?,
            pending_secret: row.try_get("pending_secret")?,
            pending_at: row.try_get("pending_at")?,
            confirmed_at: row.try_get("confirmed_at")?,
        })
    })
    .transpose()
}

/// Keeps `secret` as the key being set up, made at `at` (Unix seconds); the key in use, if
/// any, goes on working.
pub async fn set_pending(
    conn: &mut AnyConnection,
    user_id: i64,
    secret: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO second_factor (user_id, pending_secret, pending_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE \
         SET pending_secret = excluded.pending_secret, pending_at = excluded.pending_at",
    )
    .bind(user_id)
    .bind(secret)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Makes the key being set up, if it is still `secret`, the key in use, with `step` as the
/// last step accepted; whether it was.
pub async fn confirm(
    conn: &mut AnyConnection,
    user_id: i64,
    secret: &str,
    step: i64,
    at: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE second_factor SET secret = pending_secret, pending_secret = NULL, \
                pending_at = NULL, confirmed_at = $4, last_step = $3 \
         WHERE user_id = $1 AND pending_secret = $2",
    )
    .bind(user_id)
    .bind(secret)
    .bind(step)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Accepts a code of `step` from the key in use, unless a code of that step or a later one
/// has been accepted already (so no code works twice, even in two requests at once).
pub async fn accept_step(
    conn: &mut AnyConnection,
    user_id: i64,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE second_factor SET last_step = $2 \
         WHERE user_id = $1 AND secret IS NOT NULL AND last_step < $2",
    )
    .bind(user_id)
    .bind(step)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Removes the user's key and recovery codes; whether there was a key in use.
pub async fn remove(conn: &mut AnyConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM recovery_code WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let result = sqlx::query("DELETE FROM second_factor WHERE user_id = $1 AND secret IS NOT NULL")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM second_factor WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Replaces the user's recovery codes with these hashes.
pub async fn replace_recovery_codes(
    conn: &mut AnyConnection,
    user_id: i64,
    hashes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_code WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_code (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses up the recovery code with this hash; whether the user had it (of two requests with
/// the same code, only one deletes it).
pub async fn take_recovery_code(
    conn: &mut AnyConnection,
    user_id: i64,
    hash: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM recovery_code WHERE user_id = $1 AND code_hash = $2")
        .bind(user_id)
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// How many unused recovery codes the user has.
pub async fn recovery_codes_left(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_code WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await
}
