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

/// Signs in with an e-mail address and password, then goes to `next` (a path on this site).
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::server::auth;
    super::respond(
        async {
            let state = crate::server::state()?;
            let session = session().await?;
            let user = auth::check_credentials(
                &state.db,
                &email,
                &password,
                &client_address(),
                &state.clock.timestamp(),
            )
            .await?;
            auth::start_session(&session, &user).await?;
            leptos_axum::redirect(crate::domain::LocalPath::or_home(&next).as_str());
            Ok(())
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
            let state = crate::server::state()?;
            let viewer = super::current_viewer();
            if viewer.user().is_none() {
                return Err(AppError::NotSignedIn);
            }
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
pub async fn get_account() -> Result<crate::models::SignedInUser, AppError> {
    use crate::policy::Action;
    super::respond(
        async {
            let (viewer, _) = super::authorize(&Action::ManageOwnAccount)?;
            viewer.user().cloned().ok_or(AppError::NotSignedIn)
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
