//! The county boards' rows on the regional measures: read by whoever may read the plan, changed
//! by the county's own board through the row's one rule (`app::server::regional_rows::update`,
//! which the row's form calls too), over the version the caller read: `If-Match` carries it,
//! and a newer save is never overwritten (412).

use super::problem::{ListProblems, RecordProblems};
use super::reads::{county_of, etag, status_of};
use super::resources::{Page, RegionalRow, RegionalRowChange, statuses};
use super::{ApiQuery, Caller, Paging, Problem};
use app::domain::{CountyCode, Lang};
use app::error::{AppError, FieldError, Problem as FieldProblem};
use app::models::RegionalInput;
use app::policy::{self, Action};
use app::server::AppState;
use app::server::db::export;
use app::server::regional_rows;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;
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

/// The language of a change's field messages: `?lang=en`, Swedish otherwise.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageLanguage {
    /// `en` for English messages; Swedish otherwise.
    lang: Option<String>,
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
        (status = 400, description = "The body is not a JSON object, or If-Match cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not this county's board, or a token that only reads", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The measure has no row for this county", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Someone saved a newer version first: nothing was saved", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields the row's rule refuses, each named: nothing was saved", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match: send the version read", body = Problem, content_type = "application/problem+json"),
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
    let lang = match language.lang.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Sv,
    };
    let county = county_in_path(&county)?;
    // Refused before the body is read: who may not change the row learns nothing more.
    policy::check(
        &caller.viewer,
        &Action::EditRegionalRow { county },
        state.settings.access(),
    )
    .map_err(AppError::from)?;
    let version = version_in(&headers)?;
    if !is_json(&headers) {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the row as application/json",
        ));
    }
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

/// The version in `If-Match`: one quoted number, the `ETag` the caller read.
fn version_in(headers: &HeaderMap) -> Result<i64, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "send If-Match with the row's ETag as you read it, so that a newer save is never \
             overwritten",
        ));
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "If-Match: * would overwrite whatever is saved: send the row's ETag as you read it",
        ));
    }
    text.strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .and_then(|number| number.parse::<i64>().ok())
        .ok_or_else(|| Problem::bad_parameter("If-Match is the row's ETag as read, such as \"3\""))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// The row's fields in a JSON body as the row's form would send them, or every field that is
/// missing or of the wrong kind (the row's rule then judges the values).
fn input_of(body: &[u8]) -> Result<RegionalInput, AppError> {
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(AppError::InvalidParameter {
            parameter: "body".into(),
            value: "a JSON object with the row's fields".into(),
        });
    };
    if let Some(unknown) = fields.keys().find(|key| !FIELDS.contains(&key.as_str())) {
        return Err(AppError::InvalidParameter {
            parameter: "body".into(),
            value: format!("the row has no field {unknown:?}; its fields: {FIELDS:?}"),
        });
    }
    let mut errors = Vec::new();
    let mut text = |field: &str, kind: Kind| -> String {
        match (fields.get(field), kind) {
            (None | Some(Value::Null), _) => {
                errors.push(FieldError::new(field, FieldProblem::Required));
                String::new()
            }
            (Some(Value::String(text)), Kind::Text | Kind::Choice) => text.clone(),
            // A whole number too large for an integer arrives as a float (`1e20`): written out,
            // so that the rule names the field's bound.
            (Some(Value::Number(number)), Kind::WholeNumber) => match number.as_f64() {
                Some(float) if !number.is_i64() && !number.is_u64() && float.fract() == 0.0 => {
                    format!("{float:.0}")
                }
                _ => number.to_string(),
            },
            (Some(_), kind) => {
                errors.push(FieldError::new(
                    field,
                    match kind {
                        Kind::Text => FieldProblem::NotText,
                        Kind::Choice => FieldProblem::NotAChoice,
                        Kind::WholeNumber => FieldProblem::NotAWholeNumber,
                    },
                ));
                String::new()
            }
        }
    };
    let input = RegionalInput {
        status: text("status", Kind::Choice),
        progress: text("progress", Kind::WholeNumber),
        contact_name: text("contact_name", Kind::Text),
        contact_role: text("contact_role", Kind::Text),
        narrative: text("narrative", Kind::Text),
        spent: text("spent", Kind::WholeNumber),
    };
    if errors.is_empty() {
        return Ok(input);
    }
    // The row's rule on the other fields too, so that one answer names every wrong field.
    if let Err(more) = input.check() {
        let judged: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
        errors.extend(more.into_iter().filter(|e| !judged.contains(&e.field)));
    }
    Err(AppError::Invalid { errors })
}

/// The fields of a row's change, as named in the body.
const FIELDS: [&str; 6] = [
    "status",
    "progress",
    "contact_name",
    "contact_role",
    "narrative",
    "spent",
];

/// What kind of JSON value a field takes.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Choice,
    WholeNumber,
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_body_that_is_not_an_object_or_has_unknown_fields_is_refused_as_a_whole() {
        for body in [
            &b"[1]"[..],
            b"not json",
            br#"{"status": "on_track", "colour": "red"}"#,
        ] {
            assert!(matches!(
                input_of(body),
                Err(AppError::InvalidParameter { .. })
            ));
        }
    }

    #[test]
    fn if_match_names_one_version() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_MATCH, value.parse().expect("header"));
            version_in(&headers).map_err(|p| p.status)
        };
        assert_eq!(with("\"7\""), Ok(7));
        assert_eq!(with("*"), Err(428));
        assert_eq!(with("7"), Err(400));
        assert_eq!(
            version_in(&HeaderMap::new()).map_err(|p| p.status),
            Err(428)
        );
    }
}
