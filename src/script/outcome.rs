//! The data crossing between Rust and sandbox.js (JSON payloads) and the reading of thrown JS
//! values. Must not run JS beyond reading properties of a caught exception.

use std::borrow::Cow;

use rquickjs::{Ctx, Object, Value as JsValue};
use serde_json::Value;

use super::{
    ConsoleLevel, ConsoleLine, EventKind, EventOutcome, NextRequest, ScriptContext, TestResult,
    TestStatus, USER_FILE, WRAPPER_LINES,
};
use crate::request::{HttpRequest, HttpResponse};

/// A JS exception, reduced to what an error message needs.
#[derive(Clone, Debug)]
pub(super) struct Thrown {
    pub name: String,
    pub message: String,
    /// Line in the user's script (wrapper lines removed).
    pub line: Option<u32>,
    /// QuickJS's interrupt error, which scripts cannot catch.
    pub uncatchable: bool,
}

fn prop(obj: &Object<'_>, key: &str) -> Option<String> {
    obj.get::<_, Option<rquickjs::Coerced<String>>>(key)
        .ok()
        .flatten()
        .map(|c| c.0)
}

/// Takes the pending exception out of the context.
pub(super) fn thrown(ctx: &Ctx<'_>, err: rquickjs::Error) -> Thrown {
    if !matches!(err, rquickjs::Error::Exception) {
        return Thrown {
            name: "Error".into(),
            message: err.to_string().to_lowercase(),
            line: None,
            uncatchable: false,
        };
    }
    let value: JsValue = ctx.catch();
    if let Some(obj) = value.as_object() {
        let name = prop(obj, "name").unwrap_or_else(|| "Error".into());
        let message = prop(obj, "message").unwrap_or_default();
        let line = prop(obj, "stack").and_then(|s| user_line(&s));
        let uncatchable = name == "InternalError" && message == "interrupted";
        return Thrown {
            name,
            message,
            line,
            uncatchable,
        };
    }
    let message = value
        .as_string()
        .and_then(|s| s.to_string().ok())
        .or_else(|| value.as_number().map(|n| n.to_string()))
        .unwrap_or_else(|| format!("{:?}", value.type_of()).to_lowercase());
    Thrown {
        name: "Error".into(),
        message,
        line: None,
        uncatchable: false,
    }
}

/// First stack frame in the user's script → its line in the user's text.
fn user_line(stack: &str) -> Option<u32> {
    let pat = format!("{USER_FILE}:");
    let at = stack.find(&pat)? + pat.len();
    let digits: String = stack[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let line: u32 = digits.parse().ok()?;
    Some(line.saturating_sub(WRAPPER_LINES).max(1))
}

/// Field separator of the packed strings handed to `__sb.begin` / `__sb.deliver`: cheaper to
/// build and to split than JSON, and no header, URL or name carries a NUL in practice (any that
/// does is replaced).
const SEP: char = '\0';

/// A field with any separator replaced, as `pack` writes it.
fn no_sep(field: &str) -> Cow<'_, str> {
    if field.contains(SEP) {
        Cow::Owned(field.replace(SEP, "\u{fffd}"))
    } else {
        Cow::Borrowed(field)
    }
}

fn pack(out: &mut String, field: &str) {
    out.push(SEP);
    if field.contains(SEP) {
        out.push_str(&field.replace(SEP, "\u{fffd}"));
    } else {
        out.push_str(field);
    }
}

fn pack_headers(out: &mut String, headers: &[(String, String)]) {
    for (k, v) in headers {
        pack(out, k);
        pack(out, v);
    }
}

/// `code SEP reason SEP time SEP size (SEP name SEP value)*`
fn pack_response(res: &HttpResponse) -> String {
    let mut out = format!("{}", res.status);
    pack(&mut out, &res.reason);
    pack(&mut out, &res.time_ms.to_string());
    pack(&mut out, &res.body.len().to_string());
    pack_headers(&mut out, &res.headers);
    out
}

/// `name SEP value (SEP name SEP value)*`: a response's headers for `Response#_set`.
fn packed_headers(headers: &[(String, String)]) -> String {
    let mut out = String::with_capacity(headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    pack_headers(&mut out, headers);
    // pack() puts a separator before every field; _set takes the list without the first.
    if !out.is_empty() {
        out.remove(0);
    }
    out
}

/// The arguments of `__sb.begin(info, request, requestBody, code, reason, time, size, headers,
/// body)`: the event as JS reads it. The response comes as fields (`code` is `None` without a
/// response), so the sandbox has no numbers to parse back out of text; the bodies are borrowed
/// from the request and response (copied once, into the JS string), not copied into a Rust
/// string first.
pub(super) struct BeginArgs<'a> {
    pub info: String,
    pub request: String,
    pub request_body: Option<Cow<'a, str>>,
    pub code: Option<u16>,
    pub reason: Cow<'a, str>,
    pub time_ms: f64,
    pub size: f64,
    pub headers: String,
    pub body: Cow<'a, str>,
}

