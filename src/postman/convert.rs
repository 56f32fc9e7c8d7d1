//! Settles the format's unions: JSON values → the typed model, naming the JSON pointer of what
//! does not fit. Item-level problems become that item's error; only a file that is not a
//! collection at all is refused. A collection arrives from `stream` one item at a time (each
//! object without its `item` key, children already converted); never reads text itself.

use super::model::*;
use serde_json::{Map, Value};

/// Why a whole document is not a collection/environment.
pub(super) type ShapeError = String;

/// The shape error of a v1 document, which `load` converts instead of refusing.
pub(super) const IS_V1: &str = "this is a Postman v1 collection (top-level 'requests' array)";

/// One JSON value of a collection document as the stream hands it over: an object without its
/// `item` key, plus what `item` held; or any other value, whole (only its kind is reported).
pub(super) enum Node {
    Object {
        fields: Map<String, Value>,
        children: Option<Children>,
    },
    Other(Value),
}

/// What an `item` key held: an array, its elements already converted; or the value that is not
/// an array, kept for the message.
pub(super) enum Children {
    List(Vec<Item>),
    NotList(Value),
}

pub(super) fn collection(doc: Node) -> Result<Collection, ShapeError> {
    let (top, items) = match doc {
        Node::Object { fields, children } => (fields, children),
        Node::Other(v) => {
            return Err(format!(
                "expected a JSON object at the top level, found {}",
                kind(&v)
            ));
        }
    };
    let info = top.get("info").and_then(Value::as_object);
    if info.is_none() && top.get("requests").is_some_and(Value::is_array) {
        // `load` converts v1 documents and reads them again.
        return Err(IS_V1.into());
    }
    let Some(items) = items else {
        return Err("no 'item' array at the top level: not a Postman collection".into());
    };
    let items = match items {
        Children::List(items) => items,
        Children::NotList(v) => {
            return Err(format!("/item: expected an array, found {}", kind(&v)));
        }
    };
    let mut warnings = Vec::new();
    let schema = info.and_then(|i| i.get("schema")).and_then(Value::as_str);
    let version = match schema {
        Some(s) if s.contains("/v2.1.") => FormatVersion::V2_1,
        Some(s) if s.contains("/v2.0.") => FormatVersion::V2_0,
        Some(s) => {
            warnings.push(format!("unknown collection schema '{s}': read as v2.1"));
            FormatVersion::Unknown
        }
        None => {
            warnings.push("no 'info.schema': read as v2.1".into());
            FormatVersion::Unknown
        }
    };
    let name = info
        .and_then(|i| i.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("collection")
        .to_string();
    Ok(Collection {
        name,
        version,
        items,
        variables: variables(top.get("variable")),
        auth: auth(top.get("auth")),
        events: events(top.get("event")),
        profile: profile(top.get("protocolProfileBehavior")),
        warnings,
    })
}

/// Folders nest; a hostile file could nest them deeper than any stack. Postman's own UI stops
/// far below this. (serde_json's recursion limit of 128 levels refuses a file first, beyond 62
/// nested folders; this bound holds whatever that limit becomes.)
pub(super) const MAX_FOLDER_DEPTH: usize = 64;

/// The single child that stands for the children of a folder nested too deep.
pub(super) fn too_deep(pointer: &str) -> Item {
    broken(
        pointer,
        format!("{pointer}: folders nested deeper than {MAX_FOLDER_DEPTH} levels"),
    )
}

/// One element of an `item` array at `pointer`, its own children already converted. Takes the
/// node by value: saved responses move into the model instead of being copied.
pub(super) fn item(node: Node, pointer: &str) -> Item {
    let (mut fields, children) = match node {
        Node::Object { fields, children } => (fields, children),
        Node::Other(v) => {
            return broken(
                pointer,
                format!("{pointer}: expected an object, found {}", kind(&v)),
            );
        }
    };
    let name = fields
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("item {pointer}"));
    let id = fields.get("id").and_then(Value::as_str).map(str::to_string);
    let events = events(fields.get("event"));
    let profile = profile(fields.get("protocolProfileBehavior"));
    if let Some(children) = children {
        let items = match children {
            Children::List(items) => items,
            Children::NotList(v) => vec![broken(
                pointer,
                format!("{pointer}/item: expected an array, found {}", kind(&v)),
            )],
        };
        return Item::Folder(Folder {
            id,
            name,
            items,
            auth: auth(fields.get("auth")),
            events,
            profile,
        });
    }
    let request = match fields.get("request") {
        None => Err(format!("{pointer}: item has neither 'request' nor 'item'")),
        Some(r) => request(r, &format!("{pointer}/request")),
    };
    let examples = match fields.remove("response") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    Item::Request(Box::new(RequestItem {
        id,
        name,
        request,
        events,
        profile,
        examples,
    }))
}

