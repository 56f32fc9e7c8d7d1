//! URLs as Postman builds them: parts joined, `:name` path variables filled, `{{}}` resolved on
//! the whole string, re-parsed, then each part percent-encoded with its own set (postman-url-encoder's
//! rules: existing `%XX` kept, space as `%20`, non-ASCII as UTF-8 bytes). Also the `--base-url` rewrite.

use crate::postman::{KeyValue, UrlParts, UrlSpec};

/// A URL split the way Postman splits it, before encoding.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SplitUrl {
    pub scheme: String,
    /// `user:pass@` kept verbatim when a URL carries it.
    pub userinfo: Option<String>,
    pub host: String,
    pub port: Option<String>,
    /// Path with its leading `/`, or empty.
    pub path: String,
    /// `(key, value)`; a value of `None` is a key written without `=`.
    pub query: Vec<(String, Option<String>)>,
    pub hash: Option<String>,
}

/// The unresolved URL text of a request: parts joined as Postman's `Url.toString` does, with
/// `:name` path segments replaced by their `url.variable` values.
pub fn compose(spec: &UrlSpec) -> String {
    match spec {
        UrlSpec::Raw(raw) => raw.trim().to_string(),
        UrlSpec::Parts(p) if p.host.is_none() && p.path.is_none() => {
            p.raw.clone().unwrap_or_default().trim().to_string()
        }
        UrlSpec::Parts(p) => join_parts(p),
    }
}

