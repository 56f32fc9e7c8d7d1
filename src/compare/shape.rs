//! The structural comparison of two responses to one request: status, content type, the
//! headers the user names, and the JSON shape (keys, types, array element shapes), with values
//! compared only at the pointers the user names. Volatile values (timestamps, UUIDs, tokens,
//! masked secrets) never count. Also renders the masked diff of the two bodies.

use crate::request::HttpResponse;
use crate::schema::formats;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// What the user asked to compare besides status, content type and shape.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// `--compare-header`: compared by value, case-insensitively by name.
    pub headers: Vec<String>,
    /// `--compare-values`: JSON pointers whose values must agree.
    pub values: Vec<String>,
}

/// One way the candidate's response differs from the reference's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    Status {
        reference: u16,
        candidate: u16,
    },
    ContentType {
        reference: String,
        candidate: String,
    },
    Header {
        name: String,
        reference: Option<String>,
        candidate: Option<String>,
    },
    /// One body is JSON, the other is not (or is empty).
    Body {
        reference: &'static str,
        candidate: &'static str,
    },
    /// A key the reference has and the candidate lacks.
    Missing {
        pointer: String,
        kind: String,
    },
    /// A key the candidate has and the reference lacks.
    Extra {
        pointer: String,
        kind: String,
    },
    Type {
        pointer: String,
        reference: String,
        candidate: String,
    },
    Value {
        pointer: String,
        reference: String,
        candidate: String,
    },
}

impl Difference {
    /// Status differences are counted apart in the summary; everything else is shape.
    pub fn is_status(&self) -> bool {
        matches!(self, Difference::Status { .. })
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or_absent = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".into());
        match self {
            Difference::Status {
                reference,
                candidate,
            } => write!(f, "status: reference {reference}, candidate {candidate}"),
            Difference::ContentType {
                reference,
                candidate,
            } => write!(
                f,
                "content type: reference {}, candidate {}",
                shown(reference),
                shown(candidate)
            ),
            Difference::Header {
                name,
                reference,
                candidate,
            } => write!(
                f,
                "header {name}: reference {}, candidate {}",
                or_absent(reference),
                or_absent(candidate)
            ),
            Difference::Body {
                reference,
                candidate,
            } => write!(f, "body: reference {reference}, candidate {candidate}"),
            Difference::Missing { pointer, kind } => {
                write!(f, "missing in candidate: {} ({kind})", root(pointer))
            }
            Difference::Extra { pointer, kind } => {
                write!(f, "extra in candidate: {} ({kind})", root(pointer))
            }
            Difference::Type {
                pointer,
                reference,
                candidate,
            } => write!(
                f,
                "type at {}: reference {reference}, candidate {candidate}",
                root(pointer)
            ),
            Difference::Value {
                pointer,
                reference,
                candidate,
            } => write!(
                f,
                "value at {}: reference {reference}, candidate {candidate}",
                root(pointer)
            ),
        }
    }
}

fn shown(text: &str) -> &str {
    if text.is_empty() { "(none)" } else { text }
}

fn root(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Every difference between the two responses, in a stable order.
pub fn compare(
    reference: &HttpResponse,
    candidate: &HttpResponse,
    rules: &Rules,
) -> Vec<Difference> {
    let mut out = Vec::new();
    if reference.status != candidate.status {
        out.push(Difference::Status {
            reference: reference.status,
            candidate: candidate.status,
        });
    }
    let (rt, ct) = (media_type(reference), media_type(candidate));
    if rt != ct {
        out.push(Difference::ContentType {
            reference: rt,
            candidate: ct,
        });
    }
    for name in &rules.headers {
        let (r, c) = (reference.header(name), candidate.header(name));
        if r != c {
            out.push(Difference::Header {
                name: name.clone(),
                reference: r.map(str::to_string),
                candidate: c.map(str::to_string),
            });
        }
    }
    match (json_body(&reference.body), json_body(&candidate.body)) {
        (Some(r), Some(c)) => {
            shape_diff(&shape_of(&r), &shape_of(&c), &mut String::new(), &mut out);
            for pointer in &rules.values {
                if let Some(d) = value_diff(&r, &c, pointer) {
                    out.push(d);
                }
            }
        }
        (None, None) => {}
        (r, c) => out.push(Difference::Body {
            reference: body_kind(r.is_some(), &reference.body),
            candidate: body_kind(c.is_some(), &candidate.body),
        }),
    }
    out
}

fn body_kind(json: bool, body: &[u8]) -> &'static str {
    if json {
        "JSON"
    } else if body.iter().all(u8::is_ascii_whitespace) {
        "empty"
    } else {
        "not JSON"
    }
}

