//! The run's cookie jar, kept as Newman keeps it (tough-cookie's rules as postman-runtime
//! configures them): `Set-Cookie` from every response (redirect hops included) is stored per
//! RFC 6265, matching cookies go back on later requests, scripts reach it through `pm.cookies`,
//! and `--cookie-jar` / `--export-cookie-jar` read and write tough-cookie's JSON.
//!
//! One jar per run, shared by every session, as Newman has one per `newman.run`.

mod file;
pub mod parse;

use crate::request::HttpRequest;
pub use file::CookieFileError;
use parse::Parsed;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// One stored cookie, with the fields tough-cookie serializes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    pub key: String,
    pub value: String,
    /// Milliseconds since the epoch; `None`: a session cookie (tough-cookie's "Infinity").
    pub expires: Option<i64>,
    /// Seconds, counted from `creation`; wins over `expires`.
    pub max_age: Option<i64>,
    pub domain: String,
    pub path: String,
    pub secure: bool,
    pub http_only: bool,
    pub extensions: Vec<String>,
    pub host_only: bool,
    pub path_is_default: bool,
    pub creation: i64,
    pub last_accessed: i64,
    pub same_site: Option<String>,
    /// Breaks ties between cookies created in the same millisecond.
    creation_index: u64,
}

impl Cookie {
    /// When the cookie stops being sent (ms); `i64::MAX` for session cookies.
    pub fn expiry_time(&self) -> i64 {
        match self.max_age {
            Some(age) if age <= 0 => i64::MIN,
            Some(age) => self.creation.saturating_add(age.saturating_mul(1000)),
            None => self.expires.unwrap_or(i64::MAX),
        }
    }

    /// `name=value` as it goes into a `Cookie` header (a nameless cookie is just its value).
    pub fn pair(&self) -> String {
        if self.key.is_empty() {
            self.value.clone()
        } else {
            format!("{}={}", self.key, self.value)
        }
    }
}

/// Why the jar refused a cookie (only scripts see these: a refused `Set-Cookie` is ignored).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CookieError {
    #[error("Cookie failed to parse")]
    Parse,
    #[error("Cookie not in this host's domain. Cookie:{cookie} Request:{request}")]
    Domain { cookie: String, request: String },
    #[error("cookies need a URL with a host: '{0}'")]
    Url(String),
}

/// The cookies, and the counter behind their creation order. Scripts set cookies through the
/// same rules as responses (Postman's jar lets them set HttpOnly ones too).
#[derive(Default)]
struct Store {
    cookies: Vec<Cookie>,
    next_index: u64,
}

/// The run's jar; cheap to share behind an `Arc`. Its `Debug` shows no cookie values.
#[derive(Default)]
pub struct CookieJar {
    store: Mutex<Store>,
}

/// What a script may pass to `jar().set`: a whole cookie or a `Set-Cookie` string.
pub enum CookieInput {
    Header(String),
    Parts(Parsed),
}

/// A cap on stored cookies: a server answering with thousands must not grow the jar forever.
const MAX_COOKIES: usize = 3000;

impl std::fmt::Debug for CookieJar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CookieJar({} cookies)", self.lock().cookies.len())
    }
}

impl CookieJar {
    pub fn new() -> Self {
        CookieJar::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores the `Set-Cookie` headers of a response to `url`; refused cookies are ignored,
    /// as Newman ignores them.
    pub fn store_response<'a>(&self, url: &str, headers: impl IntoIterator<Item = &'a str>) {
        let Ok(url) = url::Url::parse(url) else {
            return;
        };
        for h in headers {
            if let Some(parsed) = parse::set_cookie(h) {
                let _ = self.insert(parsed, &url, now());
            }
        }
    }

    /// A script's `jar().set(url, ...)`: the stored cookie, or why it was refused.
    pub fn set(&self, url: &str, input: CookieInput) -> Result<Cookie, CookieError> {
        let url = url::Url::parse(url).map_err(|_| CookieError::Url(url.to_string()))?;
        let parsed = match input {
            CookieInput::Header(h) => parse::set_cookie(&h).ok_or(CookieError::Parse)?,
            CookieInput::Parts(p) => p,
        };
        self.insert(parsed, &url, now())
    }

