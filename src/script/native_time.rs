//! Date parsing for the sandbox's moment (src/script/moment.js): moment's ISO 8601 forms and
//! RFC 2822 without a format, and moment's format tokens (YYYY, MM, Do, HH, hh A, SSS, Z, X, …)
//! with its forgiving non-strict matching or exact strict matching. chrono checks the calendar
//! and reads RFC 2822; moment.js fills in the fields the input did not give (local "today").

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use serde_json::{Value, json};

/// What a parse found: [year, month 0-11, day, hour, minute, second, ms] (None = not given),
/// an explicit UTC offset in minutes, or an epoch time in ms (X / x tokens).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Parsed {
    pub fields: [Option<i64>; 7],
    pub offset: Option<i64>,
    pub epoch_ms: Option<f64>,
}

impl Parsed {
    fn to_json(&self) -> Value {
        json!({"a": self.fields, "tz": self.offset, "unix": self.epoch_ms})
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

/// The input still to read.
struct Input<'a> {
    rest: &'a str,
    strict: bool,
}

impl<'a> Input<'a> {
    /// Finds the first span the predicate-driven matcher accepts (at the start when strict),
    /// consumes through it, and returns it.
    fn take(&mut self, mut matcher: impl FnMut(&str) -> Option<usize>) -> Option<&'a str> {
        let starts: Vec<usize> = if self.strict {
            vec![0]
        } else {
            self.rest.char_indices().map(|(i, _)| i).collect()
        };
        for start in starts {
            if let Some(len) = matcher(&self.rest[start..]) {
                let found = &self.rest[start..start + len];
                self.rest = &self.rest[start + len..];
                return Some(found);
            }
        }
        None
    }
}

/// Leading digits, between `min` and `max` of them (as many as possible).
fn digits(s: &str, min: usize, max: usize) -> Option<usize> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    (n >= min).then_some(n)
}

fn signed_digits(s: &str, frac: bool) -> Option<usize> {
    let sign = usize::from(s.starts_with(['+', '-']));
    let int = digits(&s[sign..], 1, 64)?;
    let mut len = sign + int;
    if frac && s[len..].starts_with('.') {
        if let Some(f) = digits(&s[len + 1..], 1, 3) {
            len += 1 + f;
        }
    }
    Some(len)
}

/// "Z", "+05:30", "+0530", "-08".
fn offset_len(s: &str) -> Option<usize> {
    if s.starts_with(['Z', 'z']) {
        return Some(1);
    }
    if !s.starts_with(['+', '-']) {
        return None;
    }
    digits(&s[1..], 2, 2)?;
    let after = &s[3..];
    if after.starts_with(':') && digits(&after[1..], 2, 2).is_some() {
        Some(6)
    } else if digits(after, 2, 2).is_some() {
        Some(5)
    } else {
        Some(3)
    }
}

