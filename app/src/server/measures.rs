//! A measure of the plan: the one rule that the measure form and the API go through. A ministry
//! adds measures and edits those its ministry leads (through its agencies too), an administrator
//! any; what a measure names (its area, lead, partners, obligations) must exist, and the lead
//! must be the editor's to give; a saved measure is changed only over the version the editor
//! saw. Status and progress come from reports, not from here. Audited in the same transaction.

use super::AppState;
use super::changes::{self, Fields};
use super::db::audit::{self, Actor, Change};
use super::db::plan::{self as db_plan, StoredMeasure};
use super::db::{Freshness, reference};
use crate::error::{AppError, FieldError, Problem};
use crate::models::{MeasureInput, MeasureValues, Viewer};
use crate::policy::{self, Access, Action};
use serde_json::json;
use sqlx::AnyConnection;

/// Which measure a save is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure<'a> {
    /// A new measure (its code is in the input).
    New,
    /// Measure `code` as the editor saw it, at `version`. Its code never changes: its pages and
    /// history use it.
    Saved { code: &'a str, version: i64 },
}

/// Measure `code` of the plan, once the policy lets `viewer` edit it: first whether their role
/// edits measures at all, then whether they edit this one (`Action::EditMeasure`).
pub async fn editable_measure(
    conn: &mut AnyConnection,
    plan_id: i64,
    viewer: &Viewer,
    access: Access,
    code: &str,
) -> Result<StoredMeasure, AppError> {
    policy::check(viewer, &Action::CreateMeasure, access)?;
    let stored = db_plan::measure(conn, plan_id, code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::check(
        viewer,
        &Action::EditMeasure {
            lead_ministry: stored.lead_ministry,
        },
        access,
    )?;
    Ok(stored)
}

/// Saves `input` as a new measure or over measure `measure` as the editor saw it, for `viewer`:
/// refused unless the policy lets them edit measures, this one, and give it its lead; with
/// every wrong field named (a taken code, an unknown area, lead, partner or obligation too);
/// with what is saved now when someone saved first. Answers the measure's code.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    measure: Measure<'_>,
    input: &MeasureInput,
) -> Result<String, AppError> {
    let access = state.settings.access();
    policy::check(viewer, &Action::CreateMeasure, access)?;
    let user = viewer.user().ok_or(AppError::NotSignedIn)?;
    let input = match measure {
        Measure::New => input.clone(),
        Measure::Saved { code, .. } => MeasureInput {
            code: code.to_owned(),
            ..input.clone()
        },
    };
    let mut errors = Vec::new();
    let values = input.check().map_err(|e| errors.extend(e)).ok();
    let mut tx = changes::begin(state, viewer, freshness).await?;
    let at = state.clock.timestamp();
    let plan = reference::current_plan(&mut tx)
        .await?
        .ok_or(AppError::NoPlan)?;
    let stored = match measure {
        Measure::New => None,
        Measure::Saved { code, .. } => {
            Some(editable_measure(&mut tx, plan.id, viewer, access, code).await?)
        }
    };
    let Some(values) = values else {
        return Err(AppError::Invalid { errors });
    };
    // What the values name must exist, and the new lead must be the editor's to give.
    let organisations = db_plan::organisations(&mut tx).await?;
    let find = |code: &str| organisations.iter().find(|o| o.organisation.code == code);
    let lead = find(&values.lead);
    match lead {
        None => errors.push(FieldError::new("lead", Problem::Unknown)),
        Some(lead) => policy::check(
            viewer,
            &Action::EditMeasure {
                lead_ministry: lead.lead_ministry,
            },
            access,
        )?,
    }
    let partner_ids: Vec<i64> = values
        .partners
        .iter()
        .filter_map(|code| find(code).map(|o| o.id))
        .collect();
    if partner_ids.len() != values.partners.len() {
        errors.push(FieldError::new("partners", Problem::Unknown));
    }
    let area_id = db_plan::area_id(&mut tx, plan.id, &values.area).await?;
    if area_id.is_none() {
        errors.push(FieldError::new("area", Problem::Unknown));
    }
    let mut obligation_ids = Vec::new();
    for code in &values.obligations {
        match db_plan::obligation_id(&mut tx, code).await? {
            Some(id) => obligation_ids.push(id),
            None => {
                errors.push(FieldError::new("obligations", Problem::Unknown));
                break;
            }
        }
    }
    if measure == Measure::New
        && db_plan::measure(&mut tx, plan.id, &values.code)
            .await?
            .is_some()
    {
        errors.push(FieldError::new("code", Problem::CodeTaken));
    }
    let (Some(lead), Some(area_id), true) = (lead, area_id, errors.is_empty()) else {
        return Err(AppError::Invalid { errors });
    };
    let ids = db_plan::Resolved {
        area_id,
        lead_id: lead.id,
        partner_ids,
        obligation_ids,
    };
    let (action, before, after) = match &stored {
        None => {
            match db_plan::insert(&mut tx, plan.id, &values, &ids, &at).await {
                // Someone added a measure with the same code at the same moment.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err(AppError::Invalid {
                        errors: vec![FieldError::new("code", Problem::CodeTaken)],
                    });
                }
                inserted => inserted?,
            };
            let mut after = fields(&values);
            after.push(("status", json!("not_started")));
            after.push(("progress", json!(0)));
            ("create", None, changes::object(&after))
        }
        Some(stored) => {
            let version = match measure {
                Measure::Saved { version, .. } => version,
                Measure::New => 0,
            };
            let saved = stored.version == version
                && db_plan::update(&mut tx, plan.id, stored.id, version, &values, &ids, &at)
                    .await?;
            if !saved {
                let now = db_plan::measure(&mut tx, plan.id, &stored.values.code)
                    .await?
                    .ok_or(AppError::NotFound)?;
                return Err(AppError::Conflict {
                    current: changes::saved_where_different(&fields(&now.values), &fields(&values)),
                    version: now.version,
                    revision: 0,
                });
            }
            let (before, after) = changes::between(&fields(&stored.values), &fields(&values));
            ("update", Some(before), after)
        }
    };
    audit::record(
        &mut tx,
        &at,
        &Actor::user(user),
        Change {
            entity_type: "measure",
            entity_id: &values.code,
            action,
            before,
            after: Some(after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(values.code)
}

/// A measure's fields as the audit trail and a conflict name them (the form's field names).
fn fields(values: &MeasureValues) -> Fields {
    let list = |items: Vec<&str>| json!(items.join(", "));
    vec![
        ("area", json!(values.area)),
        ("title_sv", json!(values.title.sv)),
        ("title_en", json!(values.title.en)),
        ("description_sv", json!(values.description.sv)),
        ("description_en", json!(values.description.en)),
        ("kind", json!(values.kind.as_str())),
        ("lead", json!(values.lead)),
        (
            "partners",
            list(values.partners.iter().map(String::as_str).collect()),
        ),
        ("start_date", json!(values.start_date.to_string())),
        ("end_date", json!(values.end_date.to_string())),
        ("report_frequency", json!(values.report_frequency.as_str())),
        ("is_regional", json!(values.is_regional)),
        (
            "obligations",
            list(values.obligations.iter().map(String::as_str).collect()),
        ),
        (
            "forms",
            list(values.forms.iter().map(|f| f.as_str()).collect()),
        ),
        (
            "groups",
            list(values.groups.iter().map(|g| g.as_str()).collect()),
        ),
    ]
}
