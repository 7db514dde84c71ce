//! The second factor: codes from an authenticator app (TOTP, RFC 6238: HMAC-SHA1, six digits,
//! 30-second steps, one step of clock drift either way), and ten one-time recovery codes for a
//! lost phone. Required for the roles `policy::second_factor_required` names, optional for
//! others. A code is accepted once (the step of the last accepted code is kept), attempts are
//! throttled like passwords, and turning the factor on or off is audited.
//!
//! The codes follow the real time, not the application's clock (which the demo may set back):
//! the phone's clock is the real one.

use super::{FAILURE_LIMIT, LOCK_SECONDS, locked, secret, unix_now, user_event};
use crate::error::{AppError, FieldError, Problem};
use crate::models::{SecondFactorStatus, SetupKey, SignedInUser};
use crate::server::Timestamp;
use crate::server::db::audit::{self, Actor, Change};
use crate::server::db::{Db, second_factors, sessions, users};
use sqlx::AnyConnection;
use totp_rs::{Builder, Secret, Totp};

/// The name an authenticator app shows beside the account.
pub const ISSUER: &str = "Lägesbild";
/// How many recovery codes a user gets.
pub const RECOVERY_CODES: usize = 10;
/// The field codes are typed in.
pub const FIELD: &str = "code";
/// How long a key being set up may wait for its first code: a key shown on a screen long ago
/// may have been seen by others.
pub const SETUP_SECONDS: i64 = 30 * 60;

