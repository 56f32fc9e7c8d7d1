//! Applies a resolved Postman `auth` block to a built request. The bridge between the plan's
//! `AuthSpec` and the signing code in `auth`.

use crate::postman::AuthSpec;
use crate::request::HttpRequest;
use base64::Engine;
use serde_json::Value;

pub fn apply(spec: &AuthSpec, req: &mut HttpRequest) -> Result<(), String> {
    let param = |k: &str| match spec.params.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    match spec.kind.as_str() {
        "noauth" => Ok(()),
        "bearer" => {
            let token = param("token");
            if !token.is_empty() {
                replace_header(req, "Authorization", format!("Bearer {token}"));
            }
            Ok(())
        }
        "basic" => {
            let raw = format!("{}:{}", param("username"), param("password"));
            let encoded = base64::engine::general_purpose::STANDARD.encode(raw.as_bytes());
            replace_header(req, "Authorization", format!("Basic {encoded}"));
            Ok(())
        }
        other => Err(format!("auth type '{other}' is not supported")),
    }
}

fn replace_header(req: &mut HttpRequest, name: &str, value: String) {
    req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    req.headers.push((name.to_string(), value));
}