fn join_parts(p: &UrlParts) -> String {
    let mut out = String::new();
    if let Some(proto) = p.protocol.as_deref().filter(|s| !s.is_empty()) {
        out.push_str(proto.trim_end_matches("://").trim_end_matches(':'));
        out.push_str("://");
    }
    if let Some(host) = &p.host {
        out.push_str(&host.join("."));
    }
    if let Some(port) = p.port.as_deref().filter(|s| !s.is_empty()) {
        out.push(':');
        out.push_str(port);
    }
    if let Some(path) = &p.path {
        for seg in path {
            out.push('/');
            out.push_str(&fill_path_variable(seg, &p.variables));
        }
    }
    let enabled: Vec<&KeyValue> = p.query.iter().filter(|q| !q.disabled).collect();
    if !enabled.is_empty() {
        out.push('?');
        let pairs: Vec<String> = enabled
            .iter()
            .map(|q| match &q.value {
                Some(v) => format!("{}={}", q.key, v),
                None => q.key.clone(),
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    if let Some(hash) = p.hash.as_deref().filter(|s| !s.is_empty()) {
        out.push('#');
        out.push_str(hash);
    }
    out
}

/// `:id` → the value of path variable `id`, when the collection defines one with a value:
/// Newman keeps `:id` in the path when the value is empty, as it does for a missing variable.
fn fill_path_variable(segment: &str, variables: &[KeyValue]) -> String {
    if let Some(name) = segment.strip_prefix(':') {
        if let Some(v) = variables.iter().find(|v| v.key == name && !v.disabled) {
            if let Some(value) = v.value.as_deref().filter(|v| !v.is_empty()) {
                return value.to_string();
            }
        }
    }
    segment.to_string()
}

/// Fills `:name` segments of a raw URL string (the `url.variable` list applies to raw URLs too).
pub fn fill_raw_path_variables(url: &str, variables: &[KeyValue]) -> String {
    if variables.is_empty() {
        return url.to_string();
    }
    let (before_query, rest) = match url.find(['?', '#']) {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let (prefix, path) = match before_query.find("://") {
        Some(i) => match before_query[i + 3..].find('/') {
            Some(j) => before_query.split_at(i + 3 + j),
            None => (before_query, ""),
        },
        None => match before_query.find('/') {
            Some(j) => before_query.split_at(j),
            None => (before_query, ""),
        },
    };
    let filled: Vec<String> = path
        .split('/')
        .map(|seg| fill_path_variable(seg, variables))
        .collect();
    format!("{prefix}{}{rest}", filled.join("/"))
}

/// Splits resolved URL text; a URL without a scheme is `http://`.
pub fn split(text: &str) -> Result<SplitUrl, String> {
    // Only leading space goes: a raw URL was trimmed when composed, and spaces at the end now
    // come from a path variable's value, which Newman sends (`/pv/%20%20`).
    let text = text.trim_start();
    if text.is_empty() {
        return Err("empty URL".into());
    }
    let p = crate::urlparts::split(text);
    if p.host.is_empty() {
        return Err(format!("no host in URL '{text}'"));
    }
    if p.host.contains("{{") {
        return Err(format!("unresolved variable in host of URL '{text}'"));
    }
    let query = p
        .query
        .map(|q| {
            // Empty pairs (`a&&b`) stay: postman-url-encoder sends the query as written.
            q.split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(v.to_string())),
                    None => (pair.to_string(), None),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(SplitUrl {
        scheme: p.scheme.unwrap_or("http").to_ascii_lowercase(),
        userinfo: p.userinfo.map(str::to_string),
        host: p.host.to_ascii_lowercase(),
        port: p.port.map(str::to_string),
        path: p.path.to_string(),
        query,
        hash: p.fragment.map(str::to_string),
    })
}

/// Where every request goes with `--base-url`: its scheme, host and port, and its path in front
/// of each request's path, after the request's own path went through `--strip-path` and
/// `--path-map` (so a server that serves `/iam/v1/...` at its root can be targeted unchanged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    pub scheme: String,
    pub host: String,
    pub port: Option<String>,
    /// Without a trailing `/`; empty when the base URL has no path.
    pub path: String,
    /// `(from, to)` path prefixes, first match wins; `to` is empty for a strip.
    pub path_map: Vec<(String, String)>,
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if let Some(p) = &self.port {
            write!(f, ":{p}")?;
        }
        f.write_str(&self.path)
    }
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        if !text.contains("://") {
            return Err(format!(
                "base URL '{text}' needs a scheme (http:// or https://)"
            ));
        }
        let s = split(text.trim())?;
        if s.scheme != "http" && s.scheme != "https" {
            return Err(format!("base URL '{text}': scheme must be http or https"));
        }
        if !s.query.is_empty() || s.hash.is_some() {
            return Err(format!(
                "base URL '{text}' must not have a query or fragment"
            ));
        }
        Ok(BaseUrl {
            scheme: s.scheme,
            host: s.host,
            port: s.port,
            path: s.path.trim_end_matches('/').to_string(),
            path_map: Vec::new(),
        })
    }

    /// Adds `--strip-path PREFIX` (as `PREFIX` → ``) and `--path-map FROM=TO` rewrites, in that
    /// order. Each prefix must be a path (`/…`); a `/` alone or a trailing `/` is refused or
    /// dropped so a prefix always ends at a segment boundary.
    pub fn with_path_map(
        mut self,
        strip: &[String],
        map: &[(String, String)],
    ) -> Result<BaseUrl, String> {
        let pairs = strip
            .iter()
            .map(|p| (p.as_str(), "", "--strip-path"))
            .chain(
                map.iter()
                    .map(|(f, t)| (f.as_str(), t.as_str(), "--path-map")),
            );
        for (from, to, flag) in pairs {
            let from_trimmed = from.trim_end_matches('/');
            if !from.starts_with('/') || from_trimmed.is_empty() {
                return Err(format!(
                    "{flag}: '{from}' must be a path prefix such as /iam/v1"
                ));
            }
            if !to.is_empty() && !to.starts_with('/') {
                return Err(format!("{flag}: '{to}' must be empty or start with /"));
            }
            if from.contains(['?', '#']) || to.contains(['?', '#']) {
                return Err(format!(
                    "{flag}: '{from}={to}' must not have a query or fragment"
                ));
            }
            self.path_map.push((
                from_trimmed.to_string(),
                to.trim_end_matches('/').to_string(),
            ));
        }
        Ok(self)
    }

    /// The request path after the first `path_map` rule whose prefix it starts with (at a
    /// segment boundary: `/iam/v1` does not touch `/iam/v10`).
    pub fn map_path(&self, path: &str) -> String {
        for (from, to) in &self.path_map {
            if let Some(rest) = path.strip_prefix(from.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    return format!("{to}{rest}");
                }
            }
        }
        path.to_string()
    }

    pub fn apply(&self, url: &mut SplitUrl) {
        url.scheme = self.scheme.clone();
        url.host = self.host.clone();
        url.port = self.port.clone();
        url.userinfo = None;
        url.path = self.map_path(&url.path);
        if !self.path.is_empty() {
            url.path = if url.path.is_empty() {
                self.path.clone()
            } else {
                format!("{}{}", self.path, url.path)
            };
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }
}

#[derive(Clone, Copy)]
enum Part {
    Path,
    QueryKey,
    QueryValue,
}

fn must_encode(byte: u8, part: Part) -> bool {
    if !(0x20..0x7F).contains(&byte) {
        return true;
    }
    match part {
        Part::Path => b" \"<>`#?{}".contains(&byte),
        Part::QueryKey => b" \"#'<>&=".contains(&byte),
        Part::QueryValue => b" \"#'<>&".contains(&byte),
    }
}

fn encode(text: &str, part: Part, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // An existing escape is kept: Postman never double-encodes `%XX`.
        if b == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            out.push_str(&text[i..i + 3]);
            i += 3;
            continue;
        }
        if must_encode(b, part) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
        i += 1;
    }
}

