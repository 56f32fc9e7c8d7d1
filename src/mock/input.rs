//! Reading what a client sent, defensively: a size- and time-capped body, media types, bearer
//! tokens, urlencoded forms, JSON objects. Owns the limits; must not decide replies beyond
//! naming what was wrong with the input.

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::http::{HeaderMap, header};
use serde_json::{Map, Value};

/// Limits on one request; tests shrink the timeouts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// A connection that has not sent a complete request head by then is closed.
    pub header_timeout: Duration,
    pub body_bytes: usize,
    /// Past the cap the body is still drained up to this many bytes, so a client that writes
    /// its whole body before reading gets the 413 instead of a connection reset.
    pub drain_bytes: usize,
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_bytes: 1 << 20,
            drain_bytes: 8 << 20,
            body_timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyError {
    TooLarge,
    Unreadable,
    TimedOut,
}

pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limits: Limits,
) -> Result<Vec<u8>, BodyError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.drain_bytes as u64) {
        return Err(BodyError::TooLarge);
    }
    match tokio::time::timeout(limits.body_timeout, collect(body, limits)).await {
        Ok(result) => result,
        Err(_) => Err(BodyError::TimedOut),
    }
}

async fn collect(mut body: Body, limits: Limits) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| BodyError::Unreadable)?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers carry nothing the mock reads
        };
        seen = seen.saturating_add(data.len());
        if seen > limits.drain_bytes {
            return Err(BodyError::TooLarge);
        }
        if seen <= limits.body_bytes {
            out.extend_from_slice(&data);
        }
    }
    if seen > limits.body_bytes {
        Err(BodyError::TooLarge)
    } else {
        Ok(out)
    }
}

/// True when the Content-Type's media type is `expected` (parameters and case ignored).
pub(crate) fn has_media_type(headers: &HeaderMap, expected: &str) -> bool {
    media_type(headers).is_some_and(|m| m == expected)
}

/// The lowercased media type without parameters, if a readable Content-Type is present.
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    Some(essence.to_ascii_lowercase())
}

/// `application/json` or any `+json` type, which JSON clients also send.
pub(crate) fn is_json_media(media: &str) -> bool {
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The first value of `key` in an urlencoded body or query string; a blank value counts as absent.
pub(crate) fn form_value(bytes: &[u8], key: &str) -> Option<String> {
    form_urlencoded::parse(bytes)
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonError {
    Malformed,
    NotAnObject,
}

pub(crate) fn json_object(bytes: &[u8]) -> Result<Map<String, Value>, JsonError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(JsonError::NotAnObject),
        Err(_) => Err(JsonError::Malformed),
    }
}

/// A non-empty string member; other types and blanks count as absent.
pub(crate) fn string_field<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).expect("ascii"));
        }
        map
    }

    #[test]
    fn media_type_ignores_parameters_and_case() {
        let h = headers(&[(header::CONTENT_TYPE, "Application/JSON; charset=UTF-8")]);
        assert!(has_media_type(&h, "application/json"));
        assert!(!has_media_type(&HeaderMap::new(), "application/json"));
        assert!(is_json_media("application/problem+json"));
        assert!(!is_json_media("text/json+html"));
    }

    #[test]
    fn bearer_parsing() {
        let h = headers(&[(header::AUTHORIZATION, "bearer  abc.def ")]);
        assert_eq!(bearer(&h), Some("abc.def"));
        let h = headers(&[(header::AUTHORIZATION, "Basic abc")]);
        assert_eq!(bearer(&h), None);
        let h = headers(&[(header::AUTHORIZATION, "Bearer ")]);
        assert_eq!(bearer(&h), None);
        assert_eq!(bearer(&HeaderMap::new()), None);
    }

    #[test]
    fn form_values_are_decoded_and_blanks_are_absent() {
        let body = b"username=a%40b.c&password=p+w&empty=&username=second";
        assert_eq!(form_value(body, "username").as_deref(), Some("a@b.c"));
        assert_eq!(form_value(body, "password").as_deref(), Some("p w"));
        assert_eq!(form_value(body, "empty"), None);
        assert_eq!(form_value(body, "missing"), None);
        assert_eq!(form_value(&[0xff, b'=', 0xfe], "x"), None);
    }

    #[test]
    fn json_objects_only() {
        assert!(json_object(br#"{"a":1}"#).is_ok());
        assert_eq!(json_object(b"[1]"), Err(JsonError::NotAnObject));
        assert_eq!(json_object(b"{"), Err(JsonError::Malformed));
        let map = json_object(br#"{"a":"x","b":" ","c":3}"#).expect("object");
        assert_eq!(string_field(&map, "a"), Some("x"));
        assert_eq!(string_field(&map, "b"), None);
        assert_eq!(string_field(&map, "c"), None);
    }

    fn small() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(5),
            body_bytes: 4,
            drain_bytes: 8,
            body_timeout: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn body_limits() {
        let ok = read_body(&HeaderMap::new(), Body::from("abcd"), small()).await;
        assert_eq!(ok, Ok(b"abcd".to_vec()));
        let drained = read_body(&HeaderMap::new(), Body::from("abcdef"), small()).await;
        assert_eq!(drained, Err(BodyError::TooLarge));
        let huge = read_body(&HeaderMap::new(), Body::from("abcdefghijk"), small()).await;
        assert_eq!(huge, Err(BodyError::TooLarge));
        let declared = headers(&[(header::CONTENT_LENGTH, "9")]);
        assert_eq!(
            read_body(&declared, Body::empty(), small()).await,
            Err(BodyError::TooLarge)
        );
    }
}
