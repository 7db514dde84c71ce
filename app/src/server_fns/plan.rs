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

/// Saves measure `original` (empty: a new measure) over `version`. Answers the measure's code
/// (`server::measures::save`, the rule the API follows too).
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
    use crate::models::MeasureInput;
    super::respond(
        async {
            let state = crate::server::state()?;
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
            let measure = match original.as_str() {
                "" => crate::server::measures::Measure::New,
                code => crate::server::measures::Measure::Saved { code, version },
            };
            crate::server::measures::save(
                &state,
                &super::current_viewer(),
                &super::freshness(),
                measure,
                &input,
            )
            .await
        }
        .await,
    )
    .inspect(|code| super::go_on_without_javascript(&format!("/measures/{code}")))
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
/// `version` (`server::funding::save`, the rule the API follows too).
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
    use crate::models::FundingInput;
    use crate::server::funding::{self, Line};
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
            let line = match line {
                0 => Line::New,
                id => Line::Saved { id, version },
            };
            funding::save(
                &state,
                &super::current_viewer(),
                &super::freshness(),
                &code,
                line,
                &input,
            )
            .await
            .map(|_| ())
        }
        .await,
    )
    .inspect(|()| super::go_on_without_javascript(&format!("/measures/{code}/funding")))
}

/// The measure `code` and the signed-in user, once the policy allows them to edit it
/// (`server::measures::editable_measure`).
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
    let state = crate::server::state()?;
    let viewer = super::current_viewer();
    let stored = crate::server::measures::editable_measure(
        conn,
        plan_id,
        &viewer,
        state.settings.access(),
        code,
    )
    .await?;
    let user = viewer.user().cloned().ok_or(AppError::NotSignedIn)?;
    Ok((stored, user))
}
