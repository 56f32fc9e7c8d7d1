//! The model → a Postman v2.1 collection document (what `conform convert --to v2.1` writes).
//! URLs are written as `raw` plus their query rows and path variables, which every v2.1 reader
//! (Postman, Newman, conform) builds the same request from.

use super::model::*;
use serde_json::{Map, Value, json};

pub const SCHEMA_V2_1: &str =
    "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

pub fn collection(c: &Collection) -> Result<Value, String> {
    let mut top = Map::new();
    top.insert(
        "info".into(),
        json!({ "name": c.name, "schema": SCHEMA_V2_1 }),
    );
    top.insert("item".into(), Value::Array(items(&c.items)?));
    if !c.events.is_empty() {
        top.insert("event".into(), events(&c.events));
    }
    if !c.variables.is_empty() {
        top.insert("variable".into(), variables(&c.variables));
    }
    if let Some(a) = &c.auth {
        top.insert("auth".into(), auth(a));
    }
    if let Some(p) = profile(&c.profile) {
        top.insert("protocolProfileBehavior".into(), p);
    }
    Ok(Value::Object(top))
}

/// Variables as v2.1 writes them (and v3, under the same keys): key, value, type, disabled.
pub(crate) fn variables(list: &[Variable]) -> Value {
    let rows = list
        .iter()
        .map(|v| {
            let mut m = Map::new();
            m.insert("key".into(), v.key.clone().into());
            m.insert("value".into(), v.value.clone());
            if let Some(k) = &v.kind {
                m.insert("type".into(), k.clone().into());
            }
            if !v.enabled {
                m.insert("disabled".into(), true.into());
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(rows)
}

fn items(list: &[Item]) -> Result<Vec<Value>, String> {
    list.iter().map(item).collect()
}

fn item(i: &Item) -> Result<Value, String> {
    let mut m = Map::new();
    match i {
        Item::Folder(f) => {
            m.insert("name".into(), f.name.clone().into());
            m.insert("item".into(), Value::Array(items(&f.items)?));
            if let Some(a) = &f.auth {
                m.insert("auth".into(), auth(a));
            }
            if !f.events.is_empty() {
                m.insert("event".into(), events(&f.events));
            }
            if let Some(p) = profile(&f.profile) {
                m.insert("protocolProfileBehavior".into(), p);
            }
        }
        Item::Request(r) => {
            let spec = r
                .request
                .as_ref()
                .map_err(|e| format!("item '{}' cannot be converted: {e}", r.name))?;
            m.insert("name".into(), r.name.clone().into());
            if let Some(id) = &r.id {
                m.insert("id".into(), id.clone().into());
            }
            if !r.events.is_empty() {
                m.insert("event".into(), events(&r.events));
            }
            if let Some(p) = profile(&r.profile) {
                m.insert("protocolProfileBehavior".into(), p);
            }
            m.insert("request".into(), request(spec));
            m.insert("response".into(), Value::Array(r.examples.clone()));
        }
    }
    Ok(Value::Object(m))
}

fn request(spec: &RequestSpec) -> Value {
    let mut m = Map::new();
    m.insert("method".into(), spec.method.clone().into());
    m.insert("header".into(), rows(&spec.headers));
    if let Some(b) = &spec.body {
        m.insert("body".into(), body(b));
    }
    m.insert("url".into(), url(&spec.url));
    if let Some(a) = &spec.auth {
        m.insert("auth".into(), auth(a));
    }
    Value::Object(m)
}

fn url(u: &UrlSpec) -> Value {
    match u {
        UrlSpec::Raw(s) => Value::String(s.clone()),
        UrlSpec::Parts(p) => {
            let raw = u.written();
            let mut m = Map::new();
            m.insert("raw".into(), raw.into());
            if !p.query.is_empty() {
                m.insert("query".into(), rows(&p.query));
            }
            if !p.variables.is_empty() {
                m.insert("variable".into(), rows(&p.variables));
            }
            Value::Object(m)
        }
    }
}

fn rows(list: &[KeyValue]) -> Value {
    Value::Array(
        list.iter()
            .map(|kv| {
                let mut r = Map::new();
                r.insert("key".into(), kv.key.clone().into());
                if let Some(v) = &kv.value {
                    r.insert("value".into(), v.clone().into());
                }
                if kv.disabled {
                    r.insert("disabled".into(), true.into());
                }
                Value::Object(r)
            })
            .collect(),
    )
}

fn body(b: &BodySpec) -> Value {
    match b {
        BodySpec::Raw { text, language } => match language {
            Some(l) => {
                json!({ "mode": "raw", "raw": text, "options": { "raw": { "language": l } } })
            }
            None => json!({ "mode": "raw", "raw": text }),
        },
        BodySpec::UrlEncoded(list) => json!({ "mode": "urlencoded", "urlencoded": rows(list) }),
        BodySpec::FormData(parts) => {
            let list: Vec<Value> = parts
                .iter()
                .map(|p| match p {
                    FormPart::Text {
                        key,
                        value,
                        content_type,
                    } => {
                        let mut r = json!({ "key": key, "value": value, "type": "text" });
                        if let Some(ct) = content_type {
                            r["contentType"] = ct.clone().into();
                        }
                        r
                    }
                    FormPart::File {
                        key,
                        src,
                        content_type,
                    } => {
                        let src = match src.as_slice() {
                            [one] => Value::String(one.clone()),
                            many => many.to_vec().into(),
                        };
                        let mut r = json!({ "key": key, "src": src, "type": "file" });
                        if let Some(ct) = content_type {
                            r["contentType"] = ct.clone().into();
                        }
                        r
                    }
                })
                .collect();
            json!({ "mode": "formdata", "formdata": list })
        }
        BodySpec::File { src } => json!({ "mode": "file", "file": { "src": src } }),
        BodySpec::GraphQl { query, variables } => {
            json!({ "mode": "graphql", "graphql": { "query": query, "variables": variables } })
        }
        BodySpec::Disabled => json!({ "mode": "raw", "raw": "", "disabled": true }),
    }
}

fn auth(a: &AuthSpec) -> Value {
    let rows: Vec<Value> = a
        .params
        .iter()
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    let mut m = Map::new();
    m.insert("type".into(), a.kind.clone().into());
    if !rows.is_empty() {
        m.insert(a.kind.clone(), Value::Array(rows));
    }
    Value::Object(m)
}

fn events(list: &[Event]) -> Value {
    Value::Array(
        list.iter()
            .map(|e| {
                let mut m = json!({
                    "listen": match e.listen {
                        Listen::PreRequest => "prerequest",
                        Listen::Test => "test",
                    },
                    "script": {
                        "type": "text/javascript",
                        "exec": e.code.split('\n').collect::<Vec<_>>(),
                    },
                });
                if e.disabled {
                    m["disabled"] = true.into();
                }
                m
            })
            .collect(),
    )
}

/// `protocolProfileBehavior` as v2.1 writes it; v3 writes the same keys under `settings`.
pub(crate) fn profile(p: &ProtocolProfile) -> Option<Value> {
    let mut m = Map::new();
    let mut flag = |k: &str, v: Option<bool>| {
        if let Some(v) = v {
            m.insert(k.into(), v.into());
        }
    };
    flag("followRedirects", p.follow_redirects);
    flag("disableBodyPruning", p.disable_body_pruning);
    flag("disableUrlEncoding", p.disable_url_encoding);
    flag("followOriginalHttpMethod", p.follow_original_method);
    flag(
        "removeRefererHeaderOnRedirect",
        p.remove_referer_header_on_redirect,
    );
    flag("followAuthorizationHeader", p.follow_authorization_header);
    flag("disableCookies", p.disable_cookies);
    if let Some(n) = p.max_redirects {
        m.insert("maxRedirects".into(), n.into());
    }
    if p.disabled_system_headers != SystemHeaders::EMPTY {
        m.insert(
            "disabledSystemHeaders".into(),
            p.disabled_system_headers.to_json(),
        );
    }
    (!m.is_empty()).then_some(Value::Object(m))
}
