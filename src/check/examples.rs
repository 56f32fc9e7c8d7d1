//! `conform run --examples`: a request's saved examples (v2.1 `response[]`, v3 `*.example.yaml`)
//! are the team's own statement of what the API answers. The response's status must be one an
//! example shows; its media type one the examples of that status show; its JSON body must fit a
//! schema inferred from the JSON bodies of those examples. One named check per response, like
//! the schema contract's; a request without examples gets no check.

use crate::outcome::{Check, CheckStatus};
use crate::request::HttpResponse;
use serde_json::Value;

/// The name of the check in reports.
pub const CHECK_NAME: &str = "response matches the saved examples";

/// One saved example, as far as checking goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub name: String,
    pub status: Option<u16>,
    /// Media type of its Content-Type header, lower case, without parameters.
    pub media_type: Option<String>,
    /// Its body, when that is JSON.
    pub json: Option<Value>,
}

/// Reads examples in the model's shape (v2.1's `response[]`; the v3 reader produces the same).
pub fn saved(examples: &[Value]) -> Vec<Saved> {
    examples
        .iter()
        .map(|ex| {
            let name = ex
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("example")
                .to_string();
            let status = ex
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok());
            let media_type = header(ex, "content-type").map(|ct| media(&ct));
            let json = ex
                .get("body")
                .and_then(Value::as_str)
                .filter(|b| !b.trim().is_empty())
                .and_then(|b| serde_json::from_str(b).ok());
            Saved {
                name,
                status,
                media_type,
                json,
            }
        })
        .collect()
}

fn header(ex: &Value, name: &str) -> Option<String> {
    match ex.get("header") {
        Some(Value::Array(rows)) => rows.iter().find_map(|h| {
            let key = h.get("key").and_then(Value::as_str)?;
            key.eq_ignore_ascii_case(name).then(|| {
                h.get("value")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            })
        }),
        Some(Value::String(text)) => text.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        }),
        _ => None,
    }
}

fn media(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The verdict for one response against its request's saved examples (`None`: no examples).
pub fn check(resp: &HttpResponse, examples: &[Value]) -> Option<Check> {
    if examples.is_empty() {
        return None;
    }
    let saved = saved(examples);
    let status = match verdict(resp, &saved) {
        Ok(()) => CheckStatus::Passed,
        Err(why) => CheckStatus::Failed(crate::outcome::Failure::Examples(why)),
    };
    Some(Check {
        name: CHECK_NAME.into(),
        status,
    })
}

fn verdict(resp: &HttpResponse, saved: &[Saved]) -> Result<(), String> {
    let mut statuses: Vec<u16> = saved.iter().filter_map(|s| s.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    // Examples without a status say nothing about it; with statuses, the response must match one.
    let same: Vec<&Saved> = if statuses.is_empty() {
        saved.iter().collect()
    } else {
        let same: Vec<&Saved> = saved
            .iter()
            .filter(|s| s.status == Some(resp.status))
            .collect();
        if same.is_empty() {
            let listed: Vec<String> = statuses.iter().map(u16::to_string).collect();
            return Err(format!(
                "status {} is not among the saved examples' statuses ({})",
                resp.status,
                listed.join(", ")
            ));
        }
        same
    };
    let mut media_types: Vec<&str> = same
        .iter()
        .filter_map(|s| s.media_type.as_deref())
        .collect();
    media_types.sort_unstable();
    media_types.dedup();
    let got = resp.header("content-type").map(media);
    if !media_types.is_empty() && !got.as_deref().is_some_and(|m| media_types.contains(&m)) {
        return Err(format!(
            "content type '{}' differs from the saved examples' ({}) for status {}",
            got.as_deref().unwrap_or("(none)"),
            media_types.join(", "),
            resp.status
        ));
    }
    let bodies: Vec<(String, Value)> = same
        .iter()
        .filter_map(|s| Some((format!("example '{}'", s.name), s.json.clone()?)))
        .collect();
    if bodies.is_empty() {
        return Ok(());
    }
    let body: Value = serde_json::from_slice(&resp.body).map_err(|e| {
        format!(
            "the saved examples for status {} have JSON bodies, but the response body is not \
             JSON ({e})",
            resp.status
        )
    })?;
    let schema = crate::schema::infer(&bodies);
    super::schema::validate_value(&schema, &body).map_err(|errors| {
        let names: Vec<&str> = bodies.iter().map(|(n, _)| n.as_str()).collect();
        format!(
            "body does not fit the schema inferred from {}:\n  {}",
            names.join(", "),
            errors.join("\n  ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, ct: &str, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            reason: String::new(),
            headers: vec![("Content-Type".into(), ct.into())],
            body: body.as_bytes().to_vec(),
            time_ms: 0.0,
        }
    }

    fn examples() -> Vec<Value> {
        vec![
            json!({"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json; charset=utf-8"}],
                   "body": "{\"id\": 1, \"name\": \"a\"}"}),
            json!({"name": "ok too", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                   "body": "{\"id\": 2}"}),
            json!({"name": "gone", "code": 404, "header": "Content-Type: text/plain", "body": "no"}),
        ]
    }

    fn failure(r: &HttpResponse) -> Option<String> {
        match check(r, &examples()).unwrap().status {
            CheckStatus::Failed(m) => Some(m.to_string()),
            _ => None,
        }
    }

    #[test]
    fn a_response_like_the_examples_passes() {
        assert_eq!(
            failure(&resp(200, "application/json", "{\"id\": 9, \"x\": true}")),
            None
        );
        assert_eq!(
            failure(&resp(404, "text/plain; charset=utf-8", "whatever")),
            None
        );
        assert!(check(&resp(200, "a/b", ""), &[]).is_none());
    }

    #[test]
    fn each_difference_is_named() {
        let m = failure(&resp(500, "application/json", "{}")).unwrap();
        assert!(
            m.contains("status 500 is not among the saved examples' statuses (200, 404)"),
            "{m}"
        );
        let m = failure(&resp(200, "text/html", "{\"id\": 1}")).unwrap();
        assert!(m.contains("content type 'text/html' differs"), "{m}");
        let m = failure(&resp(200, "application/json", "{\"id\": \"one\"}")).unwrap();
        assert!(
            m.contains("/id") && m.contains("example 'ok', example 'ok too'"),
            "{m}"
        );
        let m = failure(&resp(200, "application/json", "{\"name\": \"a\"}")).unwrap();
        assert!(m.contains("id"), "required in every example: {m}");
        let m = failure(&resp(200, "application/json", "<html>")).unwrap();
        assert!(m.contains("not JSON"), "{m}");
    }
}