fn offset_minutes(s: &str) -> i64 {
    if s.eq_ignore_ascii_case("z") {
        return 0;
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    let h: i64 = d.get(..2).and_then(|x| x.parse().ok()).unwrap_or(0);
    let m: i64 = d.get(2..4).and_then(|x| x.parse().ok()).unwrap_or(0);
    sign * (h * 60 + m)
}

/// A name from `list` (full, or its first three letters), case-insensitively.
fn name_len(s: &str, list: &[&str]) -> Option<(usize, usize)> {
    let lower = s.to_ascii_lowercase();
    for (i, name) in list.iter().enumerate() {
        if lower.starts_with(name) {
            return Some((i, name.len()));
        }
    }
    for (i, name) in list.iter().enumerate() {
        if lower.starts_with(&name[..3]) {
            return Some((i, 3));
        }
    }
    None
}

/// Splits a moment format string into tokens and literals ([escaped] text is literal).
fn tokens(format: &str) -> Vec<(bool, String)> {
    const TOKENS: [&str; 40] = [
        "YYYYYY", "YYYY", "YY", "Y", "MMMM", "MMM", "MM", "M", "DDDD", "DDD", "Do", "DD", "D",
        "dddd", "ddd", "dd", "d", "HH", "H", "hh", "h", "kk", "k", "mm", "m", "ss", "s", "SSS",
        "SS", "S", "ZZ", "Z", "X", "x", "a", "A", "Q", "WW", "W", "E",
    ];
    let mut out = Vec::new();
    let mut rest = format;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').unwrap_or(inner.len());
            out.push((false, inner[..end].to_string()));
            rest = inner.get(end + 1..).unwrap_or("");
            continue;
        }
        // Fractions longer than SSS are still one fraction token.
        if rest.starts_with("SSSS") {
            let n = rest.bytes().take_while(|b| *b == b'S').count();
            out.push((true, rest[..n].to_string()));
            rest = &rest[n..];
            continue;
        }
        match TOKENS.iter().find(|t| rest.starts_with(**t)) {
            Some(t) => {
                out.push((true, (*t).to_string()));
                rest = &rest[t.len()..];
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push((false, c.to_string()));
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn num(s: &str) -> i64 {
    s.trim_start_matches('+').parse().unwrap_or(0)
}

/// Parses `text` with a moment format; None when a token finds nothing to read (strict mode
/// also fails on anything left over).
pub(super) fn parse_with(text: &str, format: &str, strict: bool) -> Option<Parsed> {
    let mut p = Parsed::default();
    let mut input = Input { rest: text, strict };
    let mut pm: Option<bool> = None;
    for (is_token, tok) in tokens(format) {
        if !is_token {
            if tok.trim().is_empty() && !strict {
                continue;
            }
            let lit = tok.clone();
            if input
                .take(|s| s.starts_with(lit.as_str()).then_some(lit.len()))
                .is_none()
                && strict
            {
                return None;
            }
            continue;
        }
        let (lo, hi) = if strict { (2, 2) } else { (1, 2) };
        let f = &mut p.fields;
        match tok.as_str() {
            "YYYY" | "Y" => {
                let (lo, hi) = if strict && tok == "YYYY" {
                    (4, 4)
                } else {
                    (1, 4)
                };
                f[0] = Some(num(input.take(|s| digits(s, lo, hi))?));
            }
            "YYYYYY" => f[0] = Some(num(input.take(|s| signed_digits(s, false))?)),
            "YY" => {
                let y = num(input.take(|s| digits(s, lo, 2))?);
                f[0] = Some(if y > 68 { 1900 + y } else { 2000 + y });
            }
            "M" | "MM" => {
                let (lo, hi) = if tok == "M" { (1, 2) } else { (lo, hi) };
                f[1] = Some(num(input.take(|s| digits(s, lo, hi))?) - 1);
            }
            "MMM" | "MMMM" => {
                let mut month = 0;
                input.take(|s| {
                    name_len(s, &MONTHS).map(|(i, n)| {
                        month = i;
                        n
                    })
                })?;
                f[1] = Some(month as i64);
            }
            "D" | "DD" => {
                let (lo, hi) = if tok == "D" { (1, 2) } else { (lo, hi) };
                f[2] = Some(num(input.take(|s| digits(s, lo, hi))?));
            }
            "Do" => {
                let found = input.take(|s| {
                    let n = digits(s, 1, 2)?;
                    let suffix = ["st", "nd", "rd", "th"]
                        .iter()
                        .any(|x| s[n..].starts_with(x));
                    Some(n + if suffix { 2 } else { 0 })
                })?;
                f[2] = Some(num(found.trim_end_matches(char::is_alphabetic)));
            }
            "DDD" | "DDDD" => {
                let day = num(input.take(|s| digits(s, if strict { 3 } else { 1 }, 3))?);
                f[1] = Some(0);
                f[2] = Some(day);
            }
            "d" | "E" => {
                input.take(|s| digits(s, 1, 1))?;
            }
            "dd" | "ddd" | "dddd" => {
                input.take(|s| name_len(s, &WEEKDAYS).map(|(_, n)| n))?;
            }
            "H" | "HH" | "h" | "hh" | "k" | "kk" => {
                let one = tok.len() == 1;
                let (lo, hi) = if one { (1, 2) } else { (lo, hi) };
                let h = num(input.take(|s| digits(s, lo, hi))?);
                f[3] = Some(if tok.starts_with('k') && h == 24 {
                    0
                } else {
                    h
                });
                if tok.starts_with('h') && pm.is_none() {
                    pm = Some(false);
                }
            }
            "m" | "mm" => {
                let (lo, hi) = if tok == "m" { (1, 2) } else { (lo, hi) };
                f[4] = Some(num(input.take(|s| digits(s, lo, hi))?));
            }
            "s" | "ss" => {
                let (lo, hi) = if tok == "s" { (1, 2) } else { (lo, hi) };
                f[5] = Some(num(input.take(|s| digits(s, lo, hi))?));
            }
            "S" | "SS" | "SSS" => {
                let n = tok.len();
                let frac = input.take(|s| digits(s, if strict { n } else { 1 }, n))?;
                f[6] = Some((format!("0.{frac}").parse::<f64>().unwrap_or(0.0) * 1000.0) as i64);
            }
            t if t.starts_with("SSSS") => {
                let frac = input.take(|s| digits(s, 1, 64))?;
                f[6] = Some((format!("0.{frac}").parse::<f64>().unwrap_or(0.0) * 1000.0) as i64);
            }
            "Z" | "ZZ" => p.offset = Some(offset_minutes(input.take(offset_len)?)),
            "X" => {
                let s = input.take(|s| signed_digits(s, true))?;
                p.epoch_ms = Some((s.parse::<f64>().ok()? * 1000.0).round());
            }
            "x" => {
                p.epoch_ms = Some(
                    input
                        .take(|s| signed_digits(s, false))?
                        .parse::<f64>()
                        .ok()?,
                )
            }
            "a" | "A" => {
                let m = input.take(|s| {
                    let l = s.to_ascii_lowercase();
                    ["a.m.", "p.m.", "am", "pm", "a", "p"]
                        .iter()
                        .find(|x| l.starts_with(**x))
                        .map(|x| x.len())
                })?;
                pm = Some(m.to_ascii_lowercase().starts_with('p'));
            }
            "Q" => {
                let q = num(input.take(|s| digits(s, 1, 1))?);
                f[1] = Some((q - 1) * 3);
            }
            _ => {
                input.take(|s| digits(s, 1, 2))?;
            }
        }
    }
    if strict && !input.rest.is_empty() {
        return None;
    }
    if let (Some(is_pm), Some(h)) = (pm, p.fields[3]) {
        p.fields[3] = Some(match (is_pm, h) {
            (true, h) if h < 12 => h + 12,
            (false, 12) => 0,
            (_, h) => h,
        });
    }
    valid(&p).then_some(p)
}

/// Field ranges and the calendar (Feb 30 is invalid, as in moment).
fn valid(p: &Parsed) -> bool {
    let f = &p.fields;
    let in_range = |v: Option<i64>, lo: i64, hi: i64| v.is_none_or(|v| (lo..=hi).contains(&v));
    if !(in_range(f[1], 0, 11)
        && in_range(f[2], 1, 31)
        && in_range(f[3], 0, 24)
        && in_range(f[4], 0, 59)
        && in_range(f[5], 0, 59)
        && in_range(f[6], 0, 999))
    {
        return false;
    }
    if f[3] == Some(24)
        && (f[4].unwrap_or(0) != 0 || f[5].unwrap_or(0) != 0 || f[6].unwrap_or(0) != 0)
    {
        return false;
    }
    match (f[0], f[1], f[2]) {
        (Some(y), Some(m), Some(d)) => {
            let Ok(y) = i32::try_from(y) else {
                return false;
            };
            NaiveDate::from_ymd_opt(y, m as u32 + 1, d as u32).is_some()
        }
        _ => true,
    }
}

/// moment's ISO 8601 forms: date (YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD, YYYY-DDD), then
/// optionally T or a space, a time (HH, HH:mm, HH:mm:ss, with .SSS or ,SSS; or HHmmss), then
/// an offset.
fn parse_iso(text: &str) -> Option<Parsed> {
    let text = text.trim();
    let (date, time) = match text.find(['T', 't', ' ']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    if date.contains(['W', 'w']) {
        return iso_week(date, time);
    }
    let date_format = match (date.len(), date.contains('-')) {
        (10, true) => "YYYY-MM-DD",
        (7, true) => "YYYY-MM",
        (8, true) => "YYYY-DDD",
        (8, false) => "YYYYMMDD",
        (4, false) => "YYYY",
        _ => return None,
    };
    let mut p = parse_with(date, date_format, true)?;
    if let Some(time) = time {
        let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
            Some(i) => (&time[..i], Some(time[i..].trim_start())),
            None => (time, None),
        };
        let clock = clock.trim_end();
        let (hms, frac) = match clock.find(['.', ',']) {
            Some(i) => (&clock[..i], Some(&clock[i + 1..])),
            None => (clock, None),
        };
        let time_format = match (hms.len(), hms.contains(':')) {
            (2, false) => "HH",
            (5, true) => "HH:mm",
            (8, true) => "HH:mm:ss",
            (4, false) => "HHmm",
            (6, false) => "HHmmss",
            _ => return None,
        };
        let t = parse_with(hms, time_format, true)?;
        p.fields[3..6].copy_from_slice(&t.fields[3..6]);
        if let Some(frac) = frac {
            if frac.is_empty()
                || !frac.bytes().all(|b| b.is_ascii_digit())
                || !hms.contains(':') && hms.len() != 6
            {
                return None;
            }
            p.fields[6] = Some((format!("0.{frac}").parse::<f64>().ok()? * 1000.0) as i64);
        } else {
            p.fields[6] = Some(0);
        }
        if let Some(zone) = zone {
            if offset_len(zone) != Some(zone.len()) {
                return None;
            }
            p.offset = Some(offset_minutes(zone));
        }
    }
    valid(&p).then_some(p)
}

/// ISO week dates: "2024-W03", "2024-W03-2", "2024W03", "2024W032" (midnight; moment accepts
/// a time after them too, which is read like the calendar forms).
fn iso_week(date: &str, time: Option<&str>) -> Option<Parsed> {
    let compact: String = date.chars().filter(|c| *c != '-').collect();
    let (year, rest) = compact.split_at_checked(4)?;
    let rest = rest.strip_prefix(['W', 'w'])?;
    let (week, day) = rest.split_at_checked(2)?;
    if !(year.bytes().chain(week.bytes()).chain(day.bytes())).all(|b| b.is_ascii_digit())
        || day.len() > 1
    {
        return None;
    }
    let weekday = match day.parse::<u32>().unwrap_or(1) {
        1 => chrono::Weekday::Mon,
        2 => chrono::Weekday::Tue,
        3 => chrono::Weekday::Wed,
        4 => chrono::Weekday::Thu,
        5 => chrono::Weekday::Fri,
        6 => chrono::Weekday::Sat,
        7 => chrono::Weekday::Sun,
        _ => return None,
    };
    let d = NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, weekday)?;
    let calendar = format!("{}-{:02}-{:02}", d.year(), d.month(), d.day());
    match time {
        Some(t) => parse_iso(&format!("{calendar}T{t}")),
        None => parse_iso(&calendar),
    }
}

/// RFC 2822 ("Tue, 01 Nov 2016 01:23:45 +0000"), read by chrono.
fn parse_rfc2822(text: &str) -> Option<Parsed> {
    let dt = DateTime::parse_from_rfc2822(text.trim()).ok()?;
    Some(Parsed {
        fields: [
            Some(i64::from(dt.year())),
            Some(i64::from(dt.month0())),
            Some(i64::from(dt.day())),
            Some(i64::from(dt.hour())),
            Some(i64::from(dt.minute())),
            Some(i64::from(dt.second())),
            Some(0),
        ],
        offset: Some(i64::from(dt.offset().local_minus_utc() / 60)),
        epoch_ms: None,
    })
}

/// For JS: the parse as JSON, or "" when the input does not parse. An empty format means
/// moment's automatic ISO 8601 / RFC 2822 detection; several formats are separated by "\n"
/// (the first that parses wins).
pub(super) fn parse_js(text: String, format: String, strict: bool) -> String {
    let parsed = if format.is_empty() {
        parse_iso(&text).or_else(|| parse_rfc2822(&text))
    } else {
        format
            .split('\n')
            .find_map(|f| parse_with(&text, f, strict))
    };
    parsed.map_or_else(String::new, |p| p.to_json().to_string())
}
