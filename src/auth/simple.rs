//! The header/query-only authorizers: bearer, basic, apikey and oauth2 with a stored token.
//! Each removes what Postman removes before adding its own value; nothing else is touched.

use super::url::{postman_query, query_segments, segment_key, with_query};
use super::{ApiKeyIn, AuthError, Secret, TokenPlacement, remove_header_ignore_case};
use crate::request::HttpRequest;
use base64::Engine;

pub(crate) fn bearer(req: &mut HttpRequest, token: &Secret) {
    // Postman's pre-hook refuses an empty token: the request goes out unauthorized.
    if token.is_empty() {
        return;
    }
    remove_header_ignore_case(req, "authorization");
    req.headers
        .push(("Authorization".into(), format!("Bearer {}", token.expose())));
}

pub(crate) fn basic(req: &mut HttpRequest, username: &str, password: &Secret) {
    // Basic always signs, even with empty credentials (`Basic Og==`).
    let raw = format!("{username}:{}", password.expose());
    let encoded = base64::engine::general_purpose::STANDARD.encode(raw.as_bytes());
    remove_header_ignore_case(req, "authorization");
    req.headers
        .push(("Authorization".into(), format!("Basic {encoded}")));
}

pub(crate) fn apikey(
    req: &mut HttpRequest,
    key: &str,
    value: &Secret,
    placement: ApiKeyIn,
) -> Result<(), AuthError> {
    // Without a key there is nothing to send; Newman sends the request without it (recorded
    // in tests/newman, auth_edges).
    if key.is_empty() {
        return Ok(());
    }
    match placement {
        ApiKeyIn::Header => {
            // Postman compares lodash `lowerCase` forms, so `X-Api-Key`, `x_api_key` and
            // `xApiKey` all count as the same header.
            let wanted = lodash_lower_case(key);
            req.headers.retain(|(k, _)| lodash_lower_case(k) != wanted);
            req.headers
                .push((key.to_string(), value.expose().to_string()));
        }
        ApiKeyIn::Query => {
            let mut segs = query_segments(&req.url);
            segs.retain(|s| !query_key_is(s, key));
            segs.push(format!(
                "{}={}",
                postman_query(key, true),
                postman_query(value.expose(), false)
            ));
            req.url = with_query(&req.url, &segs);
        }
    }
    Ok(())
}

pub(crate) fn oauth2(
    req: &mut HttpRequest,
    token: &Secret,
    add_to: &TokenPlacement,
    header_prefix: Option<&str>,
    token_type: &str,
) -> Result<(), AuthError> {
    if token.is_empty() || token_type.eq_ignore_ascii_case("mac") {
        return Ok(());
    }
    remove_header_ignore_case(req, "authorization");
    let mut segs = query_segments(&req.url);
    let before = segs.len();
    segs.retain(|s| !query_key_is(s, "access_token"));
    match add_to {
        TokenPlacement::QueryParams => {
            segs.push(format!(
                "access_token={}",
                postman_query(token.expose(), false)
            ));
            req.url = with_query(&req.url, &segs);
        }
        TokenPlacement::Header | TokenPlacement::Other(_) => {
            if segs.len() != before {
                req.url = with_query(&req.url, &segs);
            }
            if *add_to == TokenPlacement::Header {
                let prefix = header_prefix.map_or("Bearer", str::trim);
                let value = if prefix.is_empty() {
                    token.expose().to_string()
                } else {
                    format!("{prefix} {}", token.expose())
                };
                req.headers.push(("Authorization".into(), value));
            }
        }
    }
    Ok(())
}

/// Whether a raw query segment has this (unencoded) key; the segment's key is compared both
/// as written and decoded.
fn query_key_is(seg: &str, key: &str) -> bool {
    let raw = segment_key(seg);
    raw == key || super::url::decode_lenient(raw) == key
}

