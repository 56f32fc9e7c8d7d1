//! The Rust functions the sandbox calls: variable scopes, hashing for `crypto-js`, JSON Schema
//! checks. Owns the per-event state those functions see; must not touch the JS object graph.

use std::cell::RefCell;
use std::rc::Rc;

use hmac::{Hmac, Mac};
use md5::Md5;
use rquickjs::{Ctx, Function, Object};
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::SchemaFn;
use crate::vars::{Scope, VarStore};

/// What the native functions may reach while an event runs.
pub(super) struct Shared {
    /// Moved in from the `ScriptContext` for the event, moved back afterwards.
    pub vars: VarStore,
    /// Only `Some` while `run_event` is on the stack (see `engine::SchemaGuard`).
    pub validator: Option<&'static SchemaFn<'static>>,
    /// The run's cookie jar, for `pm.cookies` (see `ScriptEngine::set_cookie_jar`).
    pub cookies: Option<std::sync::Arc<crate::cookies::CookieJar>>,
}

impl Shared {
    pub fn new() -> Self {
        Shared {
            vars: VarStore::new(),
            validator: None,
            cookies: None,
        }
    }
}

pub(super) type SharedRef = Rc<RefCell<Shared>>;

/// Scope codes used by sandbox.js; 5 means "resolved", as `pm.variables.get` sees it.
fn scope(code: i32) -> Option<Scope> {
    match code {
        0 => Some(Scope::Global),
        1 => Some(Scope::Collection),
        2 => Some(Scope::Environment),
        3 => Some(Scope::Data),
        4 => Some(Scope::Local),
        _ => None,
    }
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

pub(super) fn install(ctx: &Ctx<'_>, shared: &SharedRef) -> rquickjs::Result<()> {
    let n = Object::new(ctx.clone())?;

    let s = shared.clone();
    n.set(
        "varGet",
        Function::new(ctx.clone(), move |code: i32, key: String| {
            let st = s.borrow();
            let v = match scope(code) {
                Some(sc) => st.vars.get(sc, &key),
                None => st.vars.lookup(&key),
            };
            v.map(|v| v.to_string())
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "varSet",
        Function::new(ctx.clone(), move |code: i32, key: String, json: String| {
            if let Some(sc) = scope(code) {
                s.borrow_mut().vars.set(sc, &key, parse_json(&json));
            }
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "varUnset",
        Function::new(ctx.clone(), move |code: i32, key: String| {
            if let Some(sc) = scope(code) {
                s.borrow_mut().vars.unset(sc, &key);
            }
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "varHas",
        Function::new(ctx.clone(), move |code: i32, key: String| {
            let st = s.borrow();
            match scope(code) {
                Some(sc) => st.vars.has(sc, &key),
                None => st.vars.lookup(&key).is_some(),
            }
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "varClear",
        Function::new(ctx.clone(), move |code: i32| {
            if let Some(sc) = scope(code) {
                s.borrow_mut().vars.clear(sc);
            }
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "varAll",
        Function::new(ctx.clone(), move |code: i32| match scope(code) {
            Some(sc) => Value::Object(s.borrow().vars.to_object(sc)).to_string(),
            None => "{}".to_string(),
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "replaceIn",
        Function::new(ctx.clone(), move |text: String| {
            s.borrow().vars.replace_in(&text)
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "schema",
        Function::new(ctx.clone(), move |schema: String, data: String| {
            schema_check(&s, &schema, &data)
        })?,
    )?;
    super::cookies::install(ctx, &n, shared)?;
    n.set("digest", Function::new(ctx.clone(), digest_hex)?)?;
    n.set("hmac", Function::new(ctx.clone(), hmac_hex)?)?;
    ctx.globals().set("__native", n)?;
    Ok(())
}

/// "" when valid, else a JSON array of "pointer: message" strings.
fn schema_check(shared: &SharedRef, schema: &str, data: &str) -> String {
    let Some(validate) = shared.borrow().validator else {
        return r#"["schema validation is not available here"]"#.to_string();
    };
    match validate(&parse_json(schema), &parse_json(data)) {
        Ok(()) => String::new(),
        Err(errors) => Value::from(errors).to_string(),
    }
}

fn from_hex(hex: &str) -> Vec<u8> {
    let bytes = hex.as_bytes();
    let nibble = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    };
    bytes
        .chunks(2)
        .map(|p| (nibble(p[0]) << 4) | p.get(1).map_or(0, |c| nibble(*c)))
        .collect()
}

pub(super) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// Hex in, hex out: crypto-js WordArrays cross the boundary as hex strings.
pub(super) fn digest_hex(alg: String, data: String) -> String {
    let data = from_hex(&data);
    match alg.as_str() {
        "MD5" => to_hex(&Md5::digest(&data)),
        "SHA1" => to_hex(&Sha1::digest(&data)),
        "SHA256" => to_hex(&Sha256::digest(&data)),
        "SHA512" => to_hex(&Sha512::digest(&data)),
        _ => String::new(),
    }
}

fn mac<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> String {
    match <M as Mac>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(data);
            to_hex(&m.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

pub(super) fn hmac_hex(alg: String, key: String, data: String) -> String {
    let (key, data) = (from_hex(&key), from_hex(&data));
    match alg.as_str() {
        "MD5" => mac::<Hmac<Md5>>(&key, &data),
        "SHA1" => mac::<Hmac<Sha1>>(&key, &data),
        "SHA256" => mac::<Hmac<Sha256>>(&key, &data),
        "SHA512" => mac::<Hmac<Sha512>>(&key, &data),
        _ => String::new(),
    }
}
