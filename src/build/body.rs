//! Request bodies by mode, after variables are resolved: the bytes Postman sends and the
//! Content-Type it implies. File parts are read through the caller's loader so this stays pure.

use super::{BuildError, Place, Resolver};
use crate::postman::{BodySpec, FormPart, KeyValue};
use std::path::Path;

/// A body and the Content-Type Postman adds when the request sets none.
pub struct BuiltBody {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    /// urlencoded and formdata bodies replace a user Content-Type of another kind, as Postman does.
    pub replaces_mismatch: bool,
}

pub type FileLoader<'a> = &'a dyn Fn(&Path) -> std::io::Result<Vec<u8>>;

pub fn build(
    spec: &BodySpec,
    r: &mut Resolver<'_>,
    files: FileLoader<'_>,
    boundary: &str,
) -> Result<Option<BuiltBody>, BuildError> {
    Ok(match spec {
        BodySpec::Disabled => None,
        BodySpec::Raw { text, language } => {
            if text.is_empty() {
                return Ok(None);
            }
            Some(BuiltBody {
                bytes: r.text(text, Place::Body)?.into_bytes(),
                content_type: Some(raw_content_type(language.as_deref()).to_string()),
                replaces_mismatch: false,
            })
        }
        BodySpec::UrlEncoded(rows) => urlencoded(rows, r)?,
        BodySpec::FormData(parts) => multipart(parts, r, files, boundary)?,
        BodySpec::File { src } => match src.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(src) => {
                let path = r.text(src, Place::Body)?;
                let bytes = files(Path::new(&path)).map_err(|e| BuildError::File {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                Some(BuiltBody {
                    bytes,
                    content_type: None,
                    replaces_mismatch: false,
                })
            }
        },
        BodySpec::GraphQl { query, variables } => Some(graphql(query, variables.as_deref(), r)?),
    })
}

/// Postman's defaults for `options.raw.language`; a raw body with no language is text.
fn raw_content_type(language: Option<&str>) -> &'static str {
    match language.unwrap_or("text") {
        "json" => "application/json",
        "javascript" => "application/javascript",
        "xml" => "application/xml",
        "html" => "text/html",
        _ => "text/plain",
    }
}

fn urlencoded(rows: &[KeyValue], r: &mut Resolver<'_>) -> Result<Option<BuiltBody>, BuildError> {
    // Postman groups repeated keys at the position of their first occurrence.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for row in rows.iter().filter(|row| !row.disabled) {
        let key = r.text(&row.key, Place::Body)?;
        let value = r.text(row.value.as_deref().unwrap_or(""), Place::Body)?;
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, values)) => values.push(value),
            None => groups.push((key, vec![value])),
        }
    }
    if groups.is_empty() {
        return Ok(None);
    }
    let mut out = String::new();
    for (key, values) in &groups {
        for value in values {
            if !out.is_empty() {
                out.push('&');
            }
            form_encode(key, &mut out);
            out.push('=');
            form_encode(value, &mut out);
        }
    }
    Ok(Some(BuiltBody {
        bytes: out.into_bytes(),
        content_type: Some("application/x-www-form-urlencoded".into()),
        replaces_mismatch: true,
    }))
}

/// application/x-www-form-urlencoded escaping: unreserved characters stay, everything else
/// (space included) becomes `%XX` of its UTF-8 bytes.
pub fn form_encode(text: &str, out: &mut String) {
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

fn multipart(
    parts: &[FormPart],
    r: &mut Resolver<'_>,
    files: FileLoader<'_>,
    boundary: &str,
) -> Result<Option<BuiltBody>, BuildError> {
    if parts.is_empty() {
        return Ok(None);
    }
    let mut body = Vec::new();
    for part in parts {
        match part {
            FormPart::Text {
                key,
                value,
                content_type,
            } => {
                let key = r.text(key, Place::Body)?;
                let value = r.text(value, Place::Body)?;
                head(&mut body, boundary, &key, None, content_type.as_deref());
                body.extend_from_slice(value.as_bytes());
                body.extend_from_slice(b"\r\n");
            }
            FormPart::File {
                key,
                src,
                content_type,
            } => {
                let key = r.text(key, Place::Body)?;
                // A file part with no file goes out empty, `filename=""` and no type (Newman).
                if src.iter().all(|s| s.is_empty()) {
                    head(&mut body, boundary, &key, Some(""), None);
                    body.extend_from_slice(b"\r\n");
                    continue;
                }
                for src in src {
                    let path = r.text(src, Place::Body)?;
                    let bytes = files(Path::new(&path)).map_err(|e| BuildError::File {
                        path: path.clone(),
                        message: e.to_string(),
                    })?;
                    let filename = Path::new(&path)
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let ct = content_type
                        .clone()
                        .unwrap_or_else(|| mime_for(&filename).to_string());
                    head(&mut body, boundary, &key, Some(&filename), Some(&ct));
                    body.extend_from_slice(&bytes);
                    body.extend_from_slice(b"\r\n");
                }
            }
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok(Some(BuiltBody {
        bytes: body,
        content_type: Some(format!("multipart/form-data; boundary={boundary}")),
        replaces_mismatch: true,
    }))
}

fn head(body: &mut Vec<u8>, boundary: &str, name: &str, filename: Option<&str>, ct: Option<&str>) {
    body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
    let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
    if let Some(f) = filename {
        disposition.push_str(&format!("; filename=\"{}\"", quote(f)));
    }
    body.extend_from_slice(disposition.as_bytes());
    body.extend_from_slice(b"\r\n");
    if let Some(ct) = ct {
        body.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
    }
    body.extend_from_slice(b"\r\n");
}

/// Quotes inside a disposition parameter are escaped the way browsers and form-data do.
fn quote(s: &str) -> String {
    s.replace('"', "%22").replace(['\r', '\n'], " ")
}

fn mime_for(filename: &str) -> &'static str {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("json") => "application/json",
        Some("txt") => "text/plain",
        Some("csv") => "text/csv",
        Some("xml") => "application/xml",
        Some("html" | "htm") => "text/html",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

fn graphql(
    query: &str,
    variables: Option<&str>,
    r: &mut Resolver<'_>,
) -> Result<BuiltBody, BuildError> {
    let query = r.text(query, Place::Body)?;
    let mut out = String::from("{\"query\":");
    out.push_str(&serde_json::Value::String(query).to_string());
    // The variables text is pasted as written (Postman does not re-serialise it); empty means absent.
    if let Some(vars) = variables {
        let vars = r.text(vars, Place::Body)?;
        if !vars.trim().is_empty() {
            out.push_str(",\"variables\":");
            out.push_str(&vars);
        }
    }
    out.push('}');
    Ok(BuiltBody {
        bytes: out.into_bytes(),
        content_type: Some("application/json".into()),
        replaces_mismatch: false,
    })
}
