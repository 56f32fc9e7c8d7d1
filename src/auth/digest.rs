//! HTTP Digest (RFC 2617 / RFC 7616) as postman-runtime computes it: MD5, MD5-sess, SHA-256,
//! SHA-256-sess, SHA-512-256 and its -sess form; qop `auth` and `auth-int`; opaque, nc, cnonce.
//! Owns challenge parsing and the Authorization value. The 401 round trip is the runner's:
//! it sends once, calls [`select_challenge`] + [`parse_challenge`] + [`authorization`], resends.

use super::url::{path_and_query, split};
use super::{AuthClock, AuthError, BodyMode, Secret, remove_header_ignore_case};
use crate::request::HttpRequest;
use md5::Md5;
use sha2::{Digest as _, Sha256, Sha512_256};

/// Digest parameters as configured; an empty string means "not set" (Postman tests truthiness).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DigestParams {
    pub username: String,
    pub password: Secret,
    pub realm: String,
    pub nonce: String,
    /// Empty means MD5, Postman's default.
    pub algorithm: String,
    pub qop: String,
    pub nonce_count: String,
    pub client_nonce: String,
    pub opaque: String,
    /// `disableRetryRequest`: the runner must not do the 401 round trip.
    pub disable_retry: bool,
}

/// A parsed `WWW-Authenticate: Digest ...` challenge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub nonce: String,
    /// The qop the client will use: `auth` when offered, else `auth-int`, else `None`.
    pub qop: Option<String>,
    pub opaque: Option<String>,
    pub algorithm: Option<String>,
    pub stale: bool,
}

/// Everything the response hash depends on, already decided (tests feed RFC vectors here).
#[derive(Clone, Debug)]
pub struct DigestInput<'a> {
    pub algorithm: &'a str,
    pub username: &'a str,
    pub realm: &'a str,
    pub password: &'a str,
    pub method: &'a str,
    pub uri: &'a str,
    pub nonce: &'a str,
    pub nonce_count: &'a str,
    pub client_nonce: &'a str,
    pub opaque: &'a str,
    pub qop: &'a str,
    /// The entity body, hashed for `auth-int`.
    pub body: &'a [u8],
}

#[derive(Clone, Copy)]
enum Hash {
    Md5,
    Sha256,
    Sha512_256,
}

impl Hash {
    fn of(algorithm: &str) -> Result<Hash, AuthError> {
        // Postman matches these spellings exactly.
        match algorithm {
            "MD5" | "MD5-sess" | "" => Ok(Hash::Md5),
            "SHA-256" | "SHA-256-sess" => Ok(Hash::Sha256),
            "SHA-512-256" | "SHA-512-256-sess" => Ok(Hash::Sha512_256),
            other => Err(AuthError::DigestAlgorithm(other.to_string())),
        }
    }

    fn hex(self, data: &[u8]) -> String {
        let bytes: Vec<u8> = match self {
            Hash::Md5 => Md5::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha512_256 => Sha512_256::digest(data).to_vec(),
        };
        crate::hex::lower(&bytes)
    }
}

