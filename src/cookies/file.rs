//! The cookie-jar file Newman reads (`--cookie-jar`) and writes (`--export-cookie-jar`):
//! tough-cookie's serialized `CookieJar`, a header object with a `cookies` array. Fields equal
//! to tough-cookie's defaults are left out, as tough-cookie leaves them out.

use super::parse::{iso, parse_iso};
use super::{Cookie, CookieJar};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// A cookie-jar file that cannot be used: the run stops before anything is sent.
#[derive(Debug, thiserror::Error)]
pub enum CookieFileError {
    #[error("{}: cannot read the cookie jar: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: the cookie jar is not valid JSON: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {at}: {message}", path.display())]
    Shape {
        path: PathBuf,
        at: String,
        message: String,
    },
    #[error("cannot write the cookie jar to {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The header tough-cookie writes for Newman's jar (postman's fork, loose mode, no public
/// suffix rejection): Newman checks none of it on reading.
const VERSION: &str = "tough-cookie@4.1.3-postman.1";

/// Jar files bigger than this are refused rather than read into memory.
const MAX_FILE: u64 = 64 << 20;

impl CookieJar {
    /// Reads a jar file; expired cookies in it are dropped, as tough-cookie drops them on use.
    pub fn load(path: &Path) -> Result<CookieJar, CookieFileError> {
        let read_err = |source| CookieFileError::Read {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(read_err)?;
        if !meta.is_file() || meta.len() > MAX_FILE {
            return Err(read_err(std::io::Error::other(format!(
                "not a regular file of at most {MAX_FILE} bytes"
            ))));
        }
        let text = std::fs::read_to_string(path).map_err(read_err)?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| CookieFileError::Syntax {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let shape = |at: &str, message: &str| CookieFileError::Shape {
            path: path.to_path_buf(),
            at: at.to_string(),
            message: message.to_string(),
        };
        let Value::Object(doc) = doc else {
            return Err(shape(
                "top level",
                "expected an object with a 'cookies' array",
            ));
        };
        let cookies = match doc.get("cookies") {
            Some(Value::Array(list)) => list,
            None => return Err(shape("top level", "no 'cookies' array")),
            Some(_) => return Err(shape("cookies", "expected an array")),
        };
        let jar = CookieJar::new();
        let now = super::now();
        for (i, entry) in cookies.iter().enumerate() {
            let at = format!("cookies[{i}]");
            let cookie = from_json(entry).map_err(|m| shape(&at, &m))?;
            if cookie.expiry_time() > now {
                jar.push_loaded(cookie);
            }
        }
        Ok(jar)
    }

    /// Writes every cookie of the jar in tough-cookie's format; values of cookies `masked`
    /// names are written as `***` (secrets stay out of files unless `--export-secrets`).
    pub fn export(
        &self,
        path: &Path,
        masked: impl Fn(&str, &str) -> bool,
    ) -> Result<(), CookieFileError> {
        let cookies: Vec<Value> = self
            .all()
            .into_iter()
            .map(|mut c| {
                if masked(&c.key, &c.value) {
                    c.value = crate::secrets::MASK.to_string();
                }
                to_json(&c)
            })
            .collect();
        let doc = json!({
            "version": VERSION,
            "storeType": "MemoryCookieStore",
            "rejectPublicSuffixes": false,
            "enableLooseMode": true,
            "allowSpecialUseDomain": true,
            "prefixSecurity": "silent",
            "cookies": cookies,
        });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|source| {
            CookieFileError::Write {
                path: path.to_path_buf(),
                source,
            }
        })
    }
}

/// One cookie in tough-cookie's field order, defaults left out.
fn to_json(c: &Cookie) -> Value {
    let mut o = Map::new();
    if !c.key.is_empty() {
        o.insert("key".into(), c.key.clone().into());
    }
    if !c.value.is_empty() {
        o.insert("value".into(), c.value.clone().into());
    }
    if let Some(e) = c.expires {
        o.insert("expires".into(), iso(e).into());
    }
    if let Some(m) = c.max_age {
        o.insert("maxAge".into(), m.into());
    }
    o.insert("domain".into(), c.domain.clone().into());
    o.insert("path".into(), c.path.clone().into());
    if c.secure {
        o.insert("secure".into(), true.into());
    }
    if c.http_only {
        o.insert("httpOnly".into(), true.into());
    }
    if !c.extensions.is_empty() {
        o.insert("extensions".into(), c.extensions.clone().into());
    }
    o.insert("hostOnly".into(), c.host_only.into());
    if c.path_is_default {
        o.insert("pathIsDefault".into(), true.into());
    }
    o.insert("creation".into(), iso(c.creation).into());
    o.insert("lastAccessed".into(), iso(c.last_accessed).into());
    if let Some(s) = c.same_site.as_deref().filter(|s| *s != "none") {
        o.insert("sameSite".into(), s.into());
    }
    Value::Object(o)
}

/// One entry of the file; the message names the field at fault.
fn from_json(v: &Value) -> Result<Cookie, String> {
    let Value::Object(o) = v else {
        return Err("expected a cookie object".into());
    };
    let text = |k: &str| -> Result<Option<String>, String> {
        match o.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("'{k}' must be a string")),
        }
    };
    let flag = |k: &str| -> Result<bool, String> {
        match o.get(k) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(format!("'{k}' must be true or false")),
        }
    };
    let time = |k: &str| -> Result<Option<i64>, String> {
        match text(k)?.as_deref() {
            None | Some("Infinity") => Ok(None),
            Some(s) => parse_iso(s)
                .map(Some)
                .ok_or_else(|| format!("'{k}' is not a date (YYYY-MM-DDTHH:MM:SS.sssZ): '{s}'")),
        }
    };
    let domain = text("domain")?.ok_or("no 'domain'")?.to_ascii_lowercase();
    if domain.is_empty() {
        return Err("'domain' is empty".into());
    }
    let path = text("path")?.unwrap_or_else(|| "/".into());
    if !path.starts_with('/') {
        return Err(format!("'path' must start with '/': '{path}'"));
    }
    let max_age = match o.get("maxAge") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            n.as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .unwrap_or(0),
        ),
        Some(Value::String(s)) if s == "Infinity" => Some(i64::MAX),
        Some(Value::String(s)) if s == "-Infinity" => Some(i64::MIN),
        Some(_) => return Err("'maxAge' must be a number".into()),
    };
    let extensions = match o.get("extensions") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or("'extensions' must be an array of strings")?,
        Some(_) => return Err("'extensions' must be an array of strings".into()),
    };
    let creation = time("creation")?.unwrap_or_else(super::now);
    Ok(Cookie {
        key: text("key")?.unwrap_or_default(),
        value: text("value")?.unwrap_or_default(),
        expires: time("expires")?,
        max_age,
        // A hostOnly missing from the file means a Domain cookie, as tough-cookie reads it.
        host_only: flag("hostOnly")?,
        domain,
        path,
        secure: flag("secure")?,
        http_only: flag("httpOnly")?,
        extensions,
        path_is_default: flag("pathIsDefault")?,
        creation,
        last_accessed: time("lastAccessed")?.unwrap_or(creation),
        same_site: text("sameSite")?,
        creation_index: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_every_field() {
        let jar = CookieJar::new();
        jar.store_response(
            "http://127.0.0.1/a/b",
            [
                "m=1; Max-Age=3600; HttpOnly; Secure; SameSite=Lax; Priority=High",
                "x=2; Path=/a/; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
                "bare",
            ],
        );
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("jar.json");
        jar.export(&p, |_, _| false).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["version"], VERSION);
        let m = &doc["cookies"][0];
        assert_eq!(m["key"], "m");
        assert_eq!(m["maxAge"], 3600);
        assert_eq!(m["sameSite"], "lax");
        assert_eq!(m["extensions"], json!(["Priority=High"]));
        assert_eq!(m["pathIsDefault"], true);
        assert_eq!(doc["cookies"][1]["expires"], "2037-10-21T07:28:00.000Z");
        assert!(doc["cookies"][2].get("key").is_none());
        let again = CookieJar::load(&p).unwrap();
        let strip = |mut v: Vec<Cookie>| {
            v.iter_mut().for_each(|c| c.creation_index = 0);
            v
        };
        assert_eq!(strip(again.all()), strip(jar.all()));
    }

    #[test]
    fn bad_files_name_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("jar.json");
        let cases = [
            ("{\n  \"cookies\": [\n    {,}", "jar.json:3:"),
            ("[]", "top level"),
            ("{\"cookies\": 3}", "cookies: expected an array"),
            (
                "{\"cookies\": [{\"key\": \"a\"}]}",
                "cookies[0]: no 'domain'",
            ),
            (
                "{\"cookies\": [{\"domain\": \"a\", \"expires\": \"soon\"}]}",
                "cookies[0]: 'expires' is not a date",
            ),
            (
                "{\"cookies\": [{\"domain\": \"a\", \"path\": \"x\"}]}",
                "'path' must start",
            ),
            (
                "{\"cookies\": [{\"domain\": \"a\", \"secure\": 1}]}",
                "'secure' must be",
            ),
        ];
        for (text, expected) in cases {
            std::fs::write(&p, text).unwrap();
            let err = CookieJar::load(&p).expect_err(text).to_string();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(err.contains("jar.json"), "{err}");
        }
    }
}
