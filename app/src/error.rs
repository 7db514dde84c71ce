//! The one error type that crosses from server to page. Each variant says which HTTP status it
//! becomes; the page shows a translated message for it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The largest request body the server reads: far more than any form of Lägesbild needs (its
/// longest text is bounded well below), far less than would tie up a server.
pub const MAX_REQUEST_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 404 Not Found: no measure, assignment or county has that code.
    #[error("not found")]
    NotFound,
    /// 400 Bad Request: a parameter could not be read.
    #[error("cannot read {parameter}={value:?}")]
    InvalidParameter { parameter: String, value: String },
    /// 401 Unauthorized: nobody is signed in and this needs someone to be.
    #[error("sign in first")]
    NotSignedIn,
    /// 403 Forbidden: the signed-in user may not do this (see `policy`), or the request came
    /// from another site.
    #[error("not allowed")]
    Forbidden,
    /// 401 Unauthorized: the e-mail address and password do not match an active account. The
    /// message never says which of the two was wrong.
    #[error("wrong e-mail address or password")]
    SignInFailed,
    /// 429 Too Many Requests: too many failed sign-ins for this address; sign-in is refused
    /// for `minutes` more minutes.
    #[error("too many failed sign-ins; try again in {minutes} minutes")]
    LockedOut { minutes: i64 },
    /// 422 Unprocessable Content: the server refused some fields of a form; each error names
    /// its field so that the page can show it next to it.
    #[error("some fields are invalid")]
    Invalid { errors: Vec<FieldError> },
    /// 409 Conflict: someone else saved a newer version first; nothing was saved. `current`
    /// holds what is saved now where it differs from what was sent, and `version` the version
    /// to send to save over it after merging.
    #[error("changed by someone else in the meantime")]
    Conflict {
        current: Vec<FieldValue>,
        version: i64,
        /// For a progress report: the newest submitted revision of the period (0: none), to
        /// send with the next save.
        #[serde(default)]
        revision: i64,
    },
    /// 503 Service Unavailable: the server is checking as many passwords as it may at once
    /// and none finished in time; try again in a moment.
    #[error("too many sign-ins at once; try again in a moment")]
    Busy,
    /// 503 Service Unavailable: the database holds no plan yet.
    #[error("no plan has been loaded")]
    NoPlan,
    /// 500 Internal Server Error: something failed on the server. The cause is in the server's
    /// log, never in the response.
    #[error("internal error")]
    Internal,
    /// 413 Content Too Large: the request's body is larger than any form needs
    /// ([`MAX_REQUEST_BYTES`]).
    #[error("the request is larger than the server accepts")]
    TooLarge,
    /// 502 Bad Gateway: the request did not reach the server function or its answer could not
    /// be read.
    #[error("the server could not be reached: {0}")]
    Transport(String),
}

/// What is wrong with one field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's `name` in the form.
    pub field: String,
    pub problem: Problem,
}

