//! Sign-in, sign-out and who the viewer of a request is. Sessions are tower-sessions sessions
//! kept in our database ([`DbSessionStore`]); the cookie is set by its layer in the router.
//! What a viewer may do is decided elsewhere, by `crate::policy`.

pub mod links;
pub mod password;
pub mod second_factor;
pub mod secret;
mod store;
pub mod tokens;

pub use store::DbSessionStore;

use crate::error::{AppError, FieldError, Problem};
use crate::models::{SignedInUser, Viewer};
use crate::server::db::audit::{self, Actor, Change};
use crate::server::db::{Db, sessions, users};
use crate::server::{Settings, Timestamp, telemetry};
use tower_sessions::Session;

/// Session keys: the signed-in user's id and when they signed in (Unix seconds).
pub const USER_ID: &str = "user_id";
pub const SIGNED_IN_AT: &str = "signed_in_at";
/// Session keys between the password and the second factor: whose password was right, and
/// when (Unix seconds). Such a session is anonymous to everything but the second step.
pub const PENDING_USER_ID: &str = "pending_user_id";
pub const PENDING_SINCE: &str = "pending_since";
/// How long after the password the second factor may be given.
pub const PENDING_SECONDS: i64 = 10 * 60;
/// Session key: whether this sign-in satisfied the second-factor rule (a code was given, or the
/// account is exempt). A session without it is anonymous to a role that requires a second
/// factor, so that an account promoted to such a role after signing in with its password
/// alone, or a session older than the rule, signs in again.
pub const SECOND_FACTOR_DONE: &str = "second_factor_done";

/// Sign-in attempts for one account from one client address before that address is locked out
/// of the account...
pub const FAILURE_LIMIT: i64 = 5;
/// ...from one client address for any accounts before the address is locked out of all of them
/// (trying one password on many accounts)...
pub const ADDRESS_FAILURE_LIMIT: i64 = 50;
/// ...and for one account from anywhere before the account is locked: only an attack from
/// several addresses at once locks out the account's owner, never one address alone.
pub const ACCOUNT_FAILURE_LIMIT: i64 = 20;
/// How long a lock lasts, and how long attempts are remembered.
pub const LOCK_SECONDS: i64 = 15 * 60;

/// Where a request comes from: the connecting peer's IP address, or, when the operator has said
/// that a reverse proxy stands in front (`Settings::behind_proxy`), the address that proxy
/// appended last to `X-Forwarded-For`. `unknown` when neither is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(String);

