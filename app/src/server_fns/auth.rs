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

/// Signs in with an e-mail address and password, then goes to `next` (a path on this site).
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::server::auth;
    super::respond(
        async {
            let state = crate::server::state()?;
            let session: tower_sessions::Session = leptos_axum::extract()
                .await
                .map_err(|_| AppError::Internal)?;
            let client = leptos::prelude::use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<auth::ClientAddress>().cloned())
                .unwrap_or_else(|| auth::ClientAddress::of(None, &[], false));
            let user = auth::check_credentials(
                &state.db,
                &email,
                &password,
                &client,
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
            let session: tower_sessions::Session = leptos_axum::extract()
                .await
                .map_err(|_| AppError::Internal)?;
            auth::sign_out(&state.db, &session, &viewer, &state.clock.timestamp()).await?;
            leptos_axum::redirect("/sign-in");
            Ok(())
        }
        .await,
    )
}
