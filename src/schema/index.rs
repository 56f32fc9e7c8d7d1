//! The per-API `index.json`: which schema file answers which (method, path, status, media type),
//! the documented example, and the spec's server base paths. Pure data plus file I/O for it.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::SchemaError;

pub const INDEX_FILE: &str = "index.json";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiIndex {
    /// What the sources leave open and what was decided (hand-written indexes).
    #[serde(rename = "$comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// File name of the spec the schemas were derived from.
    pub spec: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Path part of each `servers[].url`, e.g. `/iam/v1`; stripped before matching paths.
    #[serde(default)]
    pub base_paths: Vec<String>,
    pub entries: Vec<IndexEntry>,
}

/// One documented response. A status documented without content has no media type; a non-JSON
/// media type has no schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexEntry {
    /// Upper case, e.g. `POST`.
    pub method: String,
    /// Path template as written in the spec, e.g. `/v1/users/{userId}`.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// `200`, `2XX` or `default`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Schema file name, relative to the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The media type's `example`, or the first of its `examples`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

impl ApiIndex {
    pub fn read(path: &Path) -> Result<ApiIndex, SchemaError> {
        let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| SchemaError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: super::source::strip_position(&e.to_string()),
        })
    }
}

/// Pretty JSON with a final newline, as every file conform writes.
pub(crate) fn write_json(path: &Path, value: &impl Serialize) -> Result<(), SchemaError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| SchemaError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    text.push('\n');
    std::fs::write(path, text).map_err(|source| SchemaError::Write {
        path: path.to_path_buf(),
        source,
    })
}
