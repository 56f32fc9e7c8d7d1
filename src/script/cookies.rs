//! The native side of `pm.cookies` and `pm.cookies.jar()`: reads and changes the run's cookie
//! jar for sandbox.js, which shapes the results into postman-collection's Cookie objects.
//! Everything crosses as JSON text; errors come back as `{"error": message}`.

use rquickjs::{Ctx, Function, Object};
use serde_json::{Value, json};

use super::native::SharedRef;
use crate::cookies::parse::{Parsed, iso, parse_iso};
use crate::cookies::{Cookie, CookieInput, CookieJar};

/// A cookie as the sandbox builds its Cookie object from (the value still raw).
fn to_js(c: &Cookie) -> Value {
    let expiry = c.expiry_time();
    let mut o = json!({
        "name": c.key,
        "expires": if expiry == i64::MAX || expiry == i64::MIN { Value::Null } else { iso(expiry).into() },
        "maxAge": c.max_age.unwrap_or(0),
        "domain": c.domain,
        "path": c.path,
        "secure": c.secure,
        "httpOnly": c.http_only,
        "hostOnly": c.host_only,
        "value": c.value,
    });
    if !c.extensions.is_empty() {
        o["extensions"] = c.extensions.clone().into();
    }
    o
}

fn list(cookies: &[Cookie]) -> String {
    Value::Array(cookies.iter().map(to_js).collect()).to_string()
}

fn error(message: impl std::fmt::Display) -> String {
    json!({ "error": message.to_string() }).to_string()
}

/// A cookie object from a script (`{name, value, path, ...}`) as the jar takes it.
fn parts(v: &Value) -> Option<Parsed> {
    let o = v.as_object()?;
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    let b = |k: &str| o.get(k).and_then(Value::as_bool).unwrap_or(false);
    let key = s("name").or_else(|| s("key")).unwrap_or_default();
    let expires = match o.get("expires") {
        Some(Value::String(t)) => parse_iso(t).or_else(|| crate::cookies::parse::date(t)),
        Some(Value::Number(n)) => n.as_i64(),
        _ => None,
    };
    let max_age = match o.get("maxAge") {
        Some(Value::Number(n)) => n.as_i64().filter(|a| *a != 0),
        Some(Value::String(t)) => t.parse().ok(),
        _ => None,
    };
    let extensions = o
        .get("extensions")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(e) => {
                        let k = e.get("key").and_then(Value::as_str)?;
                        Some(match e.get("value") {
                            Some(Value::String(v)) => format!("{k}={v}"),
                            _ => k.to_string(),
                        })
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Parsed {
        key,
        value: s("value").unwrap_or_default(),
        expires,
        max_age,
        domain: s("domain")
            .map(|d| d.trim_start_matches('.').to_ascii_lowercase())
            .filter(|d| !d.is_empty()),
        path: s("path").filter(|p| p.starts_with('/')),
        secure: b("secure"),
        http_only: b("httpOnly"),
        same_site: s("sameSite").map(|x| x.to_ascii_lowercase()),
        extensions,
    })
}

fn with_jar(shared: &SharedRef, f: impl FnOnce(&CookieJar) -> String) -> String {
    let jar = shared.borrow().cookies.clone();
    match jar {
        Some(jar) => f(&jar),
        None => error("CookieStore: no store found"),
    }
}

pub(super) fn install<'js>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    shared: &SharedRef,
) -> rquickjs::Result<()> {
    let s = shared.clone();
    // pm.cookies: the jar's cookies for the request's URL, HttpOnly and Secure ones included.
    n.set(
        "cookieList",
        Function::new(ctx.clone(), move |url: String| {
            with_jar(&s, |jar| list(&jar.matching(&url, true, None)))
        })?,
    )?;
    let s = shared.clone();
    // secure: 1 yes, 0 no, anything else: decided from the URL.
    n.set(
        "cookieGetAll",
        Function::new(ctx.clone(), move |url: String, http: bool, secure: i32| {
            let secure = match secure {
                1 => Some(true),
                0 => Some(false),
                _ => None,
            };
            with_jar(&s, |jar| list(&jar.matching(&url, http, secure)))
        })?,
    )?;
    let s = shared.clone();
    // kind "h": a Set-Cookie string; "o": a cookie object as JSON.
    n.set(
        "cookieSet",
        Function::new(
            ctx.clone(),
            move |url: String, kind: String, data: String| {
                with_jar(&s, |jar| {
                    let input = if kind == "h" {
                        CookieInput::Header(data)
                    } else {
                        match serde_json::from_str::<Value>(&data)
                            .ok()
                            .as_ref()
                            .and_then(parts)
                        {
                            Some(p) => CookieInput::Parts(p),
                            None => {
                                return error(
                                    "CookieJar.set() requires a valid set cookie arguments",
                                );
                            }
                        }
                    };
                    match jar.set(&url, input) {
                        Ok(c) => json!({ "cookie": to_js(&c) }).to_string(),
                        Err(e) => error(e),
                    }
                })
            },
        )?,
    )?;
    let s = shared.clone();
    n.set(
        "cookieUnset",
        Function::new(ctx.clone(), move |url: String, name: String| {
            with_jar(&s, |jar| {
                let found = jar.matching(&url, true, None);
                let hit = found.iter().find(|c| c.key == name);
                if let Some(c) = hit {
                    jar.remove(&c.domain, &c.path, &c.key);
                }
                json!({ "removed": usize::from(hit.is_some()) }).to_string()
            })
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "cookieClear",
        Function::new(ctx.clone(), move |url: String| {
            with_jar(&s, |jar| {
                let found = jar.matching(&url, true, None);
                for c in &found {
                    jar.remove(&c.domain, &c.path, &c.key);
                }
                json!({ "removed": found.len() }).to_string()
            })
        })?,
    )?;
    Ok(())
}
