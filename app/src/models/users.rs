//! User administration: accounts as an admin sees them, and the rules for a new account.

use super::OrganisationRef;
use crate::domain::{OrganisationKind, Role};
use crate::error::{FieldError, Problem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: i64,
    pub organisation: OrganisationRef,
    pub active: bool,
    /// Saved over only by someone who saw this version.
    pub version: i64,
}

/// An organisation a user may belong to, for the forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationOption {
    pub id: i64,
    pub kind: OrganisationKind,
    pub organisation: OrganisationRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAdmin {
    pub users: Vec<UserRow>,
    pub organisations: Vec<OrganisationOption>,
}

pub const MAX_EMAIL: usize = 254;
pub const MAX_NAME: usize = 200;
/// Shortest and longest password accepted, in characters (no composition rules; the server
/// also refuses passwords that are easy to guess, `server::auth::password::check_new`).
pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 128;

/// Checks the fields of a new account (the same rules in the browser and on the server; the
/// server decides). `kind` is the chosen organisation's kind, `None` when it does not exist.
/// The account has no password: its owner chooses one with the invitation link.
pub fn check_new_user(
    email: &str,
    display_name: &str,
    role: Option<Role>,
    kind: Option<OrganisationKind>,
) -> Vec<FieldError> {
    let mut errors = check_email(email);
    errors.extend(check_name(display_name));
    errors.extend(check_role(role, kind));
    errors
}

/// The length rule of a password in `field`.
pub fn check_password_length(field: &str, password: &str) -> Option<FieldError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        Some(FieldError::new(
            field,
            Problem::TooShort { min: MIN_PASSWORD },
        ))
    } else if length > MAX_PASSWORD {
        Some(FieldError::new(
            field,
            Problem::TooLong { max: MAX_PASSWORD },
        ))
    } else {
        None
    }
}

/// What a one-time password link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkPurpose {
    /// A new account's owner chooses their first password.
    Invitation,
    /// An administrator made it for someone who cannot sign in.
    Reset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Invitation => "invitation",
            LinkPurpose::Reset => "reset",
        }
    }

    pub fn parse(text: &str) -> Option<LinkPurpose> {
        match text {
            "invitation" => Some(LinkPurpose::Invitation),
            "reset" => Some(LinkPurpose::Reset),
            _ => None,
        }
    }
}

/// A link just made, as the administrator who made it sees it: once, to pass on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedLink {
    pub user_id: i64,
    pub display_name: String,
    pub purpose: LinkPurpose,
    /// The address with its secret (`https://…/password?token=…`), on the site's configured
    /// public address.
    pub address: String,
    /// When it stops working (RFC 3339, UTC).
    pub expires_at: String,
}

/// Who a link is for, shown on the page it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkHolder {
    pub display_name: String,
    pub email: String,
    pub purpose: LinkPurpose,
}

/// A key for an authenticator app, being set up: shown as a QR code and as text to type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupKey {
    /// The key in base32, in groups of four for typing.
    pub key: String,
    /// The `otpauth://` address the QR code holds (the page draws it on the server).
    pub uri: String,
}

/// What the second step of signing in asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorChallenge {
    /// A code from the authenticator app (or a recovery code).
    Code,
    /// The account's role requires a second factor it does not have yet: set one up now.
    Setup(SetupKey),
}

/// The signed-in user's second factor, for their account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorStatus {
    /// When the key in use was confirmed (RFC 3339); `None` when there is none.
    pub since: Option<String>,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
    /// Whether the account's role requires one (it cannot be turned off then).
    pub required: bool,
    /// The key being set up and not yet confirmed, shown again when its confirmation was
    /// refused (the page is rendered anew after a form is sent).
    pub being_set_up: Option<SetupKey>,
}

/// The signed-in user's own account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub user: crate::models::SignedInUser,
    pub second_factor: SecondFactorStatus,
    pub tokens: crate::models::AccessTokens,
}

fn check_email(email: &str) -> Vec<FieldError> {
    let email = email.trim();
    let problem = if email.is_empty() {
        Some(Problem::Required)
    } else if email.chars().count() > MAX_EMAIL {
        Some(Problem::TooLong { max: MAX_EMAIL })
    } else if !looks_like_email(email) {
        Some(Problem::NotAnEmailAddress)
    } else {
        None
    };
    problem
        .map(|p| FieldError::new("email", p))
        .into_iter()
        .collect()
}

/// One `@` with something on each side and a dot in the domain; no spaces.
fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn check_name(name: &str) -> Vec<FieldError> {
    let name = name.trim();
    let problem = if name.is_empty() {
        Some(Problem::Required)
    } else if name.chars().count() > MAX_NAME {
        Some(Problem::TooLong { max: MAX_NAME })
    } else {
        None
    };
    problem
        .map(|p| FieldError::new("display_name", p))
        .into_iter()
        .collect()
}

/// Checks a role and the kind of the chosen organisation together.
pub fn check_role(role: Option<Role>, kind: Option<OrganisationKind>) -> Vec<FieldError> {
    match (role, kind) {
        (None, _) => vec![FieldError::new("role", Problem::Required)],
        (_, None) => vec![FieldError::new("organisation_id", Problem::Unknown)],
        (Some(role), Some(kind)) if !role.fits(kind) => {
            vec![FieldError::new("role", Problem::RoleDoesNotFitOrganisation)]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(errors: &[FieldError]) -> Vec<(&str, Problem)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect()
    }

    #[test]
    fn a_complete_new_user_passes() {
        let errors = check_new_user(
            "anna.andersson@lansstyrelsen.se",
            "Anna Andersson",
            Some(Role::CountyBoard),
            Some(OrganisationKind::CountyBoard),
        );
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn every_wrong_field_is_named_with_its_problem() {
        let errors = check_new_user("anna", " ", None, Some(OrganisationKind::Agency));
        assert_eq!(
            problems(&errors),
            vec![
                ("email", Problem::NotAnEmailAddress),
                ("display_name", Problem::Required),
                ("role", Problem::Required),
            ]
        );
    }

    #[test]
    fn a_county_board_reporter_cannot_belong_to_an_agency() {
        let errors = check_role(Some(Role::CountyBoard), Some(OrganisationKind::Agency));
        assert_eq!(
            problems(&errors),
            vec![("role", Problem::RoleDoesNotFitOrganisation)]
        );
        let unknown = check_role(Some(Role::Admin), None);
        assert_eq!(
            problems(&unknown),
            vec![("organisation_id", Problem::Unknown)]
        );
    }

    #[test]
    fn passwords_of_8_to_128_characters_have_the_right_length_whatever_they_contain() {
        let problem =
            |password: &str| check_password_length("password", password).map(|e| e.problem);
        assert_eq!(problem("1234567"), Some(Problem::TooShort { min: 8 }));
        assert_eq!(problem("12345678"), None);
        assert_eq!(problem("åäöåäöåä"), None);
        assert_eq!(problem(&"x".repeat(128)), None);
        assert_eq!(
            problem(&"x".repeat(129)),
            Some(Problem::TooLong { max: 128 })
        );
    }

    #[test]
    fn email_addresses_need_a_local_part_and_a_domain() {
        assert!(looks_like_email("a@b.se"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.se"));
        assert!(!looks_like_email("a b@c.se"));
        assert!(!looks_like_email("a@b.se."));
    }
}
