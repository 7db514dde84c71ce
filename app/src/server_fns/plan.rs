//! Editing the plan's measures and their funding decisions: the form of one (or of a new one),
//! and saving it. A ministry edits the measures its ministry leads (through its agencies too)
//! and admins any; a record is saved only over the version the editor saw. Status and progress
//! come from reports, not from this form. Audited in the same transaction.

// The save takes each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::MeasureEdit;
use leptos::prelude::*;

/// The form of measure `code`, or of a new measure when `code` is empty.
#[server(endpoint = "measure_edit")]
pub async fn get_measure_edit(code: String) -> Result<MeasureEdit, AppError> {
    use crate::models::MeasureInput;
    use crate::policy::Action;
    use crate::server::db::{plan as db_plan, reference};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::CreateMeasure)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut conn = state.db.acquire().await?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (version, values) = if code.is_empty() {
                (0, MeasureInput::default())
            } else {
                let stored = db_plan::measure(&mut conn, plan.id, &code)
                    .await?
                    .ok_or(AppError::NotFound)?;
                super::authorize(&Action::EditMeasure {
                    lead_ministry: stored.lead_ministry,
                })?;
                (stored.version, MeasureInput::from_values(&stored.values))
            };
            let organisations = db_plan::organisations(&mut conn).await?;
            let leads = organisations
                .iter()
                .filter(|o| {
                    user.role == crate::domain::Role::Admin
                        || o.lead_ministry == Some(user.organisation_id)
                })
                .map(|o| o.organisation.clone())
                .collect();
            Ok(MeasureEdit {
                code: Some(code).filter(|c| !c.is_empty()),
                version,
                values,
                areas: reference::areas(&mut conn, plan.id)
                    .await?
                    .into_iter()
                    .map(|(_, area)| area)
                    .collect(),
                leads,
                organisations: organisations.into_iter().map(|o| o.organisation).collect(),
                obligations: reference::obligations(&mut conn).await?,
            })
        }
        .await,
    )
}

/// Saves measure `original` (empty: a new measure) over `version`. Answers the measure's code.
#[server(endpoint = "save_measure")]
pub async fn save_measure(
    original: String,
    version: i64,
    area: String,
    code: String,
    title_sv: String,
    title_en: String,
    description_sv: String,
    description_en: String,
    kind: String,
    lead: String,
    #[server(default)] partners: Vec<String>,
    start_date: String,
    end_date: String,
    report_frequency: String,
    #[server(default)] is_regional: Option<String>,
    #[server(default)] obligations: Vec<String>,
    #[server(default)] forms: Vec<String>,
    #[server(default)] groups: Vec<String>,
) -> Result<String, AppError> {
    use crate::error::{FieldError, Problem};
    use crate::models::MeasureInput;
    use crate::policy::Action;
    use crate::server::changes;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{plan as db_plan, reference};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::CreateMeasure)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let creating = original.is_empty();
            let input = MeasureInput {
                area,
                // The code of a saved measure never changes: its pages and history use it.
                code: if creating { code } else { original.clone() },
                title_sv,
                title_en,
                description_sv,
                description_en,
                kind,
                lead,
                partners,
                start_date,
                end_date,
                report_frequency,
                is_regional: is_regional.is_some_and(|v| v == "true" || v == "on"),
                obligations,
                forms,
                groups,
            };
            let mut errors = Vec::new();
            let values = input.check().map_err(|e| errors.extend(e)).ok();
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let stored = if creating {
                None
            } else {
                let stored = db_plan::measure(&mut tx, plan.id, &original)
                    .await?
                    .ok_or(AppError::NotFound)?;
                super::authorize(&Action::EditMeasure {
                    lead_ministry: stored.lead_ministry,
                })?;
                Some(stored)
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
                Some(lead) => super::authorize(&Action::EditMeasure {
                    lead_ministry: lead.lead_ministry,
                })
                .map(|_| ())?,
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
            if creating
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
                    after.push(("status", serde_json::json!("not_started")));
                    after.push(("progress", serde_json::json!(0)));
                    ("create", None, changes::object(&after))
                }
                Some(stored) => {
                    let saved = stored.version == version
                        && db_plan::update(
                            &mut tx, plan.id, stored.id, version, &values, &ids, &at,
                        )
                        .await?;
                    if !saved {
                        let now = db_plan::measure(&mut tx, plan.id, &original)
                            .await?
                            .ok_or(AppError::NotFound)?;
                        return Err(AppError::Conflict {
                            current: changes::saved_where_different(
                                &fields(&now.values),
                                &fields(&values),
                            ),
                            version: now.version,
                            revision: 0,
                        });
                    }
                    let (before, after) =
                        changes::between(&fields(&stored.values), &fields(&values));
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
        .await,
    )
    .inspect(|code| super::go_on_without_javascript(&format!("/measures/{code}")))
}

