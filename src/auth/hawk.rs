//! Hawk authentication (hueniverse/hawk, "hawk.1.header") as postman-runtime signs it:
//! HMAC-SHA1 or HMAC-SHA256 over the normalized request, an optional payload hash, `ext`,
//! `app` and `dlg`. Parameter names as Postman stores them (`authId`, `authKey`, ...).

use super::{AuthClock, AuthError, BodyMode, Secret, header_value, remove_header_ignore_case};
use crate::request::HttpRequest;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HawkParams {
    pub auth_id: String,
    pub auth_key: Secret,
    /// `sha1` or `sha256`; anything else gives Postman's empty header.
    pub algorithm: String,
    pub nonce: String,
    pub timestamp: String,
    pub ext: String,
    pub app: String,
    pub dlg: String,
    pub include_payload_hash: bool,
}

/// The parts of the normalized string (Hawk's "artifacts").
struct Artifacts<'a> {
    ts: &'a str,
    nonce: &'a str,
    method: &'a str,
    resource: &'a str,
    host: &'a str,
    port: u16,
    hash: Option<&'a str>,
    ext: &'a str,
    app: &'a str,
    dlg: &'a str,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Replaces the first occurrence only: Hawk's client does `ext.replace('\\', '\\\\')` with a
/// string pattern, which JavaScript applies once.
fn replace_first(s: &str, from: &str, to: &str) -> String {
    s.replacen(from, to, 1)
}

fn mac(key: &[u8], algorithm: &str, a: &Artifacts<'_>) -> Option<String> {
    let mut normalized = format!(
        "hawk.1.header\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
        a.ts,
        a.nonce,
        a.method.to_uppercase(),
        a.resource,
        a.host.to_lowercase(),
        a.port,
        a.hash.unwrap_or("")
    );
    if !a.ext.is_empty() {
        normalized.push_str(&replace_first(
            &replace_first(a.ext, "\\", "\\\\"),
            "\n",
            "\\n",
        ));
    }
    normalized.push('\n');
    if !a.app.is_empty() {
        normalized.push_str(&format!("{}\n{}\n", a.app, a.dlg));
    }
    Some(match algorithm {
        "sha1" => {
            let mut m = Hmac::<Sha1>::new_from_slice(key).ok()?;
            m.update(normalized.as_bytes());
            b64(&m.finalize().into_bytes())
        }
        "sha256" => {
            let mut m = Hmac::<Sha256>::new_from_slice(key).ok()?;
            m.update(normalized.as_bytes());
            b64(&m.finalize().into_bytes())
        }
        _ => return None,
    })
}

/// `hawk.1.payload`: the body under its media type (parameters dropped, lower case).
pub fn payload_hash(algorithm: &str, content_type: Option<&str>, body: &[u8]) -> Option<String> {
    let media = content_type
        .map(|c| c.split(';').next().unwrap_or("").trim().to_lowercase())
        .unwrap_or_default();
    let mut data = format!("hawk.1.payload\n{media}\n").into_bytes();
    data.extend_from_slice(body);
    data.push(b'\n');
    Some(match algorithm {
        "sha1" => b64(&Sha1::digest(&data)),
        "sha256" => b64(&Sha256::digest(&data)),
        _ => return None,
    })
}

fn header(p: &HawkParams, a: &Artifacts<'_>) -> String {
    let Some(mac) = mac(p.auth_key.expose().as_bytes(), &p.algorithm, a) else {
        return String::new();
    };
    let mut h = format!(
        "Hawk id=\"{}\", ts=\"{}\", nonce=\"{}\"",
        p.auth_id, a.ts, a.nonce
    );
    if let Some(hash) = a.hash {
        h.push_str(&format!(", hash=\"{hash}\""));
    }
    if !a.ext.is_empty() {
        let ext = a.ext.replace('\\', "\\\\").replace('"', "\\\"");
        h.push_str(&format!(", ext=\"{ext}\""));
    }
    h.push_str(&format!(", mac=\"{mac}\""));
    if !a.app.is_empty() {
        h.push_str(&format!(", app=\"{}", a.app));
        if !a.dlg.is_empty() {
            h.push_str(&format!("\", dlg=\"{}", a.dlg));
        }
        h.push('"');
    }
    h
}