/// The `Digest ...` Authorization value, field order and quoting as Postman writes them.
pub fn compute_header(i: &DigestInput<'_>) -> Result<String, AuthError> {
    let algorithm = if i.algorithm.is_empty() {
        "MD5"
    } else {
        i.algorithm
    };
    let h = Hash::of(algorithm)?;
    let a1 = if algorithm.ends_with("-sess") {
        let a0 = h.hex(format!("{}:{}:{}", i.username, i.realm, i.password).as_bytes());
        format!("{a0}:{}:{}", i.nonce, i.client_nonce)
    } else {
        format!("{}:{}:{}", i.username, i.realm, i.password)
    };
    let a2 = if i.qop == "auth-int" {
        format!("{}:{}:{}", i.method, i.uri, h.hex(i.body))
    } else {
        format!("{}:{}", i.method, i.uri)
    };
    let (ha1, ha2) = (h.hex(a1.as_bytes()), h.hex(a2.as_bytes()));
    let with_qop = i.qop == "auth" || i.qop == "auth-int";
    let response = if with_qop {
        h.hex(
            format!(
                "{ha1}:{}:{}:{}:{}:{ha2}",
                i.nonce, i.nonce_count, i.client_nonce, i.qop
            )
            .as_bytes(),
        )
    } else {
        h.hex(format!("{ha1}:{}:{ha2}", i.nonce).as_bytes())
    };
    let mut parts = vec![
        format!("username=\"{}\"", i.username),
        format!("realm=\"{}\"", i.realm),
        format!("nonce=\"{}\"", i.nonce),
        format!("uri=\"{}\"", i.uri),
        format!("algorithm=\"{algorithm}\""),
    ];
    if with_qop {
        parts.push(format!("qop={}", i.qop));
    }
    if with_qop || algorithm == "MD5-sess" {
        if !i.nonce_count.is_empty() {
            parts.push(format!("nc={}", i.nonce_count));
        }
        parts.push(format!("cnonce=\"{}\"", i.client_nonce));
    }
    parts.push(format!("response=\"{response}\""));
    if !i.opaque.is_empty() {
        parts.push(format!("opaque=\"{}\"", i.opaque));
    }
    Ok(format!("Digest {}", parts.join(", ")))
}

/// Parses one Digest challenge (`Digest realm="..", nonce="..", qop="auth,auth-int", ...`).
pub fn parse_challenge(header: &str) -> Result<Challenge, AuthError> {
    let bad = |m: &str| AuthError::DigestChallenge(m.to_string());
    let h = header.trim_start();
    let rest = h
        .get(..6)
        .filter(|s| s.eq_ignore_ascii_case("digest"))
        .map(|_| &h[6..])
        .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
        .ok_or_else(|| bad("scheme is not Digest"))?;
    let mut ch = Challenge::default();
    let mut have_nonce = false;
    for (name, value) in auth_params(rest).map_err(|m| bad(&m))? {
        match name.to_ascii_lowercase().as_str() {
            "realm" => ch.realm = value,
            "nonce" => {
                ch.nonce = value;
                have_nonce = true;
            }
            "opaque" => ch.opaque = Some(value),
            "algorithm" => ch.algorithm = Some(value),
            "stale" => ch.stale = value.eq_ignore_ascii_case("true"),
            "qop" => {
                let offered: Vec<&str> = value.split(',').map(str::trim).collect();
                ch.qop = ["auth", "auth-int"]
                    .into_iter()
                    .find(|q| offered.iter().any(|o| o.eq_ignore_ascii_case(q)))
                    .map(str::to_string);
            }
            _ => {}
        }
    }
    if !have_nonce {
        return Err(bad("no nonce"));
    }
    Ok(ch)
}

/// `name=value` pairs after the scheme; values may be tokens or quoted strings with `\` escapes.
fn auth_params(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    loop {
        while it.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            it.next();
        }
        if it.peek().is_none() {
            return Ok(out);
        }
        let mut name = String::new();
        while let Some(&c) = it.peek() {
            if c == '=' || c.is_whitespace() || c == ',' {
                break;
            }
            name.push(c);
            it.next();
        }
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
        if it.next() != Some('=') {
            return Err(format!("parameter {name} has no value"));
        }
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
        let mut value = String::new();
        if it.peek() == Some(&'"') {
            it.next();
            loop {
                match it.next() {
                    None => return Err(format!("unterminated quoted value for {name}")),
                    Some('"') => break,
                    Some('\\') => {
                        if let Some(c) = it.next() {
                            value.push(c);
                        }
                    }
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(&c) = it.peek() {
                if c == ',' || c.is_whitespace() {
                    break;
                }
                value.push(c);
                it.next();
            }
        }
        out.push((name, value));
    }
}

/// Postman's choice among several `WWW-Authenticate` headers: the Digest one naming the
/// configured algorithm (one without `algorithm=` counts as MD5), else the first Digest one.
pub fn select_challenge<'h>(headers: &'h [(String, String)], algorithm: &str) -> Option<&'h str> {
    let digests: Vec<&str> = headers
        .iter()
        .filter(|(k, v)| {
            k.eq_ignore_ascii_case("www-authenticate")
                && v.get(..7)
                    .is_some_and(|p| p.eq_ignore_ascii_case("digest "))
        })
        .map(|(_, v)| v.as_str())
        .collect();
    let target = algorithm.to_ascii_lowercase();
    let matching = (!target.is_empty())
        .then(|| {
            digests.iter().copied().find(|v| {
                let v = v.to_ascii_lowercase();
                if !v.contains("algorithm=") {
                    return target == "md5";
                }
                v.contains(&format!("algorithm={target}"))
                    || v.contains(&format!("algorithm=\"{target}\""))
            })
        })
        .flatten();
    matching.or_else(|| digests.first().copied())
}

