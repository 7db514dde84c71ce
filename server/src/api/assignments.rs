//! Government assignments and their reporting deadlines written through the API: a ministry
//! registers the assignments whose diary number carries its prefix and changes them, an
//! administrator any, through the assignment forms' own rules (`app::server::assignments`), a
//! change over the version read (`If-Match`), never over a newer save (412). The bodies take
//! the forms' fields by the forms' names, so that each wrong field is named as the form names
//! it. An assignment's address carries its diary number with a hyphen for the slash
//! (`A2025-00637`), as its page's does.

use super::body::{self, Kind, MessageLanguage};
use super::problem::{ChangeProblems, RecordProblems};
use super::reads::etag;
use super::resources::{Assignment, AssignmentChange, Deadline, DeadlineChange};
use super::{ApiQuery, Caller, Problem};
use app::domain::DiaryNumber;
use app::error::{AppError, FieldError, Problem as FieldProblem};
use app::models::{AssignmentInput, DeadlineInput};
use app::server::AppState;
use app::server::assignments::{self, Deadline as Which};
use app::server::db::export;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

/// An assignment's address: `/assignments/<number>`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AssignmentAddress {
    /// The diary number with a hyphen for the slash.
    #[param(example = "A2025-00637")]
    number: String,
}

/// A deadline's address: `/assignments/<number>/deadlines/<id>`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DeadlineAddress {
    /// The assignment's diary number with a hyphen for the slash.
    #[param(example = "A2025-00637")]
    number: String,
    /// The deadline's id, as read.
    #[param(value_type = i64, example = 1)]
    id: String,
}

impl DeadlineAddress {
    /// The id; one that is not a number names no deadline.
    fn id(&self) -> Result<i64, Problem> {
        self.id.parse().map_err(|_| AppError::NotFound.into())
    }
}

/// The diary number at `number`; one that is not a diary number names no assignment.
fn diary_number(number: &str) -> Result<DiaryNumber, Problem> {
    DiaryNumber::from_slug(number).map_err(|_| AppError::NotFound.into())
}

/// Assignment `number` as saved now, with its deadlines, or 404.
async fn saved_assignment(
    state: &AppState,
    caller: &Caller,
    number: &str,
) -> Result<Assignment, Problem> {
    let number = diary_number(number)?.to_string();
    let (mut conn, plan) = caller.read_plan(state).await?;
    let deadlines = export::deadlines(&mut conn, plan.id)
        .await?
        .into_iter()
        .filter(|d| d.diary_number == number)
        .map(Deadline::from)
        .collect();
    export::assignments(&mut conn, plan.id)
        .await?
        .into_iter()
        .find(|a| a.diary_number == number)
        .map(|a| Assignment::new(a, deadlines))
        .ok_or_else(|| AppError::NotFound.into())
}

/// Deadline `id` of assignment `number` as saved now, or 404.
async fn saved_deadline(
    state: &AppState,
    caller: &Caller,
    number: &str,
    id: i64,
) -> Result<Deadline, Problem> {
    saved_assignment(state, caller, number)
        .await?
        .deadlines
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| AppError::NotFound.into())
}

/// Whether the caller may change assignment `number` (its deadlines too), asked before the
/// body is read: who may not learns nothing more. (The save asks again in its transaction.)
async fn may_change(state: &AppState, caller: &Caller, number: &str) -> Result<(), Problem> {
    // `editable` asks first whether the caller's role edits the plan at all.
    let (mut conn, _) = caller.read_plan(state).await?;
    assignments::editable(&mut conn, &caller.viewer, state.settings.access(), number).await?;
    Ok(())
}

fn answer_assignment(status: StatusCode, assignment: Assignment) -> Response {
    let location = (status == StatusCode::CREATED).then(|| {
        format!(
            "{}/assignments/{}",
            super::PREFIX,
            assignment.diary_number.replace('/', "-")
        )
    });
    body::answer(status, etag(assignment.version), location, assignment)
}

