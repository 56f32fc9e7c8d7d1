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
            if is_secret_header(k) {
                self.add(v);
                if let Some((_, credential)) = v.split_once(' ') {
                    self.add(credential);
                }
            }
        }
    }

    /// Learns values of secret-named fields in a JSON body (`accessToken`, `secret`, …).
    pub fn learn_json(&mut self, body: &[u8]) {
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
            self.learn_value(&v, 0);
        }
    }

    fn learn_value(&mut self, v: &serde_json::Value, depth: usize) {
        if depth > 32 {
            return;
        }
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) if is_secret_name(k, &self.extra_names) => {
                            self.add(s)
                        }
                        other => self.learn_value(other, depth + 1),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().for_each(|i| self.learn_value(i, depth + 1))
            }
            _ => {}
        }
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
}
