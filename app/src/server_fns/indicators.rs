//! The indicators a measure should move, each with a baseline and a target: read and changed
//! by whoever may edit the measure (the ministry that leads it, or an admin).

// The save takes each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// The targets of measure `code` and every indicator to choose from, for whoever may edit it.
#[server(endpoint = "indicator_targets")]
pub async fn get_target_edit(code: String) -> Result<crate::models::TargetEdit, AppError> {
    use crate::models::{TargetEdit, TargetInput};
    use crate::server::db::{indicators as db, reference};
    super::respond(
        async {
            let state = crate::server::state()?;
            let mut conn = state.db.acquire().await?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (stored, _) = super::plan::editable_measure(&mut conn, plan.id, &code).await?;
            Ok(TargetEdit {
                code: stored.values.code.clone(),
                title: stored.values.title.clone(),
                targets: db::targets_of_measure(&mut conn, stored.id)
                    .await?
                    .into_iter()
                    .map(|t| {
                        (
                            t.id,
                            t.version,
                            t.indicator.name,
                            TargetInput::from_values(&t.values),
                        )
                    })
                    .collect(),
                indicators: db::indicators(&mut conn)
                    .await?
                    .into_iter()
                    .map(|(_, i)| (i.code, i.name, i.unit))
                    .collect(),
            })
        }
        .await,
    )
}

/// Ties an indicator to measure `code` with a baseline and a target (`target` = 0), or saves
/// target `target` over `version` (its indicator stays). Audited.
#[server(endpoint = "save_indicator_target")]
pub async fn save_indicator_target(
    code: String,
    target: i64,
    version: i64,
    indicator: String,
    baseline_year: String,
    baseline_value: String,
    target_year: String,
    target_value: String,
) -> Result<(), AppError> {
    use crate::error::{FieldError, Problem};
    use crate::models::TargetInput;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{indicators as db, reference};
    super::respond(
        async {
            let state = crate::server::state()?;
            let input = TargetInput {
                indicator,
                baseline_year,
                baseline_value,
                target_year,
                target_value,
            };
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (stored, user) = super::plan::editable_measure(&mut tx, plan.id, &code).await?;
            let targets = db::targets_of_measure(&mut tx, stored.id).await?;
            let saved = targets.iter().find(|t| t.id == target);
            // An existing target keeps its indicator, whatever the form sends.
            let input = match saved {
                Some(old) => TargetInput {
                    indicator: old.indicator.code.clone(),
                    ..input
                },
                None if target != 0 => return Err(AppError::NotFound),
                None => input,
            };
            let mut values = input.check();
            let indicator_id = db::indicators(&mut tx)
                .await?
                .into_iter()
                .find(|(_, i)| i.code == input.indicator.trim())
                .map(|(id, _)| id);
            if indicator_id.is_none() && !input.indicator.trim().is_empty() {
                let unknown = FieldError::new("indicator", Problem::NotAChoice);
                values = Err(values
                    .err()
                    .unwrap_or_default()
                    .into_iter()
                    .chain([unknown])
                    .collect());
            }
            let values = values.map_err(|errors| AppError::Invalid { errors })?;
            let indicator_id = indicator_id.ok_or(AppError::NotFound)?;
            let taken = || AppError::Invalid {
                errors: vec![FieldError::new("indicator", Problem::AlreadyLinked)],
            };
            let (action, before) = match saved {
                None => {
                    if targets.iter().any(|t| t.indicator.code == values.indicator) {
                        return Err(taken());
                    }
                    match db::insert_target(&mut tx, stored.id, indicator_id, &values).await {
                        // Someone tied the same indicator at the same moment.
                        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                            return Err(taken());
                        }
                        inserted => inserted?,
                    }
                    ("indicator_linked", None)
                }
                Some(old) => {
                    if !db::update_target(&mut tx, stored.id, old.id, version, &values).await? {
                        return Err(conflict(&mut tx, stored.id, old.id, &values).await);
                    }
                    ("indicator_changed", Some(audited(&old.values)))
                }
            };
            audit::record(
                &mut tx,
                &at,
                &Actor::user(&user),
                Change {
                    entity_type: "measure",
                    entity_id: &code,
                    action,
                    before,
                    after: Some(audited(&values)),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
    .inspect(|()| super::go_on_without_javascript(&format!("/measures/{code}/indicators")))
}

/// Unties target `target` (still at `version`) from measure `code`. Audited.
#[server(endpoint = "remove_indicator_target")]
pub async fn remove_indicator_target(
    code: String,
    target: i64,
    version: i64,
) -> Result<(), AppError> {
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{indicators as db, reference};
    super::respond(
        async {
            let state = crate::server::state()?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (stored, user) = super::plan::editable_measure(&mut tx, plan.id, &code).await?;
            let targets = db::targets_of_measure(&mut tx, stored.id).await?;
            let old = targets
                .iter()
                .find(|t| t.id == target)
                .ok_or(AppError::NotFound)?;
            if !db::delete_target(&mut tx, stored.id, old.id, version).await? {
                return Err(conflict(&mut tx, stored.id, old.id, &old.values).await);
            }
            audit::record(
                &mut tx,
                &at,
                &Actor::user(&user),
                Change {
                    entity_type: "measure",
                    entity_id: &code,
                    action: "indicator_unlinked",
                    before: Some(audited(&old.values)),
                    after: None,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
    .inspect(|()| super::go_on_without_javascript(&format!("/measures/{code}/indicators")))
}

/// A target's fields as the audit trail records them.
#[cfg(feature = "ssr")]
fn audited(values: &crate::models::TargetValues) -> serde_json::Value {
    crate::server::changes::object(&fields(values))
}

#[cfg(feature = "ssr")]
fn fields(values: &crate::models::TargetValues) -> crate::server::changes::Fields {
    use serde_json::json;
    vec![
        ("indicator", json!(values.indicator)),
        ("baseline_year", json!(values.baseline.year)),
        ("baseline_value", json!(values.baseline.value)),
        ("target_year", json!(values.target.year)),
        ("target_value", json!(values.target.value)),
    ]
}

/// The conflict when target `id` moved on since the form was loaded: what is saved now where it
/// differs from `sent`, and the version to save over once read.
#[cfg(feature = "ssr")]
async fn conflict(
    conn: &mut sqlx::AnyConnection,
    measure_id: i64,
    id: i64,
    sent: &crate::models::TargetValues,
) -> AppError {
    use crate::server::changes;
    let now = match crate::server::db::indicators::targets_of_measure(conn, measure_id).await {
        Ok(now) => now,
        Err(e) => return e.into(),
    };
    match now.into_iter().find(|t| t.id == id) {
        Some(current) => AppError::Conflict {
            current: changes::saved_where_different(&fields(&current.values), &fields(sent)),
            version: current.version,
            revision: 0,
        },
        // Removed by someone else meanwhile.
        None => AppError::NotFound,
    }
}