/// Postman's post-response decision: retry (with the challenge merged in) unless retries are
/// disabled or every value the server sent was already configured.
pub fn should_retry(params: &DigestParams, challenge: &Challenge) -> bool {
    if params.disable_retry {
        return false;
    }
    let wants_qop = challenge.qop.is_some() || !params.qop.is_empty();
    params.nonce.is_empty()
        || params.realm.is_empty()
        || (challenge.opaque.as_deref().is_some_and(|o| !o.is_empty()) && params.opaque.is_empty())
        || (challenge.qop.is_some() && params.qop.is_empty())
        || (wants_qop && (params.client_nonce.is_empty() || params.nonce_count.is_empty()))
}

/// Postman's nonce-count bump after a successful authorized response.
pub fn next_nonce_count(nc: &str) -> String {
    match nc.trim().parse::<u64>() {
        Ok(n) => format!("{:08}", n.saturating_add(1)),
        Err(_) => "00000001".to_string(),
    }
}

/// The Authorization value for `req` after `challenge`. As in Postman, configured values win
/// over the server's; the server's fill the empty ones; a fresh 8-character cnonce and nc
/// `00000001` are used when qop applies and none is configured.
pub fn authorization(
    params: &DigestParams,
    challenge: &Challenge,
    req: &HttpRequest,
    mode: BodyMode,
    clock: &dyn AuthClock,
) -> Result<String, AuthError> {
    let pick = |mine: &str, theirs: &str| -> String {
        if mine.is_empty() { theirs } else { mine }.to_string()
    };
    let mut p = params.clone();
    p.realm = pick(&p.realm, &challenge.realm);
    p.nonce = pick(&p.nonce, &challenge.nonce);
    p.opaque = pick(&p.opaque, challenge.opaque.as_deref().unwrap_or(""));
    p.qop = pick(&p.qop, challenge.qop.as_deref().unwrap_or(""));
    if !p.qop.is_empty() {
        if p.client_nonce.is_empty() {
            p.client_nonce = clock.nonce(8);
        }
        if p.nonce_count.is_empty() {
            p.nonce_count = "00000001".to_string();
        }
    }
    header_for(&p, req, mode)
}

fn header_for(p: &DigestParams, req: &HttpRequest, mode: BodyMode) -> Result<String, AuthError> {
    let uri = path_and_query(&split(&req.url)?);
    let body: &[u8] = match mode {
        BodyMode::None => &[],
        _ => req.body.as_deref().unwrap_or(&[]),
    };
    compute_header(&DigestInput {
        algorithm: &p.algorithm,
        username: &p.username,
        realm: &p.realm,
        password: p.password.expose(),
        method: &req.method,
        uri: &uri,
        nonce: &p.nonce,
        nonce_count: &p.nonce_count,
        client_nonce: &p.client_nonce,
        opaque: &p.opaque,
        qop: &p.qop,
        body,
    })
}