impl ClientAddress {
    /// `forwarded_for` is the request's `X-Forwarded-For` lines in order; only the last entry
    /// of the last line is the proxy's own word, whatever the client wrote before it.
    pub fn of(
        peer: Option<std::net::IpAddr>,
        forwarded_for: &[&str],
        behind_proxy: bool,
    ) -> ClientAddress {
        let forwarded = forwarded_for
            .last()
            .filter(|_| behind_proxy)
            .and_then(|line| line.rsplit(',').next())
            .and_then(|last| parse_address(last.trim()));
        match forwarded.or(peer) {
            Some(address) => ClientAddress(address.to_string()),
            None => ClientAddress("unknown".to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:5678`, `2001:db8::1` or
/// `[2001:db8::1]:5678`.
fn parse_address(text: &str) -> Option<std::net::IpAddr> {
    text.parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| text.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

/// One counter a sign-in is throttled by.
struct Throttle {
    key: String,
    limit: i64,
    /// Whether a successful sign-in ends the count (the account, and the account from this
    /// address) or only takes its own attempt back (the address, which many people may share).
    cleared_by_success: bool,
}

/// The counters a sign-in for `email` from `client` is throttled by, in the order they are
/// counted: an address locked out stops before it counts against the account. The kind of each
/// key comes first, so that no e-mail address can be made to name another key.
fn throttles(email: &str, client: &ClientAddress) -> [Throttle; 3] {
    let address = client.as_str();
    [
        Throttle {
            key: format!("account-from-address {address} {email}"),
            limit: FAILURE_LIMIT,
            cleared_by_success: true,
        },
        Throttle {
            key: format!("address {address}"),
            limit: ADDRESS_FAILURE_LIMIT,
            cleared_by_success: false,
        },
        Throttle {
            key: format!("account {email}"),
            limit: ACCOUNT_FAILURE_LIMIT,
            cleared_by_success: true,
        },
    ]
}

pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    super::telemetry::failure("session store", &error);
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
    let second_factor_done = session
        .get::<bool>(SECOND_FACTOR_DONE)
        .await
        .map_err(session_error)?
        .unwrap_or(false);
    let user =
        user.filter(|user| second_factor_done || !crate::policy::second_factor_required(user.role));
    match user {
        Some(user) => Ok(Viewer::User(user)),
        None => {
            session.flush().await.map_err(session_error)?;
            Ok(Viewer::Anonymous)
        }
    }
}

/// How far a sign-in with a password got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInStep {
    /// Signed in.
    SignedIn,
    /// The password was right; a code from the authenticator app (or setting one up, where the
    /// role requires it) comes next, within [`PENDING_SECONDS`].
    SecondFactor,
}

/// Signs in with an e-mail address and password ([`check_credentials`]), or, for someone who
/// needs a second factor ([`second_factor::needed`]), takes the first of the two steps.
pub async fn sign_in(
    db: &Db,
    session: &Session,
    email: &str,
    password: &str,
    client: &ClientAddress,
    at: &Timestamp,
) -> Result<SignInStep, AppError> {
    let user = check_throttled(db, email, password, client, at, None).await?;
    let (needed, exempt) = second_factor::needed(&mut *db.acquire().await?, &user).await?;
    if !needed {
        finish_sign_in(db, session, &user, exempt, at).await?;
        return Ok(SignInStep::SignedIn);
    }
    session.cycle_id().await.map_err(session_error)?;
    session
        .remove::<i64>(USER_ID)
        .await
        .map_err(session_error)?;
    session
        .insert(PENDING_USER_ID, user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(PENDING_SINCE, unix_now())
        .await
        .map_err(session_error)?;
    Ok(SignInStep::SecondFactor)
}

/// The user whose password this session gave within [`PENDING_SECONDS`], waiting for the
/// second step; `NotSignedIn` otherwise.
pub async fn pending_user(session: &Session, db: &Db) -> Result<SignedInUser, AppError> {
    let user_id = session
        .get::<i64>(PENDING_USER_ID)
        .await
        .map_err(session_error)?;
    let since = session
        .get::<i64>(PENDING_SINCE)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let Some(user_id) = user_id.filter(|_| unix_now().saturating_sub(since) < PENDING_SECONDS)
    else {
        return Err(AppError::NotSignedIn);
    };
    let mut conn = db.acquire().await?;
    users::active_user(&mut conn, user_id)
        .await?
        .ok_or(AppError::NotSignedIn)
}

/// Signs `user` in, now that every step is done (`second_factor_done`: a code was given, or
/// the account is exempt): recorded in the audit trail, under a fresh session id.
pub async fn finish_sign_in(
    db: &Db,
    session: &Session,
    user: &SignedInUser,
    second_factor_done: bool,
    at: &Timestamp,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let id = user.id.to_string();
    audit::record(&mut tx, at, &Actor::user(user), user_event(&id, "sign_in")).await?;
    tx.commit().await?;
    session
        .remove::<i64>(PENDING_USER_ID)
        .await
        .map_err(session_error)?;
    session
        .remove::<i64>(PENDING_SINCE)
        .await
        .map_err(session_error)?;
    start_session(session, user).await?;
    session
        .insert(SECOND_FACTOR_DONE, second_factor_done)
        .await
        .map_err(session_error)
}

/// Checks an e-mail address and password and records the attempt in the audit trail. Each
/// attempt is counted before its password is checked, per client address and account and per
/// account (see [`throttles`]): after [`FAILURE_LIMIT`] attempts that did not succeed, the
/// address is locked out of the account for [`LOCK_SECONDS`]; after
/// [`ACCOUNT_FAILURE_LIMIT`], the account itself, whether or not it exists (the answer never
/// says which). At most [`password::CONCURRENT_CHECKS`] passwords are checked at once.
pub async fn check_credentials(
    db: &Db,
    email: &str,
    password: &str,
    client: &ClientAddress,
    at: &Timestamp,
) -> Result<SignedInUser, AppError> {
    check_throttled(db, email, password, client, at, Some("sign_in")).await
}

/// [`check_credentials`], recording a success in the audit trail as `success` (or not at all:
/// a password confirmed before a change is recorded with the change).
async fn check_throttled(
    db: &Db,
    email: &str,
    password: &str,
    client: &ClientAddress,
    at: &Timestamp,
    success: Option<&str>,
) -> Result<SignedInUser, AppError> {
    let email = email.trim().to_lowercase();
    let now = unix_now();
    let throttles = throttles(&email, client);
    let mut tx = db.begin().await?;
    for (counted, throttle) in throttles.iter().enumerate() {
        let claimed =
            sessions::claim_attempt(&mut tx, &throttle.key, now, throttle.limit, LOCK_SECONDS)
                .await?;
        if let Some(until) = claimed {
            // A refused attempt counts against none of the counters before the one that
            // refused it (so an account's owner is not locked out of it from their own address
            // by an attack on the account).
            for earlier in &throttles[..counted] {
                sessions::forgive_attempt(&mut tx, &earlier.key).await?;
            }
            record_attempt(&mut tx, at, &email, "sign_in_locked").await?;
            tx.commit().await?;
            telemetry::sign_in_refused("locked");
            return Err(locked(until, now));
        }
    }
    tx.commit().await?;
    let credentials = {
        let mut conn = db.acquire().await?;
        users::credentials(&mut conn, &email).await?
    };
    let stored = credentials
        .as_ref()
        .filter(|c| c.active)
        .and_then(|c| c.password_hash.clone());
    let verified = match password::check(password.to_owned(), stored).await {
        Ok(verified) => verified,
        Err(busy) => {
            // The password was not checked: the attempt counts for nothing.
            let mut tx = db.begin().await?;
            for throttle in &throttles {
                sessions::forgive_attempt(&mut tx, &throttle.key).await?;
            }
            record_attempt(&mut tx, at, &email, "sign_in_busy").await?;
            tx.commit().await?;
            telemetry::sign_in_refused("busy");
            return Err(busy);
        }
    };
    let mut tx = db.begin().await?;
    let user = match (&credentials, verified) {
        (Some(c), true) => users::active_user(&mut tx, c.id).await?,
        _ => None,
    };
    let Some(user) = user else {
        // The attempt is counted already; reaching a limit locks at once.
        let mut lock = None;
        for throttle in &throttles {
            let until = now + LOCK_SECONDS;
            let locked =
                sessions::lock_if_reached(&mut tx, &throttle.key, throttle.limit, until).await?;
            lock = lock.or(locked);
        }
        record_attempt(&mut tx, at, &email, "sign_in_failed").await?;
        tx.commit().await?;
        telemetry::sign_in_refused(if lock.is_some() { "locked" } else { "failed" });
        return Err(lock.map_or(AppError::SignInFailed, |until| locked(until, now)));
    };
    for throttle in &throttles {
        if throttle.cleared_by_success {
            sessions::clear_attempts(&mut tx, &throttle.key).await?;
        } else {
            sessions::forgive_attempt(&mut tx, &throttle.key).await?;
        }
    }
    if let Some(action) = success {
        let id = user.id.to_string();
        audit::record(&mut tx, at, &Actor::user(&user), user_event(&id, action)).await?;
    }
    tx.commit().await?;
    Ok(user)
}

/// The field in which a signed-in person confirms who they are with their password.
pub const CURRENT_PASSWORD: &str = "current_password";

/// Checks that `current` is the signed-in `user`'s password, before a change to how they sign
/// in (their password, their second factor): checked and throttled exactly as a sign-in is, so
/// that a session someone else took over cannot change them. A wrong one is a field error.
pub async fn confirm_password(
    db: &Db,
    user: &SignedInUser,
    current: &str,
    client: &ClientAddress,
    at: &Timestamp,
) -> Result<(), AppError> {
    let wrong = |problem| AppError::Invalid {
        errors: vec![FieldError::new(CURRENT_PASSWORD, problem)],
    };
    if current.is_empty() {
        return Err(wrong(Problem::Required));
    }
    match check_throttled(db, &user.email, current, client, at, None).await {
        Ok(checked) if checked.id == user.id => Ok(()),
        Ok(_) | Err(AppError::SignInFailed) => Err(wrong(Problem::WrongPassword)),
        Err(other) => Err(other),
    }
}

/// A change of one's own password, as typed in the form.
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new_password: &'a str,
    pub repeat: &'a str,
}

/// Changes the signed-in `user`'s password: the current one must be theirs (checked and
/// throttled as a sign-in is), the new one must pass [`password::check_new`]. Every other
/// session of the user ends, and this one goes on under a fresh id. Audited.
pub async fn change_password(
    db: &Db,
    session: &Session,
    user: &SignedInUser,
    change: PasswordChange<'_>,
    client: &ClientAddress,
    at: &Timestamp,
) -> Result<(), AppError> {
    let PasswordChange {
        current,
        new_password,
        repeat,
    } = change;
    let mut errors = password::check_new(new_password, repeat, &[&user.email, &user.display_name]);
    if current.is_empty() {
        errors.insert(0, FieldError::new(CURRENT_PASSWORD, Problem::Required));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid { errors });
    }
    confirm_password(db, user, current, client, at).await?;
    let new_hash = password::hash_off_thread(new_password.to_owned()).await?;
    let this_session = session.id().map(|id| id.to_string());
    let mut tx = db.begin().await?;
    users::set_password_hash(&mut tx, user.id, &new_hash).await?;
    sessions::delete_for_user_except(&mut tx, user.id, this_session.as_deref()).await?;
    let id = user.id.to_string();
    let change = user_event(&id, "password_change");
    audit::record(&mut tx, at, &Actor::user(user), change).await?;
    tx.commit().await?;
    session.cycle_id().await.map_err(session_error)
}

/// Starts a signed-in session for `user` under a fresh session id (so that an id planted
/// before sign-in is worth nothing after it).
async fn start_session(session: &Session, user: &SignedInUser) -> Result<(), AppError> {
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

/// Records a sign-in attempt that signed nobody in (`action`: failed, locked, busy).
async fn record_attempt(
    conn: &mut sqlx::AnyConnection,
    at: &Timestamp,
    email: &str,
    action: &str,
) -> Result<(), AppError> {
    let change = Change {
        entity_type: "sign_in",
        entity_id: email,
        action,
        before: None,
        after: None,
    };
    audit::record(conn, at, &Actor::anonymous(email), change).await?;
    Ok(())
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
