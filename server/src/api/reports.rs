//! Progress reports: every submitted revision for whoever may read the plan, and a draft only
//! for who may write the report (`ReportLine::may_be_read_by`, the rule the tables follow too),
//! so a token that only reads gets no draft.

use super::problem::ListProblems;
use super::resources::{
    Page, REPORT_STATES, REPORT_SUBJECTS, Report, report_states, report_subjects, state_word,
    subject_word,
};
use super::{ApiQuery, Caller, Paging, Problem};
use app::server::AppState;
use app::server::db::export;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

/// The filters of the reports.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    /// Only reports on measures (`measure`) or on assignments (`assignment`).
    #[param(inline, schema_with = report_subjects)]
    subject: Option<String>,
    /// Only the reports on this measure (its code) or assignment (its diary number).
    about: Option<String>,
    /// Only the reports for this period, e.g. `2026-Q3`.
    period: Option<String>,
    /// Only submitted reports, or only drafts (your own organisation's).
    #[param(inline, schema_with = report_states)]
    state: Option<String>,
}

/// The plan's progress reports, by subject, period and revision.
#[utoipa::path(
    get, path = "/api/v1/reports", tag = "reports",
    params(ReportFilter, Paging),
    responses(
        (status = 200, description = "A page of reports", body = Page<Report>),
        ListProblems,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(filter): ApiQuery<ReportFilter>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Report>>, Problem> {
    let choice = |value: &Option<String>, name: &str, allowed: [&str; 2]| match value.as_deref() {
        Some(text) if !allowed.contains(&text) => Err(Problem::bad_parameter(format!(
            "{name} is {} or {}",
            allowed[0], allowed[1]
        ))),
        other => Ok(other.map(str::to_owned)),
    };
    let subject = choice(&filter.subject, "subject", REPORT_SUBJECTS)?;
    let wanted_state = choice(&filter.state, "state", REPORT_STATES)?;
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let access = state.settings.access();
    let reports = export::reports(&mut conn, plan.id).await?;
    Ok(Json(
        paging.page(
            reports
                .into_iter()
                .filter(|r| r.may_be_read_by(&caller.viewer, access))
                .filter(|r| {
                    subject
                        .as_deref()
                        .is_none_or(|subject| subject_word(r.subject) == subject)
                })
                .filter(|r| filter.about.as_ref().is_none_or(|about| &r.label == about))
                .filter(|r| {
                    filter
                        .period
                        .as_ref()
                        .is_none_or(|period| &r.period == period)
                })
                .filter(|r| {
                    wanted_state
                        .as_deref()
                        .is_none_or(|wanted| state_word(r.submitted) == wanted)
                })
                .map(Report::from),
        )?,
    ))
}
