//! Personal access tokens: a person's scripts read (and, when the person chose so and their role
//! allows it, write) through a token sent as `Authorization: Bearer …` instead of a session.

use crate::domain::{IsoDate, Role};
use crate::error::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// What a token lets its holder do. Either way never more than the person's role, and never
/// anything about accounts (passwords, second factors, users, tokens, calendar addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenScope {
    /// Reads only.
    Read,
    /// Reads, and changes what the person's role may change.
    ReadWrite,
}

impl TokenScope {
    pub const ALL: [TokenScope; 2] = [TokenScope::Read, TokenScope::ReadWrite];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::ReadWrite => "read_write",
        }
    }

    /// Whether a person in `role` may hold a token of this scope: the oversight role changes
    /// nothing, so its tokens read only.
    pub fn fits(self, role: Role) -> bool {
        self == TokenScope::Read || role != Role::Oversight
    }
}

impl std::str::FromStr for TokenScope {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        TokenScope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == text)
            .ok_or(())
    }
}

/// How a request made with a token is known to the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenGrant {
    pub id: i64,
    pub scope: TokenScope,
}

/// A token as its person and the administrators see it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenRow {
    pub id: i64,
    pub name: String,
    pub scope: TokenScope,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The last day it works.
    pub expires_on: IsoDate,
    pub last_used_on: Option<IsoDate>,
    /// RFC 3339, UTC; `None` while not revoked.
    pub revoked_at: Option<String>,
}

impl AccessTokenRow {
    /// Whether the token works on `today`.
    pub fn works(&self, today: IsoDate) -> bool {
        self.revoked_at.is_none() && today <= self.expires_on
    }
}

/// A person's tokens, newest first, and whether they may make one that writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokens {
    pub today: IsoDate,
    pub tokens: Vec<AccessTokenRow>,
    pub may_write: bool,
    /// The workbook's full address, for the example of a token in use.
    pub workbook_address: String,
}

/// The longest a token may name.
pub const MAX_TOKEN_NAME: usize = 100;
/// How many days a token may live: at most a year, so that a forgotten one ends.
pub const TOKEN_DAYS: std::ops::RangeInclusive<i64> = 1..=365;
/// The most tokens one person may hold that still work.
pub const MAX_TOKENS: usize = 20;

/// A new token as asked for, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub name: String,
    pub scope: TokenScope,
    pub expires_on: IsoDate,
}

impl NewToken {
    /// Checks a new token of a person in `role` on `today`: a name (control and
    /// direction-changing characters dropped, which could disguise it on the administrators'
    /// page), a scope the role may hold, and a life of [`TOKEN_DAYS`] days, today included.
    pub fn check(
        name: &str,
        scope: &str,
        days: &str,
        role: Role,
        today: IsoDate,
    ) -> Result<NewToken, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name: String = name
            .chars()
            .filter(|c| !super::input::is_hidden_in_a_name(*c))
            .collect();
        let name = super::input::text("name", &name, MAX_TOKEN_NAME, true, &mut errors);
        let scope = super::input::choice::<TokenScope>("scope", scope, &mut errors);
        if scope.is_some_and(|scope| !scope.fits(role)) {
            errors.push(FieldError::new("scope", Problem::NotAChoice));
        }
        let days = super::input::whole_number_in("days", days, TOKEN_DAYS, &mut errors);
        match (scope, days) {
            (Some(scope), Some(days)) if errors.is_empty() => Ok(NewToken {
                name,
                scope,
                expires_on: today.add_days(days - 1),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> IsoDate {
        "2026-11-28".parse().unwrap()
    }

    fn problems(result: Result<NewToken, Vec<FieldError>>) -> Vec<(String, Problem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_token_is_named_scoped_and_ends_within_a_year() {
        let token = NewToken::check(
            " Skript\u{7}\u{202e}\u{2066} ",
            "read",
            "90",
            Role::Agency,
            today(),
        )
        .unwrap();
        assert_eq!(token.name, "Skript");
        assert_eq!(token.scope, TokenScope::Read);
        // 90 days, today the first.
        assert_eq!(token.expires_on.to_string(), "2027-02-25");
        let one_day = NewToken::check("x", "read", "1", Role::Agency, today()).unwrap();
        assert_eq!(one_day.expires_on, today());
        assert_eq!(
            problems(NewToken::check("", "admin", "366", Role::Agency, today())),
            vec![
                ("name".to_owned(), Problem::Required),
                ("scope".to_owned(), Problem::NotAChoice),
                ("days".to_owned(), Problem::OutOfRange { min: 1, max: 365 }),
            ]
        );
        assert_eq!(
            problems(NewToken::check(
                &"x".repeat(101),
                "read",
                "99999999999999999999",
                Role::Agency,
                today()
            )),
            vec![
                ("name".to_owned(), Problem::TooLong { max: 100 }),
                ("days".to_owned(), Problem::OutOfRange { min: 1, max: 365 }),
            ]
        );
    }

    #[test]
    fn the_oversight_role_holds_only_tokens_that_read() {
        assert_eq!(
            problems(NewToken::check(
                "x",
                "read_write",
                "30",
                Role::Oversight,
                today()
            )),
            vec![("scope".to_owned(), Problem::NotAChoice)]
        );
        assert!(NewToken::check("x", "read", "30", Role::Oversight, today()).is_ok());
        assert!(NewToken::check("x", "read_write", "30", Role::CountyBoard, today()).is_ok());
    }
}
