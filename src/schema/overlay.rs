//! Tightening derived schemas where other docs are more precise than the spec: an overlay file
//! maps schema file names to JSON merge patches (RFC 7386) applied after derivation, so the
//! committed files stay reproducible from their sources.

use super::{DerivedApi, SchemaError};
use serde_json::{Map, Value};
use std::path::Path;

/// Applies `overlay` (`{"<schema file>": <merge patch>, …}`) to the derived schemas.
pub fn apply(
    api: &mut DerivedApi,
    overlay: &Value,
    overlay_path: &Path,
) -> Result<(), SchemaError> {
    let invalid = |pointer: String, message: String| SchemaError::Invalid {
        path: overlay_path.to_path_buf(),
        pointer,
        message,
    };
    let Some(patches) = overlay.as_object() else {
        return Err(invalid(
            "/".into(),
            "expected an object of schema file names to patches".into(),
        ));
    };
    for (file, patch) in patches {
        if file.starts_with('$') {
            continue; // `$comment` and friends describe the overlay itself
        }
        let pointer = format!("/{}", file.replace('~', "~0").replace('/', "~1"));
        let Some((_, schema)) = api.schemas.iter_mut().find(|(name, _)| name == file) else {
            return Err(invalid(
                pointer,
                format!("no derived schema named '{file}'"),
            ));
        };
        merge_patch(schema, patch);
    }
    Ok(())
}

/// RFC 7386: objects merge key by key, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        for (k, v) in patch {
            if v.is_null() {
                map.shift_remove(k);
            } else {
                merge_patch(map.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7386() {
        let mut t = json!({"a": "b", "c": {"d": "e", "f": "g"}, "keep": [1]});
        merge_patch(
            &mut t,
            &json!({"a": "z", "c": {"f": null, "n": 1}, "keep": [2, 3]}),
        );
        assert_eq!(
            t,
            json!({"a": "z", "c": {"d": "e", "n": 1}, "keep": [2, 3]})
        );
    }
}
