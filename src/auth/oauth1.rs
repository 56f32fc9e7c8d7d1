//! OAuth 1.0a request signing (RFC 5849) as postman-runtime and node-oauth1 do it: HMAC-SHA1,
//! HMAC-SHA256, HMAC-SHA512, PLAINTEXT and RSA; parameters in the Authorization header, the
//! urlencoded body or the query; optional body hash; RSA-SHA1/256/512 with a PEM private key.

use super::url::{decode_form, query_segments, rfc3986, segment_key, split, with_query};
use super::{AuthClock, AuthError, BodyMode, Secret};
use crate::request::HttpRequest;
use base64::Engine;
use hmac::{Hmac, Mac};

/// OAuth 1 parameters as configured; `None` where absent or null.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OAuth1Params {
    pub consumer_key: Option<String>,
    pub consumer_secret: Secret,
    pub token: Option<String>,
    pub token_secret: Secret,
    pub private_key: Secret,
    pub signature_method: Option<String>,
    pub timestamp: Option<String>,
    pub nonce: Option<String>,
    pub version: Option<String>,
    pub realm: Option<String>,
    pub callback: Option<String>,
    pub verifier: Option<String>,
    pub add_params_to_header: bool,
    pub add_empty_params_to_sign: bool,
    pub include_body_hash: bool,
    pub disable_header_encoding: bool,
}

const OAUTH_NAMES: [&str; 10] = [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_version",
    "oauth_signature",
    "oauth_callback",
    "oauth_verifier",
    "oauth_body_hash",
];

/// The signature base string (RFC 5849 3.4.1) over `url` (its query included) and `params`
/// (protocol and body parameters, unencoded). `oauth_signature` is never part of it.
pub fn signature_base_string(
    method: &str,
    url: &str,
    params: &[(String, Option<String>)],
) -> Result<String, AuthError> {
    let parts = split(url)?;
    let scheme = parts.scheme.to_ascii_lowercase();
    let mut authority = parts.host.to_ascii_lowercase();
    // Postman drops :80 and :443 whatever the scheme.
    if let Some(port) = parts.port.filter(|p| *p != "80" && *p != "443") {
        authority.push(':');
        authority.push_str(port);
    }
    let path = if parts.path.is_empty() {
        "/"
    } else {
        parts.path
    };
    let mut all = match parts.query.filter(|q| !q.is_empty()) {
        Some(q) => decode_form(q, "oauth1 query parameter")?,
        None => Vec::new(),
    };
    all.extend(params.iter().cloned());
    let mut encoded: Vec<(String, String)> = all
        .into_iter()
        .filter(|(k, _)| k != "oauth_signature")
        .map(|(k, v)| (rfc3986(&k), rfc3986(v.as_deref().unwrap_or(""))))
        .collect();
    // node-oauth1 sorts on "key value" (space sorts before any encoded byte).
    encoded.sort_by(|a, b| format!("{} {}", a.0, a.1).cmp(&format!("{} {}", b.0, b.1)));
    let normalized: Vec<String> = encoded.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Ok(format!(
        "{}&{}&{}",
        rfc3986(&method.to_uppercase()),
        rfc3986(&format!("{scheme}://{authority}{path}")),
        rfc3986(&normalized.join("&"))
    ))
}

fn sign(method: &str, base: &str, key: &str) -> Result<String, AuthError> {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let name = method.strip_suffix("-Accessor").unwrap_or(method);
    // Key lengths are never rejected by HMAC, so the fallbacks below are unreachable.
    match name {
        "PLAINTEXT" => Ok(key.to_string()),
        "HMAC-SHA1" => Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes())
            .map(|m| b64(&m.chain_update(base.as_bytes()).finalize().into_bytes()))
            .map_err(|_| AuthError::OAuth1Method(method.to_string())),
        "HMAC-SHA256" => Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes())
            .map(|m| b64(&m.chain_update(base.as_bytes()).finalize().into_bytes()))
            .map_err(|_| AuthError::OAuth1Method(method.to_string())),
        "HMAC-SHA512" => Hmac::<sha2::Sha512>::new_from_slice(key.as_bytes())
            .map(|m| b64(&m.chain_update(base.as_bytes()).finalize().into_bytes()))
            .map_err(|_| AuthError::OAuth1Method(method.to_string())),
        _ => Err(AuthError::OAuth1Method(method.to_string())),
    }
}

