//! Uploaded files waiting to be applied (see `server::import`): kept as read, per person.

use crate::models::import::{ImportApplied, ImportSummary};
use crate::server::Timestamp;
use crate::server::import::Upload;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// An upload as stored.
pub struct StoredUpload {
    pub id: i64,
    pub user_id: i64,
    pub file_name: String,
    pub uploaded_at: String,
    pub content: Upload,
    pub applied: Option<ImportApplied>,
}

/// Keeps `content`, read from the file `file_name` that user `user_id` uploaded; its id.
pub async fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    file_name: &str,
    content: &Upload,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    let json = serde_json::to_string(content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query_scalar(
        "INSERT INTO import_upload (user_id, file_name, uploaded_at, content_json) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(file_name)
    .bind(at.as_str())
    .bind(json)
    .fetch_one(&mut *conn)
    .await
}

/// The most uploads kept per person; an older one is forgotten when they upload again.
const KEPT_PER_PERSON: i64 = 10;

/// Forgets every upload made before `before` (RFC 3339), whoever made it, and all but the
/// [`KEPT_PER_PERSON`] - 1 latest of user `user_id`'s, making room for a new one.
pub async fn forget_old(
    conn: &mut AnyConnection,
    user_id: i64,
    before: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM import_upload WHERE uploaded_at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM import_upload WHERE user_id = $1 AND id NOT IN \
         (SELECT id FROM import_upload WHERE user_id = $1 ORDER BY id DESC LIMIT $2)",
    )
    .bind(user_id)
    .bind(KEPT_PER_PERSON - 1)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Upload `id`, whoever made it.
pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<StoredUpload>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, user_id, file_name, uploaded_at, content_json, applied_at, applied_rows \
         FROM import_upload WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let json: String = row.try_get("content_json")?;
    let content = serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(Some(StoredUpload {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        file_name: row.try_get("file_name")?,
        uploaded_at: row.try_get("uploaded_at")?,
        content,
        applied: applied(&row)?,
    }))
}

fn applied(row: &AnyRow) -> Result<Option<ImportApplied>, sqlx::Error> {
    let at: Option<String> = row.try_get("applied_at")?;
    let rows: Option<i64> = row.try_get("applied_rows")?;
    Ok(at.map(|at| ImportApplied {
        at,
        rows: rows.unwrap_or_default(),
    }))
}

/// The latest uploads of user `user_id`, newest first.
pub async fn of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<ImportSummary>, sqlx::Error> {
    sqlx::query(
        "SELECT id, file_name, uploaded_at, applied_at, applied_rows FROM import_upload \
         WHERE user_id = $1 ORDER BY uploaded_at DESC, id DESC LIMIT 10",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        Ok(ImportSummary {
            id: row.try_get("id")?,
            file_name: row.try_get("file_name")?,
            uploaded_at: row.try_get("uploaded_at")?,
            applied: applied(row)?,
        })
    })
    .collect()
}

/// Notes that upload `id` was applied at `at`, saving `rows` rows; `false` (nothing noted)
/// when it already was.
pub async fn mark_applied(
    conn: &mut AnyConnection,
    id: i64,
    at: &Timestamp,
    rows: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE import_upload SET applied_at = $2, applied_rows = $3 \
         WHERE id = $1 AND applied_at IS NULL",
    )
    .bind(id)
    .bind(at.as_str())
    .bind(rows)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
