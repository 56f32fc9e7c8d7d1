//! Redaction, one mechanism for every output: which names and headers hold secrets, and a
//! redactor that masks every secret value seen in the run wherever it appears. Values become
//! `***` whatever their length.

use crate::request::{HttpRequest, HttpResponse};

pub const MASK: &str = "***";

const NAME_PATTERNS: [&str; 9] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "authorization",
    "cookie",
];

const NOT_SECRET_SUFFIXES: [&str; 7] = [
    "type",
    "expirydays",
    "expiry",
    "expiresin",
    "expireson",
    "url",
    "endpoint",
];

const SECRET_HEADERS: [&str; 7] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "apikey",
];

/// Whether a variable or JSON field of this name holds a secret (case-insensitive substring).
pub fn is_secret_name(name: &str, extra: &[String]) -> bool {
    let lower = name.to_ascii_lowercase();
    // `tokenType: Bearer`, `secretExpiryDays: 100`, `tokenUrl`: about a secret, not one.
    if NOT_SECRET_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return false;
    }
    NAME_PATTERNS.iter().any(|p| lower.contains(p))
        || lower.contains("session")
        || extra
            .iter()
            .any(|p| lower.contains(&p.to_ascii_lowercase()))
}

pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h))
}

/// Masks known secret values in any text. Longest values first, so a secret that contains
/// another is masked whole.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    values: Vec<String>,
    extra_names: Vec<String>,
}

/// Values shorter than this are too likely to be ordinary words or digits to mask everywhere.
const MIN_SECRET_LEN: usize = 3;

impl Redactor {
    pub fn new(extra_names: Vec<String>) -> Self {
        Redactor {
            values: Vec::new(),
            extra_names,
        }
    }

    pub fn extra_names(&self) -> &[String] {
        &self.extra_names
    }

    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if value.len() < MIN_SECRET_LEN || self.values.iter().any(|v| v == value) {
            return;
        }
        self.values.push(value.to_string());
        self.values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        // A token shown percent-encoded in a URL or form body is the same secret.
        let encoded =
            percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        if encoded != value && !self.values.contains(&encoded) {
            self.values.push(encoded);
            self.values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        }
    }

    /// Learns the secrets a request carries in its headers (`Authorization: Bearer x` → `x`).
    pub fn learn_headers(&mut self, headers: &[(String, String)]) {
        for (k, v) in headers {
            if k.eq_ignore_ascii_case("cookie") || k.eq_ignore_ascii_case("set-cookie") {
                self.learn_cookies(k, v);
            } else if is_secret_header(k) {
                self.add(v);
                if let Some((_, credential)) = v.split_once(' ') {
                    self.add(credential);
                }
            }
        }
    }

    /// Cookie values are secrets where the cookie's name is (`SESSIONID`, `auth_token`): they
    /// stay masked wherever a script prints them. `Set-Cookie` names one cookie, `Cookie` many.
    fn learn_cookies(&mut self, header: &str, value: &str) {
        let pairs: Vec<&str> = if header.eq_ignore_ascii_case("set-cookie") {
            value.split(';').take(1).collect()
        } else {
            value.split(';').collect()
        };
        for pair in pairs {
            if let Some((name, v)) = pair.split_once('=') {
                if is_secret_name(name.trim(), &self.extra_names) {
                    self.add(v.trim());
                }
            }
        }
    }

    /// Learns values of secret-named fields in a JSON body (`accessToken`, `secret`, …). Walks
    /// the text without building a tree: only secret values are copied.
    pub fn learn_json(&mut self, body: &[u8]) {
        let mut de = serde_json::Deserializer::from_slice(body);
        let _ = serde::de::DeserializeSeed::deserialize(
            learn::Walk {
                redactor: self,
                depth: 0,
                secret: false,
            },
            &mut de,
        );
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for v in &self.values {
            if out.contains(v.as_str()) {
                out = out.replace(v.as_str(), MASK);
            }
        }
        out
    }

    pub fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(k, v)| {
                let v = if is_secret_header(k) {
                    MASK.to_string()
                } else {
                    self.redact(v)
                };
                (k.clone(), v)
            })
            .collect()
    }

    pub fn request(&self, req: &HttpRequest) -> HttpRequest {
        HttpRequest {
            method: req.method.clone(),
            url: self.redact(&req.url),
            headers: self.headers(&req.headers),
            body: req
                .body
                .as_ref()
                .map(|b| self.redact(&String::from_utf8_lossy(b)).into_bytes()),
        }
    }

    pub fn response(&self, resp: &HttpResponse) -> HttpResponse {
        HttpResponse {
            headers: self.headers(&resp.headers),
            body: self
                .redact(&String::from_utf8_lossy(&resp.body))
                .into_bytes(),
            ..resp.clone()
        }
    }
}