fn answer_deadline(status: StatusCode, number: &str, deadline: Deadline) -> Response {
    let location = (status == StatusCode::CREATED).then(|| {
        format!(
            "{}/assignments/{number}/deadlines/{}",
            super::PREFIX,
            deadline.id
        )
    });
    body::answer(status, etag(deadline.version), location, deadline)
}

/// One assignment with its deadlines; its `ETag` is the version of its own fields (each
/// deadline has its own).
#[utoipa::path(
    get, path = "/api/v1/assignments/{number}", tag = "plan",
    params(AssignmentAddress),
    responses(
        (status = 200, description = "The assignment", body = Assignment,
         headers(("ETag" = String, description = "The assignment's version, quoted: send it as `If-Match` to change it"))),
        RecordProblems,
    )
)]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<AssignmentAddress>,
) -> Result<Response, Problem> {
    Ok(answer_assignment(
        StatusCode::OK,
        saved_assignment(&state, &caller, &address.number).await?,
    ))
}

/// Registers a government assignment with its first deadlines (`final_due`, and
/// `interim_due` if an interim report is asked for). Only the ministry whose prefix the diary
/// number carries, or an administrator, with a token that may write.
#[utoipa::path(
    post, path = "/api/v1/assignments", tag = "plan",
    params(MessageLanguage),
    request_body = AssignmentChange,
    responses(
        (status = 201, description = "Registered: the assignment as saved", body = Assignment,
         headers(
             ("ETag" = String, description = "The assignment's version, quoted"),
             ("Location" = String, description = "The assignment's address"),
         )),
        ChangeProblems,
    )
)]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    caller.may_edit_plan(&state)?;
    body::require_json(&headers)?;
    let (input, first) = assignment_of(&body, true).map_err(|error| Problem::of(error, lang))?;
    let slug = assignments::register(
        &state,
        &caller.viewer,
        &caller.freshness,
        &input,
        &first.interim_due,
        &first.final_due,
    )
    .await
    .map_err(|error| Problem::of(error, lang))?;
    Ok(answer_assignment(
        StatusCode::CREATED,
        saved_assignment(&state, &caller, &slug).await?,
    ))
}

/// Changes an assignment's own fields (recipient, texts, decision date, measures; never its
/// diary number) over the version read (`If-Match`). Only its ministry or an administrator,
/// with a token that may write.
#[utoipa::path(
    put, path = "/api/v1/assignments/{number}", tag = "plan",
    params(
        AssignmentAddress,
        ("If-Match" = String, Header, description = "The assignment's `ETag` as read, e.g. `\"2\"`"),
        MessageLanguage,
    ),
    request_body = AssignmentChange,
    responses(
        (status = 200, description = "Saved: the assignment as saved now", body = Assignment,
         headers(("ETag" = String, description = "The assignment's new version, quoted"))),
        ChangeProblems,
    )
)]
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<AssignmentAddress>,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    may_change(&state, &caller, &address.number).await?;
    let version = body::version(&headers, "assignment")?;
    body::require_json(&headers)?;
    let (input, _) = assignment_of(&body, false).map_err(|error| Problem::of(error, lang))?;
    assignments::save(
        &state,
        &caller.viewer,
        &caller.freshness,
        &address.number,
        version,
        &input,
    )
    .await
    .map_err(|error| Problem::of(error, lang))?;
    Ok(answer_assignment(
        StatusCode::OK,
        saved_assignment(&state, &caller, &address.number).await?,
    ))
}

/// One reporting deadline of an assignment; its `ETag` is its version.
#[utoipa::path(
    get, path = "/api/v1/assignments/{number}/deadlines/{id}", tag = "plan",
    params(DeadlineAddress),
    responses(
        (status = 200, description = "The deadline", body = Deadline,
         headers(("ETag" = String, description = "The deadline's version, quoted: send it as `If-Match` to change it"))),
        RecordProblems,
    )
)]
pub async fn deadline(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<DeadlineAddress>,
) -> Result<Response, Problem> {
    let id = address.id()?;
    Ok(answer_deadline(
        StatusCode::OK,
        &address.number,
        saved_deadline(&state, &caller, &address.number, id).await?,
    ))
}