/// The URL as it goes on the wire. With `disableUrlEncoding`, parts are joined as written.
pub fn render(url: &SplitUrl, encode_parts: bool) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(&url.scheme);
    out.push_str("://");
    if let Some(u) = &url.userinfo {
        out.push_str(u);
        out.push('@');
    }
    out.push_str(&url.host);
    if let Some(p) = &url.port {
        out.push(':');
        out.push_str(p);
    }
    let path = if url.path.is_empty() { "/" } else { &url.path };
    let put = |text: &str, part: Part, out: &mut String| {
        if encode_parts {
            encode(text, part, out)
        } else {
            out.push_str(text)
        }
    };
    put(path, Part::Path, &mut out);
    if !url.query.is_empty() {
        out.push('?');
        for (i, (k, v)) in url.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            put(k, Part::QueryKey, &mut out);
            if let Some(v) = v {
                out.push('=');
                put(v, Part::QueryValue, &mut out);
            }
        }
    }
    // The fragment stays on the client: Postman never sends it.
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(text: &str) -> String {
        render(&split(text).unwrap(), true)
    }

    #[test]
    fn encodes_each_part_with_its_own_set() {
        assert_eq!(enc("example.com/a b{c}"), "http://example.com/a%20b%7Bc%7D");
        assert_eq!(
            enc("http://h/p?q=(1 2)&v=A %26 B"),
            "http://h/p?q=(1%202)&v=A%20%26%20B"
        );
        assert_eq!(
            enc("http://h/é?ü=ö#frag ment"),
            "http://h/%C3%A9?%C3%BC=%C3%B6"
        );
        assert_eq!(
            enc("http://h/already%20done?x=%zz"),
            "http://h/already%20done?x=%zz"
        );
        assert_eq!(enc("http://h?flag&empty=&=v"), "http://h/?flag&empty=&=v");
        assert_eq!(enc("HTTP://Example.COM:8080"), "http://example.com:8080/");
    }

    #[test]
    fn base_url_replaces_origin_and_prefixes_path() {
        let mut u = split("https://api.sandbox.example.in/iam/v1/user?x=1").unwrap();
        BaseUrl::parse("http://127.0.0.1:9000")
            .unwrap()
            .apply(&mut u);
        assert_eq!(render(&u, true), "http://127.0.0.1:9000/iam/v1/user?x=1");
        let mut u = split("https://api.example.in/v1/user").unwrap();
        BaseUrl::parse("http://127.0.0.1:9000/mock/")
            .unwrap()
            .apply(&mut u);
        assert_eq!(render(&u, true), "http://127.0.0.1:9000/mock/v1/user");
        assert!(BaseUrl::parse("127.0.0.1:9000").is_err());
    }

    #[test]
    fn strip_path_and_path_map_rewrite_before_the_base_path() {
        let base = BaseUrl::parse("http://127.0.0.1:4010/")
            .unwrap()
            .with_path_map(&["/iam/v1/".into()], &[("/v2".into(), "/api/v2".into())])
            .unwrap();
        let mut u =
            split("https://api.sandbox.sahamati.org.in/iam/v1/entity/token/generate?a=1").unwrap();
        base.apply(&mut u);
        assert_eq!(
            render(&u, true),
            "http://127.0.0.1:4010/entity/token/generate?a=1"
        );
        assert_eq!(base.map_path("/iam/v10/x"), "/iam/v10/x");
        assert_eq!(base.map_path("/iam/v1"), "");
        assert_eq!(base.map_path("/v2/users"), "/api/v2/users");
        let prefixed = BaseUrl::parse("http://h/mock")
            .unwrap()
            .with_path_map(&["/iam/v1".into()], &[])
            .unwrap();
        let mut u = split("http://x/iam/v1/user/token/generate").unwrap();
        prefixed.apply(&mut u);
        assert_eq!(render(&u, true), "http://h/mock/user/token/generate");
        for bad in ["iam", "/", ""] {
            let err = BaseUrl::parse("http://h")
                .unwrap()
                .with_path_map(&[bad.into()], &[])
                .unwrap_err();
            assert!(err.starts_with("--strip-path:"), "{err}");
        }
        let err = BaseUrl::parse("http://h")
            .unwrap()
            .with_path_map(&[], &[("/a".into(), "b".into())])
            .unwrap_err();
        assert_eq!(err, "--path-map: 'b' must be empty or start with /");
    }

    #[test]
    fn path_variables_fill_parts_and_raw_urls() {
        let vars = vec![KeyValue {
            key: "userId".into(),
            value: Some("42".into()),
            disabled: false,
        }];
        let parts = UrlSpec::Parts(UrlParts {
            host: Some(vec!["{{url}}".into()]),
            path: Some(vec!["v1".into(), "users".into(), ":userId".into()]),
            query: vec![
                KeyValue {
                    key: "accountId".into(),
                    value: Some("7".into()),
                    disabled: false,
                },
                KeyValue {
                    key: "off".into(),
                    value: Some("1".into()),
                    disabled: true,
                },
            ],
            variables: vars.clone(),
            ..UrlParts::default()
        });
        assert_eq!(compose(&parts), "{{url}}/v1/users/42?accountId=7");
        let blank = |value: &str| {
            vec![KeyValue {
                key: "userId".into(),
                value: Some(value.into()),
                disabled: false,
            }]
        };
        assert_eq!(
            fill_raw_path_variables("http://h/u/:userId/x", &blank("")),
            "http://h/u/:userId/x"
        );
        let spaces = compose(&UrlSpec::Parts(UrlParts {
            host: Some(vec!["h".into()]),
            path: Some(vec!["u".into(), ":userId".into()]),
            variables: blank("  "),
            ..UrlParts::default()
        }));
        assert_eq!(render(&split(&spaces).unwrap(), true), "http://h/u/%20%20");
        assert_eq!(
            fill_raw_path_variables("http://h:1/v1/users/:userId?x=:userId", &vars),
            "http://h:1/v1/users/42?x=:userId"
        );
    }
}
