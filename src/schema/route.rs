//! Matching a request path against OpenAPI path templates and a response status against
//! documented status keys (`200`, `2XX`, `default`). Pure functions; no I/O.

/// One `/`-separated piece of a template.
#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Literal(String),
    /// Literal text around parameters, e.g. `{name}.json` → ["", ".json"]; a parameter matches
    /// one or more characters between consecutive pieces.
    Pattern(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PathTemplate {
    segments: Vec<Segment>,
}

impl PathTemplate {
    pub(crate) fn parse(template: &str) -> PathTemplate {
        let segments = split(template)
            .map(|seg| {
                if !seg.contains('{') {
                    return Segment::Literal(seg.to_string());
                }
                let mut pieces = Vec::new();
                let mut rest = seg;
                while let Some(open) = rest.find('{') {
                    pieces.push(rest[..open].to_string());
                    rest = rest[open..]
                        .find('}')
                        .map_or("", |close| &rest[open + close + 1..]);
                }
                pieces.push(rest.to_string());
                Segment::Pattern(pieces)
            })
            .collect();
        PathTemplate { segments }
    }

    /// Number of literal segments when `path` matches, for preferring `/users/me` to `/users/{id}`.
    pub(crate) fn matches(&self, path: &str) -> Option<usize> {
        let parts: Vec<&str> = split(path).collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut literals = 0;
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(lit) if lit == part => literals += 1,
                Segment::Literal(_) => return None,
                Segment::Pattern(pieces) if pattern_matches(pieces, part) => {}
                Segment::Pattern(_) => return None,
            }
        }
        Some(literals)
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// Pieces are matched left to right, leftmost occurrence first; each parameter takes ≥ 1 char.
fn pattern_matches(pieces: &[String], part: &str) -> bool {
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return false;
    };
    let Some(mut rest) = part.strip_prefix(first.as_str()) else {
        return false;
    };
    let middle = &pieces[1..pieces.len() - 1];
    for piece in middle {
        let found = rest
            .char_indices()
            .skip(1)
            .find(|(i, _)| rest[*i..].starts_with(piece.as_str()));
        let Some((i, _)) = found else {
            return false;
        };
        rest = &rest[i + piece.len()..];
    }
    rest.len() > last.len() && rest.ends_with(last.as_str())
}

/// The request path without query or fragment, then with each known prefix stripped:
/// candidates from most to least stripped.
pub(crate) fn candidates<'a>(url_path: &'a str, prefixes: &[&str]) -> Vec<&'a str> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let mut out = vec![path];
    let mut i = 0;
    while i < out.len() {
        for prefix in prefixes {
            let prefix = prefix.trim_end_matches('/');
            if prefix.is_empty() {
                continue;
            }
            if let Some(rest) = out[i].strip_prefix(prefix) {
                if (rest.is_empty() || rest.starts_with('/')) && !out.contains(&rest) {
                    out.push(rest);
                }
            }
        }
        i += 1;
    }
    out.sort_by_key(|p| p.len());
    out
}

/// Which documented key answers `status`: exact first, then its range, then `default`.
pub(crate) fn status_key<'a>(documented: &[&'a str], status: u16) -> Option<&'a str> {
    let exact = status.to_string();
    let range = format!("{}XX", status / 100);
    documented
        .iter()
        .find(|k| **k == exact)
        .or_else(|| documented.iter().find(|k| k.eq_ignore_ascii_case(&range)))
        .or_else(|| {
            documented
                .iter()
                .find(|k| k.eq_ignore_ascii_case("default"))
        })
        .copied()
}

/// Numeric order, ranges after their codes, `default` last: how the statuses are listed in messages.
pub(crate) fn status_order(key: &str) -> (u16, u8, String) {
    let upper = key.to_ascii_uppercase();
    if let Ok(code) = upper.parse::<u16>() {
        return (code, 0, upper);
    }
    match upper.strip_suffix("XX").and_then(|d| d.parse::<u16>().ok()) {
        Some(d) => (d * 100 + 99, 1, upper),
        None => (u16::MAX, 2, upper),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_parameters() {
        let t = PathTemplate::parse("/v1/users/{userId}/generateaccesstoken");
        assert_eq!(t.matches("/v1/users/5a98/generateaccesstoken"), Some(3));
        assert_eq!(t.matches("/v1/users/5a98/generateaccesstoken/"), Some(3));
        assert_eq!(t.matches("/v1/users//generateaccesstoken"), None);
        assert_eq!(t.matches("/v1/users/5a98/other"), None);
        assert_eq!(PathTemplate::parse("/").matches("/"), Some(0));
    }

    #[test]
    fn partial_segment_parameters() {
        let t = PathTemplate::parse("/files/{name}.{ext}");
        assert_eq!(t.matches("/files/report.json"), Some(1));
        assert_eq!(t.matches("/files/.json"), None);
        assert_eq!(t.matches("/files/report"), None);
        let t = PathTemplate::parse("/v{version}/x");
        assert_eq!(t.matches("/v2/x"), Some(1));
        assert_eq!(t.matches("/2/x"), None);
    }

    #[test]
    fn candidates_strip_prefixes_at_segment_boundaries() {
        let got = candidates("/iam/v1/user/token/generate?x=1", &["/iam/v1", "/iam"]);
        assert_eq!(
            got,
            vec![
                "/user/token/generate",
                "/v1/user/token/generate",
                "/iam/v1/user/token/generate"
            ]
        );
        assert_eq!(candidates("/iamx/a", &["/iam"]), vec!["/iamx/a"]);
    }

    #[test]
    fn status_keys() {
        let keys = ["200", "4XX", "default"];
        assert_eq!(status_key(&keys, 200), Some("200"));
        assert_eq!(status_key(&keys, 404), Some("4XX"));
        assert_eq!(status_key(&keys, 500), Some("default"));
        assert_eq!(status_key(&["200", "401"], 500), None);
        let mut sorted = vec!["default", "401", "2XX", "200", "400"];
        sorted.sort_by_key(|k| status_order(k));
        assert_eq!(sorted, vec!["200", "2XX", "400", "401", "default"]);
    }
}
