//! The audit trail: one append-only row per change, written in the same transaction as the
//! change itself. The database refuses to update or delete these rows (triggers in the
//! migrations).

use crate::models::SignedInUser;
use sqlx::AnyConnection;

/// Who did something, as the audit trail remembers them even if the user changes later.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
    /// The role's stored name, or `anonymous` for someone not signed in.
    pub role: String,
    pub organisation_id: Option<i64>,
}

impl Actor {
    pub fn user(user: &SignedInUser) -> Actor {
        Actor {
            user_id: Some(user.id),
            name: user.display_name.clone(),
            role: user.role.as_str().to_owned(),
            organisation_id: Some(user.organisation_id),
        }
    }

    /// Someone not signed in, known only by what they typed (a failed sign-in).
    pub fn anonymous(typed_name: &str) -> Actor {
        Actor {
            user_id: None,
            name: typed_name.chars().take(254).collect(),
            role: "anonymous".to_owned(),
            organisation_id: None,
        }
    }
}

/// What happened to which thing, with the values before and after (JSON objects of the fields
/// that matter, `None` when the thing did not exist before or after).
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), sqlx::Error> {
    record_at(conn, &super::now_utc(), actor, change).await
}

/// [`record`] with the instant given (RFC 3339 UTC): for history rebuilt from other records,
/// such as the demo plan's.
pub async fn record_at(
    conn: &mut AnyConnection,
    occurred_at: &str,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, user_id, user_name, user_role, organisation_id, \
                                entity_type, entity_id, action, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(occurred_at)
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(&actor.role)
    .bind(actor.organisation_id)
    .bind(change.entity_type)
    .bind(change.entity_id)
    .bind(change.action)
    .bind(change.before.map(|value| value.to_string()))
    .bind(change.after.map(|value| value.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many audit rows record `action` on `entity_type` (for tests and checks).
pub async fn count(
    conn: &mut AnyConnection,
    entity_type: &str,
    action: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity_type = $1 AND action = $2")
        .bind(entity_type)
        .bind(action)
        .fetch_one(&mut *conn)
        .await
}
