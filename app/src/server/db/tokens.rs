//! Personal access tokens, kept as the SHA-256 hashes of their secrets.

use super::users::{signed_in_user, signed_in_user_columns};
use crate::domain::IsoDate;
use crate::models::{AccessTokenRow, NewToken, SignedInUser, TokenGrant, TokenScope};
use crate::server::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Stores a new token of user `user_id`, its secret as `token_hash`; its id.
pub async fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    token: &NewToken,
    token_hash: &str,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO access_token (user_id, name, token_hash, scope, created_at, expires_on) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(&token.name)
    .bind(token_hash)
    .bind(token.scope.as_str())
    .bind(at.as_str())
    .bind(token.expires_on.to_string())
    .fetch_one(&mut *conn)
    .await
}

/// The tokens of user `user_id`, newest first.
pub async fn of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<AccessTokenRow>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, scope, created_at, expires_on, last_used_on, revoked_at \
         FROM access_token WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(token_row)
    .collect()
}

fn token_row(row: &AnyRow) -> Result<AccessTokenRow, sqlx::Error> {
    Ok(AccessTokenRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        scope: scope(row)?,
        created_at: row.try_get("created_at")?,
        expires_on: row.try_get::<IsoDate, _>("expires_on")?,
        last_used_on: row.try_get::<Option<IsoDate>, _>("last_used_on")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

fn scope(row: &AnyRow) -> Result<TokenScope, sqlx::Error> {
    let text: String = row.try_get("scope")?;
    text.parse().map_err(|()| sqlx::Error::ColumnDecode {
        index: "scope".into(),
        source: format!("not a token scope: {text}").into(),
    })
}

/// The user whose token `id` is.
pub async fn owner(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM access_token WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// Revokes token `id` at `at`; whether it was working until then.
pub async fn revoke(
    conn: &mut AnyConnection,
    id: i64,
    at: &Timestamp,
) -> Result<bool, sqlx::Error> {
    let result =
        sqlx::query("UPDATE access_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(id)
            .bind(at.as_str())
            .execute(&mut *conn)
            .await?;
    Ok(result.rows_affected() > 0)
}

/// Revokes every token of user `user_id` still unrevoked at `at`: whatever ends all of a
/// person's sessions (deactivation, a new password by link, a second factor reset) or changes
/// their role or organisation ends their tokens too.
pub async fn revoke_all(
    conn: &mut AnyConnection,
    user_id: i64,
    at: &Timestamp,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE access_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected())
}

/// How many of user `user_id`'s tokens work on `today`.
pub async fn working(
    conn: &mut AnyConnection,
    user_id: i64,
    today: IsoDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_token \
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_on >= $2",
    )
    .bind(user_id)
    .bind(today.to_string())
    .fetch_one(&mut *conn)
    .await
}

/// The active user a token with `token_hash` acts for on `today`, with what it may do, and
/// the day it was last used; `None` when no such token works (unknown, revoked, expired, or its
/// person deactivated).
pub async fn holder(
    conn: &mut AnyConnection,
    token_hash: &str,
    today: IsoDate,
) -> Result<Option<(SignedInUser, Option<IsoDate>)>, sqlx::Error> {
    let sql = format!(
        "SELECT {}, t.id AS token_id, t.scope, t.last_used_on \
         FROM access_token t JOIN app_user u ON u.id = t.user_id \
         JOIN organisation org ON org.id = u.organisation_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_on >= $2 \
           AND u.active = 1",
        signed_in_user_columns()
    );
    let Some(row) = sqlx::query(&sql)
        .bind(token_hash)
        .bind(today.to_string())
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let mut user = signed_in_user(&row)?;
    user.token = Some(TokenGrant {
        id: row.try_get("token_id")?,
        scope: scope(&row)?,
    });
    Ok(Some((
        user,
        row.try_get::<Option<IsoDate>, _>("last_used_on")?,
    )))
}

/// Notes that token `id` was used on `today` (once a day: a later day only).
pub async fn mark_used(
    conn: &mut AnyConnection,
    id: i64,
    today: IsoDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE access_token SET last_used_on = $2 \
         WHERE id = $1 AND (last_used_on IS NULL OR last_used_on < $2)",
    )
    .bind(id)
    .bind(today.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
