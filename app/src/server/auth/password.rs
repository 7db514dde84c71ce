//! Passwords: Argon2id with 19 MiB of memory, 2 iterations and 1 lane (the OWASP minimum), in
//! the PHC string format so that the parameters travel with each hash.

use crate::error::{AppError, FieldError, Problem};
use crate::models::users::check_password_length;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::Semaphore;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Words zxcvbn's English lists lack: the application's own and those at the top of Swedish
/// password leaks, so that `sommar2024` is as easy to guess as `summer2024`.
const SWEDISH_WORDS: [&str; 16] = [
    "lägesbild",
    "lagesbild",
    "människohandel",
    "manniskohandel",
    "lösenord",
    "losenord",
    "hemligt",
    "sommar",
    "vinter",
    "sverige",
    "stockholm",
    "göteborg",
    "malmö",
    "hejhej",
    "älskling",
    "kärlek",
];

/// The rules for every new password, wherever it is chosen (a one-time link, one's own
/// account, the command line), as errors on the form's fields `password` and `repeat`:
/// 8 to 128 characters of any kind, no composition rules, and not quick to guess. A password
/// is quick to guess when zxcvbn estimates fewer than a million guesses (its scores 0 and 1):
/// the common and breached passwords of its bundled lists, dictionary words, names, keyboard
/// patterns, dates and repeats, also when they only add digits or swap letters for symbols, and
/// anything built from `about` (the account's e-mail address and name, the application's
/// name). `repeat` must be the same as `password`.
pub fn check_new(password: &str, repeat: &str, about: &[&str]) -> Vec<FieldError> {
    if let Some(error) = check_password_length("password", password) {
        return vec![error];
    }
    // The e-mail address and name also as zxcvbn would not find them otherwise: the address's
    // local part (`anna.andersson`), each text run together (`annaandersson`) and each word.
    let mut variants: Vec<String> = Vec::new();
    for text in about {
        let text = text.to_lowercase();
        let local = text.split('@').next().unwrap_or_default();
        variants.push(local.to_owned());
        variants.push(local.chars().filter(|c| c.is_alphanumeric()).collect());
        variants.extend(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|word| word.chars().count() >= 3)
                .map(str::to_owned),
        );
    }
    let mut about: Vec<&str> = about.to_vec();
    about.extend(variants.iter().map(String::as_str));
    about.extend(SWEDISH_WORDS);
    let mut errors = Vec::new();
    if u8::from(zxcvbn::zxcvbn(password, &about).score()) < 2 {
        errors.push(FieldError::new("password", Problem::EasyToGuess));
    } else if repeat != password {
        errors.push(FieldError::new("repeat", Problem::NotTheSame));
    }
    errors
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashes any password")
        .to_string()
}

/// [`hash`] on a blocking thread, so that the 19 MiB and the core it takes for a while do not
/// hold up the requests on this worker.
pub async fn hash_off_thread(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|_| AppError::Internal)
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

    fn problems(password: &str, repeat: &str) -> Vec<(String, Problem)> {
        check_new(
            password,
            repeat,
            &["anna.andersson@lansstyrelsen.se", "Anna Andersson"],
        )
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect()
    }

    #[test]
    fn common_breached_and_patterned_passwords_are_refused_however_long() {
        let accepted: Vec<&str> = [
            "password1",
            "Password123!",
            "qwertyuiop",
            "iloveyou2",
            "1q2w3e4r5t",
            "sommar2024",
            "abcdefghij",
            "11111111111",
            "Lagesbild2026",
            "anna.andersson",
            "AnnaAndersson1",
            "Lösenord123",
        ]
        .into_iter()
        .filter(|password| {
            problems(password, password) != [("password".to_owned(), Problem::EasyToGuess)]
        })
        .collect();
        assert!(accepted.is_empty(), "accepted: {accepted:?}");
    }

    #[test]
    fn a_few_unrelated_words_are_accepted_and_must_be_repeated_exactly() {
        for password in [
            "korrekt häst batteri",
            "åtta tecken",
            "lingon-traktor-moln",
            "Tv8#qL2!zR",
        ] {
            assert_eq!(problems(password, password), [], "{password}");
        }
        assert_eq!(
            problems("korrekt häst batteri", "korrekt häst batteriet"),
            [("repeat".to_owned(), Problem::NotTheSame)]
        );
    }

    #[test]
    fn the_length_rule_comes_first() {
        assert_eq!(
            problems("kort", "kort"),
            [("password".to_owned(), Problem::TooShort { min: 8 })]
        );
        let long = "x".repeat(129);
        assert_eq!(
            problems(&long, &long),
            [("password".to_owned(), Problem::TooLong { max: 128 })]
        );
    }
}