/// The JSON walk behind `Redactor::learn_json`.
mod learn {
    use super::{Redactor, is_secret_name};
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    /// Values nested deeper than this are read past, not searched.
    const MAX_DEPTH: usize = 32;

    pub(super) struct Walk<'r> {
        pub(super) redactor: &'r mut Redactor,
        pub(super) depth: usize,
        /// The value sits under a secret-named key: a string here is learnt.
        pub(super) secret: bool,
    }

    impl Walk<'_> {
        fn child(&mut self, secret: bool) -> Walk<'_> {
            Walk {
                redactor: &mut *self.redactor,
                depth: self.depth + 1,
                secret,
            }
        }
    }

    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
            if self.depth > MAX_DEPTH {
                return de.deserialize_ignored_any(IgnoredAny).map(drop);
            }
            de.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_str<E>(self, v: &str) -> Result<(), E> {
            if self.secret {
                self.redactor.add(v);
            }
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        // Strings in an array under a secret key are not learnt: only a key's own value is.
        fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(self.child(false))?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
            while let Some(secret) = map.next_key_seed(SecretKey(self.redactor.extra_names()))? {
                map.next_value_seed(self.child(secret))?;
            }
            Ok(())
        }
    }

    /// Reads a key and says whether it names a secret.
    struct SecretKey<'n>(&'n [String]);

    impl<'de> DeserializeSeed<'de> for SecretKey<'_> {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<bool, D::Error> {
            de.deserialize_str(self)
        }
    }

    impl<'de> Visitor<'de> for SecretKey<'_> {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object key")
        }
        fn visit_str<E>(self, key: &str) -> Result<bool, E> {
            Ok(is_secret_name(key, self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_known_values_headers_and_json_fields() {
        let mut r = Redactor::new(vec!["pin".into()]);
        r.add("hunter2!");
        r.learn_headers(&[("Authorization".into(), "Bearer eyJabc.def".into())]);
        r.learn_json(br#"{"accessToken":"tok-123","nested":{"userPin":"9876"},"n":"visible"}"#);
        let text = "pw=hunter2%21&t=eyJabc.def tok-123 9876 visible";
        assert_eq!(r.redact(text), "pw=***&t=*** *** *** visible");
        let h = r.headers(&[
            ("Set-Cookie".into(), "sid=1".into()),
            ("X-Tag".into(), "tok-123".into()),
        ]);
        assert_eq!(h[0].1, MASK);
        assert_eq!(h[1].1, MASK);
        assert!(is_secret_name("client_secret", &[]));
        assert!(is_secret_name("user_token", &[]));
        assert!(!is_secret_name("host", &[]));
        assert!(!is_secret_name("tokenType", &[]));
        assert!(!is_secret_name("secretExpiryDays", &[]));
    }

    #[test]
    fn learns_secrets_in_arrays_broken_and_deep_bodies() {
        let mut r = Redactor::new(Vec::new());
        r.learn_json(
            br#"[{"items":[{"client_secret":"cs-1","n":1}]},{"token":{"refresh_token":"rt-2"}}]"#,
        );
        // A body cut short still gives up the secrets before the cut.
        r.learn_json(br#"{"password":"pw-3","rest":[1,2"#);
        r.learn_json(br#"{"tokenType":"Bearer","token":42,"id_token":null}"#);
        assert_eq!(
            r.redact("cs-1 rt-2 pw-3 Bearer 42"),
            "*** *** *** Bearer 42"
        );
        let deep = format!(
            "{}{{\"token\":\"deep-4\"}}{}",
            "[".repeat(20),
            "]".repeat(20)
        );
        r.learn_json(deep.as_bytes());
        assert_eq!(r.redact("deep-4"), MASK);
        let hostile = "[".repeat(100_000);
        r.learn_json(hostile.as_bytes());
        r.learn_json(b"\xff\xfe not json");
    }
}