/// Adds a reporting deadline to an assignment: the Government asked for another report. Not
/// before the decision, one final report, no interim report after it. Only the assignment's
/// ministry or an administrator, with a token that may write.
#[utoipa::path(
    post, path = "/api/v1/assignments/{number}/deadlines", tag = "plan",
    params(AssignmentAddress, MessageLanguage),
    request_body = DeadlineChange,
    responses(
        (status = 201, description = "Added: the deadline as saved", body = Deadline,
         headers(
             ("ETag" = String, description = "The deadline's version, quoted"),
             ("Location" = String, description = "The deadline's address"),
         )),
        ChangeProblems,
    )
)]
pub async fn add_deadline(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<AssignmentAddress>,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    may_change(&state, &caller, &address.number).await?;
    body::require_json(&headers)?;
    let input = deadline_of(&body).map_err(|error| Problem::of(error, lang))?;
    let id = assignments::save_deadline(
        &state,
        &caller.viewer,
        &caller.freshness,
        &address.number,
        Which::New,
        &input,
    )
    .await
    .map_err(|error| Problem::of(error, lang))?;
    Ok(answer_deadline(
        StatusCode::CREATED,
        &address.number,
        saved_deadline(&state, &caller, &address.number, id).await?,
    ))
}

/// Changes a reporting deadline over the version read (`If-Match`): the Government moved it.
/// A delivered deadline keeps its delivery date. Only the assignment's ministry or an
/// administrator, with a token that may write.
#[utoipa::path(
    put, path = "/api/v1/assignments/{number}/deadlines/{id}", tag = "plan",
    params(
        DeadlineAddress,
        ("If-Match" = String, Header, description = "The deadline's `ETag` as read, e.g. `\"2\"`"),
        MessageLanguage,
    ),
    request_body = DeadlineChange,
    responses(
        (status = 200, description = "Saved: the deadline as saved now", body = Deadline,
         headers(("ETag" = String, description = "The deadline's new version, quoted"))),
        ChangeProblems,
    )
)]
pub async fn change_deadline(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<DeadlineAddress>,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    let id = address.id()?;
    may_change(&state, &caller, &address.number).await?;
    let version = body::version(&headers, "deadline")?;
    body::require_json(&headers)?;
    let input = deadline_of(&body).map_err(|error| Problem::of(error, lang))?;
    assignments::save_deadline(
        &state,
        &caller.viewer,
        &caller.freshness,
        &address.number,
        Which::Saved { id, version },
        &input,
    )
    .await
    .map_err(|error| Problem::of(error, lang))?;
    Ok(answer_deadline(
        StatusCode::OK,
        &address.number,
        saved_deadline(&state, &caller, &address.number, id).await?,
    ))
}

/// A new assignment's first deadlines as sent (`interim_due` may be empty).
#[derive(Debug, Default)]
struct FirstDeadlines {
    interim_due: String,
    final_due: String,
}

