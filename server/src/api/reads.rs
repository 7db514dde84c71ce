//! Reading the plan: the plan, its areas, measures, assignments with their deadlines, and
//! funding lines, for whoever may read the plan (`Action::ReadPlan`: everyone signed in, and
//! anyone when the public view is on). Lists are paged and take the pages' filters.

use super::problem::{ListProblems, RecordProblems};
use super::resources::{
    Area, Assignment, Deadline, FundingLine, Indicator, Measure, Obligation, Page, Plan, statuses,
};
use super::{ApiQuery, Caller, Paging, Problem};
use app::domain::{CountyCode, Status};
use app::error::AppError;
use app::models::indicator::national_years;
use app::server::AppState;
use app::server::db::{areas, export, indicators};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;

/// The plan.
#[utoipa::path(
    get, path = "/api/v1/plan", tag = "plan",
    responses(
        (status = 200, description = "The plan", body = Plan),
        (status = 401, description = "Not signed in (and the public view is off)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "No plan has been loaded", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn plan(State(state): State<AppState>, caller: Caller) -> Result<Json<Plan>, Problem> {
    let (_, plan) = caller.read_plan(&state).await?;
    Ok(Json(plan.summary.into()))
}

/// The plan's areas, in the plan's order.
#[utoipa::path(
    get, path = "/api/v1/areas", tag = "plan",
    params(Paging),
    responses(
        (status = 200, description = "A page of areas", body = Page<Area>),
        ListProblems,
    )
)]
pub async fn areas(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Area>>, Problem> {
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let areas = areas::list(&mut conn, plan.id).await?;
    Ok(Json(paging.page(areas.into_iter().map(|a| Area {
        code: a.values.code,
        title: a.values.title.into(),
        description: a.values.description.into(),
        measure_count: a.measure_count,
    }))?))
}

/// The filters of the measures list (as on the measures page).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeasureFilter {
    /// Only the measures of this area (its code).
    area: Option<String>,
    /// Only measures with this status.
    #[param(inline, schema_with = statuses)]
    status: Option<String>,
    /// Only measures led by this organisation (its code).
    lead: Option<String>,
    /// Only regional measures (`true`) or only national ones (`false`).
    regional: Option<bool>,
}

/// A status asked for, or the problem that it is none.
pub fn status_of(text: Option<&str>) -> Result<Option<Status>, Problem> {
    text.map(|text| {
        text.parse::<Status>().map_err(|_| {
            Problem::bad_parameter(format!(
                "status is one of {}",
                Status::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    })
    .transpose()
}

/// The plan's measures, in code order.
#[utoipa::path(
    get, path = "/api/v1/measures", tag = "plan",
    params(MeasureFilter, Paging),
    responses(
        (status = 200, description = "A page of measures", body = Page<Measure>),
        ListProblems,
    )
)]
pub async fn measures(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(filter): ApiQuery<MeasureFilter>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Measure>>, Problem> {
    let status = status_of(filter.status.as_deref())?;
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let measures = export::measures(&mut conn, plan.id).await?;
    Ok(Json(
        paging.page(
            measures
                .into_iter()
                .filter(|m| filter.area.as_ref().is_none_or(|area| &m.area_code == area))
                .filter(|m| status.is_none_or(|status| m.status == status))
                .filter(|m| filter.lead.as_ref().is_none_or(|lead| &m.lead.code == lead))
                .filter(|m| {
                    filter
                        .regional
                        .is_none_or(|regional| m.regional == regional)
                })
                .map(Measure::from),
        )?,
    ))
}

/// One measure; its `ETag` is its version.
#[utoipa::path(
    get, path = "/api/v1/measures/{code}", tag = "plan",
    params(("code" = String, Path, description = "The measure's code", example = "1.8")),
    responses(
        (status = 200, description = "The measure", body = Measure,
         headers(("ETag" = String, description = "The measure's version, quoted"))),
        RecordProblems,
    )
)]
pub async fn measure(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Response, Problem> {
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let measure = export::measures(&mut conn, plan.id)
        .await?
        .into_iter()
        .find(|m| m.code == code)
        .ok_or(AppError::NotFound)?;
    let etag = etag(measure.version);
    Ok(([(header::ETAG, etag)], Json(Measure::from(measure))).into_response())
}

/// The `ETag` of a record at `version`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The filters of the assignments list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentFilter {
    /// Only assignments that carry out this measure (its code).
    measure: Option<String>,
    /// Only assignments given to this organisation (its code).
    recipient: Option<String>,
}

/// The government assignments that carry out the plan's measures, with their deadlines.
#[utoipa::path(
    get, path = "/api/v1/assignments", tag = "plan",
    params(AssignmentFilter, Paging),
    responses(
        (status = 200, description = "A page of assignments", body = Page<Assignment>),
        ListProblems,
    )
)]
pub async fn assignments(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(filter): ApiQuery<AssignmentFilter>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Assignment>>, Problem> {
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let mut deadlines: HashMap<String, Vec<Deadline>> = HashMap::new();
    for line in export::deadlines(&mut conn, plan.id).await? {
        deadlines
            .entry(line.diary_number.clone())
            .or_default()
            .push(line.into());
    }
    let assignments = export::assignments(&mut conn, plan.id).await?;
    Ok(Json(
        paging.page(
            assignments
                .into_iter()
                .filter(|a| {
                    filter
                        .measure
                        .as_ref()
                        .is_none_or(|code| a.measures.contains(code))
                })
                .filter(|a| {
                    filter
                        .recipient
                        .as_ref()
                        .is_none_or(|code| &a.recipient.code == code)
                })
                .map(|a| {
                    let owed = deadlines.remove(&a.diary_number).unwrap_or_default();
                    Assignment::new(a, owed)
                }),
        )?,
    ))
}

/// The filters of the funding lines.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FundingFilter {
    /// Only the money for this measure (its code).
    measure: Option<String>,
    /// Only the money for this county (its two-digit code).
    county: Option<String>,
    /// Only the money of this year.
    year: Option<i64>,
}