pub fn apply(
    p: &HawkParams,
    req: &mut HttpRequest,
    mode: BodyMode,
    clock: &dyn AuthClock,
) -> Result<(), AuthError> {
    // Postman signs nothing without both credentials.
    if p.auth_id.is_empty() || p.auth_key.is_empty() {
        return Ok(());
    }
    let url = ::url::Url::parse(&req.url).map_err(|_| AuthError::UrlWithoutHost)?;
    let host = url.host_str().ok_or(AuthError::UrlWithoutHost)?.to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let resource = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    // A timestamp that is not a number is replaced by now, as Postman's parseInt test does.
    let ts = match p.timestamp.trim().parse::<i64>() {
        Ok(t) if t != 0 => t.to_string(),
        _ => clock.now_unix().to_string(),
    };
    let nonce = if p.nonce.is_empty() {
        clock.nonce(6)
    } else {
        p.nonce.clone()
    };
    // Postman hashes raw, urlencoded, file and graphql bodies; never form-data or an empty one.
    let hash = match (&req.body, mode) {
        (Some(body), m)
            if p.include_payload_hash && !body.is_empty() && m != BodyMode::FormData =>
        {
            payload_hash(&p.algorithm, header_value(req, "content-type"), body)
        }
        _ => None,
    };
    let a = Artifacts {
        ts: &ts,
        nonce: &nonce,
        method: &req.method,
        resource: &resource,
        host: &host,
        port,
        hash: hash.as_deref(),
        ext: &p.ext,
        app: &p.app,
        dlg: &p.dlg,
    };
    let value = header(p, &a);
    remove_header_ignore_case(req, "authorization");
    req.headers.push(("Authorization".into(), value));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{FixedClock, req};
    use super::*;

    fn params(ext: &str) -> HawkParams {
        HawkParams {
            auth_id: "dh37fgj492je".into(),
            auth_key: Secret::new("werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn"),
            algorithm: "sha256".into(),
            nonce: "j4h3g2".into(),
            timestamp: "1353832234".into(),
            ext: ext.into(),
            ..HawkParams::default()
        }
    }

    const CLOCK: FixedClock = FixedClock {
        now: 1_700_000_000,
        nonce: "abcdefgh",
    };

    /// The example of Hawk's specification (README, "Protocol Example").
    #[test]
    fn the_specification_example() {
        let mut r = req(
            "GET",
            "http://example.com:8000/resource/1?b=1&a=2",
            &[],
            None,
        );
        apply(&params("some-app-ext-data"), &mut r, BodyMode::None, &CLOCK).unwrap();
        assert_eq!(
            r.headers,
            vec![(
                "Authorization".to_string(),
                "Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", ext=\"some-app-ext-data\", mac=\"6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=\"".to_string()
            )]
        );
    }

    /// The specification's payload-validation example.
    #[test]
    fn the_specification_payload_example() {
        let mut p = params("some-app-ext-data");
        p.include_payload_hash = true;
        let mut r = req(
            "POST",
            "http://example.com:8000/resource/1?b=1&a=2",
            &[("Content-Type", "text/plain")],
            Some("Thank you for flying Hawk"),
        );
        apply(&p, &mut r, BodyMode::Raw, &CLOCK).unwrap();
        let h = &r.headers[1].1;
        assert!(
            h.contains("hash=\"Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=\""),
            "{h}"
        );
        assert!(
            h.ends_with("mac=\"aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw=\""),
            "{h}"
        );
    }

    #[test]
    fn defaults_app_dlg_and_refusals() {
        let mut p = params("");
        p.nonce = String::new();
        p.timestamp = "soon".into();
        p.app = "app1".into();
        p.dlg = "d1".into();
        let mut r = req("GET", "https://h.test/x", &[("authorization", "old")], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        let h = &r.headers[0].1;
        assert!(
            h.starts_with("Hawk id=\"dh37fgj492je\", ts=\"1700000000\", nonce=\"abcdef\", mac=\""),
            "{h}"
        );
        assert!(h.ends_with("\", app=\"app1\", dlg=\"d1\""), "{h}");
        assert_eq!(r.headers.len(), 1);
        // An algorithm Hawk does not know: Postman sends an empty header.
        p.algorithm = "md5".into();
        let mut r = req("GET", "https://h.test/x", &[], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert_eq!(r.headers[0].1, "");
        // No key: nothing is signed.
        p.auth_key = Secret::new("");
        let mut r = req("GET", "https://h.test/x", &[], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert!(r.headers.is_empty());
    }
}
