//! The county boards' rows on the regional measures: read by whoever may read the plan, changed
//! by the county's own board through the row's one rule (`app::server::regional_rows::update`,
//! which the row's form calls too), over the version the caller read: `If-Match` carries it,
//! and a newer save is never overwritten (412).

use super::body::{self, Kind, MessageLanguage};
use super::problem::{ChangeProblems, ListProblems, RecordProblems};
use super::reads::{county_of, etag, status_of};
use super::resources::{Page, RegionalRow, RegionalRowChange, statuses};
use super::{ApiQuery, Caller, Paging, Problem};
use app::domain::CountyCode;
use app::error::AppError;
use app::models::RegionalInput;
use app::policy::{self, Action};
use app::server::AppState;
use app::server::db::export;
use app::server::regional_rows;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

/// The filters of the regional rows (as on the comparison page).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionalFilter {
    /// Only the rows of this measure (its code).
    measure: Option<String>,
    /// Only the rows of this county (its two-digit code).
    county: Option<String>,
    /// Only rows with this status.
    #[param(inline, schema_with = statuses)]
    status: Option<String>,
}

/// Every county's row on every regional measure, by measure and county.
#[utoipa::path(
    get, path = "/api/v1/regional-rows", tag = "regional",
    params(RegionalFilter, Paging),
    responses(
        (status = 200, description = "A page of rows", body = Page<RegionalRow>),
        ListProblems,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(filter): ApiQuery<RegionalFilter>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<RegionalRow>>, Problem> {
    let county = county_of(filter.county.as_deref())?;
    let status = status_of(filter.status.as_deref())?;
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let rows = export::regional(&mut conn, plan.id).await?;
    Ok(Json(
        paging.page(
            rows.into_iter()
                .filter(|r| {
                    filter
                        .measure
                        .as_ref()
                        .is_none_or(|code| &r.measure_code == code)
                })
                .filter(|r| county.is_none_or(|county| r.row.county.code == county))
                .filter(|r| status.is_none_or(|status| r.row.status == status))
                .map(RegionalRow::from),
        )?,
    ))
}

/// A row's address: `/regional-rows/<measure>/<county>`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RowAddress {
    /// The measure's code.
    #[param(example = "1.8")]
    measure: String,
    /// The county's two-digit code.
    #[param(example = "24")]
    county: String,
}

/// County `county`'s row on measure `code` as saved now, or 404.
async fn saved_row(
    state: &AppState,
    caller: &Caller,
    code: &str,
    county: CountyCode,
) -> Result<RegionalRow, Problem> {
    let (mut conn, plan) = caller.read_plan(state).await?;
    export::regional(&mut conn, plan.id)
        .await?
        .into_iter()
        .find(|r| r.measure_code == code && r.row.county.code == county)
        .map(RegionalRow::from)
        .ok_or_else(|| AppError::NotFound.into())
}

/// The row with its version as `ETag`.
fn with_etag(row: RegionalRow) -> Response {
    ([(header::ETAG, etag(row.version))], Json(row)).into_response()
}

/// A county's code in an address: an unknown one names no row.
fn county_in_path(county: &str) -> Result<CountyCode, Problem> {
    CountyCode::parse(county).map_err(|_| AppError::NotFound.into())
}

/// One county's row on one measure; its `ETag` is its version.
#[utoipa::path(
    get, path = "/api/v1/regional-rows/{measure}/{county}", tag = "regional",
    params(RowAddress),
    responses(
        (status = 200, description = "The row", body = RegionalRow,
         headers(("ETag" = String, description = "The row's version, quoted: send it as `If-Match` to change the row"))),
        RecordProblems,
    )
)]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(RowAddress { measure, county }): Path<RowAddress>,
) -> Result<Response, Problem> {
    let county = county_in_path(&county)?;
    Ok(with_etag(
        saved_row(&state, &caller, &measure, county).await?,
    ))
}

