//! The one URL splitter: scheme, userinfo, host, port, path, query and fragment of URL text
//! as written (nothing decoded, nothing lower-cased). The builder, the authorizers and the
//! contract check each take what they need from it.

/// Borrowed pieces of a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// `None` when the text has no `scheme://` (Postman then means `http`).
    pub scheme: Option<&'a str>,
    pub userinfo: Option<&'a str>,
    /// Host as written (an IPv6 literal keeps its brackets); may be empty.
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// Path as written; empty when the URL has none.
    pub path: &'a str,
    /// Text after `?` up to `#`; `None` when there is no `?`.
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

pub fn split(url: &str) -> Parts<'_> {
    let (scheme, rest) = match url.find("://") {
        Some(i)
            if i > 0
                && url[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            (Some(&url[..i]), &url[i + 3..])
        }
        _ => (None, url),
    };
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (rest, None),
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(i) => (&hostport[..=i], hostport[i + 1..].strip_prefix(':')),
            None => (hostport, None),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let (path, query) = match after.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (after, None),
    };
    Parts {
        scheme,
        userinfo,
        host,
        port: port.filter(|p| !p.is_empty()),
        path,
        query,
        fragment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_as_written() {
        let p = split("HTTPS://User:pw@Example.COM:8443/a/b?x=1&y#frag");
        assert_eq!(
            p,
            Parts {
                scheme: Some("HTTPS"),
                userinfo: Some("User:pw"),
                host: "Example.COM",
                port: Some("8443"),
                path: "/a/b",
                query: Some("x=1&y"),
                fragment: Some("frag"),
            }
        );
        let p = split("[::1]:80?x/y");
        assert_eq!((p.scheme, p.host, p.port), (None, "[::1]", Some("80")));
        assert_eq!((p.path, p.query), ("", Some("x/y")));
        assert_eq!(split("http:///nohost").host, "");
        assert_eq!(split("h:").port, None);
    }
}
