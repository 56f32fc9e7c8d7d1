//! HTTP Digest authentication as a server checks it (RFC 7616, RFC 2617): the challenge the
//! test server sends, parsing of the client's Authorization header, and the response hash.
//! Pure functions of their inputs; no I/O.

use std::fmt;

use md5::Md5;
use sha2::{Digest as _, Sha256};

use super::server::Recorded;

/// A Digest-protected route (RFC 7616). `algorithm` is `MD5`, `MD5-sess`, `SHA-256` or
/// `SHA-256-sess`; `qop` is `Some("auth")`, `Some("auth-int")`, `Some("auth,auth-int")` or
/// `None` (RFC 2069 form without nc/cnonce).
#[derive(Clone, Debug)]
pub struct Digest {
    pub realm: String,
    pub nonce: String,
    pub qop: Option<String>,
    pub algorithm: String,
    pub opaque: Option<String>,
    pub user: String,
    pub password: String,
}

/// Why an Authorization header was refused; the 401 body names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DigestRejection {
    Missing,
    NotDigest,
    MissingParam(&'static str),
    Mismatch(&'static str),
    UnsupportedAlgorithm(String),
    WrongResponse,
}

impl fmt::Display for DigestRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestRejection::Missing => f.write_str("no authorization header"),
            DigestRejection::NotDigest => f.write_str("authorization is not digest"),
            DigestRejection::MissingParam(p) => write!(f, "missing digest parameter {p}"),
            DigestRejection::Mismatch(p) => write!(f, "digest parameter {p} does not match"),
            DigestRejection::UnsupportedAlgorithm(a) => write!(f, "unsupported algorithm {a}"),
            DigestRejection::WrongResponse => f.write_str("wrong response hash"),
        }
    }
}

impl Digest {
    /// MD5, qop=auth, fixed nonce and opaque (tests can then compute expected hashes).
    pub fn new(user: &str, password: &str) -> Digest {
        Digest {
            realm: "conform-test".into(),
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093".into(),
            qop: Some("auth".into()),
            algorithm: "MD5".into(),
            opaque: Some("5ccc069c403ebaf9f0171e9517f40e41".into()),
            user: user.into(),
            password: password.into(),
        }
    }

    pub fn sha256(self) -> Digest {
        Digest {
            algorithm: "SHA-256".into(),
            ..self
        }
    }

    /// The `WWW-Authenticate` value.
    pub fn challenge(&self) -> String {
        let mut out = format!("Digest realm=\"{}\"", self.realm);
        if let Some(qop) = &self.qop {
            out.push_str(&format!(", qop=\"{qop}\""));
        }
        out.push_str(&format!(
            ", algorithm={}, nonce=\"{}\"",
            self.algorithm, self.nonce
        ));
        if let Some(opaque) = &self.opaque {
            out.push_str(&format!(", opaque=\"{opaque}\""));
        }
        out
    }

    /// Checks the request's Authorization header against these credentials, including that
    /// `uri` is the request-target as sent.
    pub fn verify(&self, rec: &Recorded) -> Result<(), DigestRejection> {
        let header = rec
            .header("authorization")
            .ok_or(DigestRejection::Missing)?;
        let (scheme, rest) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
        if !scheme.eq_ignore_ascii_case("digest") {
            return Err(DigestRejection::NotDigest);
        }
        let params = parse_params(rest);
        let get = |name: &'static str| {
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let need = |name: &'static str| get(name).ok_or(DigestRejection::MissingParam(name));
        let same = |name: &'static str, want: &str| {
            if need(name)? == want {
                Ok(())
            } else {
                Err(DigestRejection::Mismatch(name))
            }
        };
        same("username", &self.user)?;
        same("realm", &self.realm)?;
        same("nonce", &self.nonce)?;
        same("uri", &rec.target)?;
        if let Some(opaque) = &self.opaque {
            same("opaque", opaque)?;
        }
        let algorithm = get("algorithm").unwrap_or("MD5");
        if !algorithm.eq_ignore_ascii_case(&self.algorithm) {
            return Err(DigestRejection::Mismatch("algorithm"));
        }
        let qop = match (&self.qop, get("qop")) {
            (None, None) => None,
            (Some(offered), Some(chosen))
                if offered
                    .split(',')
                    .any(|o| o.trim().eq_ignore_ascii_case(chosen)) =>
            {
                Some(chosen)
            }
            (Some(_), None) => return Err(DigestRejection::MissingParam("qop")),
            _ => return Err(DigestRejection::Mismatch("qop")),
        };
        let inputs = DigestInputs {
            algorithm,
            user: &self.user,
            realm: &self.realm,
            password: &self.password,
            method: &rec.method,
            uri: &rec.target,
            nonce: &self.nonce,
            nc: if qop.is_some() { need("nc")? } else { "" },
            cnonce: if qop.is_some() || algorithm.to_ascii_lowercase().ends_with("-sess") {
                need("cnonce")?
            } else {
                ""
            },
            qop,
            body: &rec.body,
        };
        let expected = inputs.response()?;
        if need("response")?.eq_ignore_ascii_case(&expected) {
            Ok(())
        } else {
            Err(DigestRejection::WrongResponse)
        }
    }
}

