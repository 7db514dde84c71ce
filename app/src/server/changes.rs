//! A change to the plan: its transaction, and what changed between two versions of a record,
//! as named fields: for the audit trail (the fields that differ, before and after) and for a
//! conflict (what is saved now, where it differs from what the person sent).

use super::AppState;
use super::db::Freshness;
use crate::error::{AppError, FieldValue};
use crate::models::Viewer;
use serde_json::{Map, Value};
use sqlx::{Any, Transaction};

/// The transaction of a change by `viewer`, begun only once they have passed the policy's
/// first gate ([`crate::policy::check_may_change`]): on SQLite beginning takes the write lock,
/// which an anonymous or oversight request must never wait for or hold. The write is noted for
/// the client's next reads (`freshness`). Every change begins its transaction here.
pub async fn begin(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
) -> Result<Transaction<'static, Any>, AppError> {
    crate::policy::check_may_change(viewer)?;
    freshness.note_write();
    Ok(state.db.begin().await?)
}

/// A record's fields as the audit trail stores them, in the order the form shows them.
pub type Fields = Vec<(&'static str, Value)>;

/// The fields that differ: their values before and after.
pub fn between(before: &Fields, after: &Fields) -> (Value, Value) {
    let (mut old, mut new) = (Map::new(), Map::new());
    for ((field, a), (_, b)) in before.iter().zip(after) {
        if a != b {
            old.insert((*field).to_owned(), a.clone());
            new.insert((*field).to_owned(), b.clone());
        }
    }
    (Value::Object(old), Value::Object(new))
}

/// All fields as one JSON object (a record created or submitted whole).
pub fn object(fields: &Fields) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(field, value)| ((*field).to_owned(), value.clone()))
            .collect(),
    )
}

/// What is saved now, where it differs from what this person sent.
pub fn saved_where_different(saved: &Fields, sent: &Fields) -> Vec<FieldValue> {
    saved
        .iter()
        .zip(sent)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, value), _)| FieldValue {
            field: (*field).to_owned(),
            value: match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_fields_that_differ_are_recorded_and_shown() {
        let saved: Fields = vec![("status", json!("delayed")), ("progress", json!(40))];
        let sent: Fields = vec![("status", json!("on_track")), ("progress", json!(40))];
        let (before, after) = between(&saved, &sent);
        assert_eq!(before, json!({ "status": "delayed" }));
        assert_eq!(after, json!({ "status": "on_track" }));
        assert_eq!(
            saved_where_different(&saved, &sent),
            vec![FieldValue {
                field: "status".into(),
                value: "delayed".into()
            }]
        );
    }
}
