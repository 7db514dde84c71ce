//! Signing in and out, and who is signed in.

use crate::error::AppError;
use crate::models::Visit;
use leptos::prelude::*;

/// Who is looking at the page: for the header and for which controls to show.
#[server(endpoint = "visit")]
pub async fn get_visit() -> Result<Visit, AppError> {
    Ok(Visit {
        viewer: super::current_viewer(),
        public_view: crate::server::state()?.settings.public_view,
        returned: super::returned_form(),
    })
}

/// The demo plan's accounts, for the sign-in page: while the demo plan is loaded, a newcomer
/// may sign in as each role with the demo password. Public, like the sign-in page; empty on an
/// installation without the demo plan.
#[server(endpoint = "demo_accounts")]
pub async fn get_demo_accounts() -> Result<Vec<crate::models::DemoAccount>, AppError> {
    use crate::server::db::users;
    super::respond(
        async {
            let mut conn = crate::server::state()?.db.acquire_read_only().await?;
            Ok(users::demo_accounts(&mut conn).await?)
        }
        .await,
    )
}

/// Where the request comes from, for throttling password checks.
#[cfg(feature = "ssr")]
fn client_address() -> crate::server::auth::ClientAddress {
    use crate::server::auth::ClientAddress;
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().cloned())
        .unwrap_or_else(|| ClientAddress::of(None, &[], false))
}

/// The request's session.
#[cfg(feature = "ssr")]
async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract().await.map_err(|_| AppError::Internal)
}

/// Signs in with an e-mail address and password, then goes to `next` (a path on this site),
/// or first to the second step, for someone who needs a second factor.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::server::auth::{self, SignInStep};
    super::respond(
        async {
            let state = crate::server::state()?;
            let session = session().await?;
            let step = auth::sign_in(
                &state.db,
                &session,
                &email,
                &password,
                &client_address(),
                &state.clock.timestamp(),
            )
            .await?;
            let next = crate::domain::LocalPath::or_home(&next);
            match step {
                SignInStep::SignedIn => leptos_axum::redirect(next.as_str()),
                SignInStep::SecondFactor => leptos_axum::redirect(&format!(
                    "/sign-in/code?next={}",
                    crate::components::encode_query_value(next.as_str())
                )),
            }
            Ok(())
        }
        .await,
    )
}

/// The second step of signing in, for the session whose password was just right: a code, or
/// setting up a key where the role requires one and the account has none.
#[server(endpoint = "second_factor_challenge")]
pub async fn get_second_factor_challenge() -> Result<crate::models::SecondFactorChallenge, AppError>
{
    use crate::models::SecondFactorChallenge;
    use crate::server::auth::{self, second_factor};
    super::respond(
        async {
            let state = crate::server::state()?;
            let user = auth::pending_user(&session().await?, &state.db).await?;
            let mut conn = state.db.acquire().await?;
            if second_factor::enabled(&mut conn, user.id).await? {
                Ok(SecondFactorChallenge::Code)
            } else {
                drop(conn);
                Ok(SecondFactorChallenge::Setup(
                    second_factor::setup_key(&state.db, &user).await?,
                ))
            }
        }
        .await,
    )
}

/// Finishes signing in with a code from the app (or a recovery code), then goes to `next`. For
/// an account setting up its key, confirms it with the code and answers the recovery codes,
/// to be shown once (the page then links on to `next`).
#[server(endpoint = "verify_second_factor")]
pub async fn verify_second_factor(
    code: String,
    next: String,
) -> Result<Option<Vec<String>>, AppError> {
    use crate::server::auth::{self, second_factor};
    super::respond(
        async {
            let state = crate::server::state()?;
            let session = session().await?;
            let user = auth::pending_user(&session, &state.db).await?;
            let at = state.clock.timestamp();
            let enabled = {
                let mut conn = state.db.acquire().await?;
                second_factor::enabled(&mut conn, user.id).await?
            };
            if enabled {
                second_factor::verify(&state.db, &user, &code, &at).await?;
                auth::finish_sign_in(&state.db, &session, &user, true, &at).await?;
                leptos_axum::redirect(crate::domain::LocalPath::or_home(&next).as_str());
                Ok(None)
            } else {
                let codes = second_factor::confirm(&state.db, &user, &code, &at).await?;
                auth::finish_sign_in(&state.db, &session, &user, true, &at).await?;
                Ok(Some(codes))
            }
        }
        .await,
    )
}

