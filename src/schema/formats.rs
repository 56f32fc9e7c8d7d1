//! Recognisers for string values, shared by inference (which asserts only strict formats) and the
//! diff (which masks anything that merely looks volatile). No regex dependency: each is a small scan.

/// Strict RFC 3339 `date-time`, as JSON Schema's `format` asserts it.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(date), Some(time)) = (s.get(..10), s.get(11..)) else {
        return false;
    };
    if b.len() < 20 || !is_date(date) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    let Some(rest) = time_prefix(time) else {
        return false;
    };
    let rest = rest.as_bytes();
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// `HH:MM:SS(.frac)?`; returns what follows.
fn time_prefix(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    if ![0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit()) {
        return None;
    }
    let mut i = 8;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    s.get(i..)
}

/// RFC 3339 `full-date`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (1..=12).contains(&((b[5] - b'0') * 10 + (b[6] - b'0')))
        && (1..=31).contains(&((b[8] - b'0') * 10 + (b[9] - b'0')))
}

/// Anything that starts like a date or date-time, including offsets without a colon
/// (`+0000`) and local times: servers send those, and they are just as volatile.
pub fn looks_like_timestamp(s: &str) -> bool {
    if s.len() < 10 || !s.is_char_boundary(10) || !is_date(&s[..10]) {
        return false;
    }
    s.len() == 10 || matches!(s.as_bytes()[10], b'T' | b't' | b' ')
}

/// 8-4-4-4-12 hex digits.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A plain `local@domain.tld` with no spaces: conservative, since inference turns it into an assertion.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `scheme://rest`: only hierarchical URIs, so `v2:https://x` or `urn:` style values are not guessed.
pub fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A JWT or an elided one (`eyJhbGciOi...`): base64url JSON header, then dots.
pub fn is_jwt_like(s: &str) -> bool {
    let base64url = |p: &str| {
        p.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    };
    s.starts_with("eyJ") && s.contains('.') && s.split('.').all(base64url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_is_strict_rfc3339() {
        assert!(is_date_time("2024-07-16T11:33:34.509Z"));
        assert!(is_date_time("2019-12-07T01:12:02+05:30"));
        assert!(!is_date_time("2023-06-26T06:41:54.904+0000"));
        assert!(!is_date_time("2024-12-17T07:10:52.929"));
        assert!(!is_date_time("2024-13-17T07:10:52Z"));
        assert!(!is_date_time("2024-07-16T11:33:34.Z"));
        assert!(!is_date_time("2024-07-1é1:33:34.509Z"));
    }

    #[test]
    fn timestamps_are_recognised_loosely() {
        assert!(looks_like_timestamp("2024-12-17T07:10:52.929"));
        assert!(looks_like_timestamp("2023-06-26T06:41:54.904+0000"));
        assert!(looks_like_timestamp("2024-07-16"));
        assert!(!looks_like_timestamp("2024-07-16x"));
        assert!(!looks_like_timestamp("1.0.0"));
        assert!(!looks_like_timestamp("２０２４-07-16"));
    }

    #[test]
    fn uuids_emails_uris_tokens() {
        assert!(is_uuid("f35761ac-4a18-11e8-96ff-0277a9fbfedc"));
        assert!(!is_uuid("5deafc62bc7366001babb76f"));
        assert!(is_email("help@sahamati.org.in"));
        assert!(!is_email("Your email"));
        assert!(is_uri("https://api.sahamati.org.in/iam/v1"));
        assert!(!is_uri("v2:https://sandbox-aa.in") && !is_uri("http://"));
        assert!(is_jwt_like("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..."));
        assert!(is_jwt_like("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_x"));
        assert!(!is_jwt_like("gdqmknDcd+G5PItu4CznNxfQ2+CujPCh9MWmmVKsQWY="));
    }
}
