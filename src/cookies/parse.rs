//! Reading a `Set-Cookie` value the way Newman's cookie jar does (RFC 6265 section 5.2 in
//! "loose" mode: a pair without `=` is a nameless cookie), and the RFC's lenient date
//! algorithm (5.1.1). Dates are milliseconds since the Unix epoch throughout the jar.

/// A cookie as the header describes it, before the jar fills in domain and path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub key: String,
    pub value: String,
    pub expires: Option<i64>,
    /// Seconds; `Some(0)` or negative means "already expired".
    pub max_age: Option<i64>,
    /// Lower case, leading dot removed.
    pub domain: Option<String>,
    /// Only a value starting with `/`; anything else means the default path.
    pub path: Option<String>,
    pub secure: bool,
    pub http_only: bool,
    /// `strict`, `lax` or `none`; `None` when absent or unrecognised.
    pub same_site: Option<String>,
    /// Attributes the RFC does not define, kept as written (`Priority=High`).
    pub extensions: Vec<String>,
}

/// Header values are capped: a hostile server must not make the jar hold megabytes.
const MAX_SET_COOKIE: usize = 8192;

/// `None` when the value is not a cookie (empty, control characters, too long).
pub fn set_cookie(header: &str) -> Option<Parsed> {
    let header = header.trim();
    if header.is_empty() || header.len() > MAX_SET_COOKIE {
        return None;
    }
    let (pair, attrs) = match header.split_once(';') {
        Some((p, a)) => (p, Some(a)),
        None => (header, None),
    };
    let mut c = pair_of(pair)?;
    for av in attrs.into_iter().flat_map(|a| a.split(';')) {
        let av = av.trim();
        if av.is_empty() {
            continue;
        }
        let (name, value) = match av.split_once('=') {
            Some((n, v)) => (n.trim().to_ascii_lowercase(), Some(v.trim())),
            None => (av.to_ascii_lowercase(), None),
        };
        let value = value.filter(|v| !v.is_empty());
        match name.as_str() {
            "expires" => {
                if let Some(t) = value.and_then(date) {
                    c.expires = Some(t);
                }
            }
            "max-age" => {
                if let Some(v) = value.filter(|v| is_integer(v)) {
                    // Out-of-range digits saturate: a huge Max-Age is "never expires".
                    c.max_age = Some(v.parse().unwrap_or(if v.starts_with('-') {
                        i64::MIN
                    } else {
                        i64::MAX
                    }));
                }
            }
            "domain" => {
                if let Some(d) = value.map(|v| v.trim_start_matches('.')) {
                    if !d.is_empty() {
                        c.domain = Some(d.to_ascii_lowercase());
                    }
                }
            }
            "path" => c.path = value.filter(|v| v.starts_with('/')).map(str::to_string),
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "samesite" => {
                c.same_site = match value.map(str::to_ascii_lowercase).as_deref() {
                    Some(s @ ("strict" | "lax" | "none")) => Some(s.to_string()),
                    _ => None,
                }
            }
            _ => c.extensions.push(av.to_string()),
        }
    }
    Some(c)
}

/// `name=value`, or in loose mode a bare value (`=x` and `x` both give the nameless cookie).
fn pair_of(pair: &str) -> Option<Parsed> {
    // Everything after a CR, LF or NUL is not part of the cookie (RFC 6265bis "terminators").
    let pair = pair.split(['\n', '\r', '\0']).next().unwrap_or("");
    let pair = pair.strip_prefix('=').unwrap_or(pair);
    let (key, value) = match pair.split_once('=') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => ("", pair.trim()),
    };
    if key.chars().chain(value.chars()).any(is_control) {
        return None;
    }
    Some(Parsed {
        key: key.to_string(),
        value: value.to_string(),
        ..Parsed::default()
    })
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}')
}