/// The media type without parameters, lower-case (`application/json; charset=utf-8` →
/// `application/json`).
fn media_type(r: &HttpResponse) -> String {
    r.header("content-type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn json_body(body: &[u8]) -> Option<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    serde_json::from_slice(body).ok()
}

/// A value's shape: its type, and for objects and arrays the shapes inside. An array's element
/// shape is the merge of all its elements' shapes.
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    Null,
    Boolean,
    Number,
    String,
    Array(Option<Box<Shape>>),
    Object(BTreeMap<String, Shape>),
    /// Elements of one array with different types.
    Mixed(BTreeSet<&'static str>),
}

impl Shape {
    fn kinds(&self) -> BTreeSet<&'static str> {
        match self {
            Shape::Mixed(kinds) => kinds.clone(),
            other => BTreeSet::from([other.kind()]),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Shape::Null => "null",
            Shape::Boolean => "boolean",
            Shape::Number => "number",
            Shape::String => "string",
            Shape::Array(_) => "array",
            Shape::Object(_) => "object",
            Shape::Mixed(_) => "mixed",
        }
    }

    fn describe(&self) -> String {
        match self {
            Shape::Mixed(kinds) => kinds.iter().copied().collect::<Vec<_>>().join(" or "),
            other => other.kind().to_string(),
        }
    }
}

fn shape_of(v: &Value) -> Shape {
    match v {
        Value::Null => Shape::Null,
        Value::Bool(_) => Shape::Boolean,
        Value::Number(_) => Shape::Number,
        Value::String(_) => Shape::String,
        Value::Array(items) => Shape::Array(items.iter().map(shape_of).reduce(merge).map(Box::new)),
        Value::Object(map) => {
            Shape::Object(map.iter().map(|(k, v)| (k.clone(), shape_of(v))).collect())
        }
    }
}

/// The shape that describes both: objects take every key either has, arrays merge their
/// element shapes, different types become a `Mixed`.
fn merge(a: Shape, b: Shape) -> Shape {
    match (a, b) {
        (Shape::Object(mut x), Shape::Object(y)) => {
            for (k, v) in y {
                let merged = match x.remove(&k) {
                    Some(old) => merge(old, v),
                    None => v,
                };
                x.insert(k, merged);
            }
            Shape::Object(x)
        }
        (Shape::Array(x), Shape::Array(y)) => Shape::Array(match (x, y) {
            (Some(x), Some(y)) => Some(Box::new(merge(*x, *y))),
            (x, y) => x.or(y),
        }),
        (a, b) if a == b => a,
        (a, b) => {
            let mut kinds = a.kinds();
            kinds.extend(b.kinds());
            Shape::Mixed(kinds)
        }
    }
}

fn shape_diff(r: &Shape, c: &Shape, pointer: &mut String, out: &mut Vec<Difference>) {
    match (r, c) {
        (Shape::Object(r), Shape::Object(c)) => {
            for (key, rs) in r {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match c.get(key) {
                    Some(cs) => shape_diff(rs, cs, pointer, out),
                    None => out.push(Difference::Missing {
                        pointer: pointer.clone(),
                        kind: rs.describe(),
                    }),
                }
                pointer.truncate(len);
            }
            for (key, cs) in c.iter().filter(|(k, _)| !r.contains_key(*k)) {
                out.push(Difference::Extra {
                    pointer: format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")),
                    kind: cs.describe(),
                });
            }
        }
        // An empty array on either side says nothing about the element shape.
        (Shape::Array(Some(r)), Shape::Array(Some(c))) => {
            let len = pointer.len();
            pointer.push_str("/*");
            shape_diff(r, c, pointer, out);
            pointer.truncate(len);
        }
        (Shape::Array(_), Shape::Array(_)) => {}
        (r, c) if r.kinds() != c.kinds() => out.push(Difference::Type {
            pointer: pointer.clone(),
            reference: r.describe(),
            candidate: c.describe(),
        }),
        _ => {}
    }
}

