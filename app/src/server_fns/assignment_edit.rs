//! Registering and editing government assignments. Only the ministry whose prefix the diary
//! number carries (or an admin) may register or change one; a change is saved only over the
//! version the editor saw, and every change is audited in the same transaction.

// The saves take each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::AssignmentEdit;
use leptos::prelude::*;

/// The form of assignment `slug` (`A2025-00637`) with its deadlines, or of a new assignment
/// when `slug` is empty.
#[server(endpoint = "assignment_edit")]
pub async fn get_assignment_edit(slug: String) -> Result<AssignmentEdit, AppError> {
    use crate::models::{AssignmentInput, DeadlineRow};
    use crate::policy::Action;
    use crate::server::db::{measures, plan as db_plan, reference};
    super::respond(
        async {
            let (_, state) = super::authorize(&Action::CreateMeasure)?;
            let mut conn = state.db.acquire().await?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (diary_number, version, values, deadlines) = if slug.is_empty() {
                (
                    None,
                    0,
                    AssignmentInput::default(),
                    Vec::<DeadlineRow>::new(),
                )
            } else {
                let (stored, _) = editable(&mut conn, &slug).await?;
                let deadlines = db::deadlines(&mut conn, stored.id).await?;
                (
                    Some(stored.values.diary_number.clone()),
                    stored.version,
                    AssignmentInput::from_values(&stored.values),
                    deadlines,
                )
            };
            Ok(AssignmentEdit {
                diary_number,
                version,
                values,
                deadlines,
                organisations: db_plan::organisations(&mut conn)
                    .await?
                    .into_iter()
                    .map(|o| o.organisation)
                    .collect(),
                measures: measures::refs(&mut conn, plan.id).await?,
            })
        }
        .await,
    )
}

/// Registers a government assignment: its ministry is the one whose prefix the diary number
/// carries, and only that ministry (or an admin) may register it. Answers its address slug.
#[server(endpoint = "create_assignment")]
pub async fn create_assignment(
    diary_number: String,
    recipient: String,
    title_sv: String,
    title_en: String,
    description_sv: String,
    #[server(default)] description_en: String,
    decision_date: String,
    interim_due: String,
    final_due: String,
    #[server(default)] measures: Vec<String>,
) -> Result<String, AppError> {
    use crate::error::{FieldError, Problem};
    use crate::models::AssignmentInput;
    use crate::policy::Action;
    use crate::server::changes;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::reference;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::CreateMeasure)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let input = AssignmentInput {
                diary_number,
                recipient,
                title_sv,
                title_en,
                description_sv,
                description_en,
                decision_date,
                measures,
            };
            let (mut values, first) = input
                .check_new(&interim_due, &final_due)
                .map_err(|errors| AppError::Invalid { errors })?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let prefix = values.diary_number.prefix();
            let Some(ministry_id) = db::ministry_by_prefix(&mut tx, prefix.as_str()).await? else {
                return Err(AppError::Invalid {
                    errors: vec![FieldError::new("diary_number", Problem::UnknownMinistry)],
                });
            };
            super::authorize(&Action::EditMeasure {
                lead_ministry: Some(ministry_id),
            })?;
            let mut errors = Vec::new();
            if db::exists(&mut tx, &values.diary_number).await? {
                errors.push(FieldError::new("diary_number", Problem::DiaryNumberTaken));
            }
            let resolved = resolve(&mut tx, plan.id, &mut values, &[], &mut errors).await?;
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
                serde_json::json!(first.interim_due.map(|d| d.to_string())),
            ));
            after.push(("final_due", serde_json::json!(first.final_due.to_string())));
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
        .await,
    )
    .inspect(|slug| super::go_on_without_javascript(&format!("/assignments/{slug}")))
}

