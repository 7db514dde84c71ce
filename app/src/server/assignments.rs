//! Government assignments: the one rule that the assignment forms and the API go through. A
//! ministry registers the assignments whose diary number carries its prefix and changes them,
//! an administrator any; what an assignment names (its recipient, the measures it serves) must
//! exist, and only who may edit a measure links it or unlinks it. Its reporting deadlines are
//! added and changed one at a time. Every change is saved only over the version the editor saw
//! and audited in the same transaction.

use super::AppState;
use super::changes::{self, Fields};
use super::db::assignment_edit::{self as db, StoredAssignment};
use super::db::audit::{self, Actor, Change};
use super::db::plan as db_plan;
use super::db::{Freshness, reference};
use crate::domain::DiaryNumber;
use crate::error::{AppError, FieldError, Problem};
use crate::models::{AssignmentInput, AssignmentValues, DeadlineInput, DeadlineValues, Viewer};
use crate::policy::{self, Access, Action};
use serde_json::json;
use sqlx::AnyConnection;

/// Which deadline a save is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// A new deadline (the Government asked for another report).
    New,
    /// Deadline `id` as the editor saw it, at `version`.
    Saved { id: i64, version: i64 },
}

/// Assignment `slug` (`A2025-00637`), once the policy lets `viewer` change it: first whether
/// their role edits the plan at all, then whether the assignment is their ministry's.
pub async fn editable(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    access: Access,
    slug: &str,
) -> Result<StoredAssignment, AppError> {
    policy::check(viewer, &Action::CreateMeasure, access)?;
    let number = DiaryNumber::from_slug(slug).map_err(|_| AppError::NotFound)?;
    let stored = db::assignment(conn, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::check(
        viewer,
        &Action::EditMeasure {
            lead_ministry: Some(stored.ministry_id),
        },
        access,
    )?;
    Ok(stored)
}

/// Registers `input` as a government assignment with its first deadlines (`interim_due`, may
/// be empty, and `final_due`), for `viewer`: its ministry is the one whose prefix the diary
/// number carries, and only that ministry (or an administrator) may register it. Answers its
/// address slug.
pub async fn register(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    input: &AssignmentInput,
    interim_due: &str,
    final_due: &str,
) -> Result<String, AppError> {
    let access = state.settings.access();
    policy::check(viewer, &Action::CreateMeasure, access)?;
    let user = viewer.user().ok_or(AppError::NotSignedIn)?;
    let (mut values, first) = input
        .check_new(interim_due, final_due)
        .map_err(|errors| AppError::Invalid { errors })?;
    let mut tx = changes::begin(state, viewer, freshness).await?;
    let at = state.clock.timestamp();
    let plan = reference::current_plan(&mut tx)
        .await?
        .ok_or(AppError::NoPlan)?;
    let prefix = values.diary_number.prefix();
    let Some(ministry_id) = db::ministry_by_prefix(&mut tx, prefix.as_str()).await? else {
        return Err(AppError::Invalid {
            errors: vec![FieldError::new("diary_number", Problem::UnknownMinistry)],
        });
    };
    policy::check(
        viewer,
        &Action::EditMeasure {
            lead_ministry: Some(ministry_id),
        },
        access,
    )?;
    let mut errors = Vec::new();
    if db::exists(&mut tx, &values.diary_number).await? {
        errors.push(FieldError::new("diary_number", Problem::DiaryNumberTaken));
    }
    let resolved = resolve(
        &mut tx,
        plan.id,
        viewer,
        access,
        &mut values,
        &[],
        &mut errors,
    )
    .await?;
    let (Some((recipient_id, measure_ids)), true) = (resolved, errors.is_empty()) else {
        return Err(AppError::Invalid { errors });
    };
    match db::insert(
        &mut tx,
        &values,
        first,
        ministry_id,
        recipient_id,
        measure_ids,
        &at,
    )
    .await
    {
        // Registered by someone else at the same moment.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(AppError::Invalid {
                errors: vec![FieldError::new("diary_number", Problem::DiaryNumberTaken)],
            });
        }
        inserted => inserted?,
    };
    let mut after = fields(&values);
    after.push((
        "interim_due",
        json!(first.interim_due.map(|d| d.to_string())),
    ));
    after.push(("final_due", json!(first.final_due.to_string())));
    audit::record(
        &mut tx,
        &at,
        &Actor::user(user),
        Change {
            entity_type: "assignment",
            entity_id: &values.diary_number.to_string(),
            action: "create",
            before: None,
            after: Some(changes::object(&after)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(values.diary_number.slug())
}

/// Saves assignment `slug`'s own fields over `version` as the editor saw it: recipient, texts,
/// decision date and measures (its diary number never changes, whatever `input` says). Not a
/// decision after a deadline, and a measure that money goes to through the assignment stays
/// linked. Answers its address slug.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    slug: &str,
    version: i64,
    input: &AssignmentInput,
) -> Result<String, AppError> {
    let access = state.settings.access();
    let mut tx = changes::begin(state, viewer, freshness).await?;
    let at = state.clock.timestamp();
    let stored = editable(&mut tx, viewer, access, slug).await?;
    let user = viewer.user().ok_or(AppError::NotSignedIn)?;
    let input = AssignmentInput {
        diary_number: stored.values.diary_number.to_string(),
        ..input.clone()
    };
    let mut values = input
        .check()
        .map_err(|errors| AppError::Invalid { errors })?;
    let plan = reference::current_plan(&mut tx)
        .await?
        .ok_or(AppError::NoPlan)?;
    let mut errors = Vec::new();
    let deadlines = db::deadlines(&mut tx, stored.id).await?;
    if deadlines
        .iter()
        .any(|d| d.values.due_date < values.decision_date)
    {
        errors.push(FieldError::new("decision_date", Problem::AfterDeadline));
    }
    let funded = db::funded_measures(&mut tx, stored.id).await?;
    if funded.iter().any(|code| !values.measures.contains(code)) {
        errors.push(FieldError::new("measures", Problem::StillFunded));
    }
    let resolved = resolve(
        &mut tx,
        plan.id,
        viewer,
        access,
        &mut values,
        &stored.values.measures,
        &mut errors,
    )
    .await?;
    let (Some((recipient_id, measure_ids)), true) = (resolved, errors.is_empty()) else {
        return Err(AppError::Invalid { errors });
    };
    let saved = stored.version == version
        && db::update(
            &mut tx,
            stored.id,
            version,
            &values,
            recipient_id,
            &measure_ids,
            &at,
        )
        .await?;
    if !saved {
        let now = db::assignment(&mut tx, &stored.values.diary_number)
            .await?
            .ok_or(AppError::NotFound)?;
        return Err(AppError::Conflict {
            current: changes::saved_where_different(&fields(&now.values), &fields(&values)),
            version: now.version,
            revision: 0,
        });
    }
    let (before, after) = changes::between(&fields(&stored.values), &fields(&values));
    audit::record(
        &mut tx,
        &at,
        &Actor::user(user),
        Change {
            entity_type: "assignment",
            entity_id: &values.diary_number.to_string(),
            action: "update",
            before: Some(before),
            after: Some(after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(values.diary_number.slug())
}

/// Adds a reporting deadline to assignment `slug` or saves deadline `deadline` over the version
/// the editor saw: the Government has moved it or asked for another report. Not before the
/// decision, one final report, no interim report after it; a delivered deadline keeps its
/// delivery date. Answers the deadline's id.
pub async fn save_deadline(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    slug: &str,
    deadline: Deadline,
    input: &DeadlineInput,
) -> Result<i64, AppError> {
    let mut tx = changes::begin(state, viewer, freshness).await?;
    let at = state.clock.timestamp();
    let stored = editable(&mut tx, viewer, state.settings.access(), slug).await?;
    let user = viewer.user().ok_or(AppError::NotSignedIn)?;
    let values = input
        .check()
        .map_err(|errors| AppError::Invalid { errors })?;
    let deadlines = db::deadlines(&mut tx, stored.id).await?;
    let (id, old) = match deadline {
        Deadline::New => (0, None),
        Deadline::Saved { id, version } => {
            let old = deadlines
                .iter()
                .find(|d| d.id == id)
                .ok_or(AppError::NotFound)?;
            (id, Some((old, version)))
        }
    };
    let errors = values.problems(id, stored.values.decision_date, &deadlines);
    if !errors.is_empty() {
        return Err(AppError::Invalid { errors });
    }
    let (id, action, before) = match old {
        None => (
            db::insert_deadline(&mut tx, stored.id, &values).await?,
            "deadline_added",
            None,
        ),
        Some((old, version)) => {
            if !db::update_deadline(&mut tx, stored.id, id, version, &values).await? {
                return Err(AppError::Conflict {
                    current: changes::saved_where_different(
                        &deadline_fields(&old.values),
                        &deadline_fields(&values),
                    ),
                    version: old.version,
                    revision: 0,
                });
            }
            (
                id,
                "deadline_changed",
                Some(changes::object(&deadline_fields(&old.values))),
            )
        }
    };
    audit::record(
        &mut tx,
        &at,
        &Actor::user(user),
        Change {
            entity_type: "assignment",
            entity_id: &stored.values.diary_number.to_string(),
            action,
            before,
            after: Some(changes::object(&deadline_fields(&values))),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An assignment's own fields as the audit trail and a conflict name them (the form's names).
fn fields(values: &AssignmentValues) -> Fields {
    vec![
        ("recipient", json!(values.recipient)),
        ("title_sv", json!(values.title.sv)),
        ("title_en", json!(values.title.en)),
        ("description_sv", json!(values.description.sv)),
        ("description_en", json!(values.description.en)),
        ("decision_date", json!(values.decision_date.to_string())),
        ("measures", json!(values.measures.join(", "))),
    ]
}

/// A deadline's fields as the audit trail and a conflict name them (the form's names).
fn deadline_fields(values: &DeadlineValues) -> Fields {
    vec![
        ("kind", json!(values.kind.as_str())),
        ("due_date", json!(values.due_date.to_string())),
        ("description_sv", json!(values.description.sv)),
        ("description_en", json!(values.description.en)),
    ]
}

/// The recipient's id and the measures' ids an assignment's values name, or the fields that
/// name something unknown or a measure not `viewer`'s to link or unlink (a link is part of the
/// measure too; a link made earlier, by an administrator say, stays when the assignment is
/// saved again). Puts the measures in the plan's order, as they are read back.
async fn resolve(
    conn: &mut AnyConnection,
    plan_id: i64,
    viewer: &Viewer,
    access: Access,
    values: &mut AssignmentValues,
    linked_before: &[String],
    errors: &mut Vec<FieldError>,
) -> Result<Option<(i64, Vec<i64>)>, AppError> {
    let recipient = db_plan::organisations(conn)
        .await?
        .into_iter()
        .find(|o| o.organisation.code == values.recipient)
        .map(|o| o.id);
    if recipient.is_none() {
        errors.push(FieldError::new("recipient", Problem::Unknown));
    }
    let may_edit =
        |lead_ministry| policy::allows(viewer, &Action::EditMeasure { lead_ministry }, access);
    for code in linked_before
        .iter()
        .filter(|code| !values.measures.contains(code))
    {
        if let Some((_, lead_ministry)) = db_plan::measure_lead(conn, plan_id, code).await?
            && !may_edit(lead_ministry)
        {
            errors.push(FieldError::new("measures", Problem::NotYourMeasure));
            return Ok(None);
        }
    }
    let mut measures = Vec::new();
    for code in &values.measures {
        let Some((measure_id, lead_ministry)) = db_plan::measure_lead(conn, plan_id, code).await?
        else {
            errors.push(FieldError::new("measures", Problem::Unknown));
            return Ok(None);
        };
        if !linked_before.contains(code) && !may_edit(lead_ministry) {
            errors.push(FieldError::new("measures", Problem::NotYourMeasure));
            return Ok(None);
        }
        measures.push((measure_id, code.clone()));
    }
    measures.sort();
    let (measure_ids, codes) = measures.into_iter().unzip();
    values.measures = codes;
    Ok(recipient.map(|id| (id, measure_ids)))
}
