//! Reading collection, environment and iteration-data files: bytes → text (UTF-8 with or without
//! BOM, UTF-16 either way) → JSON with positions → typed model (collections streamed item by
//! item, the small files read whole). Every failure names the file and, where there is one, the
//! line and column.

use super::model::{Collection, Environment, FormatVersion};
use super::{convert, stream, v1, v3};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Encoding { path: PathBuf, message: String },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Shape { path: PathBuf, message: String },
}

/// Streams the document (see `stream`): a large collection's JSON never exists whole next to
/// its model.
/// A folder is a v3 collection directory; a file is v2.0/v2.1 JSON, or v1 JSON converted on load.
pub fn load_collection(path: &Path) -> Result<Collection, LoadError> {
    if path.is_dir() {
        return v3::read::collection(path);
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if v3::item_stem(&name).is_some() || v3::yaml_ext(&name) {
        return Err(LoadError::Shape {
            path: path.to_path_buf(),
            message: "a v3 YAML file: give conform the collection's folder".into(),
        });
    }
    let text = read_text(path)?;
    collection_from_text(path, &text)
}

pub(super) fn collection_from_text(path: &Path, text: &str) -> Result<Collection, LoadError> {
    match streamed(path, text) {
        Err(LoadError::Shape { message, .. }) if message == convert::IS_V1 => {
            // v1 documents are small and old: read whole, converted, read again as v2.1.
            let v1_doc: Value = serde_json::from_str(text).map_err(|e| syntax_error(path, &e))?;
            let v2 = v1::to_v2(&v1_doc).to_string();
            let mut c = streamed(path, &v2)?;
            c.version = FormatVersion::V1;
            c.warnings = vec!["a Postman v1 collection: converted to v2.1 on load".into()];
            Ok(c)
        }
        other => other,
    }
}

/// The v2 reader proper: the document streamed item by item into the model.
pub(super) fn streamed(path: &Path, text: &str) -> Result<Collection, LoadError> {
    let doc = stream::document(text).map_err(|e| syntax_error(path, &e))?;
    convert::collection(doc).map_err(|message| LoadError::Shape {
        path: path.to_path_buf(),
        message,
    })
}

/// JSON (v2 export) or, by its `.yaml`/`.yml` name, a v3 environment.
pub fn load_environment(path: &Path) -> Result<Environment, LoadError> {
    if v3::yaml_ext(&path.to_string_lossy()) {
        return v3::read::environment(path);
    }
    let doc = read_json(path)?;
    convert::environment(&doc).map_err(|message| LoadError::Shape {
        path: path.to_path_buf(),
        message,
    })
}

/// Iteration data: a JSON array of objects, or CSV with a header row. Each row is the data
/// scope of one iteration. Unquoted CSV numbers become numbers, as in Newman.
pub fn load_iteration_data(path: &Path) -> Result<Vec<Map<String, Value>>, LoadError> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let doc = read_json(path)?;
        let shape = |message: String| LoadError::Shape {
            path: path.to_path_buf(),
            message,
        };
        let Some(rows) = doc.as_array() else {
            return Err(shape(
                "iteration data: expected a JSON array of objects".into(),
            ));
        };
        return rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                row.as_object().cloned().ok_or_else(|| {
                    shape(format!(
                        "/{i}: expected an object (one iteration's variables)"
                    ))
                })
            })
            .collect();
    }
    let text = read_text(path)?;
    super::csv::parse(&text).map_err(|e| LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

pub(crate) fn read_json(path: &Path) -> Result<Value, LoadError> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| syntax_error(path, &e))
}

pub(super) fn syntax_error(path: &Path, e: &serde_json::Error) -> LoadError {
    LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: json_message(e),
    }
}

pub(super) fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode(&bytes).map_err(|message| LoadError::Encoding {
        path: path.to_path_buf(),
        message,
    })
}

/// Postman exports are UTF-8, but files that passed through Windows editors arrive with a BOM or
/// as UTF-16; all of them load.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    // JSON starts with ASCII, so a zero in the first two bytes means UTF-16 without a BOM.
    match bytes {
        [a, 0, ..] if *a != 0 => utf16(bytes, u16::from_le_bytes),
        [0, b, ..] if *b != 0 => utf16(bytes, u16::from_be_bytes),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        format!("line {line}: invalid UTF-8 at byte {at}")
    })
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, String> {
    if bytes.len() % 2 != 0 {
        return Err("UTF-16 text with an odd number of bytes".into());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| "invalid UTF-16 (unpaired surrogate)".into())
}

/// serde_json's message without its trailing " at line L column C" (we print the position first).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let trimmed = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    match e.classify() {
        serde_json::error::Category::Eof => format!("unexpected end of file: {trimmed}"),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_utf16() {
        let text = "{\"a\":\"é\"}";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), text);
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap(), text);
        let be_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be_no_bom).unwrap(), text);
        assert!(
            decode(&[b'{', 0xFF, b'}'])
                .unwrap_err()
                .contains("invalid UTF-8")
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let dir = std::env::temp_dir().join(format!("conform-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bad.json");
        std::fs::write(
            &p,
            "{\n  \"item\": [\n    {\"name\": \"x\" \"request\": 1}\n  ]\n}",
        )
        .unwrap();
        let err = load_collection(&p).unwrap_err();
        let msg = err.to_string();
        assert!(msg.ends_with("bad.json:3:18: expected `,` or `}`"), "{msg}");
        std::fs::write(&p, "{\"info\": {}}").unwrap();
        let msg = load_collection(&p).unwrap_err().to_string();
        assert!(
            msg.ends_with("no 'item' array at the top level: not a Postman collection"),
            "{msg}"
        );
        std::fs::write(&p, "{\"requests\": [], \"name\": \"old\"}").unwrap();
        let old = load_collection(&p).unwrap();
        assert_eq!((old.name.as_str(), old.version), ("old", FormatVersion::V1));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
