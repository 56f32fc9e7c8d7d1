//! Reading a YAML or JSON document into a `serde_json::Value`, with line:column on syntax errors.
//! YAML goes through serde_norway (the maintained fork of serde_yaml) as its own `Value` first so
//! that non-string mapping keys (`200:` in `responses`) become strings instead of failing.

use std::path::Path;

use serde_json::{Map, Number, Value};

use super::SchemaError;

/// Deeper than any real spec; guards the conversion against stack exhaustion.
const MAX_DEPTH: usize = 256;

pub(crate) fn read_document(path: &Path) -> Result<Value, SchemaError> {
    let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_document(path, &text)
}

pub(crate) fn parse_document(path: &Path, text: &str) -> Result<Value, SchemaError> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return serde_json::from_str(text).map_err(|e| SchemaError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        });
    }
    let yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        SchemaError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: strip_position(&e.to_string()),
        }
    })?;
    yaml_to_json(path, yaml, "", 0)
}

/// Both parsers append "at line L column C" to their messages; the error carries those already.
pub(crate) fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn yaml_to_json(
    path: &Path,
    v: serde_norway::Value,
    pointer: &str,
    depth: usize,
) -> Result<Value, SchemaError> {
    use serde_norway::Value as Y;
    if depth > MAX_DEPTH {
        return Err(SchemaError::TooDeep {
            path: path.to_path_buf(),
            pointer: pointer.to_string(),
            limit: MAX_DEPTH,
        });
    }
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                // YAML allows .nan and .inf, which JSON cannot hold.
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(yaml_to_json(
                    path,
                    item,
                    &format!("{pointer}/{i}"),
                    depth + 1,
                )?);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    _ => {
                        return Err(SchemaError::Invalid {
                            path: path.to_path_buf(),
                            pointer: pointer.to_string(),
                            message: "mapping key is not a scalar".to_string(),
                        });
                    }
                };
                let child = format!("{pointer}/{}", escape_pointer(&key));
                let value = yaml_to_json(path, v, &child, depth + 1)?;
                out.insert(key, value);
            }
            Value::Object(out)
        }
        // Custom tags carry no meaning in OpenAPI; keep the tagged value itself.
        Y::Tagged(t) => yaml_to_json(path, t.value, pointer, depth + 1)?,
    })
}

/// One JSON-pointer reference token (RFC 6901).
pub(crate) fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A name safe as a file name: ASCII letters, digits, `-` and `.`, runs of anything else as one
/// `_` (schema files are named `<method>_<path>.<status>.json`).
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches(['_', '.']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let v = parse_document(Path::new("a.yaml"), "responses:\n  200:\n    x: 1\n").unwrap();
        assert_eq!(v["responses"]["200"]["x"], 1);
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = parse_document(Path::new("spec.yaml"), "a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        let SchemaError::Parse { line, column, .. } = &err else {
            panic!("expected a parse error, got {err:?}");
        };
        assert!(*line >= 2, "line {line}");
        assert!(*column >= 1);
        assert!(
            err.to_string().starts_with("failed to parse spec.yaml:"),
            "{err}"
        );
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let err = parse_document(Path::new("spec.json"), "{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "failed to parse spec.json:3:1: trailing comma"
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer("/a~b"), "~1a~0b");
    }
}
