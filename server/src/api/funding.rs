//! A measure's money, line by line: read by whoever may read the plan, added and changed by who
//! may edit the measure (a ministry the measures it leads, an administrator any) through the
//! funding form's own rule (`app::server::funding::save`), a change over the version read
//! (`If-Match`), never over a newer save (412).

use super::body::{self, Kind, MessageLanguage};
use super::problem::{ChangeProblems, RecordProblems};
use super::reads::etag;
use super::resources::{FundingLine, FundingLineChange};
use super::{ApiQuery, Caller, Problem};
use app::error::{AppError, FieldError, Problem as FieldProblem};
use app::models::FundingInput;
use app::server::AppState;
use app::server::db::export;
use app::server::funding::{self, Line};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

/// A line's address: `/funding-lines/<id>`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LineAddress {
    /// The line's id, as read.
    #[param(value_type = i64, example = 1)]
    id: String,
}

impl LineAddress {
    /// The id; one that is not a number names no line.
    fn id(&self) -> Result<i64, Problem> {
        self.id.parse().map_err(|_| AppError::NotFound.into())
    }
}

/// Line `id` as saved now, or 404.
async fn saved_line(state: &AppState, caller: &Caller, id: i64) -> Result<FundingLine, Problem> {
    let (mut conn, plan) = caller.read_plan(state).await?;
    export::funding(&mut conn, plan.id)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .map(FundingLine::from)
        .ok_or_else(|| AppError::NotFound.into())
}

fn with_etag(status: StatusCode, line: FundingLine) -> Response {
    let location = (status == StatusCode::CREATED)
        .then(|| format!("{}/funding-lines/{}", super::PREFIX, line.id));
    body::answer(status, etag(line.version), location, line)
}

/// One funding line; its `ETag` is its version.
#[utoipa::path(
    get, path = "/api/v1/funding-lines/{id}", tag = "funding",
    params(LineAddress),
    responses(
        (status = 200, description = "The line", body = FundingLine,
         headers(("ETag" = String, description = "The line's version, quoted: send it as `If-Match` to change the line"))),
        RecordProblems,
    )
)]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<LineAddress>,
) -> Result<Response, Problem> {
    let id = address.id()?;
    Ok(with_etag(
        StatusCode::OK,
        saved_line(&state, &caller, id).await?,
    ))
}

/// Adds a funding decision line to a measure (`measure` in the body). Only who may edit the
/// measure, with a token that may write.
#[utoipa::path(
    post, path = "/api/v1/funding-lines", tag = "funding",
    params(MessageLanguage),
    request_body = FundingLineChange,
    responses(
        (status = 201, description = "Added: the line as saved", body = FundingLine,
         headers(
             ("ETag" = String, description = "The line's version, quoted"),
             ("Location" = String, description = "The line's address"),
         )),
        ChangeProblems,
    )
)]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    // The measure's own rule is asked when saving.
    caller.may_edit_plan(&state)?;
    body::require_json(&headers)?;
    let (measure, input) = input_of(&body, true).map_err(|error| Problem::of(error, lang))?;
    let id = funding::save(
        &state,
        &caller.viewer,
        &caller.freshness,
        &measure,
        Line::New,
        &input,
    )
    .await
    .map_err(|error| Problem::of(named_as_read(error), lang))?;
    Ok(with_etag(
        StatusCode::CREATED,
        saved_line(&state, &caller, id).await?,
    ))
}

/// Changes a funding line: every field (but its measure), over the version read (`If-Match`).
/// Only who may edit the line's measure, with a token that may write.
#[utoipa::path(
    put, path = "/api/v1/funding-lines/{id}", tag = "funding",
    params(
        LineAddress,
        ("If-Match" = String, Header, description = "The line's `ETag` as read, e.g. `\"2\"`"),
        MessageLanguage,
    ),
    request_body = FundingLineChange,
    responses(
        (status = 200, description = "Saved: the line as saved now", body = FundingLine,
         headers(("ETag" = String, description = "The line's new version, quoted"))),
        ChangeProblems,
    )
)]
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<LineAddress>,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    let id = address.id()?;
    let saved = saved_line(&state, &caller, id).await?;
    caller.may_edit_measure(&state, &saved.measure).await?;
    let version = body::version(&headers, "line")?;
    body::require_json(&headers)?;
    let (_, input) = input_of(&body, false).map_err(|error| Problem::of(error, lang))?;
    funding::save(
        &state,
        &caller.viewer,
        &caller.freshness,
        &saved.measure,
        Line::Saved { id, version },
        &input,
    )
    .await
    .map_err(|error| Problem::of(named_as_read(error), lang))?;
    Ok(with_etag(
        StatusCode::OK,
        saved_line(&state, &caller, id).await?,
    ))
}