/// Ends the signed-in session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::auth;
    super::respond(
        async {
            // A session's own business: never done with an access token.
            let (viewer, state) = super::authorize(&crate::policy::Action::ManageOwnAccount)?;
            let session = session().await?;
            auth::sign_out(&state.db, &session, &viewer, &state.clock.timestamp()).await?;
            leptos_axum::redirect("/sign-in");
            Ok(())
        }
        .await,
    )
}

/// The signed-in user's own account (an anonymous visitor is sent to sign in).
#[server(endpoint = "account")]
pub async fn get_account() -> Result<crate::models::Account, AppError> {
    use crate::policy::Action;
    use crate::server::auth::second_factor;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ManageOwnAccount)?;
            let user = viewer.user().cloned().ok_or(AppError::NotSignedIn)?;
            let mut conn = state.db.acquire().await?;
            let second_factor = second_factor::status(&mut conn, &user).await?;
            let today = state.clock.today();
            let tokens = crate::server::auth::tokens::list(
                &mut conn,
                user.id,
                user.role,
                today,
                &state.settings,
            )
            .await?;
            Ok(crate::models::Account {
                user,
                second_factor,
                tokens,
            })
        }
        .await,
    )
}

/// A key for the signed-in user's authenticator app, to set up (or replace) their second
/// factor; the key in use, if any, works until the new one is confirmed.
#[server(endpoint = "start_second_factor_setup")]
pub async fn start_second_factor_setup() -> Result<crate::models::SetupKey, AppError> {
    use crate::policy::Action;
    use crate::server::auth::second_factor;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ManageOwnAccount)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            second_factor::setup_key(&state.db, user).await
        }
        .await,
    )
}

/// Confirms the key being set up with the signed-in user's password and a code from the key;
/// answers the new recovery codes.
#[server(endpoint = "confirm_second_factor")]
pub async fn confirm_second_factor(
    current_password: String,
    code: String,
) -> Result<Vec<String>, AppError> {
    use crate::policy::Action;
    use crate::server::auth::{self, second_factor};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ManageOwnAccount)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let at = state.clock.timestamp();
            auth::confirm_password(&state.db, user, &current_password, &client_address(), &at)
                .await?;
            second_factor::confirm(&state.db, user, &code, &at).await
        }
        .await,
    )
}

/// Turns off the signed-in user's second factor, with their password and a current code,
/// where their role does not require one.
#[server(endpoint = "turn_off_second_factor")]
pub async fn turn_off_second_factor(
    current_password: String,
    code: String,
) -> Result<(), AppError> {
    use crate::policy::Action;
    use crate::server::auth::{self, second_factor};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ManageOwnAccount)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            if crate::policy::second_factor_required(user.role) {
                return Err(AppError::Forbidden);
            }
            let at = state.clock.timestamp();
            auth::confirm_password(&state.db, user, &current_password, &client_address(), &at)
                .await?;
            second_factor::turn_off(&state.db, user, &code, &at).await
        }
        .await,
    )
}

/// Changes the signed-in user's own password (`current_password` must be right); every other
/// session of theirs ends.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    repeat: String,
) -> Result<(), AppError> {
    use crate::policy::Action;
    use crate::server::auth::{self, PasswordChange};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ManageOwnAccount)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let change = PasswordChange {
                current: &current_password,
                new_password: &password,
                repeat: &repeat,
            };
            auth::change_password(
                &state.db,
                &session().await?,
                user,
                change,
                &client_address(),
                &state.clock.timestamp(),
            )
            .await
        }
        .await,
    )
}

/// Who a one-time password link is for (public: whoever holds the link). `NotFound` for a
/// link that does not work.
#[server(endpoint = "password_link")]
pub async fn get_password_link(token: String) -> Result<crate::models::LinkHolder, AppError> {
    use crate::server::auth::links;
    super::respond(
        async {
            let state = crate::server::state()?;
            links::holder(&state.db, &token, &state.clock).await
        }
        .await,
    )
}

/// Chooses a password with a one-time link, then goes to the sign-in page.
#[server(endpoint = "set_password")]
pub async fn set_password(token: String, password: String, repeat: String) -> Result<(), AppError> {
    use crate::server::auth::links;
    super::respond(
        async {
            let state = crate::server::state()?;
            links::set_password(&state.db, &token, &password, &repeat, &state.clock).await?;
            leptos_axum::redirect("/sign-in?password=set");
            Ok(())
        }
        .await,
    )
}