    /// RFC 6265 section 5.3, the storage model.
    fn insert(&self, c: Parsed, url: &url::Url, now: i64) -> Result<Cookie, CookieError> {
        let host = host_of(url).ok_or_else(|| CookieError::Url(url.to_string()))?;
        let (domain, host_only) = match c.domain {
            Some(d) => {
                let d = canonical(&d);
                if !domain_match(&host, &d) {
                    return Err(CookieError::Domain {
                        cookie: d,
                        request: host,
                    });
                }
                (d, false)
            }
            None => (host, true),
        };
        let (path, path_is_default) = match c.path {
            Some(p) => (p, false),
            None => (default_path(url.path()), true),
        };
        // Cookie prefixes (RFC 6265bis), which Newman's jar drops silently when unmet.
        if c.key.starts_with("__Secure-") && !c.secure {
            return Err(CookieError::Parse);
        }
        if c.key.starts_with("__Host-") && (!c.secure || !host_only || path != "/") {
            return Err(CookieError::Parse);
        }
        let mut cookie = Cookie {
            key: c.key,
            value: c.value,
            expires: c.expires,
            max_age: c.max_age,
            domain,
            path,
            secure: c.secure,
            http_only: c.http_only,
            extensions: c.extensions,
            host_only,
            path_is_default,
            creation: now,
            last_accessed: now,
            same_site: c.same_site,
            creation_index: 0,
        };
        let mut store = self.lock();
        let old = store.cookies.iter().position(|o| {
            o.domain == cookie.domain && o.path == cookie.path && o.key == cookie.key
        });
        match old {
            // The replaced cookie keeps its creation time (step 11.3), so its place in the
            // Cookie header.
            Some(i) => {
                let o = store.cookies.remove(i);
                cookie.creation = o.creation;
                cookie.creation_index = o.creation_index;
            }
            None => {
                store.next_index += 1;
                cookie.creation_index = store.next_index;
            }
        }
        // An already expired cookie only deletes the one it replaces.
        if cookie.expiry_time() > now {
            if store.cookies.len() >= MAX_COOKIES {
                store.cookies.remove(0);
            }
            store.cookies.push(cookie.clone());
        }
        Ok(cookie)
    }

    /// The cookies a request to `url` carries, in RFC order (longest path first, then oldest).
    /// `http: false` leaves out HttpOnly cookies; `secure: None` decides from the URL (https,
    /// or a loopback host, which Newman's jar treats as a secure context).
    pub fn matching(&self, url: &str, http: bool, secure: Option<bool>) -> Vec<Cookie> {
        let Ok(url) = url::Url::parse(url) else {
            return Vec::new();
        };
        let Some(host) = host_of(&url) else {
            return Vec::new();
        };
        let secure =
            secure.unwrap_or_else(|| matches!(url.scheme(), "https" | "wss") || is_loopback(&host));
        let path = if url.path().is_empty() {
            "/"
        } else {
            url.path()
        };
        let now = now();
        let mut store = self.lock();
        store.cookies.retain(|c| c.expiry_time() > now);
        let mut out: Vec<Cookie> = Vec::new();
        for c in store.cookies.iter_mut() {
            let domain_ok = if c.host_only {
                c.domain == host
            } else {
                domain_match(&host, &c.domain)
            };
            if domain_ok
                && path_match(path, &c.path)
                && (!c.secure || secure)
                && (!c.http_only || http)
            {
                c.last_accessed = now;
                out.push(c.clone());
            }
        }
        out.sort_by(|a, b| {
            b.path
                .len()
                .cmp(&a.path.len())
                .then(a.creation.cmp(&b.creation))
                .then(a.creation_index.cmp(&b.creation_index))
        });
        out
    }

