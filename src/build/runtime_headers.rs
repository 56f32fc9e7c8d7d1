//! The headers Postman's runtime adds around a collection's own, in the order Newman 6.2.2
//! sends them (recorded in tests/newman/recordings): User-Agent, Accept, Cache-Control,
//! Postman-Token, Host, Accept-Encoding, Connection, then the body's framing (a multipart
//! Content-Type, Content-Length), then basic auth taken from the URL's userinfo. They are part
//! of the built request, so reports and `pm.request` in test scripts show what was sent.

use crate::postman::SystemHeaders;
use crate::request::HttpRequest;
use base64::Engine as _;

/// The body as the runtime frames it.
pub(super) enum Framing {
    /// No body: `Content-Length: 0` only where the runtime sends one.
    None { zero_length: bool },
    /// A body; `late_content_type` goes after the runtime's headers (multipart, file).
    Body {
        len: usize,
        late_content_type: Option<String>,
        /// File bodies: the runtime writes Content-Length before Content-Type.
        length_first: bool,
    },
}

/// `host[:port]`, the port only when it is not the scheme's default (as Node writes Host).
pub fn host_header(url: &url::Url) -> String {
    let host = match url.host() {
        Some(url::Host::Ipv6(a)) => format!("[{a}]"),
        Some(h) => h.to_string(),
        None => String::new(),
    };
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

/// Adds the runtime's headers that the collection did not set itself, except those its
/// `disabledSystemHeaders` names (Host always goes: the HTTP client writes one anyway).
pub(super) fn add(
    req: &mut HttpRequest,
    user_agent: &str,
    framing: Framing,
    disabled: SystemHeaders,
) {
    let host = url::Url::parse(&req.url).ok().map(|u| host_header(&u));
    let token = uuid::Uuid::new_v4().to_string();
    let defaults = [
        ("User-Agent", Some(user_agent)),
        ("Accept", Some("*/*")),
        ("Cache-Control", Some("no-cache")),
        ("Postman-Token", Some(token.as_str())),
        ("Host", host.as_deref()),
        ("Accept-Encoding", Some("gzip, deflate, br")),
        ("Connection", Some("keep-alive")),
    ];
    for (name, value) in defaults {
        if let Some(value) = value.filter(|_| !disabled.contains(name)) {
            push_missing(req, name, value);
        }
    }
    match framing {
        Framing::None { zero_length: true } if !disabled.contains("content-length") => {
            push_missing(req, "Content-Length", "0")
        }
        Framing::None { .. } => {}
        Framing::Body {
            len,
            late_content_type,
            length_first,
        } => {
            let len = len.to_string();
            if length_first {
                push_missing(req, "Content-Length", &len);
            }
            if let Some(ct) = late_content_type.filter(|_| !disabled.contains("content-type")) {
                push_missing(req, "Content-Type", &ct);
            }
            push_missing(req, "Content-Length", &len);
        }
    }
    userinfo_to_basic_auth(req);
}

fn push_missing(req: &mut HttpRequest, name: &str, value: &str) {
    if !req.has_header(name) {
        req.headers.push((name.into(), value.into()));
    }
}

/// `http://user:pass@host/` is sent without the userinfo, as `Authorization: Basic` (unless
/// the request already has an Authorization header).
fn userinfo_to_basic_auth(req: &mut HttpRequest) {
    let Ok(mut url) = url::Url::parse(&req.url) else {
        return;
    };
    if url.username().is_empty() && url.password().is_none() {
        return;
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let pair = format!(
        "{}:{}",
        decode(url.username()),
        decode(url.password().unwrap_or(""))
    );
    let _ = url.set_username("");
    let _ = url.set_password(None);
    req.url = url.to_string();
    let value = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    );
    push_missing(req, "Authorization", &value);
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: SystemHeaders = SystemHeaders::EMPTY;

    fn req(url: &str) -> HttpRequest {
        HttpRequest {
            method: "GET".into(),
            url: url.into(),
            headers: vec![("X-Own".into(), "1".into())],
            body: None,
        }
    }

    #[test]
    fn runtime_headers_follow_the_collections_in_newmans_order() {
        let mut r = req("http://127.0.0.1:8080/a");
        add(&mut r, "ua", Framing::None { zero_length: false }, NONE);
        let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "X-Own",
                "User-Agent",
                "Accept",
                "Cache-Control",
                "Postman-Token",
                "Host",
                "Accept-Encoding",
                "Connection"
            ]
        );
        assert_eq!(r.header("host"), Some("127.0.0.1:8080"));
    }

    #[test]
    fn userinfo_becomes_basic_auth_and_leaves_the_url() {
        let mut r = req("http://alice:p%40ss@example.com/x");
        add(&mut r, "ua", Framing::None { zero_length: true }, NONE);
        assert_eq!(r.url, "http://example.com/x");
        assert_eq!(r.header("host"), Some("example.com"));
        assert_eq!(r.header("content-length"), Some("0"));
        // alice:p@ss
        assert_eq!(r.header("authorization"), Some("Basic YWxpY2U6cEBzcw=="));
    }

    #[test]
    fn an_idn_host_goes_out_as_punycode() {
        let mut r = req("http://b\u{fc}cher.example:8080/x");
        add(&mut r, "ua", Framing::None { zero_length: false }, NONE);
        assert_eq!(r.header("host"), Some("xn--bcher-kva.example:8080"));
    }

    #[test]
    fn file_bodies_put_the_length_before_the_type() {
        let mut r = req("https://example.com:443/x");
        let framing = Framing::Body {
            len: 3,
            late_content_type: Some("application/octet-stream".into()),
            length_first: true,
        };
        add(&mut r, "ua", framing, NONE);
        let tail: Vec<&str> = r.headers[r.headers.len() - 2..]
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(tail, ["Content-Length", "Content-Type"]);
        assert_eq!(r.header("host"), Some("example.com"));
    }
}

#[cfg(test)]
mod disabled_tests {
    use super::*;

    #[test]
    fn disabled_system_headers_are_not_added_but_the_collections_own_stay() {
        let set = SystemHeaders::from_json(&serde_json::json!({
            "x-own": true, "accept": true, "connection": true, "content-length": true,
            "Cache-Control": true, "user-agent": false
        }));
        let mut r = HttpRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:1/a".into(),
            headers: vec![("X-Own".into(), "1".into())],
            body: None,
        };
        add(&mut r, "ua", Framing::None { zero_length: true }, set);
        let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "X-Own",
                "User-Agent",
                "Cache-Control",
                "Postman-Token",
                "Host",
                "Accept-Encoding"
            ]
        );
    }
}
