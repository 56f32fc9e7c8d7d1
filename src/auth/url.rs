//! The slice of URL handling auth needs, on an already-encoded URL string: split into parts,
//! list and rewrite query parameters, and the percent-encodings Postman's authorizers use.
//! Never re-encodes what it does not change, so nothing is double-encoded.

use super::AuthError;

/// Borrowed pieces of a URL; `scheme` is `http` when the URL has none (Postman's default).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    pub scheme: &'a str,
    /// Host as written (IPv6 keeps its brackets), without userinfo or port.
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// Path as written; empty when the URL has none.
    pub path: &'a str,
    /// Text after `?` up to `#`; `None` when there is no `?`.
    pub query: Option<&'a str>,
}

pub(crate) fn split(url: &str) -> Result<Parts<'_>, AuthError> {
    let p = crate::urlparts::split(url);
    if p.host.is_empty() {
        return Err(AuthError::UrlWithoutHost);
    }
    Ok(Parts {
        scheme: p.scheme.unwrap_or("http"),
        host: p.host,
        port: p.port,
        path: p.path,
        query: p.query,
    })
}

/// Path plus `?query` (what Node's `url.path` gives): `/` when the URL has no path.
pub(crate) fn path_and_query(p: &Parts<'_>) -> String {
    let mut s = if p.path.is_empty() {
        "/".to_string()
    } else {
        p.path.to_string()
    };
    if let Some(q) = p.query.filter(|q| !q.is_empty()) {
        s.push('?');
        s.push_str(q);
    }
    s
}

/// Replaces the query of `url` (keeping scheme, authority, path and fragment as written).
/// An empty list drops the `?`.
pub(crate) fn with_query(url: &str, segments: &[String]) -> String {
    let (head, frag) = match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let base = head.split_once('?').map_or(head, |(b, _)| b);
    let mut out = base.to_string();
    if !segments.is_empty() {
        out.push('?');
        out.push_str(&segments.join("&"));
    }
    out.push_str(frag);
    out
}

/// Raw `&`-separated segments of the URL's query, as written.
pub(crate) fn query_segments(url: &str) -> Vec<String> {
    let head = url.split('#').next().unwrap_or("");
    match head.split_once('?') {
        Some((_, q)) if !q.is_empty() => q.split('&').map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The key of a raw `key=value` segment, still encoded.
pub(crate) fn segment_key(seg: &str) -> &str {
    seg.split_once('=').map_or(seg, |(k, _)| k)
}

/// Bytes RFC 3986 leaves unreserved: what OAuth 1 and AWS keep as is.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn push_pct(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 15)]));
}

/// RFC 3986 percent-encoding of everything but unreserved bytes (OAuth 1 `percentEncode`,
/// aws4 `encodeRfc3986Full`).
pub(crate) fn rfc3986(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            push_pct(&mut out, b);
        }
    }
    out
}

/// Postman's query encoding for a parameter it adds (postman-url-encoder's query set plus `&`,
/// plus `=` in keys). Existing `%XX` escapes are kept, so encoded input is not double-encoded.
pub(crate) fn postman_query(s: &str, is_key: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            out.push_str(&s[i..i + 3]);
            i += 3;
            continue;
        }
        let encode = !(0x20..0x7f).contains(&b)
            || matches!(b, b' ' | b'"' | b'#' | b'\'' | b'<' | b'>' | b'&')
            || (is_key && b == b'=');
        if encode {
            push_pct(&mut out, b);
        } else {
            out.push(char::from(b));
        }
        i += 1;
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Strict decoding like `decodeURIComponent` (after `+` → space when `plus` is set): a bad
/// escape or invalid UTF-8 is an error.
pub(crate) fn decode_strict(s: &str, plus: bool, what: &'static str) -> Result<String, AuthError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_val);
                let lo = bytes.get(i + 2).copied().and_then(hex_val);
                match (hi, lo) {
                    (Some(h), Some(l)) => out.push(h * 16 + l),
                    _ => return Err(AuthError::PercentEncoding(what)),
                }
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| AuthError::PercentEncoding(what))
}

