//! `--record DIR` and `--replay DIR` on the compare side: the reference's executions written as
//! a recording (every text masked once more with every secret the run learnt), and a recording
//! read back as the reference's executions, refused when it is from another suite.

use crate::mock::recording::{self, Exchange, Recording, RecordingError};
use crate::outcome::{Broken, BrokenKind, Execution, Outcome, TransportKind};
use crate::request::{HttpRequest, HttpResponse};
use crate::secrets::{MASK, Redactor};
use crate::trials::TrialInfo;
use serde_json::Value;
use std::path::Path;

/// The recording of a reference run: `executions` in trial order, `names` every trial.
pub fn recording(
    names: &[String],
    collections: Vec<String>,
    executions: &[Execution],
    base_path: &str,
    redactor: &Redactor,
) -> Recording {
    let mut stand_in = 0;
    let exchanges = executions
        .iter()
        .filter(|e| !matches!(e.outcome, Outcome::NotRun(_)))
        .map(|e| exchange(e, base_path, redactor, &mut stand_in))
        .collect();
    Recording {
        format: recording::FORMAT.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        collections,
        trials: names.to_vec(),
        exchanges,
    }
}

fn exchange(e: &Execution, base_path: &str, redactor: &Redactor, stand_in: &mut usize) -> Exchange {
    let (method, path, body_shape) = match &e.request {
        Some(req) => {
            let path = url::Url::parse(&req.url)
                .map(|u| u.path().to_string())
                .unwrap_or_default();
            let path = match path.strip_prefix(base_path) {
                Some(rest) if rest.starts_with('/') => rest.to_string(),
                _ => path,
            };
            let content_type = crate::request::header(&req.headers, "content-type");
            let shape = recording::body_shape(content_type, req.body.as_deref().unwrap_or(&[]));
            (req.method.clone(), redactor.redact(&path), shape)
        }
        None => (String::new(), String::new(), String::new()),
    };
    let response = e.response.as_ref().map(|r| recording::Response {
        status: r.status,
        reason: redactor.redact(&r.reason),
        headers: redactor.headers(&r.headers),
        body: stand_ins(redactor.redact(&String::from_utf8_lossy(&r.body)), stand_in),
    });
    let error = match &e.outcome {
        Outcome::Broken(b) => Some(redactor.redact(&b.message)),
        _ => None,
    };
    Exchange {
        trial: e.name.clone(),
        method,
        path,
        body_shape,
        response,
        error,
    }
}

/// A JSON body's masked secrets (`"***"`) become stand-ins of the same form, each one new: a
/// suite replayed against the recording still finds a JWT where it expects one, and a reset
/// secret that differs from the old one. Nothing of the real value is in a stand-in.
fn stand_ins(body: String, counter: &mut usize) -> String {
    if !body.contains(MASK) {
        return body;
    }
    let Ok(mut value) = serde_json::from_str::<Value>(&body) else {
        return body;
    };
    replace_masks(&mut value, None, counter, 0);
    value.to_string()
}

fn replace_masks(v: &mut Value, key: Option<&str>, counter: &mut usize, depth: usize) {
    if depth > 128 {
        return;
    }
    match v {
        Value::String(s) if s == MASK => {
            *counter += 1;
            let tokenish = key.is_some_and(|k| k.to_ascii_lowercase().contains("token"));
            *s = if tokenish {
                use base64::Engine as _;
                let b64 = |t: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(t);
                format!(
                    "{}.{}.{}",
                    b64(r#"{"alg":"none","typ":"JWT"}"#),
                    b64(&format!(r#"{{"recorded":"stand-in {counter}"}}"#)),
                    b64("stand-in")
                )
            } else {
                format!("recorded-stand-in-{counter}")
            };
        }
        Value::Array(items) => {
            for item in items {
                replace_masks(item, key, counter, depth + 1);
            }
        }
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                replace_masks(item, Some(k), counter, depth + 1);
            }
        }
        _ => {}
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Recording(#[from] RecordingError),
    #[error(
        "{dir}: recorded from another suite (collections {recorded}; this run: {current}){detail}"
    )]
    OtherSuite {
        dir: String,
        recorded: String,
        current: String,
        detail: String,
    },
}

/// The reference's executions per trial, from a recording of this very suite.
pub fn replay(
    dir: &Path,
    names: &[String],
    collections: &[String],
    infos: &[TrialInfo],
) -> Result<Vec<Vec<Execution>>, ReplayError> {
    let rec = Recording::load(dir)?;
    if rec.collections != collections || rec.trials != names {
        let detail = rec
            .trials
            .iter()
            .zip(names)
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!(": it has request '{a}' where this suite has '{b}'"))
            .unwrap_or_else(|| {
                format!(
                    ": it has {} requests, this suite {}",
                    rec.trials.len(),
                    names.len()
                )
            });
        return Err(ReplayError::OtherSuite {
            dir: dir.display().to_string(),
            recorded: rec.collections.join(", "),
            current: collections.join(", "),
            detail,
        });
    }
    let mut out: Vec<Vec<Execution>> = infos.iter().map(|_| Vec::new()).collect();
    for x in rec.exchanges {
        let Some(i) = names.iter().position(|n| *n == x.trial) else {
            continue;
        };
        let info = &infos[i];
        let outcome = match &x.error {
            Some(message) => Outcome::Broken(Broken::new(
                BrokenKind::Transport(TransportKind::Body),
                format!("when recorded: {message}"),
            )),
            None => Outcome::Passed,
        };
        let mut e = Execution::new(
            info.name.clone(),
            info.suite_name.to_string(),
            info.path.to_vec(),
            info.iteration,
            outcome,
        );
        e.request = Some(HttpRequest {
            method: x.method,
            url: x.path,
            headers: Vec::new(),
            body: None,
        });
        e.response = x.response.map(|r| HttpResponse {
            status: r.status,
            reason: r.reason,
            headers: r.headers,
            body: r.body.into_bytes(),
            time_ms: 0.0,
        });
        e.response_size = e.response.as_ref().map(|r| r.body.len());
        out[i].push(e);
    }
    Ok(out)
}

/// The contracts, applied to recorded responses as a live run applies them to received ones,
/// so the summary can say whether the reference broke them when it was recorded.
pub fn check_contracts(
    list: &mut [Vec<Execution>],
    schemas: &crate::schema::SchemaSet,
    strict: bool,
    report_unchecked: bool,
) {
    use crate::check::schema::SchemaCheck;
    for e in list.iter_mut().flatten() {
        let (Some(req), Some(resp)) = (&e.request, &e.response) else {
            continue;
        };
        let verdict = schemas.check_exchange(req, resp, None);
        let unchecked = matches!(verdict, SchemaCheck::Unchecked { .. });
        if !unchecked || strict || report_unchecked {
            e.schema = crate::exec::step::schema_result(&verdict);
            e.checks
                .extend(crate::exec::step::schema_check(verdict, strict));
        }
        e.settle();
    }
}
