//! Personal access tokens on the way in: a request that carries `Authorization: Bearer …`
//! acts as the token's person, narrowed by its scope (see `crate::policy`), and never through a
//! session. Only the secret's SHA-256 hash is kept; the secret is shown once, when made.

use super::secret;
use crate::domain::{IsoDate, Role};
use crate::error::AppError;
use crate::models::{AccessTokens, TokenScope, Viewer};
use crate::server::Settings;
use crate::server::db::{Db, tokens};
use sqlx::AnyConnection;

/// The start of every token's secret, so that a leaked one is recognisable as Lägesbild's (to
/// a person, and to a secret scanner).
pub const PREFIX: &str = "lagesbild_";

/// A new secret for a token.
pub fn new_secret() -> String {
    format!("{PREFIX}{}", secret::new())
}

/// Whether an `Authorization` header is a bearer token's (of ours or not): such a request is
/// answered as a token's, never as a session's. Other schemes (a proxy's basic
/// authentication) are left alone.
pub fn is_bearer(authorization: &str) -> bool {
    authorization
        .trim_start()
        .split_once(' ')
        .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
}

/// The secret an `Authorization` header carries, if it is a bearer token of ours.
fn secret_of(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim();
    let digits = token.strip_prefix(PREFIX)?;
    (scheme.eq_ignore_ascii_case("bearer")
        && digits.len() == 64
        && digits.bytes().all(|b| b.is_ascii_hexdigit()))
    .then_some(token)
}

/// Who a request with this `Authorization` header is, on `today`: the token's person, with
/// the token's grant. `NotSignedIn` for anything but a working token of ours (malformed,
/// unknown, revoked, expired, or its person deactivated). The first use of a day is noted.
pub async fn viewer(authorization: &str, db: &Db, today: IsoDate) -> Result<Viewer, AppError> {
    let secret = secret_of(authorization).ok_or(AppError::NotSignedIn)?;
    let mut conn = db.acquire().await?;
    let (user, last_used) = tokens::holder(&mut conn, &secret::hash(secret), today)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    if last_used != Some(today)
        && let Some(grant) = user.token
        && let Err(error) = tokens::mark_used(&mut conn, grant.id, today).await
    {
        // Bookkeeping only: the request goes on.
        tracing::warn!(%error, token = grant.id, "could not note the day an access token was used");
    }
    Ok(Viewer::User(user))
}

/// The tokens of user `owner`, in role `role`, as their page shows them on `today`.
pub async fn list(
    conn: &mut AnyConnection,
    owner: i64,
    role: Role,
    today: IsoDate,
    settings: &Settings,
) -> Result<AccessTokens, sqlx::Error> {
    Ok(AccessTokens {
        today,
        tokens: tokens::of_user(conn, owner).await?,
        may_write: TokenScope::ReadWrite.fits(role),
        workbook_address: settings.link("/data/lagesbild.xlsx"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bearer_token_of_ours_is_read_from_the_header() {
        let token = new_secret();
        assert_eq!(token.len(), PREFIX.len() + 64);
        assert_eq!(secret_of(&format!("Bearer {token}")), Some(token.as_str()));
        assert_eq!(
            secret_of(&format!("bearer  {token} ")),
            Some(token.as_str())
        );
        assert!(is_bearer(&format!("Bearer {token}")) && is_bearer("bearer x"));
        assert!(!is_bearer("Basic dXNlcjpwYXNz") && !is_bearer("Bearer"));
        for header in [
            format!("Basic {token}"),
            token.clone(),
            format!("Bearer {}", &token[PREFIX.len()..]),
            format!("Bearer {token}0"),
            format!("Bearer {}g", &token[..token.len() - 1]),
            "Bearer ".to_owned(),
        ] {
            assert_eq!(secret_of(&header), None, "{header}");
        }
    }
}
