//! Identifiers and credentials the mock mints: transaction ids, secrets, JWT-shaped tokens.
//! Owns the randomness; must not be used for anything that needs real security (the bits come
//! from std's randomly keyed SipHash, which is unpredictable enough for a test double, not a CSPRNG).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn random_u64() -> u64 {
    // Each RandomState carries fresh per-process random keys; the counter keeps outputs distinct.
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    for chunk in out.chunks_mut(8) {
        let word = random_u64().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
    out
}

/// A random (version 4) UUID in its hyphenated lowercase form, the shape of `txnId`.
pub(crate) fn uuid_v4() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

pub(crate) fn hex_of(bytes: &[u8]) -> String {
    crate::hex::lower(bytes)
}

/// Random text over `alphabet` (modulo bias is irrelevant for a test double).
pub(crate) fn random_text(len: usize, alphabet: &[u8]) -> String {
    if alphabet.is_empty() {
        return String::new();
    }
    (0..len)
        .map(|_| char::from(alphabet[(random_u64() % alphabet.len() as u64) as usize]))
        .collect()
}

pub(crate) const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub(crate) fn base64_std(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

// Fixed text rather than a serialised map, so key order does not depend on serde_json features.
const JWT_HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"conform-mock"}"#;

/// `header.payload.signature`, each part base64url without padding, as JWT clients expect to
/// split and decode it. The signature is random bytes: nothing verifies it.
pub(crate) fn jwt_shaped(claims: &serde_json::Value) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(JWT_HEADER),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(random_bytes::<32>())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_has_version_and_variant() {
        let id = uuid_v4();
        let parts: Vec<&str> = id.split('-').collect();
        let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        assert_eq!(lens, [8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4'), "{id}");
        assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(id, uuid_v4());
    }

    #[test]
    fn hex_matches_known_vector() {
        assert_eq!(hex_of(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }

    #[test]
    fn random_text_uses_only_the_alphabet() {
        let text = random_text(64, b"ab");
        assert_eq!(text.len(), 64);
        assert!(text.chars().all(|c| c == 'a' || c == 'b'));
        assert_eq!(random_text(5, b""), "");
    }

    #[test]
    fn jwt_shape_decodes_to_the_claims() {
        let token = jwt_shaped(&serde_json::json!({"exp": 42}));
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let payload = URL_SAFE_NO_PAD
            .decode(parts[1])
            .expect("payload is base64url");
        let claims: serde_json::Value = serde_json::from_slice(&payload).expect("payload is json");
        assert_eq!(claims["exp"], 42);
        let header = URL_SAFE_NO_PAD
            .decode(parts[0])
            .expect("header is base64url");
        assert_eq!(header, JWT_HEADER.as_bytes());
    }

    #[test]
    fn base64_std_known_vector() {
        assert_eq!(base64_std(b"foob"), "Zm9vYg==");
    }
}
