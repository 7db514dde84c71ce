//! The audit trail: one append-only row per change, written in the same transaction as the
//! change itself. The database refuses to update or delete these rows (triggers in the
//! migrations).

use crate::domain::Localized;
use crate::models::{FieldChange, HistoryEntry, HistoryKind, SignedInUser};
use crate::server::Timestamp;
use serde_json::Value;
use sqlx::{AnyConnection, Row};

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

    /// The owner of an account acting before they are signed in (choosing a password with a
    /// one-time link).
    pub fn owner(user: &crate::models::UserRow) -> Actor {
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

/// Records `change`, made by `actor` at `occurred_at`.
pub async fn record(
    conn: &mut AnyConnection,
    occurred_at: &Timestamp,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, user_id, user_name, user_role, organisation_id, \
                                entity_type, entity_id, action, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(occurred_at.as_str())
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

/// The recorded changes of one measure (and its regional rows), one assignment or one
/// county's regional rows, newest first.
pub async fn history(
    conn: &mut AnyConnection,
    kind: HistoryKind,
    code: &str,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    // Regional rows are recorded as `<county>/<measure>`.
    let (condition, value) = match kind {
        HistoryKind::Measure => (
            "(a.entity_type = 'measure' AND a.entity_id = $1) OR \
             (a.entity_type = 'regional_row' AND a.entity_id IN \
                (SELECT c.code || '/' || CAST($1 AS TEXT) FROM county c))",
            code.to_owned(),
        ),
        HistoryKind::Assignment => (
            "a.entity_type = 'assignment' AND a.entity_id = $1",
            code.to_owned(),
        ),
        HistoryKind::County => (
            "a.entity_type = 'regional_row' AND substr(a.entity_id, 1, 3) = $1",
            format!("{code}/"),
        ),
    };
    let sql = format!(
        "SELECT a.occurred_at, a.user_name, a.user_role, a.entity_type, a.entity_id, a.action, \
                a.before_json, a.after_json, o.name_sv AS org_name_sv, o.name_en AS org_name_en \
         FROM audit_log a LEFT JOIN organisation o ON o.id = a.organisation_id \
         WHERE {condition} ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1000"
    );
    let rows = sqlx::query(&sql).bind(value).fetch_all(&mut *conn).await?;
    rows.iter().map(entry).collect()
}

/// What changed in plan `plan_id` from the start of `from` to the end of `to`, per measure
/// and assignment (`models::ChangeLog`).
pub async fn change_log(
    conn: &mut AnyConnection,
    plan_id: i64,
    from: crate::domain::IsoDate,
    to: crate::domain::IsoDate,
) -> Result<crate::models::ChangeLog, sqlx::Error> {
    use crate::models::ChangeLog;
    let entries = between(conn, from, to, ChangeLog::MAX_ENTRIES).await?;
    let (measures, assignments) = subject_titles(conn, plan_id).await?;
    Ok(ChangeLog::of(from, to, entries, |kind, code| match kind {
        HistoryKind::Assignment => assignments.get(code).cloned(),
        _ => measures.get(code).cloned(),
    }))
}

/// Every recorded change to a measure, a county row or an assignment from the start of `from`
/// to the end of `to` (UTC), oldest first, drafts left out (they are not part of the plan);
/// at most one more than `limit`.
async fn between(
    conn: &mut AnyConnection,
    from: crate::domain::IsoDate,
    to: crate::domain::IsoDate,
    limit: usize,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    // Stored instants are RFC 3339 text, which sorts as time does.
    let rows = sqlx::query(
        "SELECT a.occurred_at, a.user_name, a.user_role, a.entity_type, a.entity_id, a.action, \
                a.before_json, a.after_json, o.name_sv AS org_name_sv, o.name_en AS org_name_en \
         FROM audit_log a LEFT JOIN organisation o ON o.id = a.organisation_id \
         WHERE a.entity_type IN ('measure', 'regional_row', 'assignment') \
           AND a.action NOT LIKE 'report_draft_%' \
           AND a.occurred_at >= $1 AND a.occurred_at < $2 \
         ORDER BY a.occurred_at, a.id LIMIT $3",
    )
    .bind(from.to_string())
    .bind(to.add_days(1).to_string())
    .bind(i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(entry).collect()
}

/// The titles of the plan's measures (by code) and of every assignment (by diary number).
async fn subject_titles(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<
    (
        std::collections::HashMap<String, Localized>,
        std::collections::HashMap<String, Localized>,
    ),
    sqlx::Error,
> {
    let titles = |rows: Vec<sqlx::any::AnyRow>| -> Result<_, sqlx::Error> {
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get::<String, _>("code")?,
                    Localized::new(
                        row.try_get::<String, _>("title_sv")?,
                        row.try_get::<String, _>("title_en")?,
                    ),
                ))
            })
            .collect()
    };
    let measures = sqlx::query("SELECT code, title_sv, title_en FROM measure WHERE plan_id = $1")
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let assignments =
        sqlx::query("SELECT diary_number AS code, title_sv, title_en FROM assignment")
            .fetch_all(&mut *conn)
            .await?;
    Ok((titles(measures)?, titles(assignments)?))
}

fn entry(row: &sqlx::any::AnyRow) -> Result<HistoryEntry, sqlx::Error> {
    let name_sv: Option<String> = row.try_get("org_name_sv")?;
    let name_en: Option<String> = row.try_get("org_name_en")?;
    let before: Option<String> = row.try_get("before_json")?;
    let after: Option<String> = row.try_get("after_json")?;
    Ok(HistoryEntry {
        occurred_at: row.try_get("occurred_at")?,
        actor_name: row.try_get("user_name")?,
        actor_role: row.try_get("user_role")?,
        organisation: name_sv.map(|sv| Localized::new(sv, name_en.unwrap_or_default())),
        entity_type: row.try_get("entity_type")?,
        entity_id: row.try_get("entity_id")?,
        action: row.try_get("action")?,
        changes: field_changes(before.as_deref(), after.as_deref()),
    })
}

/// The fields that differ between two stored JSON objects, in a stable order.
pub fn field_changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let parse = |json: Option<&str>| {
        json.and_then(|text| serde_json::from_str::<serde_json::Map<String, Value>>(text).ok())
            .unwrap_or_default()
    };
    let (before, after) = (parse(before), parse(after));
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|field| before.get(*field) != after.get(*field))
        .map(|field| FieldChange {
            field: field.clone(),
            before: before.get(field).map(display),
            after: after.get(field).map(display),
        })
        .collect()
}

fn display(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fields_that_changed_are_listed() {
        let changes = field_changes(
            Some(r#"{"status": "on_track", "progress": 40, "narrative": "Same"}"#),
            Some(r#"{"status": "delayed", "progress": 40, "narrative": "Same"}"#),
        );
        assert_eq!(
            changes,
            vec![FieldChange {
                field: "status".into(),
                before: Some("on_track".into()),
                after: Some("delayed".into()),
            }]
        );
    }

    #[test]
    fn a_created_thing_has_no_values_before() {
        let changes = field_changes(None, Some(r#"{"progress": 0}"#));
        assert_eq!(changes[0].before, None);
        assert_eq!(changes[0].after.as_deref(), Some("0"));
    }
}