pub(super) fn begin_payload<'a>(event: EventKind, ctx: &'a ScriptContext<'_>) -> BeginArgs<'a> {
    let mut info = String::from(event.postman_name());
    pack(&mut info, &ctx.info.iteration.to_string());
    pack(&mut info, &ctx.info.iteration_count.to_string());
    pack(&mut info, &ctx.info.request_name);
    pack(&mut info, &ctx.info.request_id);
    let req: &HttpRequest = ctx.request;
    // Sized once: growing it field by field reallocated it several times per request.
    let fields: usize = req.headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut request = String::with_capacity(req.method.len() + req.url.len() + 1 + fields);
    request.push_str(&req.method.replace(SEP, ""));
    pack(&mut request, &req.url);
    pack_headers(&mut request, &req.headers);
    let request_body = req.body.as_deref().map(String::from_utf8_lossy);
    let empty = BeginArgs {
        info,
        request,
        request_body,
        code: None,
        reason: Cow::Borrowed(""),
        time_ms: 0.0,
        size: 0.0,
        headers: String::new(),
        body: Cow::Borrowed(""),
    };
    match ctx.response {
        Some(r) => BeginArgs {
            code: Some(r.status),
            reason: no_sep(&r.reason),
            time_ms: r.time_ms,
            size: r.body.len() as f64,
            headers: packed_headers(&r.headers),
            body: String::from_utf8_lossy(&r.body),
            ..empty
        },
        None => empty,
    }
}

/// `(error, packed response, body)` for `__sb.deliver`.
pub(super) fn response_payload(
    res: &Result<HttpResponse, String>,
) -> (Option<&str>, String, Cow<'_, str>) {
    match res {
        Ok(r) => (None, pack_response(r), String::from_utf8_lossy(&r.body)),
        Err(e) => (Some(e.as_str()), String::new(), Cow::Borrowed("")),
    }
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn headers_from(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|pair| {
                    let k = pair.get(0)?.as_str()?;
                    let v = pair.get(1)?.as_str()?;
                    Some((k.to_string(), v.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Requests queued by `pm.sendRequest`, with their callback ids.
pub(super) fn parse_sends(json: &str) -> Vec<(u32, HttpRequest)> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(json) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|it| {
            let id = u32::try_from(it.get("id")?.as_u64()?).ok()?;
            Some((
                id,
                HttpRequest {
                    method: str_field(it, "m").unwrap_or_else(|| "GET".into()),
                    url: str_field(it, "u").unwrap_or_default(),
                    headers: it.get("h").map(headers_from).unwrap_or_default(),
                    body: str_field(it, "b").map(String::into_bytes),
                },
            ))
        })
        .collect()
}

fn status(code: &str, msg: &str) -> TestStatus {
    match code {
        "p" => TestStatus::Passed,
        "s" => TestStatus::Skipped,
        _ => TestStatus::Failed(msg.to_string()),
    }
}

fn level(code: &str) -> ConsoleLevel {
    match code {
        "info" => ConsoleLevel::Info,
        "warn" => ConsoleLevel::Warn,
        "error" => ConsoleLevel::Error,
        _ => ConsoleLevel::Log,
    }
}

/// Reads `__sb.end()`: tests, console, next request and pre-request changes.
pub(super) fn apply_end(packed: &str, ctx: &mut ScriptContext<'_>, out: &mut EventOutcome) {
    if packed.is_empty() {
        return;
    }
    let mut fields = packed.split(SEP);
    let mut next = || fields.next().unwrap_or_default();
    loop {
        match next() {
            "t" => {
                let (name, code, msg) = (next(), next(), next());
                out.tests.push(TestResult {
                    name: name.to_string(),
                    status: status(code, msg),
                });
            }
            "c" => {
                let (lvl, text) = (next(), next());
                out.console.push(ConsoleLine {
                    level: level(lvl),
                    text: text.to_string(),
                });
            }
            "n" => {
                out.next_request = Some(match next().strip_prefix('=') {
                    Some(name) => NextRequest::Name(name.to_string()),
                    None => NextRequest::Stop,
                });
            }
            "r" => apply_request_changes(next(), ctx),
            "s" => {
                if let Ok(code) = next().parse() {
                    out.asserted_statuses.push(code);
                }
            }
            _ => return,
        }
    }
}

fn apply_request_changes(json: &str, ctx: &mut ScriptContext<'_>) {
    let Ok(r) = serde_json::from_str::<Value>(json) else {
        return;
    };
    if let Some(m) = str_field(&r, "m") {
        ctx.request.method = m;
    }
    if let Some(u) = str_field(&r, "u") {
        ctx.request.url = u;
    }
    if let Some(h) = r.get("h") {
        ctx.request.headers = headers_from(h);
    }
    if let Some(b) = r.get("b") {
        ctx.request.body = b.as_str().map(|s| s.as_bytes().to_vec());
    }
}
