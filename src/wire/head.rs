//! The request head exactly as built (method, target and header names as written, nothing
//! normalised) and the response head as received (header names in the server's case).

use super::{Origin, WireError};

/// Where a URL goes: the origin to connect to, and the request-target as written in the URL
/// (dot segments and the encoding kept; only bytes that can never appear on the wire, such
/// as spaces, controls and non-ASCII, are percent-encoded).
pub(super) struct Target {
    pub origin: Origin,
    pub request_target: String,
    /// `host[:port]` for a Host header the request lacks.
    pub host_header: String,
}

pub(super) fn target(raw: &str) -> Result<Target, WireError> {
    let bad = || WireError::Url(raw.to_string());
    let url = url::Url::parse(raw).map_err(|_| bad())?;
    let https = match url.scheme() {
        "http" => false,
        "https" => true,
        _ => return Err(bad()),
    };
    let host = match url.host() {
        Some(url::Host::Ipv6(a)) => format!("[{a}]"),
        Some(h) => h.to_string(),
        None => return Err(bad()),
    };
    let port = url.port_or_known_default().ok_or_else(bad)?;
    // The part after the authority, from the text itself: url::Url would remove dot segments.
    let after_scheme = raw.split_once("://").map_or("", |(_, rest)| rest);
    let path_start = after_scheme
        .find(['/', '?', '#', '\\'])
        .unwrap_or(after_scheme.len());
    let rest = &after_scheme[path_start..];
    let rest = rest.split('#').next().unwrap_or("");
    let mut request_target = String::with_capacity(rest.len() + 1);
    if !rest.starts_with(['/', '\\']) {
        request_target.push('/');
    }
    let mut in_query = false;
    for b in rest.bytes() {
        in_query |= b == b'?';
        // As Node's URL parser (and so Newman): a backslash before the query is a slash.
        if b == b'\\' && !in_query {
            request_target.push('/');
        } else if b <= b' ' || b >= 0x7f {
            request_target.push_str(&format!("%{b:02X}"));
        } else {
            request_target.push(b as char);
        }
    }
    Ok(Target {
        origin: Origin { https, host, port },
        request_target,
        host_header: crate::build::host_header(&url),
    })
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The request line and headers, ready to write.
pub(super) fn request(
    method: &str,
    target: &str,
    headers: &[(String, String)],
) -> Result<Vec<u8>, WireError> {
    if !is_token(method) {
        return Err(WireError::Method(method.to_string()));
    }
    let mut out = Vec::with_capacity(256 + headers.len() * 40);
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(target.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    for (name, value) in headers {
        if !is_token(name) {
            return Err(WireError::HeaderName(name.clone()));
        }
        // A CR or LF in a value would end the header early: request splitting.
        if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(WireError::HeaderValue(name.clone()));
        }
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    Ok(out)
}

/// A parsed response head.
pub(super) struct Head {
    pub status: u16,
    pub reason: String,
    /// HTTP/1.0 (1) or 1.1 (1).
    pub minor: u8,
    pub headers: Vec<(String, String)>,
    /// Bytes the head took in the buffer.
    pub len: usize,
}

/// Heads larger than this are refused (hyper's limit is about the same).
pub(super) const MAX_HEAD: usize = 512 * 1024;
const MAX_HEADERS: usize = 256;

/// `Ok(None)`: not complete yet.
pub(super) fn parse_response(buf: &[u8], at: &str) -> Result<Option<Head>, WireError> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut slots);
    let mut config = httparse::ParserConfig::default();
    config
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_spaces_after_header_name_in_responses(true);
    let status = config
        .parse_response(&mut resp, buf)
        .map_err(|e| WireError::Protocol {
            at: at.to_string(),
            message: e.to_string(),
        })?;
    let len = match status {
        httparse::Status::Complete(n) => n,
        httparse::Status::Partial => return Ok(None),
    };
    let headers = resp
        .headers
        .iter()
        .map(|h| {
            let value = String::from_utf8_lossy(h.value);
            // An obsolete folded line reads as one space, as RFC 9112 says a recipient may.
            let value = if value.contains('\n') {
                value
                    .split(['\r', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                value.into_owned()
            };
            (h.name.to_string(), value)
        })
        .collect();
    Ok(Some(Head {
        status: resp.code.unwrap_or(0),
        reason: resp.reason.unwrap_or("").to_string(),
        minor: resp.version.unwrap_or(1),
        headers,
        len,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_keeps_dot_segments_and_encoding_as_written() {
        let t = target("http://127.0.0.1:8080/a/../b/./c?x=%2F&y=a b#frag").unwrap();
        assert_eq!(t.request_target, "/a/../b/./c?x=%2F&y=a%20b");
        assert_eq!(t.host_header, "127.0.0.1:8080");
        assert_eq!(t.origin.port, 8080);
        assert_eq!(target("https://h.test?q").unwrap().request_target, "/?q");
        assert_eq!(target("https://h.test").unwrap().origin.port, 443);
        assert!(target("ftp://h/x").is_err());
        assert_eq!(
            target("http://h\\a\\b?c\\d").unwrap().request_target,
            "/a/b?c\\d"
        );
    }

    #[test]
    fn header_names_go_out_as_written_and_values_cannot_split_the_request() {
        let head = request(
            "GET",
            "/x",
            &[
                ("x-lower".into(), "1".into()),
                ("X-MiXeD".into(), "2".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(head).unwrap(),
            "GET /x HTTP/1.1\r\nx-lower: 1\r\nX-MiXeD: 2\r\n\r\n"
        );
        assert!(request("GET", "/", &[("a".into(), "b\r\nEvil: 1".into())]).is_err());
        assert!(request("GET", "/", &[("a b".into(), "c".into())]).is_err());
        assert!(request("G ET", "/", &[]).is_err());
    }

    #[test]
    fn response_header_names_keep_their_case() {
        let raw = b"HTTP/1.1 200 OK\r\nx-lower: a\r\nX-MiXeD: b\r\nContent-Length: 0\r\n\r\nrest";
        let head = parse_response(raw, "h").unwrap().unwrap();
        assert_eq!(head.status, 200);
        assert_eq!(head.headers[0], ("x-lower".into(), "a".into()));
        assert_eq!(head.headers[1].0, "X-MiXeD");
        assert_eq!(&raw[head.len..], b"rest");
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\nA: b", "h")
                .unwrap()
                .is_none()
        );
        assert!(parse_response(b"NOT HTTP\r\n\r\n", "h").is_err());
    }
}