/// Changes a county's row: what its county board reports (all six fields), over the version
/// read (`If-Match`). Only the county's own board, with a token that may write.
#[utoipa::path(
    put, path = "/api/v1/regional-rows/{measure}/{county}", tag = "regional",
    params(
        RowAddress,
        ("If-Match" = String, Header, description = "The row's `ETag` as read, e.g. `\"3\"`"),
        MessageLanguage,
    ),
    request_body = RegionalRowChange,
    responses(
        (status = 200, description = "Saved: the row as saved now", body = RegionalRow,
         headers(("ETag" = String, description = "The row's new version, quoted"))),
        ChangeProblems,
    )
)]
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(RowAddress { measure, county }): Path<RowAddress>,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    let county = county_in_path(&county)?;
    // Refused before the body is read: who may not change the row learns nothing more.
    policy::check(
        &caller.viewer,
        &Action::EditRegionalRow { county },
        state.settings.access(),
    )
    .map_err(AppError::from)?;
    let version = body::version(&headers, "row")?;
    body::require_json(&headers)?;
    let input = input_of(&body).map_err(|error| Problem::of(error, lang))?;
    regional_rows::update(
        &state,
        &caller.viewer,
        &caller.freshness,
        &measure,
        county,
        version,
        &input,
    )
    .await
    .map_err(|error| Problem::of(error, lang))?;
    Ok(with_etag(
        saved_row(&state, &caller, &measure, county).await?,
    ))
}

/// The row's fields in a JSON body as the row's form would send them, or every field that is
/// missing or of the wrong kind (the row's rule then judges the values).
fn input_of(body: &[u8]) -> Result<RegionalInput, AppError> {
    let (
        [
            status,
            progress,
            contact_name,
            contact_role,
            narrative,
            spent,
        ],
        errors,
    ) = body::fields(
        body,
        [
            ("status", Kind::Choice),
            ("progress", Kind::WholeNumber),
            ("contact_name", Kind::Text),
            ("contact_role", Kind::Text),
            ("narrative", Kind::Text),
            ("spent", Kind::WholeNumber),
        ],
    )?;
    let input = RegionalInput {
        status,
        progress,
        contact_name,
        contact_role,
        narrative,
        spent,
    };
    body::refuse_if_any(errors, || input.check())?;
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::error::Problem as FieldProblem;

    #[test]
    fn a_body_with_fields_of_the_wrong_kind_names_each_of_them() {
        let body = br#"{"status": 3, "progress": "half", "contact_name": ["A"], "narrative": "x", "spent": 10}"#;
        let Err(AppError::Invalid { errors }) = input_of(body) else {
            panic!("refused");
        };
        let problems: Vec<(&str, FieldProblem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("status", FieldProblem::NotAChoice),
                ("progress", FieldProblem::NotAWholeNumber),
                ("contact_name", FieldProblem::NotText),
                ("contact_role", FieldProblem::Required),
            ]
        );
    }

    #[test]
    fn a_number_too_large_for_the_field_is_named_with_its_bound() {
        let body = br#"{"status": "on_track", "progress": 1e3, "contact_name": "", "contact_role": "", "narrative": "", "spent": 99999999999999999999}"#;
        let input = input_of(body).expect("read");
        let Err(errors) = input.check() else {
            panic!("refused");
        };
        let problems: Vec<FieldProblem> = errors.iter().map(|e| e.problem).collect();
        assert_eq!(
            problems,
            [
                FieldProblem::OutOfRange { min: 0, max: 100 },
                FieldProblem::TooMuch {
                    max: app::domain::Money::MAX_LINE
                },
            ]
        );
    }

    #[test]
    fn a_complete_body_reads_as_the_form_would_send_it() {
        let body = br#"{"status": "on_track", "progress": 40, "contact_name": "Anna", "contact_role": "", "narrative": "Klart", "spent": 125000}"#;
        let input = input_of(body).expect("read");
        assert_eq!(input.progress, "40");
        assert_eq!(input.spent, "125000");
        assert_eq!(input.status, "on_track");
        assert!(input.check().is_ok());
    }
}
