//! Reading form fields as people type them, the same way in the browser and on the server:
//! each reader either returns the value or records what is wrong with its field.

use crate::domain::{Money, Progress};
use crate::error::{FieldError, Problem};

/// A whole number as people type it: spaces (also non-breaking) between digit groups and a
/// trailing unit (`%`, `kr`) are allowed; an empty field is missing. A whole number beyond what
/// is stored is the largest (or smallest) one, so that every caller's range names the bound
/// instead of calling it not a number.
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
    digits.parse::<i64>().or_else(|_| {
        let (negative, magnitude) = match digits.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
        };
        if magnitude.is_empty() || !magnitude.bytes().all(|b| b.is_ascii_digit()) {
            Err(Problem::NotAWholeNumber)
        } else if negative {
            Ok(i64::MIN)
        } else {
            Ok(i64::MAX)
        }
    })
}

/// A whole number within `range` (a year, a count).
pub fn whole_number_in(
    field: &str,
    text: &str,
    range: std::ops::RangeInclusive<i64>,
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    let problem = match whole_number(text, &[]) {
        Ok(n) if range.contains(&n) => return Some(n),
        Ok(_) => Problem::OutOfRange {
            min: *range.start(),
            max: *range.end(),
        },
        Err(problem) => problem,
    };
    errors.push(FieldError::new(field, problem));
    None
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

/// Whole kronor, never negative and at most [`Money::MAX_LINE`].
pub fn money(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Money> {
    let problem = match whole_number(text, &['k', 'r']) {
        Ok(n) if n < 0 => Problem::Negative,
        Ok(n) if n > Money::MAX_LINE.as_kronor() => Problem::TooMuch {
            max: Money::MAX_LINE,
        },
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

/// Whether `c` would be hidden in a one-line name or change what it looks like: a control
/// character, or one that changes the direction of the text around it (which could make a
/// name read as another).
pub fn is_hidden_in_a_name(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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

/// The most values one list field may hold (partners, obligations, an assignment's
/// measures): more than any plan has, and few enough that checking them costs nothing.
pub const MAX_CHOSEN: usize = 200;

/// Each value of a list field once, trimmed, in the order given, leaving out `except` (the
/// lead is no partner of its own measure). More than [`MAX_CHOSEN`] values are refused before
/// any is looked at, and the rest are checked in linear time, whatever a request sends.
pub fn distinct(
    field: &str,
    values: &[String],
    except: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    if !few_enough(field, values, errors) {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .map(|value| value.trim())
        .filter(|value| !value.is_empty() && Some(*value) != except && seen.insert(*value))
        .map(str::to_owned)
        .collect()
}

/// Whether a list field holds at most [`MAX_CHOSEN`] values; names the field otherwise.
fn few_enough(field: &str, values: &[String], errors: &mut Vec<FieldError>) -> bool {
    let few = values.len() <= MAX_CHOSEN;
    if !few {
        errors.push(FieldError::new(field, Problem::TooMany { max: MAX_CHOSEN }));
    }
    few
}

/// Values of a stored enum chosen in a list field (forms of exploitation), each once; the
/// same bound as [`distinct`].
pub fn choices<T: std::str::FromStr + PartialEq>(
    field: &str,
    values: &[String],
    errors: &mut Vec<FieldError>,
) -> Vec<T> {
    if !few_enough(field, values, errors) {
        return Vec::new();
    }
    let mut chosen = Vec::new();
    for value in values {
        match value.trim().parse::<T>() {
            // At most the enum's few values are ever chosen, so this stays linear.
            Ok(v) if !chosen.contains(&v) => chosen.push(v),
            Ok(_) => {}
            Err(_) => {
                errors.push(FieldError::new(field, Problem::NotAChoice));
                return Vec::new();
            }
        }
    }
    chosen
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
/// A rule the browser checks a field by as the person types (the same reader the server
/// applies when the form is sent): the rules an island may carry, since a function cannot be
/// sent to the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldRule {
    Progress,
    Date,
    Money,
}

impl FieldRule {
    /// What is wrong with `text` by this rule, if anything.
    pub fn check(self, text: &str) -> Option<Problem> {
        match self {
            FieldRule::Progress => field::progress(text),
            FieldRule::Date => field::date(text),
            FieldRule::Money => field::money(text),
        }
    }
}

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
    fn an_amount_above_the_bound_is_named_with_the_bound() {
        let mut errors = Vec::new();
        assert_eq!(
            money("allocated", "100 000 000 000 kr", &mut errors),
            Some(Money::MAX_LINE)
        );
        assert_eq!(money("spent", "9223372036854775807", &mut errors), None);
        assert_eq!(money("disbursed", "100000000001", &mut errors), None);
        assert_eq!(
            money("allocated", "99999999999999999999999", &mut errors),
            None
        );
        let too_much = Problem::TooMuch {
            max: Money::MAX_LINE,
        };
        assert_eq!(
            errors,
            vec![
                FieldError::new("spent", too_much),
                FieldError::new("disbursed", too_much),
                FieldError::new("allocated", too_much),
            ]
        );
    }

    #[test]
    fn a_list_keeps_each_value_once_and_refuses_more_than_the_bound() {
        let mut errors = Vec::new();
        let typed: Vec<String> = ["a", " b ", "a", "", "lead", "b"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            distinct("partners", &typed, Some("lead"), &mut errors),
            vec!["a", "b"]
        );
        assert!(errors.is_empty());
        let flood = vec!["x".to_owned(); 90_000];
        assert!(distinct("partners", &flood, None, &mut errors).is_empty());
        let _: Vec<crate::domain::Status> = choices("forms", &flood, &mut errors);
        let too_many = Problem::TooMany { max: MAX_CHOSEN };
        assert_eq!(
            errors,
            vec![
                FieldError::new("partners", too_many),
                FieldError::new("forms", too_many),
            ]
        );
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