/// The rule names the decision `decision_ref`, as the form does; the API reads and takes it as
/// `decision`.
fn named_as_read(error: AppError) -> AppError {
    let rename = |field: &mut String| {
        if field == "decision_ref" {
            *field = "decision".into();
        }
    };
    match error {
        AppError::Invalid { mut errors } => {
            errors.iter_mut().for_each(|e| rename(&mut e.field));
            AppError::Invalid { errors }
        }
        AppError::Conflict {
            mut current,
            version,
            revision,
        } => {
            current.iter_mut().for_each(|f| rename(&mut f.field));
            AppError::Conflict {
                current,
                version,
                revision,
            }
        }
        other => other,
    }
}

/// The measure (when adding: `with_measure`) and the line's fields in a JSON body as the
/// funding form would send them, or every field that is missing or of the wrong kind.
fn input_of(body: &[u8], with_measure: bool) -> Result<(String, FundingInput), AppError> {
    let (
        [
            measure,
            year,
            expenditure_area,
            appropriation,
            appropriation_item,
            county,
            assignment,
            allocated,
            disbursed,
            spent,
            decision,
        ],
        mut errors,
    ) = body::fields(
        body,
        [
            ("measure", Kind::OptionalText),
            ("year", Kind::WholeNumber),
            ("expenditure_area", Kind::WholeNumber),
            ("appropriation", Kind::Text),
            ("appropriation_item", Kind::OptionalText),
            ("county", Kind::OptionalText),
            ("assignment", Kind::OptionalText),
            ("allocated", Kind::WholeNumber),
            ("disbursed", Kind::WholeNumber),
            ("spent", Kind::WholeNumber),
            ("decision", Kind::OptionalText),
        ],
    )?;
    if with_measure && measure.trim().is_empty() && !errors.iter().any(|e| e.field == "measure") {
        errors.insert(0, FieldError::new("measure", FieldProblem::Required));
    }
    if !with_measure && !measure.is_empty() {
        return Err(AppError::InvalidParameter {
            parameter: "body".into(),
            value: "a line stays with its measure: leave out `measure` when changing it".into(),
        });
    }
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
        decision_ref: decision,
    };
    body::refuse_if_any(errors, || input.check()).map_err(named_as_read)?;
    Ok((measure.trim().to_owned(), input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_line_is_read_as_the_funding_form_would_send_it() {
        let (measure, input) = input_of(
            br#"{"measure": "1.8", "year": 2026, "expenditure_area": 13, "appropriation": "3:1", "county": "24", "allocated": 500000, "disbursed": 0, "spent": 0}"#,
            true,
        )
        .expect("read");
        assert_eq!(measure, "1.8");
        assert_eq!((input.year.as_str(), input.county.as_str()), ("2026", "24"));
        assert_eq!(input.decision_ref, "");
        assert!(input.check().is_ok());
    }

    #[test]
    fn a_new_line_needs_its_measure_and_a_changed_one_keeps_it() {
        let body = br#"{"year": 2026, "expenditure_area": 13, "appropriation": "3:1", "allocated": 1, "disbursed": 0, "spent": 0}"#;
        let Err(AppError::Invalid { errors }) = input_of(body, true) else {
            panic!("refused");
        };
        assert_eq!(errors[0].field, "measure");
        assert!(input_of(body, false).is_ok());
        let moved = br#"{"measure": "2.1", "year": 2026, "expenditure_area": 13, "appropriation": "3:1", "allocated": 1, "disbursed": 0, "spent": 0}"#;
        assert!(matches!(
            input_of(moved, false),
            Err(AppError::InvalidParameter { .. })
        ));
    }

    #[test]
    fn a_wrong_decision_is_named_as_the_api_reads_it() {
        let body = format!(
            r#"{{"year": 2026, "expenditure_area": 99, "appropriation": "3:1", "allocated": "many", "disbursed": 0, "spent": 0, "decision": "{}"}}"#,
            "x".repeat(301)
        );
        let Err(AppError::Invalid { errors }) = input_of(body.as_bytes(), false) else {
            panic!("refused");
        };
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["allocated", "expenditure_area", "decision"]);
    }
}
