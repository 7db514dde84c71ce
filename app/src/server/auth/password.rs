//! Passwords: Argon2id with 19 MiB of memory, 2 iterations and 1 lane (the OWASP minimum), in
//! the PHC string format so that the parameters travel with each hash.

use crate::error::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Shortest and longest password accepted, in characters. No composition rules.
pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Whether `password` has an acceptable length.
pub fn acceptable(password: &str) -> bool {
    (MIN_LENGTH..=MAX_LENGTH).contains(&password.chars().count())
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashes any password")
        .to_string()
}

/// Whether `password` matches `stored` (a PHC string). A malformed hash matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the time of one verification, so that an unknown address takes as long to refuse
/// as a wrong password.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("an unguessable dummy password"));
    let _ = verify(password, dummy);
}

/// At most this many passwords are checked at once: each check holds 19 MiB and a core for a
/// while, so a flood of sign-ins must not exhaust the server. Further checks wait for a place
/// up to [`CHECK_WAIT`] and are then refused as busy.
pub const CONCURRENT_CHECKS: usize = 4;
const CHECK_WAIT: Duration = Duration::from_secs(10);
static CHECKS: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(CONCURRENT_CHECKS)));

/// Whether `password` matches `stored`, checked on a blocking thread once one of the
/// [`CONCURRENT_CHECKS`] places is free. Without a stored hash (no such account, or one that is
/// not active) it spends the time of a check and answers no, so that the answer takes as long
/// either way.
pub async fn check(password: String, stored: Option<String>) -> Result<bool, AppError> {
    check_within(Arc::clone(&CHECKS), CHECK_WAIT, password, stored).await
}

async fn check_within(
    places: Arc<Semaphore>,
    wait: Duration,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let place = tokio::time::timeout(wait, places.acquire_owned())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|_| AppError::Internal)?;
    // The place goes with the check: it is freed when the check ends, even if the request
    // that asked for it has gone.
    tokio::task::spawn_blocking(move || {
        let _place = place;
        match stored {
            Some(stored) => verify(&password, &stored),
            None => {
                verify_nothing(&password);
                false
            }
        }
    })
    .await
    .map_err(|_| AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_check_waits_for_a_free_place_and_is_refused_as_busy_when_none_comes() {
        let places = Arc::new(Semaphore::new(1));
        let stored = Some(hash("korrekt häst batteri"));
        let wait = Duration::from_millis(20);
        let check = |password: &str| {
            check_within(Arc::clone(&places), wait, password.into(), stored.clone())
        };
        let taken = Arc::clone(&places).acquire_owned().await.expect("a place");
        assert_eq!(check("korrekt häst batteri").await, Err(AppError::Busy));
        drop(taken);
        assert_eq!(check("korrekt häst batteri").await, Ok(true));
        assert_eq!(check("fel").await, Ok(false));
    }

    #[test]
    fn a_hash_verifies_its_password_and_no_other() {
        let stored = hash("korrekt häst batteri");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("korrekt häst batteri", &stored));
        assert!(!verify("korrekt häst batter", &stored));
        assert!(!verify("korrekt häst batteri", "not a hash"));
    }

    #[test]
    fn passwords_of_8_to_128_characters_are_accepted_whatever_they_contain() {
        assert!(!acceptable("1234567"));
        assert!(acceptable("12345678"));
        assert!(acceptable("åäöåäöåä"));
        assert!(acceptable(&"x".repeat(128)));
        assert!(!acceptable(&"x".repeat(129)));
    }
}
