//! Personal access tokens: a person makes and revokes their own on their account page (never
//! with a token); administrators see and revoke anyone's on the user's page. Both pages read
//! the tokens with their other data (`get_account`, `get_user`).

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::db::audit::{self, Actor, Change};
use leptos::prelude::*;

/// The signed-in person's id.
#[cfg(feature = "ssr")]
fn own_id() -> Result<i64, AppError> {
    super::current_viewer()
        .user()
        .map(|me| me.id)
        .ok_or(AppError::NotSignedIn)
}

/// Makes a token for the signed-in person: `name` says what it is for, `scope` is `read` or
/// `read_write` (the oversight role: `read` only), and it works for `days` days. Answers the
/// token, shown this once (only its hash is kept). At most [`crate::models::token::MAX_TOKENS`]
/// working at once. Audited.
#[server(endpoint = "create_access_token")]
pub async fn create_access_token(
    name: String,
    scope: String,
    days: String,
) -> Result<String, AppError> {
    use crate::models::NewToken;
    use crate::models::token::MAX_TOKENS;
    use crate::policy::Action;
    use crate::server::auth::{secret, tokens as token_secret};
    use crate::server::db::tokens;
    super::respond(
        async {
            let owner = own_id()?;
            let (viewer, state) = super::authorize(&Action::ManageAccessTokens { owner })?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let today = state.clock.today();
            let token = NewToken::check(&name, &scope, &days, user.role, today)
                .map_err(|errors| AppError::Invalid { errors })?;
            super::freshness().note_write();
            let mut tx = state.db.begin().await?;
            if tokens::working(&mut tx, user.id, today).await? >= MAX_TOKENS as i64 {
                return Err(AppError::Invalid {
                    errors: vec![crate::error::FieldError::new(
                        "name",
                        crate::error::Problem::TooMany { max: MAX_TOKENS },
                    )],
                });
            }
            let at = super::timestamp()?;
            let secret_text = token_secret::new_secret();
            let id =
                tokens::insert(&mut tx, user.id, &token, &secret::hash(&secret_text), &at).await?;
            let after = serde_json::json!({
                "user": user.id,
                "name": token.name,
                "scope": token.scope.as_str(),
                "expires_on": token.expires_on.to_string(),
            });
            audit::record(
                &mut tx,
                &at,
                &Actor::user(user),
                token_event(&id.to_string(), "create", Some(after)),
            )
            .await?;
            tx.commit().await?;
            Ok(secret_text)
        }
        .await,
    )
}

/// Revokes token `id`: its person's own, or anyone's for an administrator (a leaked token). It
/// stops working at once. Someone else's token is as unknown as one that never was (404). Never
/// with a token. Audited.
#[server(endpoint = "revoke_access_token")]
pub async fn revoke_access_token(id: String) -> Result<(), AppError> {
    use crate::policy::Action;
    use crate::server::db::tokens;
    super::respond(
        async {
            // Refuses any token, and anyone not signed in, before anything is looked up.
            let me = own_id()?;
            let (viewer, state) = super::authorize(&Action::ManageAccessTokens { owner: me })?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let id: i64 = id.trim().parse().map_err(|_| AppError::InvalidParameter {
                parameter: "id".into(),
                value: id.clone(),
            })?;
            let owner = {
                let mut conn = state.db.acquire().await?;
                tokens::owner(&mut conn, id).await?
            };
            let owner = owner
                .filter(|owner| {
                    crate::policy::allows(
                        &viewer,
                        &Action::ManageAccessTokens { owner: *owner },
                        state.settings.access(),
                    )
                })
                .ok_or(AppError::NotFound)?;
            super::freshness().note_write();
            let mut tx = state.db.begin().await?;
            let at = super::timestamp()?;
            if !tokens::revoke(&mut tx, id, &at).await? {
                return Err(AppError::NotFound);
            }
            audit::record(
                &mut tx,
                &at,
                &Actor::user(user),
                token_event(
                    &id.to_string(),
                    "revoke",
                    Some(serde_json::json!({ "user": owner })),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The audit trail's record of a change to token `id`.
#[cfg(feature = "ssr")]
fn token_event<'a>(id: &'a str, action: &'a str, after: Option<serde_json::Value>) -> Change<'a> {
    Change {
        entity_type: "access_token",
        entity_id: id,
        action,
        before: None,
        after,
    }
}
