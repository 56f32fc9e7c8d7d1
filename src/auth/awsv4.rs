//! AWS Signature Version 4 as postman-runtime applies it through the `aws4` npm library:
//! Postman hashes the body itself into X-Amz-Content-Sha256 and hands aws4 no body, so aws4
//! adds Host, X-Amz-Security-Token, X-Amz-Content-Sha256 (s3 only, when Postman did not),
//! X-Amz-Date and Authorization; or, with `addAuthDataToQuery`, the presigned X-Amz-* query.
//! Owns the canonicalisation of path, query and headers; sends nothing.

use super::url::{
    decode_lenient, decode_strict, path_and_query, query_segments, rfc3986, segment_key, split,
    with_query,
};
use super::{AuthClock, AuthError, BodyMode, Secret, remove_header_ignore_case};
use crate::request::HttpRequest;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// AWS parameters as configured; empty strings mean "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsV4Params {
    pub access_key: String,
    pub secret_key: Secret,
    pub session_token: Secret,
    /// Empty means `us-east-1`.
    pub region: String,
    /// Empty means `execute-api` (API Gateway), Postman's default.
    pub service: String,
    /// `addAuthDataToQuery`: presign in the query instead of headers.
    pub add_auth_data_to_query: bool,
}

/// One request to sign, headers as they stand (aws4 adds its own before signing).
#[derive(Clone, Debug)]
pub struct SigV4Input<'a> {
    pub method: &'a str,
    /// Host, with `:port` when the URL names one.
    pub host: &'a str,
    pub path_with_query: &'a str,
    pub headers: &'a [(String, String)],
    /// `None` when Postman would pass no body (it then adds no Content-Length).
    pub body: Option<&'a [u8]>,
    pub access_key: &'a str,
    pub secret_key: &'a str,
    pub session_token: Option<&'a str>,
    pub region: &'a str,
    pub service: &'a str,
    /// `YYYYMMDDTHHMMSSZ`.
    pub amz_date: &'a str,
    /// aws4's `signQuery`: the X-Amz-* values go in the query, not in headers.
    pub sign_query: bool,
}

/// What signing produced: the headers aws4 added, in its order (`Authorization` last when
/// signing headers), and with `sign_query` the X-Amz-* query parameters (encoded), in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigV4Output {
    pub added: Vec<(String, String)>,
    pub added_query: Vec<(String, String)>,
    pub canonical_request: String,
    pub signature: String,
}

const IGNORED: [&str; 7] = [
    "authorization",
    "connection",
    "x-amzn-trace-id",
    "user-agent",
    "expect",
    "presigned-expires",
    "range",
];

fn hex(bytes: &[u8]) -> String {
    crate::hex::lower(bytes)
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so construction cannot fail.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m
            .chain_update(data.as_bytes())
            .finalize()
            .into_bytes()
            .to_vec(),
        Err(_) => Vec::new(),
    }
}

fn exact<'h>(headers: &'h [(String, String)], a: &str, b: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k == a || k == b)
        .map(|(_, v)| v.as_str())
}

