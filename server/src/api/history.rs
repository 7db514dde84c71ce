//! The history, for who is signed in (never the public view): who changed what and when on a
//! measure, an assignment or a county (`app::server::history::of`, the rule of the history
//! pages: a report draft's text only for who may write the report), and the plan as it stood
//! on a day (`db::oversight::plan_as_of`, as on the oversight page).

use super::problem::{ListProblems, RecordProblems};
use super::resources::{Change, Page, PlanAsOf};
use super::{ApiQuery, Caller, Paging, Problem};
use app::domain::IsoDate;
use app::error::AppError;
use app::models::HistoryKind;
use app::policy::{self, Action};
use app::server::AppState;
use app::server::db::oversight;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::openapi::schema::Object;

fn history_kinds() -> Object {
    super::resources::one_of(["measure", "assignment", "county"])
}

/// A history's address: `/history/<of>/<key>`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct HistoryAddress {
    /// `measure`, `assignment` or `county`.
    #[param(inline, schema_with = history_kinds, example = "measure")]
    of: String,
    /// The measure's code, the assignment's diary number with `-` for `/` (`A2025-00637`), or
    /// the county's two-digit code.
    #[param(example = "1.8")]
    key: String,
}

/// Who changed what and when on a measure (and its counties' rows), an assignment or a county's
/// rows, newest first.
#[utoipa::path(
    get, path = "/api/v1/history/{of}/{key}", tag = "history",
    params(HistoryAddress, Paging),
    responses(
        (status = 200, description = "A page of changes, newest first", body = Page<Change>),
        (status = 400, description = "A query parameter that cannot be read", body = Problem, content_type = "application/problem+json"),
        RecordProblems,
    )
)]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(HistoryAddress { of, key }): Path<HistoryAddress>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Change>>, Problem> {
    let kind = match of.as_str() {
        "measure" => HistoryKind::Measure,
        "assignment" => HistoryKind::Assignment,
        "county" => HistoryKind::County,
        _ => return Err(AppError::NotFound.into()),
    };
    let access = state.settings.access();
    // Who may not read the history learns nothing more, not even whether the key is one.
    policy::check(&caller.viewer, &Action::ReadHistory, access).map_err(AppError::from)?;
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let history = app::server::history::of(
        &mut conn,
        plan.id,
        &caller.viewer,
        access,
        kind,
        &key.replace('/', "-"),
    )
    .await?;
    Ok(Json(
        paging.page(history.entries.into_iter().map(Change::from))?,
    ))
}

/// The day the plan is rebuilt as of.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOf {
    /// `YYYY-MM-DD`: the plan at the end of that day (default: a year ago).
    #[param(format = Date)]
    date: Option<String>,
}

/// The plan as it stood at the end of a day: every measure's status and progress then beside
/// now, rebuilt from the history.
#[utoipa::path(
    get, path = "/api/v1/plan-as-of", tag = "history",
    params(AsOf),
    responses(
        (status = 200, description = "The plan on the day", body = PlanAsOf),
        ListProblems,
    )
)]
pub async fn plan_as_of(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(AsOf { date }): ApiQuery<AsOf>,
) -> Result<Json<PlanAsOf>, Problem> {
    let today = state.clock.today();
    let date = match date.as_deref().map(str::trim) {
        None | Some("") => today.add_days(-365),
        Some(text) => IsoDate::parse(text)
            .map_err(|_| Problem::bad_parameter("date is a day written YYYY-MM-DD"))?,
    };
    policy::check(
        &caller.viewer,
        &Action::ReadOversight,
        state.settings.access(),
    )
    .map_err(AppError::from)?;
    let (mut conn, plan) = caller.read_plan(&state).await?;
    Ok(Json(
        oversight::plan_as_of(&mut conn, plan.id, date, today)
            .await?
            .into(),
    ))
}