/// Lenient decoding like Node's `querystring.unescape`: `+` is a space, bad escapes stay
/// literal, invalid UTF-8 becomes U+FFFD.
pub(crate) fn decode_lenient(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex_val),
                bytes.get(i + 2).copied().and_then(hex_val),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// OAuth 1's `decodeForm`: `(name, value)` pairs, empty segments skipped, a segment without
/// `=` has no value.
pub(crate) fn decode_form(
    form: &str,
    what: &'static str,
) -> Result<Vec<(String, Option<String>)>, AuthError> {
    form.split('&')
        .filter(|s| !s.is_empty())
        .map(|seg| match seg.split_once('=') {
            Some((k, v)) => Ok((
                decode_strict(k, true, what)?,
                Some(decode_strict(v, true, what)?),
            )),
            None => Ok((decode_strict(seg, true, what)?, None)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        let p = split("HTTPS://User:pw@Example.COM:8443/a/b?x=1&y#frag").unwrap();
        assert_eq!(
            p,
            Parts {
                scheme: "HTTPS",
                host: "Example.COM",
                port: Some("8443"),
                path: "/a/b",
                query: Some("x=1&y"),
            }
        );
        let p = split("example.com").unwrap();
        assert_eq!(
            (p.scheme, p.host, p.path, p.query),
            ("http", "example.com", "", None)
        );
        assert_eq!(path_and_query(&p), "/");
        let p = split("http://[::1]:80/x?").unwrap();
        assert_eq!((p.host, p.port, p.query), ("[::1]", Some("80"), Some("")));
        assert_eq!(path_and_query(&p), "/x");
        assert_eq!(split("http:///nohost"), Err(AuthError::UrlWithoutHost));
    }

    #[test]
    fn rewrites_query_keeping_fragment() {
        let url = "http://h/p?a=1&b=2#f";
        assert_eq!(query_segments(url), vec!["a=1", "b=2"]);
        assert_eq!(with_query(url, &["c=3".to_string()]), "http://h/p?c=3#f");
        assert_eq!(with_query(url, &[]), "http://h/p#f");
        assert_eq!(with_query("http://h", &["a=b".to_string()]), "http://h?a=b");
        assert_eq!(segment_key("k%20x=v=w"), "k%20x");
    }

    #[test]
    fn encodings() {
        assert_eq!(
            rfc3986("a b!*'()~._-/+=&é"),
            "a%20b%21%2A%27%28%29~._-%2F%2B%3D%26%C3%A9"
        );
        assert_eq!(
            postman_query("a b&c=d+e%20f%zz", false),
            "a%20b%26c=d+e%20f%zz"
        );
        assert_eq!(postman_query("k=v", true), "k%3Dv");
        assert_eq!(postman_query("ü#'\"<>", false), "%C3%BC%23%27%22%3C%3E");
    }

    #[test]
    fn decodings() {
        assert_eq!(decode_strict("a+b%20c", true, "q").unwrap(), "a b c");
        assert_eq!(decode_strict("a+b", false, "q").unwrap(), "a+b");
        assert_eq!(
            decode_strict("%zz", true, "q"),
            Err(AuthError::PercentEncoding("q"))
        );
        assert_eq!(
            decode_strict("%ff", true, "q"),
            Err(AuthError::PercentEncoding("q"))
        );
        assert_eq!(decode_lenient("a+%41%zz%"), "a A%zz%");
        assert_eq!(
            decode_form("a=1&&b&c=x+y", "q").unwrap(),
            vec![
                ("a".to_string(), Some("1".to_string())),
                ("b".to_string(), None),
                ("c".to_string(), Some("x y".to_string()))
            ]
        );
    }
}
