//! Secrets that stand in for a password in an address (a calendar feed, a one-time password
//! link): 256 random bits written as 64 hexadecimal digits, and their SHA-256 hash for storing.

use sha2::{Digest, Sha256};

/// A new secret: 256 bits from the operating system's generator.
pub fn new() -> String {
    use rand::Rng;
    hex(&rand::rng().random::<[u8; 32]>())
}

/// What is stored of a secret: its SHA-256 hash, in hexadecimal.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_64_hex_digits_and_stored_only_as_its_sha_256() {
        let secret = new();
        assert_eq!(secret.len(), 64);
        assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(new(), secret);
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
