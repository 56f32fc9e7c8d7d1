//! The Newman parity suite's common ground: the one route table that Newman (while recording,
//! through `examples/parity_server.rs`) and conform (in `tests/it/newman_parity.rs`) both run
//! against, the recording format, and the normalisation that makes two runs comparable.
//! Normalised are only values that are random or tied to the run: Postman-Token, the
//! User-Agent (each tool names itself), the server's port, multipart boundaries, and NTLM
//! AUTHENTICATE messages (described by their fields and whether they prove the password).

use serde_json::{Value, json};
use std::time::Duration;

use super::digest::Digest;
use super::routes::{Reply, Routes};
use super::server::Recorded;

/// Newman version the recordings were made with (record.sh installs exactly this one).
pub const NEWMAN_VERSION: &str = "6.2.2";

/// What the parity server answers. Unlisted paths echo the request as JSON.
pub fn routes() -> Routes {
    Routes::new()
        .any("/status/201", Reply::text(201, "created"))
        .any("/status/204", Reply::status(204))
        .any("/status/404", Reply::text(404, "not found"))
        .any("/redirect", Reply::Redirect(302, "/echo".into()))
        .any("/redirect-307", Reply::Redirect(307, "/echo".into()))
        .any(
            "/slow",
            Reply::Delay(Duration::from_millis(150), Box::new(Reply::Echo)),
        )
        .any(
            "/digest",
            Reply::DigestChallenge(Digest::new("parity", "secret")),
        )
        .any(
            "/headers",
            Reply::Raw {
                status: 200,
                headers: vec![
                    ("x-lower".into(), "1".into()),
                    ("X-MiXeD".into(), "2".into()),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                body: b"ok".to_vec(),
            },
        )
        // Cookies: each `c=` query parameter (percent-encoded) comes back as a Set-Cookie.
        .any(
            "/cookies/set",
            Reply::func(|rec| {
                let mut headers: Vec<(String, String)> = rec
                    .query()
                    .unwrap_or("")
                    .split('&')
                    .filter_map(|kv| kv.strip_prefix("c="))
                    .map(|v| {
                        let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                        ("Set-Cookie".to_string(), v.into_owned())
                    })
                    .collect();
                headers.push(("Content-Type".into(), "application/json".into()));
                Reply::Raw {
                    status: 200,
                    headers,
                    body: b"{}".to_vec(),
                }
            }),
        )
        .any(
            "/cookies/redirect",
            Reply::Raw {
                status: 302,
                headers: vec![
                    ("Location".into(), "/echo".into()),
                    ("Set-Cookie".into(), "hop=1; Path=/".into()),
                ],
                body: Vec::new(),
            },
        )
        // NTLM: the handshake on one connection, the NTLMv2 response checked (support/ntlm.rs).
        .any("/ntlm", super::ntlm::route())
        .any(
            "/json",
            Reply::json(
                json!({"id": 7, "name": "parity", "tags": ["a", "b"], "nested": {"ok": true}}),
            ),
        )
}

/// One request as the recording keeps it: method, target, headers (`Name: value`, names as
/// sent, in order), body as text (or base64 when it is not UTF-8), with the run-specific values replaced.
pub fn normalize(rec: &Recorded, port: u16) -> Value {
    let ports = |s: &str| without_port(s, port);
    let boundary = rec
        .header("content-type")
        .and_then(|ct| ct.split_once("boundary="))
        .map(|(_, b)| b.trim_matches('"').to_string());
    let unbound = |s: String| match &boundary {
        Some(b) if !b.is_empty() => s.replace(b.as_str(), "<boundary>"),
        _ => s,
    };
    let headers: Vec<Value> = rec
        .headers
        .iter()
        .map(|(k, v)| {
            let v = if k.eq_ignore_ascii_case("postman-token") {
                "<uuid>".to_string()
            } else if k.eq_ignore_ascii_case("user-agent") {
                "<user-agent>".to_string()
            } else if let Some(described) = k
                .eq_ignore_ascii_case("authorization")
                .then(|| super::ntlm::describe(v))
                .flatten()
            {
                // Random client challenge and clock: described by its fields and its proof.
                described
            } else {
                unbound(ports(v))
            };
            json!(format!("{k}: {v}"))
        })
        .collect();
    let body = match std::str::from_utf8(&rec.body) {
        Ok(text) => json!(unbound(ports(text))),
        Err(_) => {
            use base64::Engine as _;
            json!({ "base64": base64::engine::general_purpose::STANDARD.encode(&rec.body) })
        }
    };
    json!({
        "method": rec.method,
        "target": ports(&rec.target),
        "headers": headers,
        "body": body,
    })
}

/// The server's port replaced by `<port>` (scripts may print URLs into assertion names).
fn without_port(s: &str, port: u16) -> String {
    s.replace(&format!("127.0.0.1:{port}"), "127.0.0.1:<port>")
        .replace(&format!("localhost:{port}"), "localhost:<port>")
}

/// The assertions and script errors of each execution, from Newman's JSON report
/// (`run.executions[]`): `{item, assertions: [{name, passed}], errors: [{at}]}`.
pub fn newman_executions(report: &Value, port: u16) -> Vec<Value> {
    let empty = Vec::new();
    let execs = report["run"]["executions"].as_array().unwrap_or(&empty);
    // Newman's JSON reporter lists one execution twice when its request made a second HTTP
    // exchange (a pm.sendRequest, a digest challenge): same cursor ref, same assertions.
    let mut seen = Vec::new();
    execs
        .iter()
        .filter(|e| {
            let key = e["cursor"]["ref"].clone();
            let first = key.is_null() || !seen.contains(&key);
            seen.push(key);
            first
        })
        .map(|e| {
            let assertions: Vec<Value> = e["assertions"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|a| {
                    let name = without_port(a["assertion"].as_str().unwrap_or(""), port);
                    json!({"name": name, "passed": a["error"].is_null()})
                })
                .collect();
            let mut errors = Vec::new();
            for (field, at) in [("prerequestScript", "prerequest"), ("testScript", "test")] {
                for s in e[field].as_array().unwrap_or(&empty) {
                    if !s["error"].is_null() {
                        errors.push(json!({"at": at}));
                    }
                }
            }
            // Newman's report leaves an empty item name out; conform keeps it as "".
            let item = e["item"]["name"].as_str().unwrap_or("");
            json!({
                "item": item,
                "assertions": assertions,
                "errors": errors,
            })
        })
        .collect()
}

/// The checks conform records when a pre-request or a test script throws (src/script/mod.rs).
pub const PREREQUEST_ERROR_CHECK: &str = "pre-request script error";
pub const TEST_SCRIPT_ERROR_CHECK: &str = "test script error";

/// Checks conform adds on its own (Newman has no counterpart); left out of the comparison.
const CONFORM_ONLY_CHECKS: [&str; 3] = [
    "no unexpected server error",
    "body is valid UTF-8",
    "response matches the documented contract",
];

/// The same shape as [`newman_executions`], from conform's JSON report. Executions that never
/// ran are left out (Newman lists only what ran); a script error is the check
/// [`PREREQUEST_ERROR_CHECK`] or [`TEST_SCRIPT_ERROR_CHECK`].
pub fn conform_executions(report: &Value, port: u16) -> Vec<Value> {
    let empty = Vec::new();
    report["executions"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|e| e["outcome"] != "not_run")
        .map(|e| {
            let mut errors = Vec::new();
            let mut assertions = Vec::new();
            for a in e["assertions"].as_array().unwrap_or(&empty) {
                let name = a["name"].as_str().unwrap_or("");
                if name == PREREQUEST_ERROR_CHECK {
                    errors.push(json!({"at": "prerequest"}));
                } else if name == TEST_SCRIPT_ERROR_CHECK {
                    errors.push(json!({"at": "test"}));
                } else if !CONFORM_ONLY_CHECKS.contains(&name) {
                    let name = without_port(name, port);
                    assertions.push(json!({"name": name, "passed": a["passed"]}));
                }
            }
            let item = e["path"]
                .as_array()
                .and_then(|p| p.last())
                .cloned()
                .unwrap_or(Value::Null);
            json!({"item": item, "assertions": assertions, "errors": errors})
        })
        .collect()
}