/// The alphabet of recovery codes: Crockford's base32 (no i, l, o or u to misread).
const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Whether `user` must give a second factor after their password (they have one, or their
/// role requires one), and whether they are exempt from the requirement. The demo plan's
/// accounts are exempt: their password is printed on the sign-in page, so a second factor
/// would protect nothing, and an installation without the demo plan has none of them.
pub async fn needed(
    conn: &mut AnyConnection,
    user: &SignedInUser,
) -> Result<(bool, bool), AppError> {
    let exempt = exempt(conn, user).await?;
    let required = crate::policy::second_factor_required(user.role) && !exempt;
    Ok((required || enabled(conn, user.id).await?, exempt))
}

/// Whether `user` is exempt from the requirement: one of the demo plan's accounts.
pub async fn exempt(conn: &mut AnyConnection, user: &SignedInUser) -> Result<bool, AppError> {
    Ok(users::is_demo_account(conn, user.id).await?)
}

/// Whether the user has a confirmed key.
pub async fn enabled(conn: &mut AnyConnection, user_id: i64) -> Result<bool, AppError> {
    Ok(second_factors::get(conn, user_id)
        .await?
        .is_some_and(|factor| factor.secret.is_some()))
}

/// The user's second factor as their account page shows it.
pub async fn status(
    conn: &mut AnyConnection,
    user: &SignedInUser,
) -> Result<SecondFactorStatus, AppError> {
    let factor = second_factors::get(conn, user.id).await?;
    let being_set_up = factor
        .clone()
        .and_then(|factor| fresh_pending(factor, unix_now()))
        .map(|key| key_to_set_up(&key, &user.email))
        .transpose()?;
    Ok(SecondFactorStatus {
        since: factor
            .filter(|f| f.secret.is_some())
            .and_then(|f| f.confirmed_at),
        recovery_codes_left: second_factors::recovery_codes_left(conn, user.id).await?,
        required: crate::policy::second_factor_required(user.role),
        being_set_up,
    })
}

/// The key being set up for `user`: the one made earlier if it has not been confirmed yet (so
/// that reloading the page does not change the QR code already scanned), otherwise a new one.
/// A key in use goes on working until the new one is confirmed.
pub async fn setup_key(db: &Db, user: &SignedInUser) -> Result<SetupKey, AppError> {
    let mut tx = db.begin().await?;
    let now = unix_now();
    let pending = second_factors::get(&mut tx, user.id)
        .await?
        .and_then(|factor| fresh_pending(factor, now));
    let key = match pending {
        Some(key) => key,
        None => {
            let key = new_key();
            second_factors::set_pending(&mut tx, user.id, &key, now).await?;
            key
        }
    };
    tx.commit().await?;
    key_to_set_up(&key, &user.email)
}

/// A key as the person adds it to their app: typed in groups of four, or scanned.
fn key_to_set_up(key: &str, email: &str) -> Result<SetupKey, AppError> {
    let uri = totp(key, email)?.to_url().map_err(|_| AppError::Internal)?;
    Ok(SetupKey {
        key: grouped(key, 4),
        uri,
    })
}

/// Confirms the key being set up with a code from it: it becomes the key in use, and the user
/// gets new recovery codes (returned, to be shown once; only their hashes are kept). Audited.
pub async fn confirm(
    db: &Db,
    user: &SignedInUser,
    code: &str,
    at: &Timestamp,
) -> Result<Vec<String>, AppError> {
    let now = unix_now();
    claim(db, user, now, at).await?;
    let mut tx = db.begin().await?;
    let factor = second_factors::get(&mut tx, user.id).await?;
    let replaced = factor.as_ref().is_some_and(|f| f.secret.is_some());
    let pending = factor
        .and_then(|f| fresh_pending(f, now))
        .ok_or(AppError::NotFound)?;
    let step = match parse(code) {
        Code::App(digits) => totp(&pending, &user.email)?.check(&digits, now as u64),
        _ => None,
    };
    let confirmed = match step {
        Some(step) => {
            let step = i64::try_from(step).map_err(|_| AppError::Internal)?;
            second_factors::confirm(&mut tx, user.id, &pending, step, at.as_str()).await?
        }
        None => false,
    };
    if !confirmed {
        return refuse(tx, user, now, at).await;
    }
    sessions::clear_attempts(&mut tx, &throttle_key(user.id)).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| secret::hash(&normalize(c))).collect();
    second_factors::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    let id = user.id.to_string();
    let change = Change {
        after: Some(serde_json::json!({ "replaced": replaced })),
        ..user_event(&id, "second_factor_on")
    };
    audit::record(&mut tx, at, &Actor::user(user), change).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Checks a code from the app, or a recovery code (which is then used up), for a user with a
/// confirmed key. Throttled per account as passwords are: after [`FAILURE_LIMIT`] wrong codes
/// the account's codes are locked for [`LOCK_SECONDS`].
pub async fn verify(
    db: &Db,
    user: &SignedInUser,
    code: &str,
    at: &Timestamp,
) -> Result<(), AppError> {
    let now = unix_now();
    claim(db, user, now, at).await?;
    let mut tx = db.begin().await?;
    let accepted = match parse(code) {
        Code::App(digits) => {
            let key = second_factors::get(&mut tx, user.id)
                .await?
                .and_then(|factor| factor.secret);
            let step = match key {
                Some(key) => totp(&key, &user.email)?.check(&digits, now as u64),
                None => None,
            };
            match step.and_then(|s| i64::try_from(s).ok()) {
                Some(step) => second_factors::accept_step(&mut tx, user.id, step).await?,
                None => false,
            }
        }
        Code::Recovery(code) => {
            let used =
                second_factors::take_recovery_code(&mut tx, user.id, &secret::hash(&code)).await?;
            if used {
                let id = user.id.to_string();
                let change = user_event(&id, "recovery_code_used");
                audit::record(&mut tx, at, &Actor::user(user), change).await?;
            }
            used
        }
        Code::Neither => false,
    };
    if !accepted {
        return refuse(tx, user, now, at).await;
    }
    sessions::clear_attempts(&mut tx, &throttle_key(user.id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Turns off the signed-in user's own second factor, proven with a code (or recovery code),
/// where their role allows it. Audited.
pub async fn turn_off(
    db: &Db,
    user: &SignedInUser,
    code: &str,
    at: &Timestamp,
) -> Result<(), AppError> {
    if crate::policy::second_factor_required(user.role) {
        return Err(AppError::Forbidden);
    }
    verify(db, user, code, at).await?;
    let mut tx = db.begin().await?;
    if !second_factors::remove(&mut tx, user.id).await? {
        return Err(AppError::NotFound);
    }
    let id = user.id.to_string();
    let change = user_event(&id, "second_factor_off");
    audit::record(&mut tx, at, &Actor::user(user), change).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes the second factor of the user with `user_id` (an administrator's help for someone
/// who lost both phone and recovery codes) and ends their sessions: where their role requires
/// one, they set up a new key at their next sign-in. Audited; `NotFound` when there was none.
pub async fn reset(
    conn: &mut AnyConnection,
    user_id: i64,
    actor: &Actor,
    at: &Timestamp,
) -> Result<(), AppError> {
    if !second_factors::remove(conn, user_id).await? {
        return Err(AppError::NotFound);
    }
    sessions::delete_for_user(conn, user_id).await?;
    crate::server::db::tokens::revoke_all(conn, user_id, at).await?;
    let id = user_id.to_string();
    audit::record(conn, at, actor, user_event(&id, "second_factor_reset")).await?;
    Ok(())
}

/// Counts an attempt before its code is checked, in its own transaction (so that it counts
/// whatever happens next); refuses at once while the account's codes are locked.
async fn claim(db: &Db, user: &SignedInUser, now: i64, at: &Timestamp) -> Result<(), AppError> {
    let key = throttle_key(user.id);
    let mut tx = db.begin().await?;
    let lock = sessions::claim_attempt(&mut tx, &key, now, FAILURE_LIMIT, LOCK_SECONDS).await?;
    if lock.is_some() {
        let id = user.id.to_string();
        let change = user_event(&id, "second_factor_locked");
        audit::record(&mut tx, at, &Actor::user(user), change).await?;
    }
    tx.commit().await?;
    match lock {
        Some(until) => Err(locked(until, now)),
        None => Ok(()),
    }
}

/// A wrong code: counted (it was, by [`claim`]), locking the account's codes at the limit, and
/// recorded.
async fn refuse<T>(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    user: &SignedInUser,
    now: i64,
    at: &Timestamp,
) -> Result<T, AppError> {
    let key = throttle_key(user.id);
    let lock = sessions::lock_if_reached(&mut tx, &key, FAILURE_LIMIT, now + LOCK_SECONDS).await?;
    let id = user.id.to_string();
    let change = user_event(&id, "second_factor_failed");
    audit::record(&mut tx, at, &Actor::user(user), change).await?;
    tx.commit().await?;
    Err(match lock {
        Some(until) => locked(until, now),
        None => AppError::Invalid {
            errors: vec![FieldError::new(FIELD, Problem::WrongCode)],
        },
    })
}

/// The key being set up, unless it was made more than [`SETUP_SECONDS`] ago.
fn fresh_pending(factor: second_factors::StoredFactor, now: i64) -> Option<String> {
    let made = factor.pending_at?;
    factor
        .pending_secret
        .filter(|_| now.saturating_sub(made) < SETUP_SECONDS)
}

fn throttle_key(user_id: i64) -> String {
    format!("second-factor {user_id}")
}

/// What was typed in the code field.
#[derive(Debug, PartialEq, Eq)]
enum Code {
    /// Six digits: a code from the app.
    App(String),
    /// A recovery code, normalised.
    Recovery(String),
    Neither,
}

fn parse(typed: &str) -> Code {
    let code = normalize(typed);
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Code::App(code)
    } else if code.len() == 24 && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        Code::Recovery(code)
    } else {
        Code::Neither
    }
}

/// A code as typed, without spaces and hyphens, in lower case, with the letters Crockford's
/// base32 reads as digits (o as 0, i and l as 1).
fn normalize(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .take(64)
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            other => other,
        })
        .collect()
}

/// A new key: 160 random bits (what RFC 4226 recommends), in base32.
fn new_key() -> String {
    use rand::Rng;
    Secret::from(rand::rng().random::<[u8; 20]>().to_vec()).to_base32()
}

/// A new recovery code: 120 random bits, as four groups of six characters.
fn new_recovery_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let code: String = (0..24)
        .map(|_| char::from(RECOVERY_ALPHABET[rng.random_range(0..32)]))
        .collect();
    grouped(&code, 6).replace(' ', "-")
}

fn grouped(text: &str, size: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(size)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn totp(key: &str, email: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(key).map_err(|_| AppError::Internal)?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(email.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|error| {
            super::telemetry::failure("making a TOTP key", &error);
            AppError::Internal
        })
}

/// The QR code of an `otpauth://` address, as an SVG drawing (served inline: no request leaves
/// the page for it).
pub fn qr_svg(uri: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(|_| AppError::Internal)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_digits_or_a_recovery_code_however_it_is_typed() {
        assert_eq!(parse(" 123 456 "), Code::App("123456".into()));
        let recovery = new_recovery_code();
        assert_eq!(recovery.len(), 27, "{recovery}");
        assert_eq!(
            parse(&recovery.to_uppercase()),
            Code::Recovery(normalize(&recovery))
        );
        assert_eq!(parse("12345"), Code::Neither);
        assert_eq!(parse("abcdef"), Code::Neither);
        assert_eq!(parse(&"1".repeat(100_000)), Code::Neither);
    }

    #[test]
    fn a_key_works_in_authenticator_apps_and_accepts_only_its_own_codes() {
        let key = new_key();
        assert_eq!(key.len(), 32);
        let totp = totp(&key, "anna@example.se").unwrap();
        let url = totp.to_url().unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&format!("secret={key}")), "{url}");
        let now = 1_800_000_000;
        let code = totp.generate(now).to_string();
        assert_eq!(totp.check(&code, now), Some(now / 30));
        // One step of drift either way, no more.
        assert!(totp.check(&code, now + 30).is_some());
        assert!(totp.check(&code, now + 90).is_none());
        let other = super::totp(&new_key(), "anna@example.se").unwrap();
        assert!(other.check(&code, now).is_none());
        assert!(qr_svg(&url).unwrap().starts_with("<?xml"));
    }
}
