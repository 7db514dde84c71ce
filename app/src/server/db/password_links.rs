//! One-time links to choose a password (see `server::auth::links`). Only hashes are stored.

use crate::models::LinkPurpose;
use crate::server::Timestamp;
use sqlx::{AnyConnection, Row};

/// A stored link that has not been used yet.
pub struct StoredLink {
    pub user_id: i64,
    pub purpose: LinkPurpose,
    pub expires_at: i64,
}

/// Gives the user a new link, replacing any link they had.
pub async fn replace(
    conn: &mut AnyConnection,
    user_id: i64,
    token_hash: &str,
    purpose: LinkPurpose,
    expires_at: i64,
    at: &Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM password_link WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO password_link (token_hash, user_id, purpose, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(expires_at)
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The link with this hash, whether or not it has expired.
pub async fn find(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<StoredLink>, sqlx::Error> {
    let row =
        sqlx::query("SELECT user_id, purpose, expires_at FROM password_link WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|row| {
        let purpose: String = row.try_get("purpose")?;
        Ok(StoredLink {
            user_id: row.try_get("user_id")?,
            purpose: LinkPurpose::parse(&purpose).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown link purpose {purpose:?}").into())
            })?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Uses up the link with this hash; `false` when it was used (or replaced) meanwhile.
pub async fn take(conn: &mut AnyConnection, token_hash: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM password_link WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}