/// An approximation of lodash `_.lowerCase` for header names: split into words at
/// non-alphanumerics, lower→upper case changes, acronym ends and letter/digit changes, then
/// join the lowercased words with spaces.
pub(crate) fn lodash_lower_case(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let class = |c: char| {
        if c.is_ascii_digit() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_alphanumeric() {
            3
        } else {
            0
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let k = class(c);
        if k == 0 {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|j| chars.get(j)) {
            let pk = class(prev);
            let next_lower = chars.get(i + 1).is_some_and(|&n| class(n) == 3);
            let boundary = pk != 0
                && ((pk == 3 && k == 2)
                    || (pk == 1) != (k == 1)
                    || (pk == 2 && k == 2 && next_lower));
            if boundary && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{FixedClock, req};
    use super::super::{Auth, apply};
    use super::*;
    use serde_json::{Map, Value, json};

    fn auth(kind: &str, v: Value) -> Auth {
        Auth::from_postman(kind, &v.as_object().cloned().unwrap_or_else(Map::new))
    }

    fn run(a: &Auth, r: &mut HttpRequest) {
        apply(a, r, &FixedClock { now: 0, nonce: "" }).unwrap();
    }

    #[test]
    fn bearer_replaces_any_authorization_header() {
        let mut r = req(
            "GET",
            "http://h/",
            &[("authorization", "old"), ("X", "1")],
            None,
        );
        run(&auth("bearer", json!({"token": "abc.def"})), &mut r);
        assert_eq!(
            r.headers,
            vec![
                ("X".to_string(), "1".to_string()),
                ("Authorization".to_string(), "Bearer abc.def".to_string())
            ]
        );
        let mut r = req("GET", "http://h/", &[("Authorization", "mine")], None);
        run(&auth("bearer", json!({"token": ""})), &mut r);
        assert_eq!(
            r.headers,
            vec![("Authorization".to_string(), "mine".to_string())]
        );
    }

    #[test]
    fn basic_is_utf8_base64() {
        let mut r = req("GET", "http://h/", &[], None);
        run(
            &auth(
                "basic",
                json!({"username": "Aladdin", "password": "open sesame"}),
            ),
            &mut r,
        );
        // RFC 7617 section 2 example
        assert_eq!(r.headers[0].1, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        let mut r = req("GET", "http://h/", &[("AUTHORIZATION", "x")], None);
        run(
            &auth("basic", json!({"username": "test", "password": "123£"})),
            &mut r,
        );
        // RFC 7617 section 2.1 example (UTF-8 charset)
        assert_eq!(
            r.headers,
            vec![(
                "Authorization".to_string(),
                "Basic dGVzdDoxMjPCow==".to_string()
            )]
        );
        let mut r = req("GET", "http://h/", &[], None);
        run(&auth("basic", json!({})), &mut r);
        assert_eq!(r.headers[0].1, "Basic Og==");
    }

    #[test]
    fn apikey_header_default_replaces_lodash_equal_names() {
        let mut r = req(
            "GET",
            "http://h/",
            &[("x_api_key", "old"), ("xApiKey", "old2"), ("Accept", "*/*")],
            None,
        );
        run(
            &auth("apikey", json!({"key": "X-API-Key", "value": "s3"})),
            &mut r,
        );
        assert_eq!(
            r.headers,
            vec![
                ("Accept".to_string(), "*/*".to_string()),
                ("X-API-Key".to_string(), "s3".to_string())
            ]
        );
    }

    #[test]
    fn apikey_query_replaces_same_key_and_encodes() {
        let mut r = req("GET", "http://h/p?api_key=old&x=1#f", &[], None);
        run(
            &auth(
                "apikey",
                json!({"key": "api_key", "value": "a b&c", "in": "query"}),
            ),
            &mut r,
        );
        assert_eq!(r.url, "http://h/p?x=1&api_key=a%20b%26c#f");
        assert!(r.headers.is_empty());
        let mut r = req("GET", "http://h/p", &[], None);
        run(
            &auth("apikey", json!({"key": "", "value": "", "in": "query"})),
            &mut r,
        );
        assert_eq!(r.url, "http://h/p");
    }

    #[test]
    fn oauth2_header_prefix_and_query_placement() {
        let mut r = req(
            "GET",
            "http://h/?access_token=old",
            &[("Authorization", "x")],
            None,
        );
        run(&auth("oauth2", json!({"accessToken": "tok"})), &mut r);
        assert_eq!(r.url, "http://h/");
        assert_eq!(
            r.headers,
            vec![("Authorization".to_string(), "Bearer tok".to_string())]
        );

        let mut r = req("GET", "http://h/", &[], None);
        run(
            &auth(
                "oauth2",
                json!({"accessToken": "tok", "headerPrefix": "  Token "}),
            ),
            &mut r,
        );
        assert_eq!(r.headers[0].1, "Token tok");
        let mut r = req("GET", "http://h/", &[], None);
        run(
            &auth("oauth2", json!({"accessToken": "tok", "headerPrefix": ""})),
            &mut r,
        );
        assert_eq!(r.headers[0].1, "tok");

        let mut r = req("GET", "http://h/?a=1", &[("authorization", "x")], None);
        run(
            &auth(
                "oauth2",
                json!({"accessToken": "t/k", "addTokenTo": "queryParams"}),
            ),
            &mut r,
        );
        assert_eq!(r.url, "http://h/?a=1&access_token=t/k");
        assert!(r.headers.is_empty());

        let mut r = req("GET", "http://h/", &[("Authorization", "x")], None);
        run(
            &auth("oauth2", json!({"accessToken": "tok", "tokenType": "MAC"})),
            &mut r,
        );
        assert_eq!(r.headers[0].1, "x");
    }

    #[test]
    fn lodash_lower_case_words() {
        assert_eq!(lodash_lower_case("X-API-Key"), "x api key");
        assert_eq!(lodash_lower_case("xApiKey"), "x api key");
        assert_eq!(lodash_lower_case("__x_api_key__"), "x api key");
        assert_eq!(lodash_lower_case("APIKey2"), "api key 2");
        assert_ne!(
            lodash_lower_case("X-Api-Key"),
            lodash_lower_case("X-Api-Keys")
        );
    }
}
