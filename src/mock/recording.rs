//! The recording format: what `conform compare --record DIR` keeps of the reference's answers
//! (secrets already masked by the writer) and what `compare --replay` and `conform mock
//! --replay` read back. One JSON file, `DIR/recording.json`. Owns the format, its checks and the
//! request body shape both writer and replayer match on; must not import runner modules.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub const FILE: &str = "recording.json";
pub const FORMAT: &str = "conform-recording/1";

/// Everything recorded from one reference run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Recording {
    pub format: String,
    pub tool_version: String,
    /// The collections' names, in run order: a replay of another suite is refused.
    pub collections: Vec<String>,
    /// Every trial name of the suite, in order (selected or not).
    pub trials: Vec<String>,
    /// One entry per reference execution, in the order they happened.
    pub exchanges: Vec<Exchange>,
}

/// One request of the reference run and what came of it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exchange {
    pub trial: String,
    pub method: String,
    /// The request's path below the reference's base URL (no query, secrets masked).
    pub path: String,
    /// `body_shape` of the request body: what a replay matches besides method and path.
    pub body_shape: String,
    /// The reference's answer; `None` when it could not complete (then `error` says why) or
    /// did not run.
    pub response: Option<Response>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    /// The body as text (masked secrets make it text in any case).
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordingError {
    #[error("{}: no {FILE} in this folder (not written by `conform compare --record`)", .0.display())]
    Missing(PathBuf),
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: not a conform recording (corrupt?): {message}", path.display())]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {problem}", path.display())]
    Invalid { path: PathBuf, problem: String },
    #[error("{}: cannot write the recording: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Recording {
    pub fn load(dir: &Path) -> Result<Recording, RecordingError> {
        let path = dir.join(FILE);
        if !path.is_file() {
            return Err(RecordingError::Missing(dir.to_path_buf()));
        }
        let text = std::fs::read(&path).map_err(|source| RecordingError::Read {
            path: path.clone(),
            source,
        })?;
        let recording: Recording =
            serde_json::from_slice(&text).map_err(|e| RecordingError::Corrupt {
                path: path.clone(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        recording
            .check()
            .map_err(|problem| RecordingError::Invalid {
                path: path.clone(),
                problem,
            })?;
        Ok(recording)
    }

    /// The parts serde cannot check: the format name, statuses, trials the file knows.
    fn check(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "format {:?}, expected {FORMAT:?} (written by another version?)",
                self.format
            ));
        }
        for (i, x) in self.exchanges.iter().enumerate() {
            if !self.trials.contains(&x.trial) {
                return Err(format!(
                    "exchanges[{i}]: trial {:?} is not in the recording's trial list",
                    x.trial
                ));
            }
            if let Some(r) = &x.response
                && !(100..=999).contains(&r.status)
            {
                return Err(format!(
                    "exchanges[{i}]: status {} is not an HTTP status",
                    r.status
                ));
            }
        }
        Ok(())
    }

    /// Writes `DIR/recording.json` (the folder is created; the file replaced whole).
    pub fn write(&self, dir: &Path) -> Result<(), RecordingError> {
        let path = dir.join(FILE);
        let write = |source| RecordingError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(write)?;
        let text = serde_json::to_vec_pretty(self).map_err(|e| write(std::io::Error::other(e)))?;
        crate::fsutil::write_atomic(&path, &text).map_err(write)
    }
}

/// What a request body looks like, without its values: the JSON type skeleton (`{a:s,b:[n]}`),
/// the sorted field names of a form, `text` for anything else, empty for no body. Two logins
/// with other passwords have one shape; a login and a token refresh do not.
pub fn body_shape(content_type: Option<&str>, body: &[u8]) -> String {
    if body.iter().all(u8::is_ascii_whitespace) {
        return String::new();
    }
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        let mut out = String::new();
        skeleton(&v, &mut out, 0);
        return out;
    }
    let form = content_type.is_some_and(|t| {
        t.to_ascii_lowercase()
            .contains("application/x-www-form-urlencoded")
    });
    if form {
        let mut keys: Vec<String> = form_urlencoded::parse(body)
            .map(|(k, _)| k.into_owned())
            .collect();
        keys.sort();
        keys.dedup();
        return format!("form:{}", keys.join("&"));
    }
    "text".into()
}

fn skeleton(v: &Value, out: &mut String, depth: usize) {
    if depth > 64 {
        out.push('…');
        return;
    }
    match v {
        Value::Null => out.push('z'),
        Value::Bool(_) => out.push('b'),
        Value::Number(_) => out.push('n'),
        Value::String(_) => out.push('s'),
        Value::Array(items) => {
            out.push('[');
            if let Some(first) = items.first() {
                skeleton(first, out, depth + 1);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(k.as_str()).to_string());
                out.push(':');
                skeleton(&map[k], out, depth + 1);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_values_but_not_keys() {
        let a = body_shape(None, br#"{"user":"a","password":"x","n":[1,2]}"#);
        let b = body_shape(
            Some("application/json"),
            br#"{"n":[3],"password":"yy","user":"b"}"#,
        );
        assert_eq!(a, b);
        assert_eq!(a, r#"{"n":[n],"password":s,"user":s}"#);
        assert_ne!(a, body_shape(None, br#"{"user":"a"}"#));
        assert_eq!(
            body_shape(Some("application/x-www-form-urlencoded"), b"b=1&a=2&b=3"),
            "form:a&b"
        );
        assert_eq!(body_shape(None, b""), "");
        assert_eq!(body_shape(None, b"hello"), "text");
    }

    #[test]
    fn a_corrupt_file_names_its_line_and_column() {
        let dir = std::env::temp_dir().join(format!("conform-rec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FILE), "{\n  \"format\": 12,\n").unwrap();
        let e = Recording::load(&dir).unwrap_err().to_string();
        assert!(e.contains("recording.json:2:"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(
            Recording::load(&dir),
            Err(RecordingError::Missing(_))
        ));
    }
}
