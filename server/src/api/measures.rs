//! The plan's measures written through the API: a ministry adds measures and changes those its
//! ministry leads, an administrator any, through the measure form's own rule
//! (`app::server::measures::save`), a change over the version read (`If-Match`), never over a
//! newer save (412). The body takes the form's fields by the form's names, so that each wrong
//! field is named as the form names it.

use super::body::{self, Kind, MessageLanguage};
use super::problem::ChangeProblems;
use super::reads::etag;
use super::resources::{Measure, MeasureChange};
use super::{ApiQuery, Caller, Problem};
use app::error::{AppError, FieldError, Problem as FieldProblem};
use app::models::MeasureInput;
use app::server::AppState;
use app::server::db::export;
use app::server::measures::{self, Measure as Which};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// Measure `code` as saved now, or 404.
async fn saved_measure(state: &AppState, caller: &Caller, code: &str) -> Result<Measure, Problem> {
    let (mut conn, plan) = caller.read_plan(state).await?;
    export::measures(&mut conn, plan.id)
        .await?
        .into_iter()
        .find(|m| m.code == code)
        .map(Measure::from)
        .ok_or_else(|| AppError::NotFound.into())
}

fn answer(status: StatusCode, measure: Measure) -> Response {
    let location = (status == StatusCode::CREATED)
        .then(|| format!("{}/measures/{}", super::PREFIX, measure.code));
    body::answer(status, etag(measure.version), location, measure)
}

/// Adds a measure to the plan. Only a ministry (with a lead its ministry leads) or an
/// administrator, with a token that may write.
#[utoipa::path(
    post, path = "/api/v1/measures", tag = "plan",
    params(MessageLanguage),
    request_body = MeasureChange,
    responses(
        (status = 201, description = "Added: the measure as saved", body = Measure,
         headers(
             ("ETag" = String, description = "The measure's version, quoted"),
             ("Location" = String, description = "The measure's address"),
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
    caller.may_edit_plan(&state)?;
    body::require_json(&headers)?;
    let input = input_of(&body, true).map_err(|error| Problem::of(error, lang))?;
    let code = measures::save(
        &state,
        &caller.viewer,
        &caller.freshness,
        Which::New,
        &input,
    )
    .await
    .map_err(|error| Problem::of(error, lang))?;
    Ok(answer(
        StatusCode::CREATED,
        saved_measure(&state, &caller, &code).await?,
    ))
}

/// Changes a measure: every field of the measure form (but its code), over the version read
/// (`If-Match`). Only who may edit the measure, with a token that may write.
#[utoipa::path(
    put, path = "/api/v1/measures/{code}", tag = "plan",
    params(
        ("code" = String, Path, description = "The measure's code", example = "1.8"),
        ("If-Match" = String, Header, description = "The measure's `ETag` as read, e.g. `\"2\"`"),
        MessageLanguage,
    ),
    request_body = MeasureChange,
    responses(
        (status = 200, description = "Saved: the measure as saved now", body = Measure,
         headers(("ETag" = String, description = "The measure's new version, quoted"))),
        ChangeProblems,
    )
)]
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    caller.may_edit_measure(&state, &code).await?;
    let version = body::version(&headers, "measure")?;
    body::require_json(&headers)?;
    let input = input_of(&body, false).map_err(|error| Problem::of(error, lang))?;
    measures::save(
        &state,
        &caller.viewer,
        &caller.freshness,
        Which::Saved {
            code: &code,
            version,
        },
        &input,
    )
    .await
    .map_err(|error| Problem::of(error, lang))?;
    Ok(answer(
        StatusCode::OK,
        saved_measure(&state, &caller, &code).await?,
    ))
}

/// The form's fields in a JSON body (`code` only when adding: `new`), or every field missing
/// or of the wrong kind (the measure's rule then judges the values).
fn input_of(body: &[u8], new: bool) -> Result<MeasureInput, AppError> {
    const TEXTS: [(&str, Kind); 11] = [
        ("area", Kind::Text),
        ("code", Kind::OptionalText),
        ("title_sv", Kind::Text),
        ("title_en", Kind::OptionalText),
        ("description_sv", Kind::OptionalText),
        ("description_en", Kind::OptionalText),
        ("kind", Kind::Choice),
        ("lead", Kind::Text),
        ("start_date", Kind::Text),
        ("end_date", Kind::Text),
        ("report_frequency", Kind::Choice),
    ];
    const LISTS: [&str; 4] = ["partners", "obligations", "forms", "groups"];
    let names: Vec<&str> = TEXTS
        .iter()
        .map(|(name, _)| *name)
        .chain(LISTS)
        .chain(["is_regional"])
        .collect();
    let given = body::object(body, &names)?;
    let mut errors = Vec::new();
    let [
        area,
        code,
        title_sv,
        title_en,
        description_sv,
        description_en,
        kind,
        lead,
        start_date,
        end_date,
        report_frequency,
    ] = body::scalars(&given, TEXTS, &mut errors);
    if new && code.trim().is_empty() && !errors.iter().any(|e| e.field == "code") {
        errors.insert(0, FieldError::new("code", FieldProblem::Required));
    }
    if !new && !code.is_empty() {
        return Err(AppError::InvalidParameter {
            parameter: "body".into(),
            value: "a measure's code never changes: leave out `code` when changing it".into(),
        });
    }
    let [partners, obligations, forms, groups] =
        LISTS.map(|field| body::list(&given, field, &mut errors));
    let is_regional = body::flag(&given, "is_regional", &mut errors);
    let input = MeasureInput {
        area,
        code,
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
        is_regional,
        obligations,
        forms,
        groups,
    };
    body::refuse_if_any(errors, || input.check())?;
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &[u8] = br#"{"area": "1", "code": "1.99", "title_sv": "Ny atgard", "kind": "coordination", "lead": "jam", "partners": ["polisen"], "start_date": "2027-01-01", "end_date": "2028-12-31", "report_frequency": "quarterly", "is_regional": true, "groups": ["children"]}"#;

    #[test]
    fn a_new_measure_is_read_as_the_measure_form_would_send_it() {
        let input = input_of(NEW, true).expect("read");
        assert_eq!(input.code, "1.99");
        assert_eq!(input.partners, ["polisen"]);
        assert!(input.is_regional);
        assert_eq!(input.groups, ["children"]);
        assert!(input.obligations.is_empty());
    }

    #[test]
    fn a_changed_measure_keeps_its_code() {
        assert!(matches!(
            input_of(NEW, false),
            Err(AppError::InvalidParameter { .. })
        ));
    }

    #[test]
    fn lists_and_flags_of_the_wrong_kind_are_named() {
        let body = br#"{"area": "1", "code": "1.99", "title_sv": "x", "kind": "guidance", "lead": "jam", "partners": "polisen", "start_date": "2027-01-01", "end_date": "2028-12-31", "report_frequency": "quarterly", "is_regional": "yes", "forms": [1]}"#;
        let Err(AppError::Invalid { errors }) = input_of(body, true) else {
            panic!("refused");
        };
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(
            named.starts_with(&["partners", "forms", "is_regional"]),
            "{named:?}"
        );
    }
}
