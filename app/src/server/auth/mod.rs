//! Sign-in, sign-out and who the viewer of a request is. Sessions are tower-sessions sessions
//! kept in our database ([`DbSessionStore`]); the cookie is set by its layer in the router.
//! What a viewer may do is decided elsewhere, by `crate::policy`.

pub mod password;
mod store;

pub use store::DbSessionStore;

use crate::error::AppError;
use crate::models::{SignedInUser, Viewer};
use crate::server::db::audit::{self, Actor, Change};
use crate::server::db::{Db, sessions, users};
use crate::server::{Settings, Timestamp};
use tower_sessions::Session;

/// Session keys: the signed-in user's id and when they signed in (Unix seconds).
pub const USER_ID: &str = "user_id";
pub const SIGNED_IN_AT: &str = "signed_in_at";

/// Failed sign-ins in a row for one address before sign-in is locked, and for how long.
pub const FAILURE_LIMIT: i64 = 5;
pub const LOCK_SECONDS: i64 = 15 * 60;

pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store error");
    AppError::Internal
}

/// The viewer of a request with `session`: the signed-in user while their session is within
/// its absolute lifetime and their account is active; otherwise anonymous (and a session that
/// has run out is ended).
pub async fn viewer(session: &Session, db: &Db, settings: &Settings) -> Result<Viewer, AppError> {
    let Some(user_id) = session.get::<i64>(USER_ID).await.map_err(session_error)? else {
        return Ok(Viewer::Anonymous);
    };
    let signed_in_at = session
        .get::<i64>(SIGNED_IN_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let max_age = i64::try_from(settings.session_max_age.as_secs()).unwrap_or(i64::MAX);
    let user = if unix_now().saturating_sub(signed_in_at) < max_age {
        let mut conn = db.acquire().await?;
        users::active_user(&mut conn, user_id).await?
    } else {
        None
    };
    match user {
        Some(user) => Ok(Viewer::User(user)),
        None => {
            session.flush().await.map_err(session_error)?;
            Ok(Viewer::Anonymous)
        }
    }
}

/// Checks an e-mail address and password and records the attempt in the audit trail. After
/// [`FAILURE_LIMIT`] failures in a row the address is locked for [`LOCK_SECONDS`], whether or
/// not it has an account, and the answer never says which.
pub async fn check_credentials(
    db: &Db,
    email: &str,
    password: &str,
    at: &Timestamp,
) -> Result<SignedInUser, AppError> {
    let email = email.trim().to_lowercase();
    let now = unix_now();
    let credentials = {
        let mut conn = db.acquire().await?;
        if let Some(until) = sessions::locked_until(&mut conn, &email, now).await? {
            drop(conn);
            let mut tx = db.begin().await?;
            audit::record(
                &mut tx,
                at,
                &Actor::anonymous(&email),
                attempt(&email, "sign_in_locked"),
            )
            .await?;
            tx.commit().await?;
            return Err(locked(until, now));
        }
        users::credentials(&mut conn, &email).await?
    };
    let verified = {
        let password = password.to_owned();
        let stored = credentials
            .as_ref()
            .filter(|c| c.active)
            .and_then(|c| c.password_hash.clone());
        tokio::task::spawn_blocking(move || match stored {
            Some(stored) => password::verify(&password, &stored),
            None => {
                password::verify_nothing(&password);
                false
            }
        })
        .await
        .map_err(|_| AppError::Internal)?
    };
    let mut tx = db.begin().await?;
    let user = match (&credentials, verified) {
        (Some(c), true) => users::active_user(&mut tx, c.id).await?,
        _ => None,
    };
    let Some(user) = user else {
        let lock =
            sessions::record_failure(&mut tx, &email, now, FAILURE_LIMIT, LOCK_SECONDS).await?;
        audit::record(
            &mut tx,
            at,
            &Actor::anonymous(&email),
            attempt(&email, "sign_in_failed"),
        )
        .await?;
        tx.commit().await?;
        return Err(lock.map_or(AppError::SignInFailed, |until| locked(until, now)));
    };
    sessions::clear_failures(&mut tx, &email).await?;
    let id = user.id.to_string();
    audit::record(&mut tx, at, &Actor::user(&user), user_event(&id, "sign_in")).await?;
    tx.commit().await?;
    Ok(user)
}

/// Starts a signed-in session for `user` under a fresh session id (so that an id planted
/// before sign-in is worth nothing after it).
pub async fn start_session(session: &Session, user: &SignedInUser) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID, user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(SIGNED_IN_AT, unix_now())
        .await
        .map_err(session_error)?;
    Ok(())
}

/// Ends the session and records the sign-out.
pub async fn sign_out(
    db: &Db,
    session: &Session,
    viewer: &Viewer,
    at: &Timestamp,
) -> Result<(), AppError> {
    if let Some(user) = viewer.user() {
        let mut tx = db.begin().await?;
        let id = user.id.to_string();
        audit::record(&mut tx, at, &Actor::user(user), user_event(&id, "sign_out")).await?;
        tx.commit().await?;
    }
    session.flush().await.map_err(session_error)
}

fn attempt<'a>(email: &'a str, action: &'a str) -> Change<'a> {
    Change {
        entity_type: "sign_in",
        entity_id: email,
        action,
        before: None,
        after: None,
    }
}

fn user_event<'a>(user_id: &'a str, action: &'a str) -> Change<'a> {
    Change {
        entity_type: "user",
        entity_id: user_id,
        action,
        before: None,
        after: None,
    }
}

fn locked(until: i64, now: i64) -> AppError {
    AppError::LockedOut {
        minutes: (until - now + 59) / 60,
    }
}
