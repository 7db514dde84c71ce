//! What every change through the API reads before its rule judges it: the version the caller
//! read (`If-Match`), a JSON body, its fields as the page's form would send them (each field
//! missing or of the wrong JSON kind named), and the language of the messages.

use super::Problem;
use app::domain::Lang;
use app::error::{AppError, FieldError, Problem as FieldProblem};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::IntoParams;

/// The language of a change's field messages: `?lang=en`, Swedish otherwise.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageLanguage {
    /// `en` for English messages; Swedish otherwise.
    lang: Option<String>,
}

impl MessageLanguage {
    pub fn lang(&self) -> Lang {
        match self.lang.as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Sv,
        }
    }
}

/// The `ETag` the caller read, as sent in `If-Match` without its quotes: required, and never
/// `*` (which would overwrite whatever is saved).
pub fn if_match(headers: &HeaderMap) -> Result<&str, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "send If-Match with the ETag as you read it, so that a newer save is never \
             overwritten",
        ));
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "If-Match: * would overwrite whatever is saved: send the ETag as you read it",
        ));
    }
    text.strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or_else(|| Problem::bad_parameter("If-Match is the ETag as read, in quotes"))
}

/// The version of a record the caller read, as its `ETag` (`"3"`) in `If-Match`; `record`
/// names the record in the message when it is not one.
pub fn version(headers: &HeaderMap, record: &str) -> Result<i64, Problem> {
    if_match(headers)?.parse().map_err(|_| {
        Problem::bad_parameter(format!(
            "If-Match is the {record}'s ETag as read, such as \"3\""
        ))
    })
}

/// Refuses a body that is not `application/json`.
pub fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if json {
        Ok(())
    } else {
        Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as application/json",
        ))
    }
}

/// The answer to a read or a save of one record: `record` with its `ETag` and, for a record
/// just added (`201 Created`), its address as `Location`.
pub fn answer<T: serde::Serialize>(
    status: StatusCode,
    etag: String,
    location: Option<String>,
    record: T,
) -> Response {
    let mut response = (status, [(header::ETAG, etag)], axum::Json(record)).into_response();
    if let Some(value) = location.and_then(|location| location.parse().ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// What kind of JSON value a field takes.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A string.
    Text,
    /// A string, or absent (read as empty).
    OptionalText,
    /// A string from a closed list.
    Choice,
    /// A whole number (a string of digits is refused: the field's kind is a number).
    WholeNumber,
}

/// The fields `spec` of a JSON object `body`, in `spec`'s order, each as the page's form would
/// send it (a number written out), and each field missing or of the wrong kind. A body that is
/// not an object, or with a field not in `spec`, is refused as a whole.
pub fn fields<const N: usize>(
    body: &[u8],
    spec: [(&'static str, Kind); N],
) -> Result<([String; N], Vec<FieldError>), AppError> {
    let given = object(body, &spec.map(|(name, _)| name))?;
    let mut errors = Vec::new();
    let texts = scalars(&given, spec, &mut errors);
    Ok((texts, errors))
}

/// A JSON object `body` whose fields are all among `names`, or why the body is refused as a
/// whole.
pub fn object(body: &[u8], names: &[&str]) -> Result<Map<String, Value>, AppError> {
    let Ok(Value::Object(given)) = serde_json::from_slice::<Value>(body) else {
        return Err(AppError::InvalidParameter {
            parameter: "body".into(),
            value: "a JSON object with the fields".into(),
        });
    };
    if let Some(unknown) = given.keys().find(|key| !names.contains(&key.as_str())) {
        return Err(AppError::InvalidParameter {
            parameter: "body".into(),
            value: format!("there is no field {unknown:?}; the fields: {names:?}"),
        });
    }
    Ok(given)
}

/// The fields `spec` of `given` as the page's form would send them; each field missing or of
/// the wrong kind in `errors`.
pub fn scalars<const N: usize>(
    given: &Map<String, Value>,
    spec: [(&'static str, Kind); N],
    errors: &mut Vec<FieldError>,
) -> [String; N] {
    spec.map(|(field, kind)| match (given.get(field), kind) {
        (None | Some(Value::Null), Kind::OptionalText) => String::new(),
        (None | Some(Value::Null), _) => {
            errors.push(FieldError::new(field, FieldProblem::Required));
            String::new()
        }
        (Some(Value::String(text)), Kind::Text | Kind::OptionalText | Kind::Choice) => text.clone(),
        // A whole number too large for an integer arrives as a float (`1e20`): written out, so
        // that the rule names the field's bound.
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
                    Kind::Text | Kind::OptionalText => FieldProblem::NotText,
                    Kind::Choice => FieldProblem::NotAChoice,
                    Kind::WholeNumber => FieldProblem::NotAWholeNumber,
                },
            ));
            String::new()
        }
    })
}

/// Field `field` of `given`: a list of strings (absent: empty), as a form's checkboxes send it.
pub fn list(given: &Map<String, Value>, field: &str, errors: &mut Vec<FieldError>) -> Vec<String> {
    match given.get(field) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        Some(_) => {
            errors.push(FieldError::new(field, FieldProblem::NotAChoice));
            Vec::new()
        }
    }
}

