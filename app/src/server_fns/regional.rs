//! A county board's row for one measure: read it for its edit page, and save it.

// The save takes each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::RegionalRowEdit;
use leptos::prelude::*;

/// The row of county `county` (`24`) for measure `code`.
#[server(endpoint = "regional_row")]
pub async fn get_regional_row(code: String, county: String) -> Result<RegionalRowEdit, AppError> {
    use crate::domain::{CountyCode, IsoDate};
    use crate::server::db::regional;
    super::respond(
        async {
            let county = CountyCode::parse(&county).map_err(|_| AppError::NotFound)?;
            let (mut conn, plan) = super::connect_to_plan().await?;
            let stored = regional::get(&mut conn, plan.id, &code, county, IsoDate::today())
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(stored.row)
        }
        .await,
    )
}

/// Saves what a county board reports on its own row, over the `version` the person saw: a
/// newer version is never overwritten (the answer shows what is saved now, and keeps the
/// person's text in the form). Audited in the same transaction.
#[server(endpoint = "save_regional_row")]
pub async fn save_regional_row(
    code: String,
    county: String,
    version: i64,
    status: String,
    progress: String,
    contact_name: String,
    contact_role: String,
    narrative: String,
    spent: String,
) -> Result<(), AppError> {
    use crate::domain::{CountyCode, IsoDate};
    use crate::models::RegionalInput;
    use crate::policy::Action;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{reference, regional};
    super::respond(
        async {
            let county = CountyCode::parse(&county).map_err(|_| AppError::NotFound)?;
            let (viewer, state) = super::authorize(&Action::EditRegionalRow { county })?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let input = RegionalInput {
                status,
                progress,
                contact_name,
                contact_role,
                narrative,
                spent,
            };
            let values = input
                .check()
                .map_err(|errors| AppError::Invalid { errors })?;
            let mut tx = state.db.begin().await?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let stored = regional::get(&mut tx, plan.id, &code, county, IsoDate::today())
                .await?
                .ok_or(AppError::NotFound)?;
            let (before, after) = changes::between(&stored.row.values, &values);
            let saved = stored.row.version == version
                && regional::save(&mut tx, stored.id, &values, version, user).await?;
            if !saved {
                // Someone saved first. What is saved now (read again: on PostgreSQL the row
                // may have changed since it was read above).
                let now = regional::get(&mut tx, plan.id, &code, county, IsoDate::today())
                    .await?
                    .ok_or(AppError::NotFound)?;
                return Err(AppError::Conflict {
                    current: changes::saved_where_different(&now.row.values, &values),
                    version: now.row.version,
                });
            }
            audit::record(
                &mut tx,
                &Actor::user(user),
                Change {
                    entity_type: "regional_row",
                    entity_id: &format!("{county}/{code}"),
                    action: "update",
                    before: Some(before),
                    after: Some(after),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// What changed between two versions of a row, for the audit trail and for a conflict.
#[cfg(feature = "ssr")]
mod changes {
    use crate::error::FieldValue;
    use crate::models::RegionalValues;
    use serde_json::{Map, Value, json};

    fn fields(values: &RegionalValues) -> [(&'static str, Value); 6] {
        [
            ("status", json!(values.status.as_str())),
            ("progress", json!(values.progress.percent())),
            ("contact_name", json!(values.contact_name)),
            ("contact_role", json!(values.contact_role)),
            ("narrative", json!(values.narrative)),
            ("spent", json!(values.spent.as_kronor())),
        ]
    }

    /// The fields that differ: their values before and after.
    pub fn between(before: &RegionalValues, after: &RegionalValues) -> (Value, Value) {
        let (mut old, mut new) = (Map::new(), Map::new());
        for ((field, a), (_, b)) in fields(before).into_iter().zip(fields(after)) {
            if a != b {
                old.insert(field.to_owned(), a);
                new.insert(field.to_owned(), b);
            }
        }
        (Value::Object(old), Value::Object(new))
    }

    /// What is saved now, where it differs from what this person sent.
    pub fn saved_where_different(saved: &RegionalValues, sent: &RegionalValues) -> Vec<FieldValue> {
        fields(saved)
            .into_iter()
            .zip(fields(sent))
            .filter(|((_, a), (_, b))| a != b)
            .map(|((field, value), _)| FieldValue {
                field: field.to_owned(),
                value: match value {
                    Value::String(text) => text,
                    other => other.to_string(),
                },
            })
            .collect()
    }
}