/// The plan's money: a line per measure, year and appropriation.
#[utoipa::path(
    get, path = "/api/v1/funding-lines", tag = "funding",
    params(FundingFilter, Paging),
    responses(
        (status = 200, description = "A page of funding lines", body = Page<FundingLine>),
        ListProblems,
    )
)]
pub async fn funding_lines(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(filter): ApiQuery<FundingFilter>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<FundingLine>>, Problem> {
    let county = county_of(filter.county.as_deref())?;
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let lines = export::funding(&mut conn, plan.id).await?;
    Ok(Json(
        paging.page(
            lines
                .into_iter()
                .filter(|f| {
                    filter
                        .measure
                        .as_ref()
                        .is_none_or(|code| &f.measure_code == code)
                })
                .filter(|f| {
                    county.is_none_or(|county| f.county.as_ref().is_some_and(|c| c.code == county))
                })
                .filter(|f| filter.year.is_none_or(|year| f.year == year))
                .map(FundingLine::from),
        )?,
    ))
}

/// A county asked for, or the problem that it is none.
pub fn county_of(text: Option<&str>) -> Result<Option<CountyCode>, Problem> {
    text.map(|text| {
        CountyCode::parse(text)
            .map_err(|_| Problem::bad_parameter("county is a county's two-digit code, such as 24"))
    })
    .transpose()
}

/// The obligations of the directive, the Convention and GRETA, each with the plan's measures
/// that answer it: the compliance matrix, as in the obligations table.
#[utoipa::path(
    get, path = "/api/v1/obligations", tag = "plan",
    params(ObligationFilter, Paging),
    responses(
        (status = 200, description = "A page of obligations", body = Page<Obligation>),
        ListProblems,
    )
)]
pub async fn obligations(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(filter): ApiQuery<ObligationFilter>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Obligation>>, Problem> {
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let obligations = export::obligations(&mut conn, plan.id).await?;
    Ok(Json(
        paging.page(
            obligations
                .into_iter()
                .filter(|(_, measures)| {
                    filter
                        .answered
                        .is_none_or(|answered| measures.is_empty() != answered)
                })
                .map(|(o, measures)| Obligation::new(o, measures)),
        )?,
    ))
}

/// The filters of the obligations.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObligationFilter {
    /// Only obligations some measure answers (`true`), or only those nothing answers (`false`).
    answered: Option<bool>,
}

/// The plan's indicators, each with its counts for the whole country year by year, small counts
/// hidden exactly as on the pages (`models::indicator::national_years`, with the installation's
/// threshold).
#[utoipa::path(
    get, path = "/api/v1/indicators", tag = "plan",
    params(Paging),
    responses(
        (status = 200, description = "A page of indicators", body = Page<Indicator>),
        ListProblems,
    )
)]
pub async fn indicators(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Indicator>>, Problem> {
    let (mut conn, _) = caller.read_plan(&state).await?;
    let mut all = Vec::new();
    for (id, indicator) in indicators::indicators(&mut conn).await? {
        let cells = indicators::national_cells(&mut conn, id).await?;
        let years = national_years(&cells, state.settings.suppression_threshold);
        all.push(Indicator::new(indicator, years));
    }
    Ok(Json(paging.page(all.into_iter())?))
}