fn is_integer(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 6265 section 5.1.1: tokens in any order, two-digit years widened, out-of-range fields
/// reject the date (then the attribute is ignored).
pub fn date(text: &str) -> Option<i64> {
    let delimiter = |c: char| matches!(c, '\t' | ' '..='/' | ';'..='@' | '['..='`' | '{'..='~');
    let (mut time, mut day, mut month, mut year) = (None, None, None, None);
    for token in text.split(delimiter).filter(|t| !t.is_empty()) {
        if time.is_none() {
            if let Some(t) = time_of(token) {
                time = Some(t);
                continue;
            }
        }
        if day.is_none() {
            if let Some(d) = digits(token, 1, 2, true) {
                day = Some(d);
                continue;
            }
        }
        if month.is_none() {
            if let Some(m) = month_of(token) {
                month = Some(m);
                continue;
            }
        }
        if year.is_none() {
            if let Some(y) = digits(token, 2, 4, true) {
                year = Some(match y {
                    70..=99 => y + 1900,
                    0..=69 => y + 2000,
                    _ => y,
                });
            }
        }
    }
    let ((h, mi, s), d, mo, y) = (time?, day?, month?, year?);
    if !(1..=31).contains(&d) || y < 1601 || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    // Like JavaScript's Date.UTC, an overflowing day rolls into the next month.
    let days = days_from_civil(y as i64, mo as i64 + 1, 1) + d as i64 - 1;
    Some(((days * 24 + h as i64) * 60 + mi as i64) * 60_000 + s as i64 * 1000)
}

fn digits(token: &str, min: usize, max: usize, trailing_ok: bool) -> Option<u32> {
    let n = token.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max || (!trailing_ok && n != token.len()) {
        return None;
    }
    token[..n].parse().ok()
}

fn time_of(token: &str) -> Option<(u32, u32, u32)> {
    let mut parts = token.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some((
        digits(h, 1, 2, false)?,
        digits(m, 1, 2, false)?,
        digits(s, 1, 2, true)?,
    ))
}

fn month_of(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let head = token.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == head).map(|i| i as u32)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of `days_from_civil`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `2037-10-21T07:28:00.000Z`, as JavaScript's `Date#toISOString` writes it.
pub fn iso(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    )
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.fff]Z` (what tough-cookie writes); `None` for anything else.
pub fn parse_iso(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || !text.is_ascii() || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = &text[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let tail = &text[19..];
    let frac = match tail.strip_suffix('Z')? {
        "" => 0,
        f => {
            let f = f.strip_prefix('.')?;
            if f.is_empty() || f.len() > 9 || !f.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            format!("{f:0<3}")[..3].parse().ok()?
        }
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some(((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_formats_servers_send() {
        let t = 2_139_722_880_000; // 2037-10-21T07:28:00Z
        assert_eq!(date("Wed, 21 Oct 2037 07:28:00 GMT"), Some(t));
        assert_eq!(date("Wednesday, 21-Oct-37 07:28:00 GMT"), Some(t));
        assert_eq!(date("Wed Oct 21 07:28:00 2037"), Some(t));
        assert_eq!(iso(t), "2037-10-21T07:28:00.000Z");
        assert_eq!(parse_iso("2037-10-21T07:28:00.000Z"), Some(t));
        assert_eq!(parse_iso("2037-10-21T07:28:00Z"), Some(t));
        assert_eq!(date("21 Oct 1600 07:28:00"), None);
        assert_eq!(date("32 Oct 2037 07:28:00"), None);
        assert_eq!(date("21 Oct 2037 24:00:00"), None);
        assert_eq!(date("no date here"), None);
        assert_eq!(parse_iso("2037-13-21T07:28:00.000Z"), None);
        assert_eq!(parse_iso("tomorrow"), None);
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn attributes_as_the_rfc_reads_them() {
        let c = set_cookie(
            "sid = a b ; Path=/x; Domain=.Example.COM; Secure; HttpOnly; Max-Age=60; SameSite=Lax; Priority=High",
        )
        .unwrap();
        assert_eq!((c.key.as_str(), c.value.as_str()), ("sid", "a b"));
        assert_eq!(c.path.as_deref(), Some("/x"));
        assert_eq!(c.domain.as_deref(), Some("example.com"));
        assert!(c.secure && c.http_only);
        assert_eq!(c.max_age, Some(60));
        assert_eq!(c.same_site.as_deref(), Some("lax"));
        assert_eq!(c.extensions, vec!["Priority=High".to_string()]);
        // A path not starting with / means the default path; a bad Max-Age is ignored.
        let c = set_cookie("a=1; Path=x; Max-Age=1e3; Expires=garbage").unwrap();
        assert_eq!((c.path, c.max_age, c.expires), (None, None, None));
        // Loose mode: a bare value is a nameless cookie.
        assert_eq!(set_cookie("justvalue").unwrap().key, "");
        assert_eq!(set_cookie("=v").unwrap().value, "v");
        assert!(set_cookie("").is_none());
        assert!(set_cookie("a=\u{1}").is_none());
        assert!(set_cookie(&"a".repeat(MAX_SET_COOKIE + 1)).is_none());
    }
}
