//! The API's errors as RFC 9457 problem details (`application/problem+json`): the HTTP status,
//! its title, what went wrong in words, and for a refused change each field that is wrong and,
//! when someone saved first, what is saved now and its version.

use app::components::{locale_of, problem_words};
use app::domain::Lang;
use app::error::AppError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status and title say what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's reason phrase, e.g. `Precondition Failed`.
    pub title: &'static str,
    pub status: u16,
    /// What went wrong, for a person.
    pub detail: String,
    /// For a refused change (422): each field that is wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<InvalidField>,
    /// For a stale change (412): the version saved now, to send as `If-Match` after merging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// For a stale change (412): the `ETag` of what is saved now, to send as `If-Match` after
    /// merging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// For a stale change (412): what is saved now where it differs from what was sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub current: Vec<SavedField>,
}

/// A field the row's rule refused, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidField {
    /// The field's name in the request body, e.g. `progress`.
    pub field: String,
    /// What is wrong, for a program (e.g. `"Required"` or `{"OutOfRange": {"min": 0, "max":
    /// 100}}`): a string, or an object naming the bound.
    pub problem: serde_json::Value,
    /// What is wrong, for a person, in the language asked for (`?lang=en`; Swedish otherwise).
    pub message: String,
}

/// A field's value as saved now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedField {
    pub field: String,
    pub value: String,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            version: None,
            etag: None,
            current: Vec::new(),
        }
    }

    /// `error` as a problem, its field messages in `lang`. A stale change (`AppError::Conflict`)
    /// is `412 Precondition Failed`: the version sent in `If-Match` is no longer the row's.
    pub fn of(error: AppError, lang: Lang) -> Problem {
        let status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match error {
            AppError::Invalid { errors } => {
                let locale = locale_of(lang);
                Problem {
                    errors: errors
                        .into_iter()
                        .map(|e| InvalidField {
                            message: problem_words(e.problem, locale),
                            problem: serde_json::to_value(e.problem).unwrap_or_default(),
                            field: e.field,
                        })
                        .collect(),
                    ..Problem::new(status, "some fields are invalid; nothing was saved")
                }
            }
            AppError::Conflict {
                current, version, ..
            } => Problem {
                version: Some(version),
                etag: Some(format!("\"{version}\"")),
                current: current
                    .into_iter()
                    .map(|f| SavedField {
                        field: f.field,
                        value: f.value,
                    })
                    .collect(),
                ..Problem::new(
                    StatusCode::PRECONDITION_FAILED,
                    "someone saved a newer version first; nothing was saved (what is saved now \
                     is in `current`: merge, then send `etag` as If-Match)",
                )
            },
            AppError::NotSignedIn => Problem::new(
                status,
                "sign in first: send an access token (Authorization: Bearer …)",
            ),
            AppError::Forbidden => Problem::new(status, "your role or token may not do this"),
            other => Problem::new(status, other.to_string()),
        }
    }

    /// A query parameter that cannot be read.
    pub fn bad_parameter(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        Problem::of(error, Lang::Sv)
    }
}

impl From<sqlx::Error> for Problem {
    fn from(error: sqlx::Error) -> Self {
        AppError::from(error).into()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// What a list may answer instead of a page (in the OpenAPI document).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Describes responses; the handlers answer with `Problem` itself.
pub enum ListProblems {
    /// A query parameter that cannot be read: its name and what it takes
    #[response(status = 400, content_type = "application/problem+json")]
    BadParameter(Problem),
    /// Not signed in (and the public view is off), or a token that does not work
    #[response(status = 401, content_type = "application/problem+json")]
    NotSignedIn(Problem),
    /// No plan has been loaded
    #[response(status = 503, content_type = "application/problem+json")]
    NoPlan(Problem),
}

/// What a read of one record may answer instead of it (in the OpenAPI document).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Describes responses; the handlers answer with `Problem` itself.
pub enum RecordProblems {
    /// Not signed in (and the public view is off), or a token that does not work
    #[response(status = 401, content_type = "application/problem+json")]
    NotSignedIn(Problem),
    /// No such record
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// No plan has been loaded
    #[response(status = 503, content_type = "application/problem+json")]
    NoPlan(Problem),
}

/// What a change (`PUT`) may answer instead of what it saved (in the OpenAPI document).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Describes responses; the handlers answer with `Problem` itself.
pub enum ChangeProblems {
    /// The body is not a JSON object, or If-Match cannot be read
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Not signed in
    #[response(status = 401, content_type = "application/problem+json")]
    NotSignedIn(Problem),
    /// Not who may change this, or a token that only reads
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such record
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Someone saved first: nothing was saved; what is saved now is in `current`, its ETag in `etag`
    #[response(status = 412, content_type = "application/problem+json")]
    Stale(Problem),
    /// The body is not `application/json`
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
    /// Fields the rule refuses, each named: nothing was saved
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
    /// No If-Match: send the ETag read
    #[response(status = 428, content_type = "application/problem+json")]
    NoVersion(Problem),
    /// No plan has been loaded
    #[response(status = 503, content_type = "application/problem+json")]
    NoPlan(Problem),
}

/// An address under `/api/v1/` that names nothing.
pub async fn not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "no such address in the API")
}

/// A method the address does not take.
pub async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this address does not take this method",
    )
}
