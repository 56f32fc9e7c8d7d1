//! Recognisers for string values, shared by inference (which asserts only strict formats) and the
//! diff (which masks anything that merely looks volatile), and the OpenAPI formats the JSON Schema
//! validator does not know (`int32`, `int64`, `float`, `double`, `byte`), asserted with `--formats on`
//! as OpenAPI validators do. No regex dependency: each is a small scan.

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

/// The keyword that carries a numeric OpenAPI format into the validator. jsonschema's `format`
/// hook only sees strings, so each `format: int32` (etc.) gets this sibling in the compiled copy
/// of a schema (`mark_numeric_formats`); the shipped files stay as derived.
pub(crate) const NUMERIC_FORMAT_KEYWORD: &str = "x-conform-numeric-format";

const NUMERIC_FORMATS: [&str; 4] = ["int32", "int64", "float", "double"];

/// Adds `NUMERIC_FORMAT_KEYWORD` beside every numeric `format` of `schema`. Values that are data,
/// not schemas (`enum`, `const`, examples, defaults), are left alone.
pub(crate) fn mark_numeric_formats(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let numeric = map
                .get("format")
                .and_then(Value::as_str)
                .filter(|f| NUMERIC_FORMATS.contains(f))
                .map(str::to_string);
            for (key, value) in map.iter_mut() {
                if !matches!(
                    key.as_str(),
                    "enum" | "const" | "examples" | "example" | "default"
                ) {
                    mark_numeric_formats(value);
                }
            }
            if let Some(format) = numeric {
                map.insert(NUMERIC_FORMAT_KEYWORD.into(), Value::String(format));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mark_numeric_formats),
        _ => {}
    }
}

/// Whether a JSON number fits an OpenAPI numeric format. Non-numbers pass: `type` judges them.
/// `int32`/`int64`: a whole number within the signed range (`2147483648` is not an int32);
/// `float`: within the finite range of an IEEE single; `double`: any JSON number serde_json can
/// hold (it refuses what overflows a double).
pub fn fits_numeric_format(format: &str, value: &Value) -> bool {
    let Value::Number(n) = value else {
        return true;
    };
    let whole = || -> Option<i128> {
        if let Some(i) = n.as_i64() {
            return Some(i128::from(i));
        }
        if let Some(u) = n.as_u64() {
            return Some(i128::from(u));
        }
        let f = n.as_f64()?;
        // Beyond ±2^127 a float cannot be an int64 anyway; the cast saturates.
        (f.fract() == 0.0 && f.is_finite()).then_some(f as i128)
    };
    match format {
        "int32" => whole().is_some_and(|i| i32::try_from(i).is_ok()),
        "int64" => whole().is_some_and(|i| i64::try_from(i).is_ok()),
        "float" => n
            .as_f64()
            .is_some_and(|f| f.is_finite() && f.abs() <= f64::from(f32::MAX)),
        _ => n.as_f64().is_some_and(f64::is_finite),
    }
}

/// The validator side of `NUMERIC_FORMAT_KEYWORD`.
struct NumericFormat(String);

impl<'i> Keyword<'i> for NumericFormat {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if fits_numeric_format(&self.0, instance) {
            return Ok(());
        }
        // Worded as jsonschema words a failed string format: `"x" is not a "date-time"`.
        Err(ValidationError::custom(format!(
            "{instance} is not a \"{}\"",
            self.0
        )))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        fits_numeric_format(&self.0, instance)
    }
}

/// Factory for `with_keyword(NUMERIC_FORMAT_KEYWORD, …)`.
pub(crate) fn numeric_format_keyword<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let format = value.as_str().unwrap_or("double").to_string();
    Ok(Box::new(NumericFormat(format)))
}

/// OpenAPI `byte`: base64 (RFC 4648, standard alphabet, padded to a multiple of four).
pub fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return false;
    }
    let body = s.trim_end_matches('=');
    b.len() - body.len() <= 2
        && body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

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

    #[test]
    fn openapi_integer_formats_are_ranges() {
        use serde_json::json;
        let fits = |f: &str, v: Value| fits_numeric_format(f, &v);
        assert!(fits("int32", json!(2147483647)) && fits("int32", json!(-2147483648)));
        assert!(!fits("int32", json!(2147483648u64)) && !fits("int32", json!(-2147483649i64)));
        assert!(fits("int32", json!(7.0)) && !fits("int32", json!(7.5)));
        assert!(fits("int64", json!(i64::MAX)) && fits("int64", json!(i64::MIN)));
        assert!(!fits("int64", json!(9223372036854775808u64)));
        assert!(!fits("int64", json!(1e19)));
        assert!(fits("float", json!(3.4e38)) && !fits("float", json!(3.5e38)));
        assert!(fits("double", json!(1.7e308)));
        assert!(fits("int32", json!("not a number: type judges it")));
    }

    #[test]
    fn base64_for_byte() {
        assert!(is_base64("gdqmknDcd+G5PItu4CznNxfQ2+CujPCh9MWmmVKsQWY="));
        assert!(is_base64("") && is_base64("YQ==") && is_base64("YWI="));
        assert!(!is_base64("not base64!") && !is_base64("YQ") && !is_base64("Y==="));
        assert!(!is_base64("Y=Q="));
    }

    #[test]
    fn numeric_formats_are_marked_in_schemas_not_in_data() {
        use serde_json::json;
        let mut s = json!({"properties": {
            "n": {"type": "integer", "format": "int32"},
            "t": {"type": "string", "format": "date-time"},
            "format": {"type": "string"}},
            "enum": [{"format": "int64"}], "examples": [{"format": "int64"}]});
        mark_numeric_formats(&mut s);
        assert_eq!(s["properties"]["n"][NUMERIC_FORMAT_KEYWORD], json!("int32"));
        assert!(s["properties"]["t"].get(NUMERIC_FORMAT_KEYWORD).is_none());
        assert!(s.get(NUMERIC_FORMAT_KEYWORD).is_none());
        assert_eq!(s["enum"], json!([{"format": "int64"}]));
        assert_eq!(s["examples"], json!([{"format": "int64"}]));
    }
}