/// The assignment form's fields in a JSON body (the diary number and first deadlines only
/// when registering: `new`), or every field missing or of the wrong kind (the assignment's
/// rule then judges the values).
fn assignment_of(body: &[u8], new: bool) -> Result<(AssignmentInput, FirstDeadlines), AppError> {
    const TEXTS: [(&str, Kind); 9] = [
        ("diary_number", Kind::OptionalText),
        ("recipient", Kind::Text),
        ("title_sv", Kind::Text),
        ("title_en", Kind::OptionalText),
        ("description_sv", Kind::OptionalText),
        ("description_en", Kind::OptionalText),
        ("decision_date", Kind::Text),
        ("interim_due", Kind::OptionalText),
        ("final_due", Kind::OptionalText),
    ];
    let names: Vec<&str> = TEXTS
        .iter()
        .map(|(name, _)| *name)
        .chain(["measures"])
        .collect();
    let given = body::object(body, &names)?;
    let mut errors = Vec::new();
    let [
        diary_number,
        recipient,
        title_sv,
        title_en,
        description_sv,
        description_en,
        decision_date,
        interim_due,
        final_due,
    ] = body::scalars(&given, TEXTS, &mut errors);
    if !new {
        if let Some(field) = ["diary_number", "interim_due", "final_due"]
            .into_iter()
            .find(|field| given.contains_key(*field))
        {
            return Err(AppError::InvalidParameter {
                parameter: "body".into(),
                value: format!(
                    "leave out `{field}` when changing an assignment: its diary number never \
                     changes, and its deadlines are changed one at a time"
                ),
            });
        }
    } else {
        for (field, value) in [("diary_number", &diary_number), ("final_due", &final_due)] {
            if value.trim().is_empty() && !errors.iter().any(|e| e.field == field) {
                errors.push(FieldError::new(field, FieldProblem::Required));
            }
        }
    }
    let measures = body::list(&given, "measures", &mut errors);
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
    let first = FirstDeadlines {
        interim_due,
        final_due,
    };
    body::refuse_if_any(errors, || {
        if new {
            input
                .check_new(&first.interim_due, &first.final_due)
                .map(|_| ())
        } else {
            input.check().map(|_| ())
        }
    })?;
    Ok((input, first))
}

/// The deadline form's fields in a JSON body, or every field missing or of the wrong kind.
fn deadline_of(body: &[u8]) -> Result<DeadlineInput, AppError> {
    let ([kind, due_date, description_sv, description_en], errors) = body::fields(
        body,
        [
            ("kind", Kind::Choice),
            ("due_date", Kind::Text),
            ("description_sv", Kind::OptionalText),
            ("description_en", Kind::OptionalText),
        ],
    )?;
    let input = DeadlineInput {
        kind,
        due_date,
        description_sv,
        description_en,
    };
    body::refuse_if_any(errors, || input.check())?;
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &[u8] = br#"{"diary_number": "A2026/01234", "recipient": "jam", "title_sv": "Uppdrag", "decision_date": "2026-03-01", "final_due": "2027-03-01", "measures": ["3.1"]}"#;

    #[test]
    fn a_new_assignment_is_read_as_the_assignment_form_would_send_it() {
        let (input, first) = assignment_of(NEW, true).expect("read");
        assert_eq!(input.diary_number, "A2026/01234");
        assert_eq!(input.measures, ["3.1"]);
        assert_eq!(
            (first.interim_due.as_str(), first.final_due.as_str()),
            ("", "2027-03-01")
        );
        assert!(input.check_new("", "2027-03-01").is_ok());
    }

    #[test]
    fn a_changed_assignment_keeps_its_number_and_its_deadlines_are_changed_one_at_a_time() {
        assert!(matches!(
            assignment_of(NEW, false),
            Err(AppError::InvalidParameter { .. })
        ));
        let body = br#"{"recipient": "jam", "title_sv": "Uppdrag", "decision_date": "2026-03-01", "final_due": "2027-03-01"}"#;
        assert!(matches!(
            assignment_of(body, false),
            Err(AppError::InvalidParameter { .. })
        ));
    }

    #[test]
    fn a_new_assignment_needs_its_number_and_final_report() {
        let body = br#"{"recipient": "jam", "title_sv": "Uppdrag", "decision_date": "2026-03-01", "measures": "3.1"}"#;
        let Err(AppError::Invalid { errors }) = assignment_of(body, true) else {
            panic!("refused");
        };
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["diary_number", "final_due", "measures"]);
    }

    #[test]
    fn a_deadline_of_the_wrong_kind_is_named() {
        let Err(AppError::Invalid { errors }) =
            deadline_of(br#"{"kind": 1, "due_date": "someday"}"#)
        else {
            panic!("refused");
        };
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["kind", "due_date"]);
    }
}
