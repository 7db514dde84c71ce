//! Reading form fields as people type them, the same way in the browser and on the server:
//! each reader either returns the value or records what is wrong with its field.

use crate::domain::{Money, Progress};
use crate::error::{FieldError, Problem};

/// A whole number as people type it: spaces (also non-breaking) between digit groups and a
/// trailing unit (`%`, `kr`) are allowed; an empty field is missing.
pub fn whole_number(text: &str, unit: &[char]) -> Result<i64, Problem> {
    let digits: String = text
        .trim()
        .trim_end_matches(unit)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if digits.is_empty() {
        return Err(Problem::Required);
    }
    digits.parse::<i64>().map_err(|_| Problem::NotAWholeNumber)
}

/// A percentage of work done, 0-100.
pub fn progress(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Progress> {
    let problem = match whole_number(text, &['%']) {
        Ok(n) => match Progress::try_from(n) {
            Ok(progress) => return Some(progress),
            Err(_) => Problem::OutOfRange { min: 0, max: 100 },
        },
        Err(problem) => problem,
    };
    errors.push(FieldError::new(field, problem));
    None
}

/// Whole kronor, never negative.
pub fn money(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Money> {
    let problem = match whole_number(text, &['k', 'r']) {
        Ok(n) if n < 0 => Problem::Negative,
        Ok(n) => return Money::kronor(n).ok(),
        Err(problem) => problem,
    };
    errors.push(FieldError::new(field, problem));
    None
}

/// Text of at most `max` characters, trimmed; `required` refuses an empty one.
pub fn text(
    field: &str,
    text: &str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    let trimmed = text.trim();
    if required && trimmed.is_empty() {
        errors.push(FieldError::new(field, Problem::Required));
    } else if trimmed.chars().count() > max {
        errors.push(FieldError::new(field, Problem::TooLong { max }));
    }
    trimmed.to_owned()
}

/// One of the values of a stored enum (a status, a kind).
pub fn choice<T: std::str::FromStr>(
    field: &str,
    text: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let value = text.trim().parse::<T>().ok();
    if value.is_none() {
        errors.push(FieldError::new(field, Problem::NotAChoice));
    }
    value
}

/// A date written `YYYY-MM-DD`.
pub fn date(
    field: &str,
    text: &str,
    errors: &mut Vec<FieldError>,
) -> Option<crate::domain::IsoDate> {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(field, Problem::Required));
        return None;
    }
    let date = crate::domain::IsoDate::parse(text).ok();
    if date.is_none() {
        errors.push(FieldError::new(field, Problem::NotADate));
    }
    date
}

/// An address a link may point to: `http://` or `https://` and a host, no spaces.
pub fn is_web_address(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && host.contains('.') | host.starts_with("localhost")
            && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// The checks above for one field on its own, as the browser runs them when a person leaves
/// the field.
pub mod field {
    use super::*;

    fn first(check: impl FnOnce(&mut Vec<FieldError>)) -> Option<Problem> {
        let mut errors = Vec::new();
        check(&mut errors);
        errors.into_iter().next().map(|e| e.problem)
    }

    pub fn progress(text: &str) -> Option<Problem> {
        first(|errors| {
            super::progress("", text, errors);
        })
    }

    pub fn date(text: &str) -> Option<Problem> {
        first(|errors| {
            super::date("", text, errors);
        })
    }

    pub fn money(text: &str) -> Option<Problem> {
        first(|errors| {
            super::money("", text, errors);
        })
    }
}

/// A short code of letters, digits, dots and hyphens (`3.9`, `skydd`), required.
pub fn code(field: &str, text: &str, errors: &mut Vec<FieldError>) -> String {
    let code = self::text(field, text, super::plan_edit::MAX_CODE, true, errors);
    if !code.is_empty()
        && !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        errors.push(FieldError::new(field, Problem::NotACode));
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_must_be_http_or_https_with_a_host() {
        assert!(is_web_address("https://www.regeringen.se/rapport.pdf"));
        assert!(is_web_address("http://example.se"));
        assert!(!is_web_address("ftp://example.se/file"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("https:///path"));
        assert!(!is_web_address("www.example.se"));
    }

    #[test]
    fn an_empty_required_text_is_named_and_a_long_one_too() {
        let mut errors = Vec::new();
        text("title", "  ", 10, true, &mut errors);
        text("note", "elva tecken", 10, false, &mut errors);
        assert_eq!(
            errors,
            vec![
                FieldError::new("title", Problem::Required),
                FieldError::new("note", Problem::TooLong { max: 10 }),
            ]
        );
    }
}