    /// The `Cookie` header value for a request to `url`, if any cookie matches.
    pub fn header_for(&self, url: &str) -> Option<String> {
        let cookies = self.matching(url, true, None);
        (!cookies.is_empty()).then(|| {
            cookies
                .iter()
                .map(Cookie::pair)
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// Removes the cookie with exactly this domain, path and name.
    pub fn remove(&self, domain: &str, path: &str, key: &str) {
        self.lock()
            .cookies
            .retain(|c| !(c.domain == domain && c.path == path && c.key == key));
    }

    /// Every stored cookie, oldest first (for the export).
    pub fn all(&self) -> Vec<Cookie> {
        let mut all = self.lock().cookies.clone();
        all.sort_by_key(|c| (c.creation, c.creation_index));
        all
    }

    fn push_loaded(&self, mut cookie: Cookie) {
        let mut store = self.lock();
        store.next_index += 1;
        cookie.creation_index = store.next_index;
        store.cookies.retain(|o| {
            !(o.domain == cookie.domain && o.path == cookie.path && o.key == cookie.key)
        });
        store.cookies.push(cookie);
    }
}

/// The `Cookie` header a request goes out with: the jar's cookies for its URL after any
/// `Cookie` header the collection wrote itself (postman-request appends them the same way).
/// `None`: the request is sent as it is.
pub fn header_for(jar: Option<&CookieJar>, req: &HttpRequest) -> Option<String> {
    let from_jar = jar?.header_for(&req.url)?;
    let own = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty());
    Some(match own {
        Some(own) => format!("{own}; {from_jar}"),
        None => from_jar,
    })
}

/// The request with its `Cookie` header replaced by `cookie` (as it was sent), if any.
pub fn with_header(mut req: HttpRequest, cookie: Option<String>) -> HttpRequest {
    if let Some(value) = cookie {
        match req
            .headers
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        {
            Some((_, v)) => *v = value,
            None => {
                let at = jar_cookie_slot(&req);
                req.headers.insert(at, ("Cookie".into(), value));
            }
        }
    }
    req
}

/// Where the jar's `Cookie` header goes in a request that has none of its own: at the end,
/// except before the `Content-Length: 0` that closes a request without a body. Node writes
/// that zero length itself when the request ends, after every header postman-request set
/// (the Cookie included), so Newman sends it last. The transport places the header here too.
pub fn jar_cookie_slot(req: &HttpRequest) -> usize {
    let n = req.headers.len();
    match req.headers.last() {
        Some((k, v))
            if req.body.as_ref().is_none_or(|b| b.is_empty())
                && k.eq_ignore_ascii_case("content-length")
                && v.trim() == "0" =>
        {
            n - 1
        }
        _ => n,
    }
}

/// Stores the `Set-Cookie` headers of one response (one hop of a redirect chain).
pub fn absorb(jar: Option<&CookieJar>, url: &str, headers: &reqwest::header::HeaderMap) {
    if let Some(jar) = jar {
        let values: Vec<String> = headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        jar.store_response(url, values.iter().map(String::as_str));
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The request host as the jar compares it: lower case, IPv6 without brackets.
fn host_of(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(canonical(host))
}

fn canonical(host: &str) -> String {
    host.trim()
        .trim_start_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// RFC 6265 5.1.3: identical, or a dot-aligned suffix of a host name (never of an IP).
fn domain_match(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && !is_ip(host))
}

/// RFC 6265 5.1.4.
fn path_match(request: &str, cookie: &str) -> bool {
    request == cookie
        || (request.starts_with(cookie)
            && (cookie.ends_with('/') || request.as_bytes().get(cookie.len()) == Some(&b'/')))
}

/// RFC 6265 5.1.4: the request path up to (not including) its last `/`.
fn default_path(path: &str) -> String {
    if !path.starts_with('/') {
        return "/".into();
    }
    match path.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) => path[..i].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jar_cookie_goes_before_a_closing_zero_length_only() {
        let req = |method: &str, last: (&str, &str), body: Option<&[u8]>| HttpRequest {
            method: method.into(),
            url: "http://h/".into(),
            headers: vec![
                ("Connection".into(), "keep-alive".into()),
                (last.0.into(), last.1.into()),
            ],
            body: body.map(<[u8]>::to_vec),
        };
        let names = |r: HttpRequest| -> Vec<String> {
            with_header(r, Some("sid=1".into()))
                .headers
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        };
        assert_eq!(
            names(req("POST", ("Content-Length", "0"), None)),
            ["Connection", "Cookie", "Content-Length"]
        );
        assert_eq!(
            names(req("POST", ("Content-Length", "3"), Some(b"abc"))),
            ["Connection", "Content-Length", "Cookie"]
        );
        assert_eq!(
            names(req("GET", ("Accept", "*/*"), None)),
            ["Connection", "Accept", "Cookie"]
        );
    }

    fn jar_with(url: &str, headers: &[&str]) -> CookieJar {
        let jar = CookieJar::new();
        jar.store_response(url, headers.iter().copied());
        jar
    }

    #[test]
    fn paths_domains_and_order() {
        let jar = jar_with(
            "http://api.example.test/a/b",
            &[
                "x=1",
                "y=2; Path=/",
                "z=3; Path=/a/b/c",
                "d=4; Domain=example.test",
            ],
        );
        // Default path of /a/b is /a (x and d); longer paths first, then oldest.
        assert_eq!(
            jar.header_for("http://api.example.test/a/b/c/d").as_deref(),
            Some("z=3; x=1; d=4; y=2")
        );
        assert_eq!(
            jar.header_for("http://api.example.test/").as_deref(),
            Some("y=2")
        );
        // /ab does not path-match /a.
        assert_eq!(
            jar.header_for("http://api.example.test/ab").as_deref(),
            Some("y=2")
        );
        // The Domain cookie reaches a sibling host; host-only ones do not.
        assert_eq!(
            jar.header_for("http://www.example.test/a/x").as_deref(),
            Some("d=4")
        );
        assert_eq!(jar.header_for("http://other.test/"), None);
    }

    #[test]
    fn refused_cookies() {
        let jar = jar_with(
            "http://127.0.0.1/",
            &[
                "a=1; Domain=other.test",
                "b=1; Domain=0.0.1",
                "__Secure-c=1",
                "__Host-d=1; Secure; Path=/x",
                "e=1; Max-Age=0",
                "f=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
            ],
        );
        assert!(jar.all().is_empty(), "{:?}", jar.all());
    }

    #[test]
    fn replace_keeps_place_and_expiry_deletes() {
        let jar = jar_with("http://h.test/", &["a=1", "b=2"]);
        jar.store_response("http://h.test/", ["a=3"]);
        assert_eq!(
            jar.header_for("http://h.test/").as_deref(),
            Some("a=3; b=2")
        );
        jar.store_response("http://h.test/", ["a=; Max-Age=0"]);
        assert_eq!(jar.header_for("http://h.test/").as_deref(), Some("b=2"));
    }

    #[test]
    fn secure_and_http_only() {
        let jar = jar_with("https://h.test/", &["s=1; Secure", "h=2; HttpOnly"]);
        assert_eq!(jar.header_for("http://h.test/").as_deref(), Some("h=2"));
        assert_eq!(
            jar.header_for("https://h.test/").as_deref(),
            Some("s=1; h=2")
        );
        assert_eq!(jar.matching("https://h.test/", false, None).len(), 1);
        // Loopback counts as a secure context, as in Newman.
        let jar = jar_with("http://127.0.0.1:9/", &["s=1; Secure"]);
        assert_eq!(
            jar.header_for("http://127.0.0.1:9/").as_deref(),
            Some("s=1")
        );
    }

    #[test]
    fn script_set_reports_refusals() {
        let jar = CookieJar::new();
        let err = jar
            .set(
                "http://a.test/",
                CookieInput::Header("k=v; Domain=b.test".into()),
            )
            .unwrap_err();
        assert!(err.to_string().contains("not in this host's domain"));
        assert!(
            jar.set("not a url", CookieInput::Header("k=v".into()))
                .is_err()
        );
        let c = jar
            .set("http://a.test/x/y", CookieInput::Header("k=v".into()))
            .unwrap();
        assert_eq!((c.path.as_str(), c.path_is_default), ("/x", true));
    }
}