/// RSA-SHA1/256/512: RSASSA-PKCS1-v1_5 over the base string with the PEM private key, as
/// node-oauth1 signs with `crypto.createSign`.
fn rsa_sign(method: &str, base: &str, pem: &str) -> Result<String, AuthError> {
    let name = method.strip_suffix("-Accessor").unwrap_or(method);
    let hash = name
        .strip_prefix("RSA-")
        .filter(|h| matches!(*h, "SHA1" | "SHA256" | "SHA512"))
        .ok_or_else(|| AuthError::OAuth1Method(method.to_string()))?;
    let signing = |e: super::jws::SignError| AuthError::Signing {
        kind: "oauth1",
        message: e.to_string(),
    };
    let key = super::jws::rsa_key(pem).map_err(signing)?;
    let sig = super::jws::rsa_pkcs1(&key, hash, base.as_bytes()).map_err(signing)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(sig))
}

fn body_hash(algo: &str, body: &[u8]) -> Result<String, AuthError> {
    use sha2::Digest;
    let bytes = match algo.to_ascii_uppercase().as_str() {
        "SHA1" => sha1::Sha1::digest(body).to_vec(),
        "SHA256" => sha2::Sha256::digest(body).to_vec(),
        "SHA512" => sha2::Sha512::digest(body).to_vec(),
        _ => return Err(AuthError::OAuth1Method(algo.to_string())),
    };
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn is_oauth_segment(seg: &str) -> bool {
    OAUTH_NAMES.contains(&segment_key(seg))
}

pub(crate) fn apply(
    p: &OAuth1Params,
    req: &mut HttpRequest,
    mode: BodyMode,
    clock: &dyn AuthClock,
) -> Result<(), AuthError> {
    let method_name = p.signature_method.clone().unwrap_or_default();
    let (algo_part, hash_part) = match method_name.split_once('-') {
        Some((a, h)) => (a.to_uppercase(), h.split('-').next().map(str::to_string)),
        None => (method_name.to_uppercase(), None),
    };
    let is_rsa = algo_part == "RSA";
    let has = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.is_empty());
    if !has(&p.consumer_key)
        || (!is_rsa && p.consumer_secret.is_empty())
        || (is_rsa && p.private_key.is_empty())
    {
        return Ok(());
    }
    let urlencoded = mode == BodyMode::UrlEncoded;

    // Postman clears earlier OAuth data first; its header removal is case-sensitive.
    req.headers.retain(|(k, _)| k != "Authorization");
    let mut query: Vec<String> = query_segments(&req.url);
    query.retain(|s| !is_oauth_segment(s));
    req.url = with_query(&req.url, &query);
    let mut body_segs: Vec<String> = Vec::new();
    if urlencoded {
        let text = String::from_utf8_lossy(req.body.as_deref().unwrap_or(&[])).into_owned();
        body_segs = text
            .split('&')
            .filter(|s| !s.is_empty() && !is_oauth_segment(s))
            .map(str::to_string)
            .collect();
    }

    let mut v = p.clone();
    if !has(&v.nonce) {
        v.nonce = Some(clock.nonce(11));
    }
    if !has(&v.timestamp) {
        v.timestamp = Some(clock.now_unix().to_string());
    }
    if !p.add_empty_params_to_sign {
        for o in [
            &mut v.consumer_key,
            &mut v.token,
            &mut v.signature_method,
            &mut v.timestamp,
            &mut v.nonce,
            &mut v.version,
            &mut v.realm,
            &mut v.callback,
            &mut v.verifier,
        ] {
            if o.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *o = None;
            }
        }
    }

    let body_hash = match (&hash_part, urlencoded, p.include_body_hash) {
        (Some(h), false, true) if mode != BodyMode::FormData => {
            Some(body_hash(h, req.body.as_deref().unwrap_or(&[]))?)
        }
        _ => None,
    };

    let mut sig_params: Vec<(String, Option<String>)> = vec![
        ("oauth_consumer_key".into(), v.consumer_key.clone()),
        ("oauth_token".into(), v.token.clone()),
        ("oauth_signature_method".into(), v.signature_method.clone()),
        ("oauth_timestamp".into(), v.timestamp.clone()),
        ("oauth_nonce".into(), v.nonce.clone()),
        ("oauth_version".into(), v.version.clone()),
    ];
    // Extensions go in only when non-empty, whatever addEmptyParamsToSign says.
    for (k, val) in [
        ("oauth_body_hash", body_hash),
        ("oauth_callback", v.callback.clone()),
        ("oauth_verifier", v.verifier.clone()),
    ] {
        if val.as_deref().is_some_and(|s| !s.is_empty()) {
            sig_params.push((k.into(), val));
        }
    }
    sig_params.retain(|(_, val)| p.add_empty_params_to_sign || has(val));

    // node-oauth1 falls back to HMAC-SHA1 (and signs that name) when no method is given.
    let effective = v
        .signature_method
        .clone()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "HMAC-SHA1".to_string());
    let mut signed: Vec<(String, Option<String>)> = sig_params
        .iter()
        .map(|(k, val)| {
            if k == "oauth_signature_method" {
                (k.clone(), Some(effective.clone()))
            } else {
                (k.clone(), val.clone())
            }
        })
        .collect();
    if !signed.iter().any(|(k, _)| k == "oauth_signature_method") {
        signed.push(("oauth_signature_method".into(), Some(effective.clone())));
    }
    for seg in &body_segs {
        let mut pairs = decode_form(seg, "oauth1 body parameter")?;
        signed.append(&mut pairs);
    }
    let base = signature_base_string(&req.method, &req.url, &signed)?;
    let key = format!(
        "{}&{}",
        rfc3986(p.consumer_secret.expose()),
        rfc3986(p.token_secret.expose())
    );
    let signature = if is_rsa {
        rsa_sign(&effective, &base, p.private_key.expose())?
    } else {
        sign(&effective, &base, &key)?
    };

    // Postman rewrites the remaining query in RFC 3986 form (decoded, then re-encoded).
    if let Some(q) = split(&req.url)?.query.filter(|q| !q.is_empty()) {
        let segs: Vec<String> = decode_form(q, "oauth1 query parameter")?
            .into_iter()
            .map(|(k, val)| match val {
                Some(val) => format!("{}={}", rfc3986(&k), rfc3986(&val)),
                None => rfc3986(&k),
            })
            .collect();
        req.url = with_query(&req.url, &segs);
    }
    sig_params.push(("oauth_signature".into(), Some(signature)));

    if p.add_params_to_header {
        req.headers.push((
            "Authorization".into(),
            header_value(&v, &sig_params, p.disable_header_encoding),
        ));
    } else if (req.method.contains("PUT") || req.method.contains("POST")) && urlencoded {
        for (k, val) in &sig_params {
            body_segs.push(format!(
                "{}={}",
                rfc3986(k),
                rfc3986(val.as_deref().unwrap_or(""))
            ));
        }
        req.body = Some(body_segs.join("&").into_bytes());
    } else {
        let mut segs = query_segments(&req.url);
        for (k, val) in &sig_params {
            // an unset value (only with addEmptyParamsToSign) is written as a bare key
            segs.push(match val {
                Some(val) => format!("{}={}", rfc3986(k), rfc3986(val)),
                None => rfc3986(k),
            });
        }
        req.url = with_query(&req.url, &segs);
    }
    Ok(())
}

