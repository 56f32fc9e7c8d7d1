//! The data crossing between Rust and sandbox.js (JSON payloads) and the reading of thrown JS
//! values. Must not run JS beyond reading properties of a caught exception.

use rquickjs::{Ctx, Object, Value as JsValue};
use serde_json::Value;
use std::borrow::Cow;

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

/// A body handed to the sandbox: borrowed from the exchange when it is valid UTF-8, so the
/// only copy is the JS string itself (a copy made here first put a 100 MiB body three times
/// in memory at once, issue 17).
pub(super) struct Text<'a>(Cow<'a, str>);

impl<'js> rquickjs::IntoJs<'js> for Text<'_> {
    fn into_js(self, ctx: &Ctx<'js>) -> rquickjs::Result<JsValue<'js>> {
        self.0.as_ref().into_js(ctx)
    }
}

/// Arguments of `__sb.begin(info, request, requestBody, response, responseBody)`.
pub(super) type BeginArgs<'a> = (String, String, Option<Text<'a>>, String, Text<'a>);

pub(super) fn begin_payload<'a>(event: EventKind, ctx: &'a ScriptContext<'_>) -> BeginArgs<'a> {
    let mut info = String::from(event.postman_name());
    pack(&mut info, &ctx.info.iteration.to_string());
    pack(&mut info, &ctx.info.iteration_count.to_string());
    pack(&mut info, &ctx.info.request_name);
    pack(&mut info, &ctx.info.request_id);
    let req: &HttpRequest = ctx.request;
    let mut request = req.method.replace(SEP, "");
    pack(&mut request, &req.url);
    pack_headers(&mut request, &req.headers);
    let request_body = req.body.as_ref().map(|b| Text(String::from_utf8_lossy(b)));
    let (response, body) = match ctx.response {
        Some(r) => (pack_response(r), Text(String::from_utf8_lossy(&r.body))),
        None => (String::new(), Text(Cow::Borrowed(""))),
    };
    (info, request, request_body, response, body)
}

/// `(error, packed response, body)` for `__sb.deliver`.
pub(super) fn response_payload(
    res: Result<HttpResponse, String>,
) -> (Option<String>, String, String) {
    match res {
        Ok(r) => (
            None,
            pack_response(&r),
            String::from_utf8_lossy(&r.body).into_owned(),
        ),
        Err(e) => (Some(e), String::new(), String::new()),
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