/// A field's value as saved, for showing someone what another person changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldValue {
    pub field: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    /// Not a whole number.
    NotAWholeNumber,
    /// A whole number outside `min..=max`.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// An amount of money below zero.
    Negative,
    /// A measure the user may not edit, named where only such measures may be (an
    /// assignment's measures).
    NotYourMeasure,
    /// An amount of money above `max` (see `Money::MAX_LINE`).
    TooMuch {
        max: crate::domain::Money,
    },
    /// Not one of the values offered (a status).
    NotAChoice,
    /// A value of another kind where text belongs (a number or a list sent to the API).
    NotText,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    NotAnEmailAddress,
    /// Another record already has this value (an e-mail address).
    Taken,
    /// No such organisation (or other referenced thing).
    Unknown,
    /// The role does not fit the organisation (see `Role::fits`).
    RoleDoesNotFitOrganisation,
    /// Not an `http://` or `https://` address.
    NotAWebAddress,
    /// More items than allowed (links).
    TooMany {
        max: usize,
    },
    /// A date that is not `YYYY-MM-DD`.
    NotADate,
    /// An end date before the start date.
    EndBeforeStart,
    /// Not a diary number of the form `A2025/00637` with a known ministry's prefix.
    NotADiaryNumber,
    /// Not a period the subject reports on.
    NotAPeriod,
    /// A code may hold letters, digits, dots and hyphens only (`3.9`).
    NotACode,
    /// Another measure of the plan already has this code.
    CodeTaken,
    /// An assignment with this diary number is already registered.
    DiaryNumberTaken,
    /// The diary number's prefix names no ministry known here.
    UnknownMinistry,
    /// An appropriation is written `<number>:<number>`, such as `3:1`.
    NotAnAppropriation,
    /// A reporting deadline before the assignment was decided.
    BeforeDecision,
    /// A decision date after one of the assignment's reporting deadlines.
    AfterDeadline,
    /// An interim report due after the final one (or a final one before an interim one).
    DeadlineOrder,
    /// The assignment already has a final report.
    FinalExists,
    /// A measure that money still goes to through this assignment cannot be unlinked from it.
    StillFunded,
    /// A password that is common, found in breaches or otherwise quick to guess (zxcvbn).
    EasyToGuess,
    /// The repeated new password differs from the first.
    NotTheSame,
    /// The current password given is not the account's.
    WrongPassword,
    /// Not the authenticator app's current code, nor an unused recovery code.
    WrongCode,
    /// A target year not after its baseline year.
    TargetNotAfterBaseline,
    /// A target equal to its baseline: it says nothing about which way to go.
    TargetIsBaseline,
    /// The indicator is already tied to this measure.
    AlreadyLinked,
    /// An uploaded file has problems (shown in its preview): nothing is applied.
    FileHasErrors,
    /// The plan changed since the person saw an import's preview: they look at it again.
    PreviewOutdated,
    /// The import was applied already.
    AlreadyApplied,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> Self {
        FieldError {
            field: field.to_owned(),
            problem,
        }
    }
}

impl AppError {
    /// The problem with `field`, if the error is about it.
    pub fn problem_with(&self, field: &str) -> Option<Problem> {
        match self {
            AppError::Invalid { errors } => {
                errors.iter().find(|e| e.field == field).map(|e| e.problem)
            }
            _ => None,
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::InvalidParameter { .. } => 400,
            AppError::NotSignedIn | AppError::SignInFailed => 401,
            AppError::Forbidden => 403,
            AppError::LockedOut { .. } => 429,
            AppError::TooLarge => 413,
            AppError::Invalid { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::NoPlan | AppError::Busy => 503,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                AppError::InvalidParameter {
                    parameter: "arguments".into(),
                    value: message,
                }
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

impl From<crate::models::InvalidFilter> for AppError {
    fn from(invalid: crate::models::InvalidFilter) -> Self {
        AppError::InvalidParameter {
            parameter: invalid.parameter.into(),
            value: invalid.value,
        }
    }
}

impl From<crate::policy::Refusal> for AppError {
    fn from(refusal: crate::policy::Refusal) -> Self {
        match refusal {
            crate::policy::Refusal::NotSignedIn => AppError::NotSignedIn,
            crate::policy::Refusal::Forbidden => AppError::Forbidden,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Logged with the place the query was sent from (`?` passes its caller on).
    #[track_caller]
    fn from(error: sqlx::Error) -> Self {
        crate::server::telemetry::failure("database query", &error);
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_names_its_http_status() {
        assert_eq!(AppError::NotFound.status_code(), 404);
        let invalid = AppError::InvalidParameter {
            parameter: "status".into(),
            value: "x".into(),
        };
        assert_eq!(invalid.status_code(), 400);
        assert_eq!(AppError::NoPlan.status_code(), 503);
        assert_eq!(AppError::Internal.status_code(), 500);
        assert_eq!(AppError::NotSignedIn.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::LockedOut { minutes: 5 }.status_code(), 429);
        assert_eq!(AppError::Busy.status_code(), 503);
    }

    #[test]
    fn missing_arguments_become_a_bad_request() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("code".into()));
        assert_eq!(error.status_code(), 400);
    }
}