/// Signs up front when nonce and realm are already configured (Postman's pre-hook); otherwise
/// leaves the request alone so the runner can fetch a challenge.
pub(crate) fn apply(
    p: &DigestParams,
    req: &mut HttpRequest,
    mode: BodyMode,
    _clock: &dyn AuthClock,
) -> Result<(), AuthError> {
    if p.nonce.is_empty() || p.realm.is_empty() || p.username.is_empty() {
        return Ok(());
    }
    let value = header_for(p, req, mode)?;
    remove_header_ignore_case(req, "authorization");
    req.headers.push(("Authorization".into(), value));
    Ok(())
}

/// Whether the runner needs a 401 round trip before this digest auth can sign.
pub fn needs_challenge(p: &DigestParams) -> bool {
    p.nonce.is_empty() || p.realm.is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{FixedClock, req};
    use super::*;

    fn field<'a>(header: &'a str, name: &str) -> Option<&'a str> {
        header
            .trim_start_matches("Digest ")
            .split(", ")
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .map(|v| v.trim_matches('"'))
    }

    #[test]
    fn rfc2617_md5_qop_auth_vector() {
        let ch = parse_challenge(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        assert_eq!(ch.qop.as_deref(), Some("auth"));
        let params = DigestParams {
            username: "Mufasa".into(),
            password: Secret::new("Circle Of Life"),
            ..Default::default()
        };
        let r = req("GET", "http://www.nowhere.org/dir/index.html", &[], None);
        let h = authorization(
            &params,
            &ch,
            &r,
            BodyMode::None,
            &FixedClock {
                now: 0,
                nonce: "0a4f113b",
            },
        )
        .unwrap();
        assert_eq!(
            h,
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", \
             algorithm=\"MD5\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", \
             response=\"6629fae49393a05397450978507c4ef1\", \
             opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
        );
    }

    #[test]
    fn rfc7616_sha256_and_md5_vectors() {
        let base = DigestInput {
            algorithm: "SHA-256",
            username: "Mufasa",
            realm: "http-auth@example.org",
            password: "Circle of Life",
            method: "GET",
            uri: "/dir/index.html",
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            nonce_count: "00000001",
            client_nonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
            qop: "auth",
            body: b"",
        };
        let h = compute_header(&base).unwrap();
        assert_eq!(
            field(&h, "response"),
            Some("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
        );
        assert_eq!(field(&h, "algorithm"), Some("SHA-256"));
        let h = compute_header(&DigestInput {
            algorithm: "MD5",
            ..base.clone()
        })
        .unwrap();
        assert_eq!(
            field(&h, "response"),
            Some("8ca523f5e9506fed4657c9700eebdbec")
        );
    }

    #[test]
    fn sess_auth_int_and_legacy_variants_follow_the_formulas() {
        let md5 = |s: &str| Hash::Md5.hex(s.as_bytes());
        let base = DigestInput {
            algorithm: "MD5-sess",
            username: "u",
            realm: "r",
            password: "p",
            method: "POST",
            uri: "/x?y=1",
            nonce: "n",
            nonce_count: "",
            client_nonce: "c",
            opaque: "",
            qop: "",
            body: b"hello",
        };
        // MD5-sess without qop: A1 = H(u:r:p):n:c, response = H(HA1:n:HA2); cnonce still sent
        let ha1 = md5(&format!("{}:n:c", md5("u:r:p")));
        let want = md5(&format!("{ha1}:n:{}", md5("POST:/x?y=1")));
        let h = compute_header(&base).unwrap();
        assert_eq!(field(&h, "response"), Some(want.as_str()));
        assert_eq!(field(&h, "cnonce"), Some("c"));
        assert_eq!(field(&h, "nc"), None);
        // auth-int hashes the body into A2
        let i = DigestInput {
            algorithm: "MD5",
            qop: "auth-int",
            nonce_count: "00000002",
            ..base.clone()
        };
        let ha2 = md5(&format!("POST:/x?y=1:{}", md5("hello")));
        let want = md5(&format!("{}:n:00000002:c:auth-int:{ha2}", md5("u:r:p")));
        let h = compute_header(&i).unwrap();
        assert_eq!(field(&h, "response"), Some(want.as_str()));
        assert_eq!(field(&h, "qop"), Some("auth-int"));
        // SHA-512-256 is a real, distinct hash
        let i = DigestInput {
            algorithm: "SHA-512-256",
            ..base.clone()
        };
        let h = compute_header(&i).unwrap();
        assert_eq!(field(&h, "response").map(str::len), Some(64));
        assert_eq!(
            Hash::Sha512_256.hex(b"abc"),
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"
        );
        let err = compute_header(&DigestInput {
            algorithm: "SHA-1",
            ..base
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "unsupported digest algorithm 'SHA-1'");
    }

    #[test]
    fn challenge_parsing_and_selection() {
        let ch = parse_challenge(
            r#"digest realm="a \"q\" b",nonce=abc, algorithm=SHA-256, stale=TRUE, qop="auth-int""#,
        )
        .unwrap();
        assert_eq!(ch.realm, "a \"q\" b");
        assert_eq!(ch.nonce, "abc");
        assert_eq!(ch.algorithm.as_deref(), Some("SHA-256"));
        assert!(ch.stale);
        assert_eq!(ch.qop.as_deref(), Some("auth-int"));
        assert!(parse_challenge("Basic realm=\"x\"").is_err());
        assert!(parse_challenge("Digest realm=\"x\"").is_err());
        assert!(parse_challenge("Digest realm=\"x").is_err());
        let headers = vec![
            ("Content-Type".to_string(), "text/plain".to_string()),
            (
                "WWW-Authenticate".to_string(),
                "Digest realm=\"r\", nonce=\"1\"".to_string(),
            ),
            (
                "www-authenticate".to_string(),
                "Digest realm=\"r\", nonce=\"2\", algorithm=SHA-256".to_string(),
            ),
        ];
        assert_eq!(
            select_challenge(&headers, "SHA-256").map(|v| v.contains("\"2\"")),
            Some(true)
        );
        assert_eq!(
            select_challenge(&headers, "MD5").map(|v| v.contains("\"1\"")),
            Some(true)
        );
        assert_eq!(
            select_challenge(&headers, "").map(|v| v.contains("\"1\"")),
            Some(true)
        );
        assert_eq!(select_challenge(&headers[..1], "MD5"), None);
    }

    #[test]
    fn apply_signs_only_with_configured_nonce_and_realm() {
        let clock = FixedClock {
            now: 0,
            nonce: "cn",
        };
        let mut p = DigestParams {
            username: "u".into(),
            password: Secret::new("p"),
            ..Default::default()
        };
        let mut r = req("GET", "http://h/a?b=c", &[("Authorization", "old")], None);
        apply(&p, &mut r, BodyMode::None, &clock).unwrap();
        assert_eq!(r.headers[0].1, "old");
        assert!(needs_challenge(&p));
        p.realm = "r".into();
        p.nonce = "n".into();
        apply(&p, &mut r, BodyMode::None, &clock).unwrap();
        assert_eq!(r.headers.len(), 1);
        assert!(r.headers[0].1.starts_with("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/a?b=c\", algorithm=\"MD5\", response="));
        p.algorithm = "SHA-1".into();
        assert!(apply(&p, &mut r, BodyMode::None, &clock).is_err());
    }

    #[test]
    fn retry_and_nonce_count_rules() {
        let ch = parse_challenge(r#"Digest realm="r", nonce="n", qop="auth""#).unwrap();
        let mut p = DigestParams::default();
        assert!(should_retry(&p, &ch));
        p.realm = "r".into();
        p.nonce = "n".into();
        p.qop = "auth".into();
        p.client_nonce = "c".into();
        p.nonce_count = "00000001".into();
        assert!(!should_retry(&p, &ch));
        p.nonce.clear();
        p.disable_retry = true;
        assert!(!should_retry(&p, &ch));
        assert_eq!(next_nonce_count("00000009"), "00000010");
        assert_eq!(next_nonce_count("junk"), "00000001");
    }
}
