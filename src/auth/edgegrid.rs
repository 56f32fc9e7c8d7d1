//! Akamai EdgeGrid (EG1-HMAC-SHA256) as postman-runtime signs it: a signing key derived from
//! the client secret and the timestamp, then an HMAC over method, scheme, host, path with
//! query, the canonical form of the headers to sign, the POST body hash and the header so far.

use super::url::split;
use super::{AuthClock, AuthError, BodyMode, Secret, remove_header_ignore_case};
use crate::request::HttpRequest;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EdgeGridParams {
    pub access_token: String,
    pub client_token: String,
    pub client_secret: Secret,
    /// A URL whose host (with port) replaces the request's in the signed data.
    pub base_url: String,
    pub nonce: String,
    /// `yyyyMMddTHH:mm:ss+0000`; now when empty.
    pub timestamp: String,
    /// Comma-separated header names.
    pub headers_to_sign: String,
    /// Bytes of a POST body that are hashed (default 128 KiB).
    pub max_body_size: String,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hmac_b64(key: &[u8], data: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    m.update(data.as_bytes());
    b64(&m.finalize().into_bytes())
}

/// EdgeGrid's timestamp format, in UTC.
fn timestamp(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let iso = crate::cookies::parse::iso(days * 86_400_000);
    format!(
        "{}{}{}T{:02}:{:02}:{:02}+0000",
        &iso[0..4],
        &iso[5..7],
        &iso[8..10],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// `name:value` for each header to sign that the request has once, whitespace folded.
fn canonical_headers(names: &str, req: &HttpRequest) -> String {
    names
        .split(',')
        .filter_map(|name| {
            let name = name.trim().to_lowercase();
            let mut values = req
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(&name))
                .map(|(_, v)| v.as_str());
            // A repeated header is an array to Postman, which it does not sign.
            let value = values.next()?;
            if values.next().is_some() || value.is_empty() {
                return None;
            }
            let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(format!("{name}:{folded}"))
        })
        .collect::<Vec<_>>()
        .join("\t")
}

/// The host (and port, as written) of a URL.
fn host_of(url: &str) -> Result<String, AuthError> {
    let parts = split(url)?;
    Ok(match parts.port {
        Some(p) => format!("{}:{p}", parts.host),
        None => parts.host.to_string(),
    })
}

pub fn apply(
    p: &EdgeGridParams,
    req: &mut HttpRequest,
    mode: BodyMode,
    clock: &dyn AuthClock,
) -> Result<(), AuthError> {
    if p.access_token.is_empty() || p.client_token.is_empty() || p.client_secret.is_empty() {
        return Ok(());
    }
    remove_header_ignore_case(req, "authorization");
    let parts = split(&req.url)?;
    let host = if p.base_url.trim().is_empty() {
        host_of(&req.url)?
    } else {
        host_of(p.base_url.trim())?
    };
    let path = {
        let q = parts.query.map(|q| format!("?{q}")).unwrap_or_default();
        let path = if parts.path.is_empty() {
            "/"
        } else {
            parts.path
        };
        format!("{path}{q}")
    };
    let scheme = parts.scheme.to_string();
    let nonce = if p.nonce.is_empty() {
        uuid::Uuid::new_v4().to_string()
    } else {
        p.nonce.clone()
    };
    let ts = if p.timestamp.is_empty() {
        timestamp(clock.now_unix())
    } else {
        p.timestamp.clone()
    };
    let max_body = p
        .max_body_size
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or(131_072);
    // Only POST bodies are hashed (raw, urlencoded, file, graphql; never form-data).
    let body_hash = match (&req.body, mode) {
        (Some(body), m) if req.method == "POST" && !body.is_empty() && m != BodyMode::FormData => {
            b64(&Sha256::digest(&body[..body.len().min(max_body)]))
        }
        _ => String::new(),
    };
    let mut header = format!(
        "EG1-HMAC-SHA256 client_token={};access_token={};timestamp={ts};nonce={nonce};",
        p.client_token, p.access_token
    );
    let data = [
        req.method.as_str(),
        &scheme,
        &host,
        &path,
        &canonical_headers(&p.headers_to_sign, req),
        &body_hash,
        &header,
    ]
    .join("\t");
    let signing_key = hmac_b64(p.client_secret.expose().as_bytes(), &ts);
    header.push_str("signature=");
    header.push_str(&hmac_b64(signing_key.as_bytes(), &data));
    req.headers.push(("Authorization".into(), header));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{FixedClock, req};
    use super::*;

    const HOST: &str = "https://akaa-baseurl-xxxxxxxxxxx-xxxxxxxxxxxxx.luna.akamaiapis.net";
    const PREFIX: &str = "EG1-HMAC-SHA256 client_token=akab-client-token-xxx-xxxxxxxxxxxxxxxx;access_token=akab-access-token-xxx-xxxxxxxxxxxxxxxx;timestamp=20140321T19:34:21+0000;nonce=nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx;signature=";
    const CLOCK: FixedClock = FixedClock {
        now: 1_395_430_461,
        nonce: "",
    };

    fn params() -> EdgeGridParams {
        EdgeGridParams {
            access_token: "akab-access-token-xxx-xxxxxxxxxxxxxxxx".into(),
            client_token: "akab-client-token-xxx-xxxxxxxxxxxxxxxx".into(),
            client_secret: Secret::new("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx="),
            nonce: "nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".into(),
            timestamp: "20140321T19:34:21+0000".into(),
            ..EdgeGridParams::default()
        }
    }

    fn signature(
        p: &EdgeGridParams,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> String {
        let mut r = req(method, url, headers, body);
        apply(p, &mut r, BodyMode::Raw, &CLOCK).unwrap();
        let h = &r.headers.last().unwrap().1;
        h.strip_prefix(PREFIX).unwrap_or(h).to_string()
    }

    /// Akamai's published EdgeGrid test vectors (the same ones its client libraries test),
    /// which postman-runtime reproduces too.
    #[test]
    fn akamai_published_vectors() {
        let p = params();
        assert_eq!(
            signature(&p, "GET", &format!("{HOST}/"), &[], None),
            "tL+y4hxyHxgWVD30X3pWnGKHcPzmrIF+LThiAOhMxYU="
        );
        assert_eq!(
            signature(
                &p,
                "GET",
                &format!("{HOST}/testapi/v1/t1?p1=1&p2=2"),
                &[],
                None
            ),
            "hKDH1UlnQySSHjvIcZpDMbQHihTQ0XyVAKZaApabdeA="
        );
        assert_eq!(
            signature(
                &p,
                "POST",
                &format!("{HOST}/testapi/v1/t3"),
                &[],
                Some("datadatadatadatadatadatadatadata")
            ),
            "hXm4iCxtpN22m4cbZb4lVLW5rhX8Ca82vCFqXzSTPe4="
        );
        // PUT bodies are not hashed.
        assert_eq!(
            signature(
                &p,
                "PUT",
                &format!("{HOST}/testapi/v1/t6"),
                &[],
                Some("PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP")
            ),
            "GNBWEYSEWOLtu+7dD52da2C39aX/Jchpon3K/AmBqBU="
        );
    }

    /// Produced by postman-runtime's edgegrid authorizer on the same inputs.
    #[test]
    fn headers_base_url_and_body_limit_as_postman_signs_them() {
        let mut p = params();
        p.base_url = format!("{HOST}/");
        p.headers_to_sign = "X-Test1,X-Test2,X-Test3".into();
        let headers = [
            ("X-Test1", "test-simple-header"),
            ("X-Test2", "test     header    with  spaces"),
            ("X-Test3", "     first and last     "),
        ];
        assert_eq!(
            signature(&p, "GET", &format!("{HOST}/testapi/v1/t4"), &headers, None),
            "dAEVeWftQfVNMIWWIDgifRi0GwEJww2v0o9sQX2HDiQ="
        );
        let mut p = params();
        p.max_body_size = "8".into();
        assert_eq!(
            signature(
                &p,
                "POST",
                "http://127.0.0.1:8080/a?b=1",
                &[("Content-Type", "text/plain")],
                Some("more than eight bytes")
            ),
            "BY31Zv0SAllvi3ys4dbOPafjapQA0SQW4MEhziQ3fqI="
        );
    }

    #[test]
    fn defaults_and_missing_credentials() {
        let mut p = params();
        p.timestamp = String::new();
        p.nonce = String::new();
        let mut r = req("GET", "https://h.test/", &[("authorization", "old")], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        let h = &r.headers[0].1;
        assert!(
            h.contains(";timestamp=20140321T19:34:21+0000;nonce="),
            "{h}"
        );
        assert_eq!(r.headers.len(), 1);
        p.client_secret = Secret::new("");
        let mut r = req("GET", "https://h.test/", &[], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert!(r.headers.is_empty());
    }
}
