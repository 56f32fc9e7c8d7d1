//! Reading Postman auth parameters the way postman-runtime sees them: values are JSON, flags
//! follow JavaScript truthiness. Owns only that conversion; knows nothing of any auth type.

use serde_json::{Map, Value};

/// The parameter as text; `None` when absent or null. Numbers and booleans print as JS would.
pub(crate) fn text(p: &Map<String, Value>, key: &str) -> Option<String> {
    match p.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// JavaScript truthiness, which is what `if (params.addParamsToHeader)` tests in Postman:
/// any non-empty string is true, including `"false"`.
pub(crate) fn flag(p: &Map<String, Value>, key: &str) -> bool {
    match p.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::Array(_)) | Some(Value::Object(_)) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_and_flag_follow_js() {
        let m = json!({"s": "x", "n": 12, "b": true, "z": null, "e": "", "f": "false", "zero": 0})
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(text(&m, "s").as_deref(), Some("x"));
        assert_eq!(text(&m, "n").as_deref(), Some("12"));
        assert_eq!(text(&m, "b").as_deref(), Some("true"));
        assert_eq!(text(&m, "z"), None);
        assert_eq!(text(&m, "missing"), None);
        assert!(flag(&m, "b") && flag(&m, "s") && flag(&m, "f") && flag(&m, "n"));
        assert!(!flag(&m, "e") && !flag(&m, "z") && !flag(&m, "zero") && !flag(&m, "missing"));
    }
}