/// Saves a registered assignment's own fields over `version`: recipient, texts, decision date
/// and measures. Its diary number never changes. Answers its address slug.
#[server(endpoint = "save_assignment")]
pub async fn save_assignment(
    diary_number: String,
    version: i64,
    recipient: String,
    title_sv: String,
    title_en: String,
    description_sv: String,
    description_en: String,
    decision_date: String,
    #[server(default)] measures: Vec<String>,
) -> Result<String, AppError> {
    use crate::error::{FieldError, Problem};
    use crate::models::AssignmentInput;
    use crate::server::changes;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::reference;
    super::respond(
        async {
            let mut tx = super::begin_change(&crate::server::state()?).await?;
            let at = super::timestamp()?;
            let (stored, user) = editable(&mut tx, &diary_number.replace('/', "-")).await?;
            let input = AssignmentInput {
                // The diary number of a registered assignment never changes.
                diary_number: stored.values.diary_number.to_string(),
                recipient,
                title_sv,
                title_en,
                description_sv,
                description_en,
                decision_date,
                measures,
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
            // A measure that money goes to through the assignment stays linked to it.
            let funded = db::funded_measures(&mut tx, stored.id).await?;
            if funded.iter().any(|code| !values.measures.contains(code)) {
                errors.push(FieldError::new("measures", Problem::StillFunded));
            }
            let resolved = resolve(
                &mut tx,
                plan.id,
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
                &Actor::user(&user),
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
        .await,
    )
    .inspect(|slug| super::go_on_without_javascript(&format!("/assignments/{slug}")))
}

/// Adds a reporting deadline to assignment `diary_number` (`deadline` = 0) or saves deadline
/// `deadline` over `version`: the government has moved it or asked for another report. A
/// delivered deadline keeps its delivery date.
#[server(endpoint = "save_deadline")]
pub async fn save_deadline(
    diary_number: String,
    deadline: i64,
    version: i64,
    kind: String,
    due_date: String,
    description_sv: String,
    description_en: String,
) -> Result<(), AppError> {
    use crate::models::{DeadlineInput, DeadlineValues};
    use crate::server::changes;
    use crate::server::db::audit::{self, Actor, Change};
    use serde_json::json;
    let fields = |v: &DeadlineValues| -> changes::Fields {
        vec![
            ("kind", json!(v.kind.as_str())),
            ("due_date", json!(v.due_date.to_string())),
            ("description_sv", json!(v.description.sv)),
            ("description_en", json!(v.description.en)),
        ]
    };
    super::respond(
        async {
            let mut tx = super::begin_change(&crate::server::state()?).await?;
            let at = super::timestamp()?;
            let (stored, user) = editable(&mut tx, &diary_number.replace('/', "-")).await?;
            let input = DeadlineInput {
                kind,
                due_date,
                description_sv,
                description_en,
            };
            let values = input
                .check()
                .map_err(|errors| AppError::Invalid { errors })?;
            let deadlines = db::deadlines(&mut tx, stored.id).await?;
            let old = deadlines.iter().find(|d| d.id == deadline);
            if deadline != 0 && old.is_none() {
                return Err(AppError::NotFound);
            }
            let errors = values.problems(deadline, stored.values.decision_date, &deadlines);
            if !errors.is_empty() {
                return Err(AppError::Invalid { errors });
            }
            let (action, before) = match old {
                None => {
                    db::insert_deadline(&mut tx, stored.id, &values).await?;
                    ("deadline_added", None)
                }
                Some(old) => {
                    if !db::update_deadline(&mut tx, stored.id, deadline, version, &values).await? {
                        return Err(AppError::Conflict {
                            current: changes::saved_where_different(
                                &fields(&old.values),
                                &fields(&values),
                            ),
                            version: old.version,
                            revision: 0,
                        });
                    }
                    (
                        "deadline_changed",
                        Some(changes::object(&fields(&old.values))),
                    )
                }
            };
            audit::record(
                &mut tx,
                &at,
                &Actor::user(&user),
                Change {
                    entity_type: "assignment",
                    entity_id: &stored.values.diary_number.to_string(),
                    action,
                    before,
                    after: Some(changes::object(&fields(&values))),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
    .inspect(|()| {
        super::go_on_without_javascript(&format!(
            "/assignments/{}/deadlines",
            diary_number.replace('/', "-")
        ))
    })
}

#[cfg(feature = "ssr")]
use crate::server::db::assignment_edit as db;

/// An assignment's own fields as the audit trail and a conflict name them (the form's names).
#[cfg(feature = "ssr")]
fn fields(values: &crate::models::AssignmentValues) -> crate::server::changes::Fields {
    use serde_json::json;
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

/// The assignment at `slug` and the signed-in user, once the policy allows them to change it:
/// its ministry, or an admin.
#[cfg(feature = "ssr")]
async fn editable(
    conn: &mut sqlx::AnyConnection,
    slug: &str,
) -> Result<(db::StoredAssignment, crate::models::SignedInUser), AppError> {
    use crate::policy::Action;
    let (viewer, _) = super::authorize(&Action::CreateMeasure)?;
    let number = crate::domain::DiaryNumber::from_slug(slug).map_err(|_| AppError::NotFound)?;
    let stored = db::assignment(conn, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    super::authorize(&Action::EditMeasure {
        lead_ministry: Some(stored.ministry_id),
    })?;
    let user = viewer.user().cloned().ok_or(AppError::NotSignedIn)?;
    Ok((stored, user))
}

/// The recipient's id and the measures' ids an assignment's values name, or the fields that
/// name something unknown. Puts the measures in the plan's order, as they are read back.
#[cfg(feature = "ssr")]
async fn resolve(
    conn: &mut sqlx::AnyConnection,
    plan_id: i64,
    values: &mut crate::models::AssignmentValues,
    linked_before: &[String],
    errors: &mut Vec<crate::error::FieldError>,
) -> Result<Option<(i64, Vec<i64>)>, AppError> {
    use crate::error::{FieldError, Problem};
    use crate::server::db::plan as db_plan;
    let recipient = db_plan::organisations(conn)
        .await?
        .into_iter()
        .find(|o| o.organisation.code == values.recipient)
        .map(|o| o.id);
    if recipient.is_none() {
        errors.push(FieldError::new("recipient", Problem::Unknown));
    }
    // A link is part of the measure too: only who may edit a measure may link it or unlink it.
    // A link made earlier (by an admin, say) stays when the assignment is saved again.
    let may_edit =
        |lead_ministry| super::allows(&crate::policy::Action::EditMeasure { lead_ministry });
    for code in linked_before
        .iter()
        .filter(|code| !values.measures.contains(code))
    {
        if let Some((_, lead_ministry)) = db_plan::measure_lead(conn, plan_id, code).await?
            && !may_edit(lead_ministry)?
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
        let may_link = linked_before.contains(code) || may_edit(lead_ministry)?;
        if !may_link {
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