/// Signs like `aws4.sign` does for the parameters Postman passes.
pub fn sign_v4(i: &SigV4Input<'_>) -> Result<SigV4Output, AuthError> {
    let body = i.body.unwrap_or(&[]);
    let mut headers: Vec<(String, String)> = i.headers.to_vec();
    let mut added: Vec<(String, String)> = Vec::new();
    let mut add = |headers: &mut Vec<(String, String)>, k: &str, v: String| {
        headers.push((k.to_string(), v.clone()));
        added.push((k.to_string(), v));
    };
    if exact(&headers, "Host", "host").is_none() {
        add(&mut headers, "Host", i.host.to_string());
    }
    let token = i.session_token.filter(|t| !t.is_empty());
    let mut extra_query: Vec<(String, String)> = Vec::new();
    let datetime;
    if i.sign_query {
        datetime = i.amz_date.to_string();
        if let Some(tok) = token {
            extra_query.push(("X-Amz-Security-Token".into(), tok.into()));
        }
        let (_, query) = i.path_with_query.split_once('?').unwrap_or(("", ""));
        let has_expires = query
            .split('&')
            .any(|s| decode_lenient(s.split_once('=').map_or(s, |(k, _)| k)) == "X-Amz-Expires");
        if i.service == "s3" && !has_expires {
            extra_query.push(("X-Amz-Expires".into(), "86400".into()));
        }
        extra_query.push(("X-Amz-Date".into(), datetime.clone()));
        extra_query.push(("X-Amz-Algorithm".into(), "AWS4-HMAC-SHA256".into()));
    } else {
        if !body.is_empty() && exact(&headers, "Content-Type", "content-type").is_none() {
            add(
                &mut headers,
                "Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            );
        }
        if !body.is_empty() && exact(&headers, "Content-Length", "content-length").is_none() {
            add(&mut headers, "Content-Length", body.len().to_string());
        }
        if let Some(tok) = token
            && exact(&headers, "X-Amz-Security-Token", "x-amz-security-token").is_none()
        {
            add(&mut headers, "X-Amz-Security-Token", tok.to_string());
        }
        if i.service == "s3"
            && exact(&headers, "X-Amz-Content-Sha256", "x-amz-content-sha256").is_none()
        {
            add(
                &mut headers,
                "X-Amz-Content-Sha256",
                hex(&Sha256::digest(body)),
            );
        }
        datetime = match exact(&headers, "X-Amz-Date", "x-amz-date") {
            Some(d) => d.to_string(),
            None => {
                add(&mut headers, "X-Amz-Date", i.amz_date.to_string());
                i.amz_date.to_string()
            }
        };
        headers.retain(|(k, _)| k != "Authorization" && k != "authorization");
    }

    let date = datetime.get(..8).unwrap_or(&datetime).to_string();
    let scope = format!("{date}/{}/{}/aws4_request", i.region, i.service);
    let signed_names = signed_headers(&headers);
    if i.sign_query {
        extra_query.push((
            "X-Amz-Credential".into(),
            format!("{}/{scope}", i.access_key),
        ));
        extra_query.push(("X-Amz-SignedHeaders".into(), signed_names.clone()));
    }
    let canonical = canonical_request(i, &headers, body, &extra_query)?;
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{datetime}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac(format!("AWS4{}", i.secret_key).as_bytes(), &date);
    let k_region = hmac(&k_date, i.region);
    let k_service = hmac(&k_region, i.service);
    let k_signing = hmac(&k_service, "aws4_request");
    let signature = hex(&hmac(&k_signing, &string_to_sign));
    let mut added_query = Vec::new();
    if i.sign_query {
        extra_query.push(("X-Amz-Signature".into(), signature.clone()));
        added_query = extra_query
            .into_iter()
            .map(|(k, v)| (rfc3986(&k), rfc3986(&v)))
            .collect();
    } else {
        added.push((
            "Authorization".to_string(),
            format!(
                "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_names}, Signature={signature}",
                i.access_key
            ),
        ));
    }
    Ok(SigV4Output {
        added,
        added_query,
        canonical_request: canonical,
        signature,
    })
}

/// Lowercased names of the headers aws4 signs, sorted, one per distinct name as written.
fn signed_headers(headers: &[(String, String)]) -> String {
    canonical_header_lines(headers)
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// One entry per distinct header name as written (repeated values joined with ','), names
/// lowercased, ignored ones dropped, whitespace runs folded, sorted by name.
fn canonical_header_lines(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut grouped: Vec<(String, String)> = Vec::new();
    for (k, v) in headers {
        match grouped.iter_mut().find(|(name, _)| name == k) {
            Some((_, val)) => {
                val.push(',');
                val.push_str(v);
            }
            None => grouped.push((k.clone(), v.clone())),
        }
    }
    let mut lines: Vec<(String, String)> = grouped
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .filter(|(k, _)| !IGNORED.contains(&k.as_str()))
        .map(|(k, v)| (k, v.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    lines
}

/// The canonical request; `extra_query` holds presign parameters (unencoded).
fn canonical_request(
    i: &SigV4Input<'_>,
    headers: &[(String, String)],
    body: &[u8],
    extra_query: &[(String, String)],
) -> Result<String, AuthError> {
    let s3 = i.service == "s3";
    let raw = escape_unsafe_path_chars(i.path_with_query);
    let (path, query) = match raw.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (raw.clone(), None),
    };

    let body_hash = match exact(headers, "X-Amz-Content-Sha256", "x-amz-content-sha256") {
        _ if s3 && i.sign_query => "UNSIGNED-PAYLOAD".to_string(),
        Some(h) => h.to_string(),
        None => hex(&Sha256::digest(body)),
    };

    // Query: Node's querystring.parse, repeated keys collected, empty keys dropped.
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    let parsed = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|seg| {
            let (k, v) = seg.split_once('=').unwrap_or((seg, ""));
            (decode_lenient(k), decode_lenient(v))
        });
    for (k, v) in parsed.chain(extra_query.iter().cloned()) {
        if k.is_empty() {
            continue;
        }
        let ek = rfc3986(&k);
        match keys.iter_mut().find(|(key, _)| *key == ek) {
            Some((_, vals)) => vals.push(v),
            None => keys.push((ek, vec![v])),
        }
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let mut pieces: Vec<String> = Vec::new();
    for (k, vals) in keys {
        if vals.len() == 1 || s3 {
            let first = vals.first().map(String::as_str).unwrap_or("");
            pieces.push(format!("{k}={}", rfc3986(first)));
        } else {
            let mut enc: Vec<String> = vals.iter().map(|v| rfc3986(v)).collect();
            enc.sort();
            pieces.extend(enc.into_iter().map(|v| format!("{k}={v}")));
        }
    }

    let path = canonical_path(&path, s3)?;

    let canonical_headers: Vec<String> = canonical_header_lines(headers)
        .iter()
        .map(|(k, v)| format!("{k}:{v}"))
        .collect();
    Ok(format!(
        "{}\n{path}\n{}\n{}\n\n{}\n{body_hash}",
        i.method,
        pieces.join("&"),
        canonical_headers.join("\n"),
        signed_headers(headers)
    ))
}

/// aws4 re-encodes a path holding characters outside the URI set; an already-encoded URL has
/// none, so only those characters are escaped here.
fn escape_unsafe_path_chars(p: &str) -> String {
    const OK: &str = ";,/?:@&=+$-_.!~*'()#%";
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if c.is_ascii_alphanumeric() || OK.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Non-s3: `//` collapsed, `.` and `..` resolved, each segment encoded again (AWS's double
/// encoding). s3: segments decoded then encoded once, `/` kept.
fn canonical_path(path: &str, s3: bool) -> Result<String, AuthError> {
    if path == "/" {
        return Ok(path.to_string());
    }
    let mut p = path.to_string();
    if !s3 {
        while p.contains("//") {
            p = p.replace("//", "/");
        }
    }
    let mut out: Vec<String> = Vec::new();
    for piece in p.split('/') {
        if !s3 && piece == ".." {
            out.pop();
        } else if s3 || piece != "." {
            let piece = if s3 {
                decode_strict(piece, true, "s3 path")?
            } else {
                piece.to_string()
            };
            out.push(rfc3986(&piece));
        }
    }
    let mut joined = out.join("/");
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    if s3 {
        joined = joined.replace("%2F", "/");
    }
    Ok(joined)
}

/// `YYYYMMDDTHHMMSSZ` for a Unix time (proleptic Gregorian, UTC).
pub(crate) fn amz_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

/// Unix time of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), used when the request
/// carries a `Date` header (aws4 signs with that time).
fn parse_http_date(s: &str) -> Option<i64> {
    // The weekday is taken as written, as aws4 does: only the date and time count.
    let (_, rest) = s.trim().split_once(", ")?;
    chrono::NaiveDateTime::parse_from_str(rest, "%d %b %Y %H:%M:%S GMT")
        .ok()
        .map(|t| t.and_utc().timestamp())
}

const PRESIGN_PARAMS: [&str; 6] = [
    "X-Amz-Security-Token",
    "X-Amz-Date",
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
];

fn upsert_header(req: &mut HttpRequest, k: String, v: String) {
    match req
        .headers
        .iter_mut()
        .find(|(name, _)| name.eq_ignore_ascii_case(&k))
    {
        Some(slot) => *slot = (k, v),
        None => req.headers.push((k, v)),
    }
}

pub(crate) fn apply(
    p: &AwsV4Params,
    req: &mut HttpRequest,
    mode: BodyMode,
    clock: &dyn AuthClock,
) -> Result<(), AuthError> {
    for h in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        remove_header_ignore_case(req, h);
    }
    let mut query = query_segments(&req.url);
    let before = query.len();
    query.retain(|s| !PRESIGN_PARAMS.contains(&decode_lenient(segment_key(s)).as_str()));
    if query.len() != before {
        req.url = with_query(&req.url, &query);
    }
    // Postman hashes the body itself (aws4 gets none); form-data and empty bodies get no hash.
    if !p.add_auth_data_to_query {
        let body = req.body.as_deref().filter(|b| !b.is_empty());
        if let (Some(b), false) = (body, matches!(mode, BodyMode::None | BodyMode::FormData)) {
            upsert_header(req, "X-Amz-Content-Sha256".into(), hex(&Sha256::digest(b)));
        }
    }
    let parts = split(&req.url)?;
    let host = match parts.port {
        Some(port) => format!("{}:{port}", parts.host),
        None => parts.host.to_string(),
    };
    let pwq = path_and_query(&parts);
    let when = exact(&req.headers, "Date", "date")
        .and_then(parse_http_date)
        .unwrap_or_else(|| clock.now_unix());
    let date = amz_date(when);
    let region = if p.region.is_empty() {
        "us-east-1"
    } else {
        &p.region
    };
    let service = if p.service.is_empty() {
        "execute-api"
    } else {
        &p.service
    };
    let out = sign_v4(&SigV4Input {
        method: &req.method,
        host: &host,
        path_with_query: &pwq,
        headers: &req.headers,
        body: None,
        access_key: &p.access_key,
        secret_key: p.secret_key.expose(),
        session_token: Some(p.session_token.expose()),
        region,
        service,
        amz_date: &date,
        sign_query: p.add_auth_data_to_query,
    })?;
    if !out.added_query.is_empty() {
        let mut segs = query_segments(&req.url);
        for (k, v) in out.added_query {
            // a value the user already gave (X-Amz-Expires) stays
            if !segs.iter().any(|s| segment_key(s) == k) {
                segs.push(format!("{k}={v}"));
            }
        }
        req.url = with_query(&req.url, &segs);
    }
    for (k, v) in out.added {
        upsert_header(req, k, v);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{FixedClock, req};
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const DATE: &str = "20150830T123600Z";

    fn input<'a>(
        method: &'a str,
        pwq: &'a str,
        headers: &'a [(String, String)],
        body: Option<&'a [u8]>,
    ) -> SigV4Input<'a> {
        SigV4Input {
            method,
            host: "example.amazonaws.com",
            path_with_query: pwq,
            headers,
            body,
            access_key: "AKIDEXAMPLE",
            secret_key: SECRET,
            session_token: None,
            region: "us-east-1",
            service: "service",
            amz_date: DATE,
            sign_query: false,
        }
    }

    /// One case of AWS's published SigV4 test suite (service `service`, us-east-1); the body
    /// is passed as its X-Amz-Content-Sha256-free hash input, as the suite signs no length.
    fn suite(method: &str, pwq: &str, headers: &[(&str, &str)], body: &str) -> SigV4Output {
        let mut hs: Vec<(String, String)> = vec![
            ("Host".into(), "example.amazonaws.com".into()),
            ("X-Amz-Date".into(), DATE.into()),
        ];
        hs.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let i = input(method, pwq, &hs, None);
        let creq = canonical_request(&i, &hs, body.as_bytes(), &[]).unwrap();
        // the public path must agree with the core when there is no body
        if body.is_empty() {
            let o = sign_v4(&i).unwrap();
            assert_eq!(o.canonical_request, creq);
            return o;
        }
        let sts = format!(
            "AWS4-HMAC-SHA256\n{DATE}\n20150830/us-east-1/service/aws4_request\n{}",
            hex(&Sha256::digest(creq.as_bytes()))
        );
        let k = hmac(
            &hmac(
                &hmac(
                    &hmac(format!("AWS4{SECRET}").as_bytes(), "20150830"),
                    "us-east-1",
                ),
                "service",
            ),
            "aws4_request",
        );
        SigV4Output {
            added: vec![],
            added_query: vec![],
            canonical_request: creq,
            signature: hex(&hmac(&k, &sts)),
        }
    }

    #[test]
    fn aws_suite_get_vanilla() {
        let o = suite("GET", "/", &[], "");
        assert_eq!(
            o.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            o.added,
            vec![(
                "Authorization".to_string(),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31".to_string()
            )]
        );
    }

    #[test]
    fn aws_suite_post_cases() {
        assert_eq!(
            suite("POST", "/", &[], "").signature,
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        );
        let o = suite(
            "POST",
            "/",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            "Param1=value1",
        );
        assert!(o.canonical_request.ends_with("\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"));
        assert_eq!(
            o.signature,
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        );
        let o = suite(
            "POST",
            "/",
            &[(
                "Content-Type",
                "application/x-www-form-urlencoded; charset=utf8",
            )],
            "Param1=value1",
        );
        assert_eq!(
            o.signature,
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"
        );
        assert_eq!(
            suite("POST", "/", &[("My-Header1", "value1")], "").signature,
            "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"
        );
        assert_eq!(
            suite("POST", "/", &[("My-Header1", "VALUE1")], "").signature,
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"
        );
    }

    #[test]
    fn aws_suite_query_and_header_value_cases() {
        let o = suite("GET", "/?Param2=value2&Param1=value1", &[], "");
        assert!(
            o.canonical_request
                .starts_with("GET\n/\nParam1=value1&Param2=value2\n")
        );
        assert_eq!(
            o.signature,
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        );
        let o = suite("GET", "/?Param1=value2&Param1=Value1", &[], "");
        assert!(
            o.canonical_request
                .starts_with("GET\n/\nParam1=Value1&Param1=value2\n")
        );
        let o = suite("GET", "/", &[("My-Header1", "  a   b   c  ")], "");
        assert!(o.canonical_request.contains("my-header1:a b c\n"));
        let o = suite(
            "GET",
            "/",
            &[
                ("Connection", "close"),
                ("User-Agent", "x"),
                ("Range", "bytes=0-1"),
            ],
            "",
        );
        assert!(o.canonical_request.contains("\nhost;x-amz-date\n"));
    }

    #[test]
    fn aws4_adds_length_type_token_and_s3_hash_when_given_a_body() {
        let hs: Vec<(String, String)> = vec![];
        let mut i = input("PUT", "/k", &hs, Some(b"abc"));
        i.session_token = Some("TOK");
        i.service = "s3";
        let o = sign_v4(&i).unwrap();
        let names: Vec<&str> = o.added.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "Host",
                "Content-Type",
                "Content-Length",
                "X-Amz-Security-Token",
                "X-Amz-Content-Sha256",
                "X-Amz-Date",
                "Authorization"
            ]
        );
        assert_eq!(o.added[2].1, "3");
    }

    #[test]
    fn presign_in_query() {
        let hs: Vec<(String, String)> = vec![];
        let mut i = input("GET", "/test.txt?X-Amz-Expires=60", &hs, None);
        i.service = "s3";
        i.sign_query = true;
        i.session_token = Some("T/K");
        let o = sign_v4(&i).unwrap();
        let keys: Vec<&str> = o.added_query.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "X-Amz-Security-Token",
                "X-Amz-Date",
                "X-Amz-Algorithm",
                "X-Amz-Credential",
                "X-Amz-SignedHeaders",
                "X-Amz-Signature"
            ]
        );
        assert_eq!(o.added_query[0].1, "T%2FK");
        assert_eq!(
            o.added_query[3].1,
            "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request"
        );
        assert!(o.canonical_request.ends_with("\nhost\nUNSIGNED-PAYLOAD"));
        assert!(
            o.canonical_request
                .contains("X-Amz-Expires=60&X-Amz-Security-Token=T%2FK&X-Amz-SignedHeaders=host")
        );
        assert_eq!(
            o.added,
            vec![("Host".to_string(), "example.amazonaws.com".to_string())]
        );
    }

    #[test]
    fn path_normalisation() {
        assert_eq!(canonical_path("/example/..", false).unwrap(), "/");
        assert_eq!(
            canonical_path("/example1/example2/../..", false).unwrap(),
            "/"
        );
        assert_eq!(canonical_path("/./", false).unwrap(), "/");
        assert_eq!(canonical_path("//example//", false).unwrap(), "/example/");
        assert_eq!(
            canonical_path("/example space/", false).unwrap(),
            "/example%20space/"
        );
        assert_eq!(canonical_path("/a%20b", false).unwrap(), "/a%2520b");
        assert_eq!(canonical_path("/a%20b/c%2Fd", true).unwrap(), "/a%20b/c/d");
        assert_eq!(escape_unsafe_path_chars("/ü b"), "/%C3%BC%20b");
    }

    #[test]
    fn dates() {
        assert_eq!(amz_date(1_440_938_160), DATE);
        assert_eq!(amz_date(0), "19700101T000000Z");
        assert_eq!(amz_date(951_782_400), "20000229T000000Z");
        assert_eq!(
            parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT"),
            Some(1_440_938_160)
        );
        assert_eq!(parse_http_date("yesterday"), None);
    }

    fn params(service: &str) -> AwsV4Params {
        AwsV4Params {
            access_key: "AKIDEXAMPLE".into(),
            secret_key: Secret::new(SECRET),
            service: service.into(),
            ..Default::default()
        }
    }

    const CLOCK: FixedClock = FixedClock {
        now: 1_440_938_160,
        nonce: "",
    };

    #[test]
    fn postman_get_vanilla_matches_the_suite() {
        let mut r = req(
            "GET",
            "https://example.amazonaws.com/",
            &[("authorization", "old"), ("X-AMZ-DATE", "old")],
            None,
        );
        apply(&params("service"), &mut r, BodyMode::None, &CLOCK).unwrap();
        assert_eq!(
            r.headers,
            vec![
                ("Host".to_string(), "example.amazonaws.com".to_string()),
                ("X-Amz-Date".to_string(), DATE.to_string()),
                ("Authorization".to_string(), "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31".to_string()),
            ]
        );
    }

    #[test]
    fn postman_hashes_body_into_header_and_adds_token() {
        let mut p = params("");
        p.session_token = Secret::new("TOKEN");
        p.region = "eu-west-1".into();
        let mut r = req(
            "POST",
            "http://localhost:3000/x?X-Amz-Signature=old&q=1",
            &[("Content-Type", "application/json")],
            Some("{}"),
        );
        apply(&p, &mut r, BodyMode::Raw, &CLOCK).unwrap();
        assert_eq!(r.url, "http://localhost:3000/x?q=1");
        let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "Content-Type",
                "X-Amz-Content-Sha256",
                "Host",
                "X-Amz-Security-Token",
                "X-Amz-Date",
                "Authorization"
            ]
        );
        assert_eq!(
            r.headers[1].1,
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(r.headers[2].1, "localhost:3000");
        assert!(r.headers[5].1.contains("/20150830/eu-west-1/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "));
        // form-data bodies are not hashed (Postman cannot), empty bodies neither
        let mut r = req("POST", "http://h/", &[], Some("--b--"));
        apply(&p, &mut r, BodyMode::FormData, &CLOCK).unwrap();
        assert!(!r.headers.iter().any(|(k, _)| k == "X-Amz-Content-Sha256"));
    }

    #[test]
    fn postman_presign_keeps_user_expires() {
        let mut p = params("s3");
        p.add_auth_data_to_query = true;
        let mut r = req(
            "GET",
            "https://b.s3.amazonaws.com/k?X-Amz-Expires=60",
            &[],
            None,
        );
        apply(&p, &mut r, BodyMode::None, &CLOCK).unwrap();
        assert!(r.url.starts_with("https://b.s3.amazonaws.com/k?X-Amz-Expires=60&X-Amz-Date=20150830T123600Z&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-SignedHeaders=host&X-Amz-Signature="), "{}", r.url);
        assert_eq!(
            r.headers,
            vec![("Host".to_string(), "b.s3.amazonaws.com".to_string())]
        );
    }
}