/// A measure's fields as the audit trail and a conflict name them (the form's field names).
#[cfg(feature = "ssr")]
fn fields(values: &crate::models::MeasureValues) -> crate::server::changes::Fields {
    use serde_json::json;
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

/// The funding decisions of measure `code`, for whoever may edit the measure.
#[server(endpoint = "funding_edit")]
pub async fn get_funding_edit(code: String) -> Result<crate::models::FundingEdit, AppError> {
    use crate::models::{FundingEdit, FundingInput};
    use crate::server::db::{plan as db_plan, reference};
    super::respond(
        async {
            let state = crate::server::state()?;
            let mut conn = state.db.acquire().await?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (stored, _) = editable_measure(&mut conn, plan.id, &code).await?;
            Ok(FundingEdit {
                code: stored.values.code.clone(),
                title: stored.values.title.clone(),
                lines: db_plan::funding_lines(&mut conn, stored.id)
                    .await?
                    .into_iter()
                    .map(|(id, version, values)| (id, version, FundingInput::from_values(&values)))
                    .collect(),
                counties: reference::counties(&mut conn).await?,
                assignments: db_plan::assignments_of_measure(&mut conn, stored.id)
                    .await?
                    .into_iter()
                    .map(|(_, number)| number)
                    .collect(),
            })
        }
        .await,
    )
}

/// Adds a funding decision line to measure `code` (`line` = 0) or saves line `line` over
/// `version`. Audited.
#[server(endpoint = "save_funding")]
pub async fn save_funding(
    code: String,
    line: i64,
    version: i64,
    year: String,
    expenditure_area: String,
    appropriation: String,
    appropriation_item: String,
    county: String,
    assignment: String,
    allocated: String,
    disbursed: String,
    spent: String,
    decision_ref: String,
) -> Result<(), AppError> {
    use crate::error::{FieldError, Problem};
    use crate::models::{FundingInput, FundingValues};
    use crate::server::changes;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{plan as db_plan, reference};
    use serde_json::json;
    let fields = |v: &FundingValues| -> changes::Fields {
        vec![
            ("year", json!(v.year)),
            ("expenditure_area", json!(v.expenditure_area)),
            ("appropriation", json!(v.appropriation)),
            ("appropriation_item", json!(v.appropriation_item)),
            (
                "county",
                json!(v.county.map(|c| c.to_string()).unwrap_or_default()),
            ),
            (
                "assignment",
                json!(
                    v.assignment
                        .as_ref()
                        .map(|a| a.to_string())
                        .unwrap_or_default()
                ),
            ),
            ("allocated", json!(v.allocated.as_kronor())),
            ("disbursed", json!(v.disbursed.as_kronor())),
            ("spent", json!(v.spent.as_kronor())),
            ("decision_ref", json!(v.decision_ref)),
        ]
    };
    super::respond(
        async {
            let state = crate::server::state()?;
            let input = FundingInput {
                year,
                expenditure_area,
                appropriation,
                appropriation_item,
                county,
                assignment,
                allocated,
                disbursed,
                spent,
                decision_ref,
            };
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (stored, user) = editable_measure(&mut tx, plan.id, &code).await?;
            let values = input
                .check()
                .map_err(|errors| AppError::Invalid { errors })?;
            // Money goes through an assignment only if that assignment serves the measure.
            let assignment_id = match &values.assignment {
                None => None,
                Some(number) => Some(
                    db_plan::assignments_of_measure(&mut tx, stored.id)
                        .await?
                        .into_iter()
                        .find(|(_, n)| n == number)
                        .map(|(id, _)| id)
                        .ok_or_else(|| AppError::Invalid {
                            errors: vec![FieldError::new("assignment", Problem::NotAChoice)],
                        })?,
                ),
            };
            let (action, before) = if line == 0 {
                db_plan::insert_funding(&mut tx, stored.id, &values, assignment_id).await?;
                ("funding_added", None)
            } else {
                let lines = db_plan::funding_lines(&mut tx, stored.id).await?;
                let (_, _, old) = lines
                    .iter()
                    .find(|(id, _, _)| *id == line)
                    .ok_or(AppError::NotFound)?;
                let saved = db_plan::update_funding(
                    &mut tx,
                    stored.id,
                    line,
                    version,
                    &values,
                    assignment_id,
                )
                .await?;
                if !saved {
                    let now = db_plan::funding_lines(&mut tx, stored.id).await?;
                    let (_, newer, current) = now
                        .iter()
                        .find(|(id, _, _)| *id == line)
                        .ok_or(AppError::NotFound)?;
                    return Err(AppError::Conflict {
                        current: changes::saved_where_different(&fields(current), &fields(&values)),
                        version: *newer,
                        revision: 0,
                    });
                }
                ("funding_changed", Some(changes::object(&fields(old))))
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
                    after: Some(changes::object(&fields(&values))),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
    .inspect(|()| super::go_on_without_javascript(&format!("/measures/{code}/funding")))
}

/// The measure `code` and the signed-in user, once the policy allows them to edit it.
#[cfg(feature = "ssr")]
pub(super) async fn editable_measure(
    conn: &mut sqlx::AnyConnection,
    plan_id: i64,
    code: &str,
) -> Result<
    (
        crate::server::db::plan::StoredMeasure,
        crate::models::SignedInUser,
    ),
    AppError,
> {
    use crate::policy::Action;
    let (viewer, _) = super::authorize(&Action::CreateMeasure)?;
    let stored = crate::server::db::plan::measure(conn, plan_id, code)
        .await?
        .ok_or(AppError::NotFound)?;
    super::authorize(&Action::EditMeasure {
        lead_ministry: stored.lead_ministry,
    })?;
    let user = viewer.user().cloned().ok_or(AppError::NotSignedIn)?;
    Ok((stored, user))
}