/// `OAuth realm="..",oauth_consumer_key="..",...`: empty values skipped, values trimmed.
fn header_value(v: &OAuth1Params, params: &[(String, Option<String>)], raw: bool) -> String {
    let enc = |s: &str| if raw { s.to_string() } else { rfc3986(s) };
    let mut out: Vec<String> = Vec::new();
    if let Some(realm) = v.realm.as_deref().filter(|r| !r.trim().is_empty()) {
        out.push(format!("realm=\"{}\"", enc(realm)));
    }
    for (k, val) in params {
        let Some(val) = val.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        out.push(format!("{}=\"{}\"", enc(k), enc(val.trim())));
    }
    format!("OAuth {}", out.join(","))
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{FixedClock, req};
    use super::*;

    fn photos_params() -> OAuth1Params {
        OAuth1Params {
            consumer_key: Some("dpf43f3p2l4k3l03".into()),
            consumer_secret: Secret::new("kd94hf93k423kf44"),
            token: Some("nnch734d00sl2jdk".into()),
            token_secret: Secret::new("pfkkdhi9sl3r4s00"),
            signature_method: Some("HMAC-SHA1".into()),
            timestamp: Some("1191242096".into()),
            nonce: Some("kllo9940pd9333jh".into()),
            version: Some("1.0".into()),
            ..Default::default()
        }
    }

    const CLOCK: FixedClock = FixedClock {
        now: 1_191_242_096,
        nonce: "kllo9940pd9333jhXX",
    };

    #[test]
    fn oauth_core_appendix_a_photos_example_in_header() {
        let mut p = photos_params();
        p.add_params_to_header = true;
        p.realm = Some("http://photos.example.net/".into());
        let mut r = req(
            "GET",
            "http://photos.example.net/photos?file=vacation.jpg&size=original",
            &[],
            None,
        );
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert_eq!(
            r.url,
            "http://photos.example.net/photos?file=vacation.jpg&size=original"
        );
        assert_eq!(
            r.headers,
            vec![(
                "Authorization".to_string(),
                "OAuth realm=\"http%3A%2F%2Fphotos.example.net%2F\",oauth_consumer_key=\"dpf43f3p2l4k3l03\",\
                 oauth_token=\"nnch734d00sl2jdk\",oauth_signature_method=\"HMAC-SHA1\",\
                 oauth_timestamp=\"1191242096\",oauth_nonce=\"kllo9940pd9333jh\",oauth_version=\"1.0\",\
                 oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\""
                    .to_string()
            )]
        );
    }

    #[test]
    fn photos_example_in_query_with_generated_nonce_and_timestamp() {
        let mut p = photos_params();
        p.nonce = None;
        p.timestamp = Some("  ".into()); // blank counts as given, then dropped from the signature
        let mut r = req(
            "GET",
            "http://photos.example.net:80/photos?size=original&file=vacation.jpg&oauth_token=stale",
            &[],
            None,
        );
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert!(r.url.starts_with("http://photos.example.net:80/photos?size=original&file=vacation.jpg&oauth_consumer_key=dpf43f3p2l4k3l03&oauth_token=nnch734d00sl2jdk&oauth_signature_method=HMAC-SHA1&oauth_nonce=kllo9940pd9&oauth_version=1.0&oauth_signature="), "{}", r.url);
        assert!(!r.url.contains("oauth_timestamp"));
        assert!(!r.url.contains("stale"));
    }

    #[test]
    fn rfc5849_section_3_4_1_base_string() {
        let params: Vec<(String, Option<String>)> = [
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
            ("oauth_signature", "ignored"),
            ("c2", ""),
            ("a3", "2 q"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect();
        let base = signature_base_string(
            "post",
            "http://EXAMPLE.COM/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            &params,
        )
        .unwrap();
        assert_eq!(
            base,
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    #[test]
    fn rfc5849_request_with_urlencoded_body_params_go_to_body() {
        // RFC 5849 3.4.1.1 request: body "c2&a3=2+q" is signed; params are appended to it.
        let p = OAuth1Params {
            consumer_key: Some("9djdj82h48djs9d2".into()),
            consumer_secret: Secret::new("j49sk3j29djd"),
            token: Some("kkk9d7dh3k39sjv7".into()),
            token_secret: Secret::new("dh893hdasih9"),
            signature_method: Some("HMAC-SHA1".into()),
            timestamp: Some("137131201".into()),
            nonce: Some("7d8f3e4a".into()),
            ..Default::default()
        };
        let mut r = req(
            "POST",
            "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            Some("c2&a3=2+q"),
        );
        apply(&p, &mut r, BodyMode::UrlEncoded, &CLOCK).unwrap();
        let expected_base = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7";
        let sig = sign("HMAC-SHA1", expected_base, "j49sk3j29djd&dh893hdasih9").unwrap();
        let body = String::from_utf8(r.body.clone().unwrap_or_default()).unwrap();
        assert_eq!(
            body,
            format!(
                "c2&a3=2+q&oauth_consumer_key=9djdj82h48djs9d2&oauth_token=kkk9d7dh3k39sjv7&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_nonce=7d8f3e4a&oauth_signature={}",
                rfc3986(&sig)
            )
        );
        // the query is rewritten in RFC 3986 form; same parameters
        assert_eq!(
            r.url,
            "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"
        );
    }

    #[test]
    fn hmac_variants_and_plaintext() {
        // RFC 4231 test case 2 (key "Jefe") for the SHA-2 HMACs, base64 of the hex digests
        let b64hex = |h: &str| {
            let bytes: Vec<u8> = (0..h.len())
                .step_by(2)
                .filter_map(|i| u8::from_str_radix(&h[i..i + 2], 16).ok())
                .collect();
            base64::engine::general_purpose::STANDARD.encode(bytes)
        };
        assert_eq!(
            sign("HMAC-SHA256", "what do ya want for nothing?", "Jefe").unwrap(),
            b64hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        );
        assert_eq!(
            sign("HMAC-SHA512", "what do ya want for nothing?", "Jefe").unwrap(),
            b64hex(
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
            )
        );
        assert_eq!(sign("PLAINTEXT", "x", "a%26&b").unwrap(), "a%26&b");
        assert!(sign("RSA-SHA1", "x", "k").is_err());
    }

    #[test]
    fn plaintext_key_and_empty_params_flag() {
        let p = OAuth1Params {
            consumer_key: Some("ck".into()),
            consumer_secret: Secret::new("c s"),
            signature_method: Some("PLAINTEXT".into()),
            timestamp: Some("1".into()),
            nonce: Some("n".into()),
            token: Some(String::new()),
            add_params_to_header: true,
            add_empty_params_to_sign: true,
            ..Default::default()
        };
        let mut r = req("GET", "http://h/", &[], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert_eq!(
            r.headers[0].1,
            "OAuth oauth_consumer_key=\"ck\",oauth_signature_method=\"PLAINTEXT\",oauth_timestamp=\"1\",oauth_nonce=\"n\",oauth_signature=\"c%2520s%26\""
        );
    }

    #[test]
    fn body_hash_callback_verifier_and_missing_secret() {
        let mut p = photos_params();
        p.include_body_hash = true;
        p.callback = Some("http://cb/x".into());
        p.verifier = Some("".into());
        p.add_params_to_header = true;
        let mut r = req(
            "POST",
            "http://h/",
            &[("Content-Type", "application/json")],
            Some("{}"),
        );
        apply(&p, &mut r, BodyMode::Raw, &CLOCK).unwrap();
        let h = &r.headers[1].1;
        // base64(SHA1("{}"))
        assert!(
            h.contains("oauth_body_hash=\"vyGp6PvFo4RvsFtPoIWeCReyIC8%3D\""),
            "{h}"
        );
        assert!(h.contains("oauth_callback=\"http%3A%2F%2Fcb%2Fx\""), "{h}");
        assert!(!h.contains("oauth_verifier"), "{h}");

        let mut p = photos_params();
        p.consumer_secret = Secret::default();
        let mut r = req("GET", "http://h/?a=b c", &[], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert_eq!(r.url, "http://h/?a=b c");

        let mut p = photos_params();
        p.signature_method = Some("RSA-SHA256".into());
        p.private_key = Secret::new("-----BEGIN");
        let mut r = req("GET", "http://h/", &[], None);
        assert_eq!(
            apply(&p, &mut r, BodyMode::None, &CLOCK).map_err(|e| e.to_string()),
            Err("oauth1 auth: the private key is not a PEM-encoded RSA key".to_string())
        );
    }

    #[test]
    fn query_is_reencoded_rfc3986_and_bad_escapes_are_errors() {
        let mut p = photos_params();
        p.add_params_to_header = true;
        let mut r = req("GET", "http://h/p?q=a+b&x=(1)&flag", &[], None);
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert_eq!(r.url, "http://h/p?q=a%20b&x=%281%29&flag");
        let mut r = req("GET", "http://h/p?q=%zz", &[], None);
        assert_eq!(
            apply(&p, &mut r, BodyMode::None, &CLOCK),
            Err(AuthError::PercentEncoding("oauth1 query parameter"))
        );
    }

    /// RSA signatures equal `openssl dgst -sha{1,256,512} -sign` over the same base string
    /// (PKCS #1 v1.5 is deterministic), with the key as PKCS #1 and as PKCS #8 PEM.
    #[test]
    fn rsa_methods_match_openssl() {
        let base = "GET&http%3A%2F%2Fh%2F&a%3D1";
        let expected = [
            (
                "RSA-SHA1",
                "FImM/l+RU/EJy/ZJo8U2m+5FIgtM9OqO4jPpqaklBaTOxJS+7NpkZzI+A5utkOKPvTUgyxtivyXOmtXtoy21A9excYTVD0LgwHhdDb46ramc2iXjzCWSX4+43RDzRhJABCKfDrOXB6j3QZPRMVaQyLn9E7zDWuJGjpQZbQa3NwxJlTedYFHsWqq+a+W2X2MTZGhEXZU5Lc4W4MuRskNk990AkkKYiGvBjUQ2O7fXURGdF0ajBEb2xc9UTq/SlKLRY5sJamkyfSViVNqbx85uoI9J/h/rzfwTPUfe/hz2M8uw5UyEzC/AP2ZrFT2sgEqxmTrCiJrr21+ZopfhJSFg9w==",
            ),
            (
                "RSA-SHA256",
                "tbe8Z+PUDtR+za0tvP8Ze9O8lCX3Zyzpz6HuVewot7rxcB/grY/5R+BzLVlmoLP+ZxSYedTd4/A6FvsWhWCAUeMmdWObXlfeXAdpD9mHT57BoVSKcJDpt9T4KsUzKYt1cyXwJ/VhJJBPyhwGBixObzVNeaIxVjTL1GHGiVkDRgnFaEL3A5nmi5SMKlmY92penLu0RP3Zbl+VizXSFWqhsnyfnOdNWDycwd1wRMr9bLzASiill6DrDivpfJWLTxUpFIU+TdPMltvbLRhrTKA33f7wQnyav8QOzhlOGpBavlJKN17xw/U1caxZh0OIlw81ADrkj7ZDIGusQljN440YqA==",
            ),
            (
                "RSA-SHA512",
                "MqltRGRp3xbA7qbRtB+ZdebM545AajPKNjlZpVhgNeE8rLB0yJ/6fBDMgHZMgkimNV301zcJLofhUSyC0NvFVG1TjIyuK03RlnY2YV0zEaqMnvVnLM5l27x/mQL76+m+Y32IiyJYvsUG4vInPWf9WXqI+m6boaSoVPDjZGec+EzyRyQ1ORm9UQKndeZH7HID1NHiEuxkUKNjc1V01YeyLN4eFAM3aEz4/GJ2OI8fz3uwPaFLl5xs/9/ELjETuDgGGpHOCkEM98B02koSSCJdJ0UeiBdF7yrrg3SeuyA1WULdx/kh7T8xhO/FxFr2eLpNVGCIOBVx22HDpMGPxevbug==",
            ),
        ];
        for key in [
            include_str!("testdata/rsa_pkcs1.pem"),
            include_str!("testdata/rsa.pem"),
        ] {
            for (method, sig) in expected {
                assert_eq!(rsa_sign(method, base, key).unwrap(), sig, "{method}");
            }
        }
        assert!(rsa_sign("RSA-MD5", base, include_str!("testdata/rsa.pem")).is_err());
    }
}