fn broken(pointer: &str, message: String) -> Item {
    Item::Request(Box::new(RequestItem {
        id: None,
        name: format!("item {pointer}"),
        request: Err(message),
        events: Vec::new(),
        profile: ProtocolProfile::default(),
        examples: Vec::new(),
    }))
}

fn request(v: &Value, pointer: &str) -> Result<RequestSpec, String> {
    let obj = match v {
        // A bare string is a GET of that URL.
        Value::String(s) => {
            return Ok(RequestSpec {
                method: "GET".into(),
                url: UrlSpec::Raw(s.clone()),
                ..RequestSpec::default()
            });
        }
        Value::Object(o) => o,
        other => {
            return Err(format!(
                "{pointer}: expected a string or an object, found {}",
                kind(other)
            ));
        }
    };
    let method = obj
        .get("method")
        .and_then(Value::as_str)
        .map(|m| m.to_ascii_uppercase())
        .unwrap_or_else(|| "GET".into());
    let url = match obj.get("url") {
        None | Some(Value::Null) => UrlSpec::Raw(String::new()),
        Some(u) => url(u, &format!("{pointer}/url"))?,
    };
    let headers = match obj.get("header") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => header_string(s),
        Some(Value::Array(a)) => key_values(a),
        Some(other) => {
            return Err(format!(
                "{pointer}/header: expected an array or a string, found {}",
                kind(other)
            ));
        }
    };
    let body = match obj.get("body") {
        None | Some(Value::Null) => None,
        Some(b) => body(b, &format!("{pointer}/body"))?,
    };
    Ok(RequestSpec {
        method,
        url,
        headers,
        body,
        auth: auth(obj.get("auth")),
    })
}

/// Headers written as one string: `Name: value` lines (disabled ones start with `//`).
fn header_string(s: &str) -> Vec<KeyValue> {
    s.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() {
                return None;
            }
            let (disabled, line) = match line.strip_prefix("//") {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let (k, v) = line.split_once(':').unwrap_or((line, ""));
            Some(KeyValue {
                key: k.trim().to_string(),
                value: Some(v.trim().to_string()),
                disabled,
            })
        })
        .collect()
}

fn url(v: &Value, pointer: &str) -> Result<UrlSpec, String> {
    let obj = match v {
        Value::String(s) => return Ok(UrlSpec::Raw(s.clone())),
        Value::Object(o) => o,
        other => {
            return Err(format!(
                "{pointer}: expected a string or an object, found {}",
                kind(other)
            ));
        }
    };
    let str_of = |k: &str| obj.get(k).and_then(scalar_string);
    let list = |k: &str, sep: char| -> Result<Option<Vec<String>>, String> {
        match obj.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.split(sep).map(str::to_string).collect())),
            Some(Value::Array(a)) => Ok(Some(
                a.iter()
                    .map(|seg| match seg {
                        // v2.0 allows a path segment as {type, value}.
                        Value::Object(o) => {
                            o.get("value").and_then(scalar_string).unwrap_or_default()
                        }
                        other => scalar_string(other).unwrap_or_default(),
                    })
                    .collect(),
            )),
            Some(other) => Err(format!(
                "{pointer}/{k}: expected a string or an array, found {}",
                kind(other)
            )),
        }
    };
    let host = list("host", '.')?;
    let path = list("path", '/')?.map(|segs| {
        // A string path "/a/b" splits into a leading empty segment Postman does not keep.
        if matches!(obj.get("path"), Some(Value::String(_))) {
            segs.into_iter().skip_while(String::is_empty).collect()
        } else {
            segs
        }
    });
    let query = match obj.get("query") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => key_values(a),
        Some(other) => {
            return Err(format!(
                "{pointer}/query: expected an array, found {}",
                kind(other)
            ));
        }
    };
    let variables = match obj.get("variable") {
        Some(Value::Array(a)) => key_values(a),
        _ => Vec::new(),
    };
    Ok(UrlSpec::Parts(UrlParts {
        raw: str_of("raw"),
        protocol: str_of("protocol"),
        host,
        port: str_of("port"),
        path,
        query,
        hash: str_of("hash"),
        variables,
    }))
}