/// `--compare-values`: both sides must carry the same value at `pointer` (when both have one;
/// a missing key is a shape difference already), unless both are volatile values of one kind.
fn value_diff(r: &Value, c: &Value, pointer: &str) -> Option<Difference> {
    let (rv, cv) = (r.pointer(pointer)?, c.pointer(pointer)?);
    if rv == cv {
        return None;
    }
    if let (Value::String(a), Value::String(b)) = (rv, cv)
        && volatile(a).is_some()
        && volatile(a) == volatile(b)
    {
        return None;
    }
    Some(Difference::Value {
        pointer: pointer.to_string(),
        reference: brief(rv),
        candidate: brief(cv),
    })
}

fn brief(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(80).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// The mask of a value that changes from response to response (the schema diffs' rules, plus
/// the redactor's mask, which stands for a secret that was there).
fn volatile(s: &str) -> Option<&'static str> {
    if formats::looks_like_timestamp(s) {
        Some("<timestamp>")
    } else if formats::is_uuid(s) {
        Some("<uuid>")
    } else if formats::is_jwt_like(s) {
        Some("<token>")
    } else if !s.is_empty() && s.chars().all(|c| c == '*') {
        Some("<secret>")
    } else {
        None
    }
}

/// The two bodies as a unified diff (`similar`), reference (`-`) against candidate (`+`),
/// pretty-printed with sorted keys. A value shows as itself only where both sides carry the
/// same literal and it is not volatile; elsewhere as its type, so the diff shows shape.
pub fn body_diff(reference: &[u8], candidate: &[u8]) -> Option<String> {
    let (r, c) = (json_body(reference)?, json_body(candidate)?);
    let (mr, mc) = masked_pair(&r, &c, 0);
    let mut diff = crate::diff::Diff::new(&mr, &mc, None)?;
    for (line, label) in diff
        .lines
        .iter_mut()
        .zip(["--- reference", "+++ candidate"])
    {
        line.text = label.to_string();
    }
    Some(diff.render_plain())
}

const MAX_DEPTH: usize = 128;

fn masked_pair(r: &Value, c: &Value, depth: usize) -> (Value, Value) {
    if depth > MAX_DEPTH {
        return (mask(r), mask(c));
    }
    match (r, c) {
        (Value::Object(ro), Value::Object(co)) => {
            let mut mr = serde_json::Map::new();
            let mut mc = serde_json::Map::new();
            for (k, rv) in ro {
                match co.get(k) {
                    Some(cv) => {
                        let (a, b) = masked_pair(rv, cv, depth + 1);
                        mr.insert(k.clone(), a);
                        mc.insert(k.clone(), b);
                    }
                    None => {
                        mr.insert(k.clone(), masked_alone(rv, depth + 1));
                    }
                }
            }
            for (k, cv) in co.iter().filter(|(k, _)| !ro.contains_key(*k)) {
                mc.insert(k.clone(), masked_alone(cv, depth + 1));
            }
            (Value::Object(mr), Value::Object(mc))
        }
        (Value::Array(ra), Value::Array(ca)) => {
            let n = ra.len().max(ca.len());
            let (mut mr, mut mc) = (Vec::new(), Vec::new());
            for i in 0..n {
                match (ra.get(i), ca.get(i)) {
                    (Some(a), Some(b)) => {
                        let (a, b) = masked_pair(a, b, depth + 1);
                        mr.push(a);
                        mc.push(b);
                    }
                    (Some(a), None) => mr.push(masked_alone(a, depth + 1)),
                    (None, Some(b)) => mc.push(masked_alone(b, depth + 1)),
                    (None, None) => {}
                }
            }
            (Value::Array(mr), Value::Array(mc))
        }
        (a, b) if a == b && !matches!(a, Value::String(s) if volatile(s).is_some()) => {
            (a.clone(), b.clone())
        }
        (a, b) => (masked_alone(a, depth + 1), masked_alone(b, depth + 1)),
    }
}