/// Field `field` of `given`: `true` or `false` (absent: false), as a form's checkbox sends it.
pub fn flag(given: &Map<String, Value>, field: &str, errors: &mut Vec<FieldError>) -> bool {
    match given.get(field) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => {
            errors.push(FieldError::new(field, FieldProblem::NotAChoice));
            false
        }
    }
}

/// `errors` found reading the body, with what the rule (`check`) finds in the other fields, so
/// that one answer names every wrong field; nothing when the body was read whole (the rule
/// then judges it where it saves).
pub fn refuse_if_any<T>(
    mut errors: Vec<FieldError>,
    check: impl FnOnce() -> Result<T, Vec<FieldError>>,
) -> Result<(), AppError> {
    if errors.is_empty() {
        return Ok(());
    }
    if let Err(more) = check() {
        let judged: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
        errors.extend(more.into_iter().filter(|e| !judged.contains(&e.field)));
    }
    Err(AppError::Invalid { errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_is_required_quoted_and_never_a_wildcard() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_MATCH, value.parse().expect("header"));
            if_match(&headers).map(str::to_owned).map_err(|p| p.status)
        };
        assert_eq!(with("\"7\""), Ok("7".to_owned()));
        assert_eq!(with("\"0.2\""), Ok("0.2".to_owned()));
        assert_eq!(with("*"), Err(428));
        assert_eq!(with("7"), Err(400));
        assert_eq!(if_match(&HeaderMap::new()).map_err(|p| p.status), Err(428));
    }

    #[test]
    fn a_version_is_one_quoted_number() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_MATCH, value.parse().expect("header"));
            version(&headers, "row").map_err(|p| p.status)
        };
        assert_eq!(with("\"7\""), Ok(7));
        assert_eq!(with("\"0.2\""), Err(400));
    }

    #[test]
    fn an_optional_text_may_be_left_out_and_a_required_one_may_not() {
        let (texts, errors) = fields(
            br#"{"a": "x"}"#,
            [
                ("a", Kind::Text),
                ("b", Kind::OptionalText),
                ("c", Kind::Text),
            ],
        )
        .expect("an object");
        assert_eq!(texts, ["x", "", ""]);
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["c"]);
    }

    #[test]
    fn a_body_that_is_not_an_object_or_has_unknown_fields_is_refused_as_a_whole() {
        for body in [&b"[1]"[..], b"not json", br#"{"a": "x", "colour": "red"}"#] {
            assert!(matches!(
                fields(body, [("a", Kind::Text)]),
                Err(AppError::InvalidParameter { .. })
            ));
        }
    }
}