fn body(v: &Value, pointer: &str) -> Result<Option<BodySpec>, String> {
    let Some(obj) = v.as_object() else {
        return Err(format!("{pointer}: expected an object, found {}", kind(v)));
    };
    if obj.get("disabled").and_then(Value::as_bool) == Some(true) {
        return Ok(Some(BodySpec::Disabled));
    }
    let Some(mode) = obj.get("mode").and_then(Value::as_str) else {
        // Postman sends no body when no mode is chosen.
        return Ok(None);
    };
    let spec = match mode {
        "raw" => BodySpec::Raw {
            text: obj.get("raw").and_then(scalar_string).unwrap_or_default(),
            language: obj
                .get("options")
                .and_then(|o| o.pointer("/raw/language"))
                .and_then(Value::as_str)
                .map(str::to_string),
        },
        "urlencoded" => BodySpec::UrlEncoded(
            obj.get("urlencoded")
                .and_then(Value::as_array)
                .map(|a| key_values(a))
                .unwrap_or_default(),
        ),
        "formdata" => BodySpec::FormData(form_parts(obj.get("formdata"))),
        "file" => BodySpec::File {
            src: obj
                .get("file")
                .and_then(|f| f.get("src"))
                .and_then(scalar_string),
        },
        "graphql" => {
            let g = obj.get("graphql");
            BodySpec::GraphQl {
                query: g
                    .and_then(|g| g.get("query"))
                    .and_then(scalar_string)
                    .unwrap_or_default(),
                variables: g.and_then(|g| g.get("variables")).and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Null => None,
                    other => Some(other.to_string()),
                }),
            }
        }
        other => return Err(format!("{pointer}/mode: unknown body mode '{other}'")),
    };
    Ok(Some(spec))
}

fn form_parts(v: Option<&Value>) -> Vec<FormPart> {
    let Some(rows) = v.and_then(Value::as_array) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(Value::as_object)
        .filter(|o| o.get("disabled").and_then(Value::as_bool) != Some(true))
        .map(|o| {
            let key = o.get("key").and_then(scalar_string).unwrap_or_default();
            let content_type = o
                .get("contentType")
                .and_then(scalar_string)
                .filter(|s| !s.is_empty());
            if o.get("type").and_then(Value::as_str) == Some("file") {
                let src = match o.get("src") {
                    Some(Value::Array(a)) => a.iter().filter_map(scalar_string).collect(),
                    Some(v) => scalar_string(v).into_iter().collect(),
                    None => Vec::new(),
                };
                FormPart::File {
                    key,
                    src,
                    content_type,
                }
            } else {
                FormPart::Text {
                    key,
                    value: o.get("value").and_then(scalar_string).unwrap_or_default(),
                    content_type,
                }
            }
        })
        .collect()
}

fn key_values(rows: &[Value]) -> Vec<KeyValue> {
    rows.iter()
        .filter_map(Value::as_object)
        .map(|o| KeyValue {
            key: o.get("key").and_then(scalar_string).unwrap_or_default(),
            value: match o.get("value") {
                None | Some(Value::Null) => None,
                Some(v) => scalar_string(v),
            },
            disabled: o.get("disabled").and_then(Value::as_bool) == Some(true),
        })
        .collect()
}

/// `auth` in either shape: v2.0 `{"type":"bearer","bearer":{"token":"…"}}` or v2.1
/// `{"type":"bearer","bearer":[{"key":"token","value":"…"}]}`.
pub(super) fn auth(v: Option<&Value>) -> Option<AuthSpec> {
    let obj = v?.as_object()?;
    let kind = obj.get("type").and_then(Value::as_str)?.to_string();
    let mut params = Map::new();
    match obj.get(&kind) {
        Some(Value::Object(o)) => params = o.clone(),
        Some(Value::Array(rows)) => {
            for row in rows.iter().filter_map(Value::as_object) {
                if let Some(k) = row.get("key").and_then(Value::as_str) {
                    params.insert(
                        k.to_string(),
                        row.get("value").cloned().unwrap_or(Value::Null),
                    );
                }
            }
        }
        _ => {}
    }
    Some(AuthSpec { kind, params })
}