/// A value only one side has (or whose scalars differ): its structure, every scalar masked.
fn masked_alone(v: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return mask(v);
    }
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), masked_alone(v, depth + 1)))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| masked_alone(v, depth + 1)).collect())
        }
        other => mask(other),
    }
}

fn mask(v: &Value) -> Value {
    Value::String(
        match v {
            Value::Null => "null",
            Value::Bool(_) => "<boolean>",
            Value::Number(_) => "<number>",
            Value::String(s) => volatile(s).unwrap_or("<string>"),
            Value::Array(_) => "<array>",
            Value::Object(_) => "<object>",
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, ct: &str, body: &Value) -> HttpResponse {
        HttpResponse {
            status,
            reason: String::new(),
            headers: vec![("Content-Type".into(), ct.into())],
            body: body.to_string().into_bytes(),
            time_ms: 0.0,
        }
    }

    #[test]
    fn same_shape_with_other_values_is_the_same() {
        let r = resp(
            200,
            "application/json",
            &json!({"token": "eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln", "at": "2026-01-01T00:00:00Z", "n": 1, "list": [{"a": 1}]}),
        );
        let c = resp(
            200,
            "application/json; charset=utf-8",
            &json!({"n": 2, "at": "2027-05-05T10:00:00Z", "token": "eyJhbGciOiJSUzI1NiJ9.eyJ5IjoyfQ.eHl6", "list": [{"a": 7}, {"a": 8}]}),
        );
        assert_eq!(compare(&r, &c, &Rules::default()), vec![]);
        // The diff (shown only with a difference) masks values but keeps each element.
        let one = resp(
            200,
            "application/json",
            &json!({"list": [{"a": 7}], "n": 3}),
        );
        assert_eq!(
            body_diff(&r.body, &one.body).map(|d| d.contains("+    {")),
            Some(false)
        );
        assert_eq!(body_diff(&one.body, &one.body), None);
    }

    #[test]
    fn each_kind_of_difference_is_named_with_its_pointer() {
        let r = resp(
            401,
            "application/json",
            &json!({"a": 1, "b": {"c": "x"}, "list": [{"id": 1}], "s": "ACTIVE"}),
        );
        let c = resp(
            200,
            "text/plain",
            &json!({"a": "1", "b": {}, "list": [{"id": 1, "more": true}], "s": "GONE", "z": null}),
        );
        let rules = Rules {
            headers: vec![],
            values: vec!["/s".into()],
        };
        let found: Vec<String> = compare(&r, &c, &rules)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "status: reference 401, candidate 200",
                "content type: reference application/json, candidate text/plain",
                "type at /a: reference number, candidate string",
                "missing in candidate: /b/c (string)",
                "extra in candidate: /list/*/more (boolean)",
                "extra in candidate: /z (null)",
                "value at /s: reference \"ACTIVE\", candidate \"GONE\"",
            ]
        );
        let diff = body_diff(&r.body, &c.body).unwrap();
        assert!(diff.starts_with("--- reference\n+++ candidate\n"), "{diff}");
        assert!(diff.contains("-  \"a\": \"<number>\""), "{diff}");
        assert!(diff.contains("+  \"a\": \"<string>\""), "{diff}");
    }

    #[test]
    fn html_against_json_is_a_body_difference() {
        let r = resp(200, "application/json", &json!({"a": 1}));
        let mut c = resp(200, "application/json", &json!(null));
        c.body = b"<html>oops</html>".to_vec();
        assert_eq!(
            compare(&r, &c, &Rules::default()),
            vec![Difference::Body {
                reference: "JSON",
                candidate: "not JSON"
            }]
        );
    }
}