/// Everything the response hash is computed from.
pub struct DigestInputs<'a> {
    pub algorithm: &'a str,
    pub user: &'a str,
    pub realm: &'a str,
    pub password: &'a str,
    pub method: &'a str,
    pub uri: &'a str,
    pub nonce: &'a str,
    pub nc: &'a str,
    pub cnonce: &'a str,
    pub qop: Option<&'a str>,
    pub body: &'a [u8],
}

impl DigestInputs<'_> {
    /// The `response` value of RFC 7616 §3.4.1, lowercase hex.
    pub fn response(&self) -> Result<String, DigestRejection> {
        let lower = self.algorithm.to_ascii_lowercase();
        let (base, sess) = match lower.strip_suffix("-sess") {
            Some(base) => (base, true),
            None => (lower.as_str(), false),
        };
        let h: fn(&[u8]) -> String = match base {
            "md5" => |d| hex(&Md5::digest(d)),
            "sha-256" => |d| hex(&Sha256::digest(d)),
            _ => return Err(DigestRejection::UnsupportedAlgorithm(self.algorithm.into())),
        };
        let mut ha1 = h(format!("{}:{}:{}", self.user, self.realm, self.password).as_bytes());
        if sess {
            ha1 = h(format!("{ha1}:{}:{}", self.nonce, self.cnonce).as_bytes());
        }
        let ha2 = match self.qop {
            Some(q) if q.eq_ignore_ascii_case("auth-int") => {
                h(format!("{}:{}:{}", self.method, self.uri, h(self.body)).as_bytes())
            }
            _ => h(format!("{}:{}", self.method, self.uri).as_bytes()),
        };
        let data = match self.qop {
            Some(q) => format!("{ha1}:{}:{}:{}:{q}:{ha2}", self.nonce, self.nc, self.cnonce),
            None => format!("{ha1}:{}:{ha2}", self.nonce),
        };
        Ok(h(data.as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `k=v, k="quoted \" value"` pairs; malformed tails are dropped, never panicked on.
pub fn parse_params(input: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        let key = key.trim().to_string();
        if key.is_empty() {
            return out;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            value = chars.by_ref().take_while(|c| *c != ',').collect();
            value = value.trim().to_string();
        }
        out.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7616 §3.9.1 example: same inputs, MD5 and SHA-256 responses.
    fn rfc7616(algorithm: &str) -> DigestInputs<'_> {
        DigestInputs {
            algorithm,
            user: "Mufasa",
            realm: "http-auth@example.org",
            password: "Circle of Life",
            method: "GET",
            uri: "/dir/index.html",
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            nc: "00000001",
            cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            qop: Some("auth"),
            body: b"",
        }
    }

    #[test]
    fn rfc7616_vectors() {
        assert_eq!(
            rfc7616("MD5").response(),
            Ok("8ca523f5e9506fed4657c9700eebdbec".to_string())
        );
        assert_eq!(
            rfc7616("SHA-256").response(),
            Ok("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1".to_string())
        );
        assert_eq!(
            rfc7616("SHA-512").response(),
            Err(DigestRejection::UnsupportedAlgorithm("SHA-512".into()))
        );
    }

    /// RFC 2617 §3.5 example (MD5, qop=auth).
    #[test]
    fn rfc2617_vector() {
        let inputs = DigestInputs {
            algorithm: "MD5",
            user: "Mufasa",
            realm: "testrealm@host.com",
            password: "Circle Of Life",
            method: "GET",
            uri: "/dir/index.html",
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            nc: "00000001",
            cnonce: "0a4f113b",
            qop: Some("auth"),
            body: b"",
        };
        assert_eq!(
            inputs.response(),
            Ok("6629fae49393a05397450978507c4ef1".to_string())
        );
    }

    #[test]
    fn params_handle_quotes_escapes_and_bare_tokens() {
        let p = parse_params(r#"username="Mu\"fasa", qop=auth, nc=00000001 ,uri="/a,b""#);
        assert_eq!(
            p,
            vec![
                ("username".to_string(), "Mu\"fasa".to_string()),
                ("qop".to_string(), "auth".to_string()),
                ("nc".to_string(), "00000001".to_string()),
                ("uri".to_string(), "/a,b".to_string()),
            ]
        );
        assert!(parse_params("").is_empty());
        assert_eq!(parse_params(r#"a="unterminated"#)[0].1, "unterminated");
    }
}