fn events(v: Option<&Value>) -> Vec<Event> {
    let Some(list) = v.and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(Value::as_object)
        .filter_map(|e| {
            let listen = match e.get("listen").and_then(Value::as_str)? {
                "prerequest" => Listen::PreRequest,
                "test" => Listen::Test,
                _ => return None,
            };
            let exec = e.get("script").and_then(|s| s.get("exec"));
            let code = match exec {
                Some(Value::Array(lines)) => lines
                    .iter()
                    .map(|l| l.as_str().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n"),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            Some(Event {
                listen,
                code,
                disabled: e.get("disabled").and_then(Value::as_bool) == Some(true),
            })
        })
        .collect()
}

fn profile(v: Option<&Value>) -> ProtocolProfile {
    let Some(o) = v.and_then(Value::as_object) else {
        return ProtocolProfile::default();
    };
    let flag = |k: &str| o.get(k).and_then(Value::as_bool);
    ProtocolProfile {
        disable_body_pruning: flag("disableBodyPruning"),
        follow_redirects: flag("followRedirects"),
        max_redirects: o
            .get("maxRedirects")
            .and_then(Value::as_u64)
            .map(|n| n.min(u32::MAX as u64) as u32),
        disable_url_encoding: flag("disableUrlEncoding"),
        follow_original_method: flag("followOriginalHttpMethod"),
        follow_authorization_header: flag("followAuthorizationHeader"),
        disable_cookies: flag("disableCookies"),
        remove_referer_header_on_redirect: flag("removeRefererHeaderOnRedirect"),
        disabled_system_headers: o
            .get("disabledSystemHeaders")
            .map(SystemHeaders::from_json)
            .unwrap_or_default(),
    }
}

pub(super) fn variables(v: Option<&Value>) -> Vec<Variable> {
    let Some(rows) = v.and_then(Value::as_array) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(Value::as_object)
        .filter_map(|o| {
            let key = o
                .get("key")
                .or_else(|| o.get("id"))
                .and_then(scalar_string)?;
            Some(Variable {
                key,
                value: o
                    .get("value")
                    .cloned()
                    .unwrap_or(Value::String(String::new())),
                kind: o.get("type").and_then(Value::as_str).map(str::to_string),
                // Environment files say `enabled`, collections say `disabled`.
                enabled: o.get("enabled").and_then(Value::as_bool).unwrap_or(true)
                    && o.get("disabled").and_then(Value::as_bool) != Some(true),
            })
        })
        .collect()
}

pub(super) fn environment(doc: &Value) -> Result<Environment, ShapeError> {
    // A bare array of `{key, value}` is what Newman also reads as a variables file; it uses
    // every entry, `enabled: false` included (recorded in tests/newman, globals_bare_array).
    if doc.is_array() {
        let mut values = variables(Some(doc));
        for v in &mut values {
            v.enabled = true;
        }
        return Ok(Environment {
            id: None,
            name: String::new(),
            values,
        });
    }
    let Some(obj) = doc.as_object() else {
        return Err(format!(
            "expected a JSON object at the top level, found {}",
            kind(doc)
        ));
    };
    let Some(values) = obj.get("values") else {
        return Err(
            "no 'values' array at the top level: not a Postman environment or globals file".into(),
        );
    };
    if !values.is_array() {
        return Err(format!(
            "/values: expected an array, found {}",
            kind(values)
        ));
    }
    // Newman uses every value of the file, `enabled: false` included (recorded in tests/newman,
    // environment_disabled); only `disabled: true` leaves one out.
    let disabled: Vec<&Value> = values
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o.get("disabled").and_then(Value::as_bool) == Some(true))
        .filter_map(|o| o.get("key"))
        .collect();
    let mut values = variables(Some(values));
    for v in &mut values {
        v.enabled = !disabled.iter().any(|k| k.as_str() == Some(v.key.as_str()));
    }
    Ok(Environment {
        id: obj.get("id").and_then(Value::as_str).map(str::to_string),
        name: obj
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        values,
    })
}

/// Strings as they are; numbers and booleans as JavaScript would print them.
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
