//! Passwords: Argon2id with 19 MiB of memory, 2 iterations and 1 lane (the OWASP minimum), in
//! the PHC string format so that the parameters travel with each hash.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

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

#[cfg(test)]
mod tests {
    use super::*;

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
