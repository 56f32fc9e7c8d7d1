//! The Rust functions the sandbox calls: variable scopes, JSON Schema checks, and the entries
//! of the library helpers (native_crypto, native_markup, native_time). Owns the per-event state
//! those functions see; must not touch the JS object graph.

use std::cell::RefCell;
use std::rc::Rc;

use rquickjs::{Ctx, Function, Object};
use serde_json::Value;

use super::schemas::SchemaCache;
use super::{SchemaFn, native_crypto, native_html, native_markup, native_time};
use crate::vars::{Scope, VarStore};

/// What the native functions may reach while an event runs.
pub(super) struct Shared {
    /// Moved in from the `ScriptContext` for the event, moved back afterwards.
    pub vars: VarStore,
    /// Only `Some` while `run_event` is on the stack (see `engine::SchemaGuard`).
    pub validator: Option<&'static SchemaFn<'static>>,
    /// The run's cookie jar, for `pm.cookies` (see `ScriptEngine::set_cookie_jar`).
    pub cookies: Option<std::sync::Arc<crate::cookies::CookieJar>>,
    /// Documents cheerio.load parsed in this run.
    pub html: native_html::Docs,
    /// Schemas the run's scripts validated against, by their JSON text.
    pub schemas: SchemaCache,
}

impl Shared {
    pub fn new() -> Self {
        Shared {
            vars: VarStore::new(),
            validator: None,
            cookies: None,
            html: native_html::Docs::default(),
            schemas: SchemaCache::default(),
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
    let s = shared.clone();
    n.set(
        "ajv",
        Function::new(
            ctx.clone(),
            move |schema: String, data: String, formats: String| {
                ajv_check(&s, &schema, &data, &formats)
            },
        )?,
    )?;
    super::cookies::install(ctx, &n, shared)?;
    n.set(
        "digest",
        Function::new(ctx.clone(), native_crypto::digest_hex)?,
    )?;
    n.set("hmac", Function::new(ctx.clone(), native_crypto::hmac_hex)?)?;
    n.set(
        "pbkdf2",
        Function::new(ctx.clone(), native_crypto::pbkdf2_hex)?,
    )?;
    n.set(
        "evpKdf",
        Function::new(ctx.clone(), native_crypto::evp_kdf_hex)?,
    )?;
    n.set(
        "cipher",
        Function::new(ctx.clone(), native_crypto::cipher_js)?,
    )?;
    n.set(
        "xml2json",
        Function::new(ctx.clone(), native_markup::xml_to_json)?,
    )?;
    n.set(
        "parseDate",
        Function::new(ctx.clone(), native_time::parse_js)?,
    )?;
    install_html(ctx, &n, shared)?;
    ctx.globals().set("__native", n)?;
    Ok(())
}

/// cheerio's entries; lists of nodes travel as JSON, failures as "!message".
fn install_html<'js>(ctx: &Ctx<'js>, n: &Object<'js>, shared: &SharedRef) -> rquickjs::Result<()> {
    let list = |r: Result<Vec<usize>, native_html::HtmlError>| match r {
        Ok(v) => Value::from(v).to_string(),
        Err(e) => format!("!{e}"),
    };
    let s = shared.clone();
    n.set(
        "htmlLoad",
        Function::new(ctx.clone(), move |text: String| {
            s.borrow_mut().html.load(&text)
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "htmlSelect",
        Function::new(ctx.clone(), move |doc: u32, roots: String, sel: String| {
            list(
                s.borrow()
                    .html
                    .select(doc, &native_html::numbers(&roots), &sel),
            )
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "htmlMatch",
        Function::new(ctx.clone(), move |doc: u32, nodes: String, sel: String| {
            list(
                s.borrow()
                    .html
                    .matching(doc, &native_html::numbers(&nodes), &sel),
            )
        })?,
    )?;
    let s = shared.clone();
    n.set(
        "htmlInfo",
        Function::new(
            ctx.clone(),
            move |doc: u32, node: u32, what: String| match s.borrow().html.info(
                doc,
                node as usize,
                &what,
            ) {
                Ok(v) => v.to_string(),
                Err(e) => format!("!{e}"),
            },
        )?,
    )?;
    Ok(())
}

/// "" when valid, else a JSON array of "pointer: message" strings.
fn schema_check(shared: &SharedRef, schema: &str, data: &str) -> String {
    let (validate, schema) = {
        let mut st = shared.borrow_mut();
        let Some(validate) = st.validator else {
            return r#"["schema validation is not available here"]"#.to_string();
        };
        (validate, st.schemas.parsed(schema))
    };
    match validate(&schema, &parse_json(data)) {
        Ok(()) => String::new(),
        Err(errors) => Value::from(errors).to_string(),
    }
}

/// Ajv's validation, which (unlike tv4's and `jsonSchema`'s) asserts `format` and refuses a
/// schema naming a format it does not know. `formats` is the JSON of the formats the script
/// added: `{name: regexSource}`, or `{name: true}` for one Ajv checks with a JS function (taken as
/// valid: the function cannot run here). Returns "" when valid, the errors as a JSON array of
/// `pointer: message`, or `!message` when the schema cannot be compiled. Each (schema, formats)
/// pair is compiled once per run.
fn ajv_check(shared: &SharedRef, schema: &str, data: &str, formats: &str) -> String {
    let entry = shared
        .borrow_mut()
        .schemas
        .ajv(schema, formats, || ajv_compile(schema, formats));
    let validator = match entry.as_ref() {
        Ok(v) => v,
        Err(e) => return format!("!{e}"),
    };
    let errors: Vec<String> = validator
        .iter_errors(&parse_json(data))
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect();
    if errors.is_empty() {
        String::new()
    } else {
        Value::from(errors).to_string()
    }
}

/// Ajv's validator for a schema text and the script's added formats; `Err` is the message Ajv
/// throws.
fn ajv_compile(schema: &str, formats: &str) -> Result<jsonschema::Validator, String> {
    let mut opts = jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false);
    if let Value::Object(added) = parse_json(formats) {
        for (name, check) in added {
            opts = match check {
                Value::String(pattern) => {
                    let Ok(re) =
                        jsonschema::validator_for(&serde_json::json!({ "pattern": pattern }))
                    else {
                        return Err(format!("format \"{name}\": invalid regular expression"));
                    };
                    opts.with_format(name, move |s: &str| re.is_valid(&Value::from(s)))
                }
                _ => opts.with_format(name, |_: &str| true),
            };
        }
    }
    opts.build(&parse_json(schema)).map_err(|e| e.to_string())
}

pub(super) fn from_hex(hex: &str) -> Vec<u8> {
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
    crate::hex::lower(bytes)
}
