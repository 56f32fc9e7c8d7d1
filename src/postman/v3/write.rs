//! The model → a v3 collection directory, following the format's naming rules: forbidden
//! characters in file names become `-`, names are unique per folder ignoring case, `name` is
//! written only when it differs from the file stem, `order` counts in steps of 1000. Files are
//! assembled in memory first, so a collection that cannot be written leaves nothing behind.

use super::RESOURCES;
use crate::postman::model::*;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: already exists and is not empty (conform writes a v3 collection into a new or empty folder)", path.display())]
    NotEmpty { path: PathBuf },
    #[error("item '{item}' cannot be converted: {message}")]
    Item { item: String, message: String },
}

/// The files of `collection` as (path relative to the collection root, YAML text).
pub fn files(collection: &Collection) -> Result<Vec<(PathBuf, String)>, WriteError> {
    let mut out = Vec::new();
    let mut def = Map::new();
    def.insert("$kind".into(), "collection".into());
    def.insert("name".into(), collection.name.clone().into());
    definition_body(
        &mut def,
        &collection.variables,
        collection.auth.as_ref(),
        &collection.events,
        &collection.profile,
    );
    out.push((
        Path::new(RESOURCES).join("definition.yaml"),
        yaml(&Value::Object(def)),
    ));
    children(&collection.items, Path::new(""), &mut out)?;
    Ok(out)
}

/// Writes `collection` into `dir` (created; must be new or empty).
pub fn write(collection: &Collection, dir: &Path) -> Result<(), WriteError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    let files = files(collection)?;
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(WriteError::NotEmpty {
                path: dir.to_path_buf(),
            });
        }
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    Ok(())
}

fn children(
    items: &[Item],
    dir: &Path,
    out: &mut Vec<(PathBuf, String)>,
) -> Result<(), WriteError> {
    let mut folder_names = Names::default();
    let mut request_names = Names::default();
    for (i, item) in items.iter().enumerate() {
        let order = (i as u64 + 1) * 1000;
        match item {
            Item::Folder(f) => {
                let stem = folder_names.claim(&f.name);
                let here = dir.join(&stem);
                let mut def = Map::new();
                def.insert("$kind".into(), "collection".into());
                if stem != f.name {
                    def.insert("name".into(), f.name.clone().into());
                }
                def.insert("order".into(), order.into());
                definition_body(&mut def, &[], f.auth.as_ref(), &f.events, &f.profile);
                out.push((
                    here.join(RESOURCES).join("definition.yaml"),
                    yaml(&Value::Object(def)),
                ));
                children(&f.items, &here, out)?;
            }
            Item::Request(r) => {
                let stem = request_names.claim(&r.name);
                request(r, &stem, order, dir, out)?;
            }
        }
    }
    Ok(())
}

fn request(
    r: &RequestItem,
    stem: &str,
    order: u64,
    dir: &Path,
    out: &mut Vec<(PathBuf, String)>,
) -> Result<(), WriteError> {
    let spec = r.request.as_ref().map_err(|e| WriteError::Item {
        item: r.name.clone(),
        message: e.clone(),
    })?;
    // A POST GraphQL body is Postman's graphql-request; other methods keep conform's extension.
    let graphql = matches!(spec.body, Some(BodySpec::GraphQl { .. })) && spec.method == "POST";
    let mut m = Map::new();
    m.insert(
        "$kind".into(),
        if graphql {
            "graphql-request"
        } else {
            "http-request"
        }
        .into(),
    );
    if stem != r.name {
        m.insert("name".into(), r.name.clone().into());
    }
    if !graphql {
        m.insert("method".into(), spec.method.clone().into());
    }
    let (url, query, vars) = url_parts(&spec.url);
    m.insert("url".into(), url.into());
    m.insert("order".into(), order.into());
    rows_field(&mut m, "headers", &spec.headers);
    if let Some(query) = query {
        rows_field(&mut m, "queryParams", &query);
    }
    rows_field(&mut m, "pathVariables", &vars);
    match (&spec.body, graphql) {
        (Some(BodySpec::GraphQl { query, variables }), true) => {
            m.insert("query".into(), query.clone().into());
            if let Some(v) = variables {
                m.insert("variables".into(), v.clone().into());
            }
        }
        (Some(b), _) => {
            m.insert("body".into(), body(b));
        }
        (None, _) => {}
    }
    if let Some(a) = &spec.auth {
        m.insert("auth".into(), auth(a));
    }
    if let Some(s) = settings(&r.profile) {
        m.insert("settings".into(), s);
    }
    let scripts = scripts(&r.events, "");
    if !scripts.is_empty() {
        m.insert("scripts".into(), Value::Array(scripts));
    }
    if !r.examples.is_empty() {
        let rel = Path::new(RESOURCES)
            .join(format!("{stem}.resources"))
            .join("examples");
        m.insert(
            "examples".into(),
            format!("./{}", rel.to_string_lossy().replace('\\', "/")).into(),
        );
        let mut names = Names::default();
        for (i, ex) in r.examples.iter().enumerate() {
            let name = ex
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("example")
                .to_string();
            let ex_stem = names.claim(&name);
            out.push((
                dir.join(&rel).join(format!("{ex_stem}.example.yaml")),
                yaml(&example(ex, &name, &ex_stem, (i as u64 + 1) * 1000)),
            ));
        }
    }
    out.push((
        dir.join(format!("{stem}.request.yaml")),
        yaml(&Value::Object(m)),
    ));
    Ok(())
}

fn definition_body(
    def: &mut Map<String, Value>,
    variables: &[Variable],
    auth_spec: Option<&AuthSpec>,
    events: &[Event],
    profile: &ProtocolProfile,
) {
    if !variables.is_empty() {
        def.insert(
            "variables".into(),
            crate::postman::export::variables(variables),
        );
    }
    if let Some(a) = auth_spec {
        def.insert("auth".into(), auth(a));
    }
    let scripts = scripts(events, "http:");
    if !scripts.is_empty() {
        def.insert("scripts".into(), Value::Array(scripts));
    }
    if let Some(s) = settings(profile) {
        def.insert("settings".into(), s);
    }
}

/// URL text as written (`:name` segments kept, enabled query in it), the query rows (`None`
/// when the URL has no query at all) and the path variables.
fn url_parts(url: &UrlSpec) -> (String, Option<Vec<KeyValue>>, Vec<KeyValue>) {
    match url {
        UrlSpec::Raw(raw) => (raw.clone(), split_query(raw), Vec::new()),
        UrlSpec::Parts(p) if p.host.is_none() && p.path.is_none() => {
            let raw = p.raw.clone().unwrap_or_default();
            let q = split_query(&raw);
            (raw, q, p.variables.clone())
        }
        UrlSpec::Parts(p) => {
            let query = (!p.query.is_empty()).then(|| p.query.clone());
            (url.written(), query, p.variables.clone())
        }
    }
}

/// The query of a URL text as rows (`None`: no `?`), as Postman splits it.
fn split_query(url: &str) -> Option<Vec<KeyValue>> {
    let before_hash = url.split('#').next().unwrap_or_default();
    let (_, query) = before_hash.split_once('?')?;
    let rows = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => KeyValue {
                key: k.into(),
                value: Some(v.into()),
                disabled: false,
            },
            None => KeyValue {
                key: pair.into(),
                value: None,
                disabled: false,
            },
        })
        .collect();
    Some(rows)
}

fn rows_field(m: &mut Map<String, Value>, name: &str, rows: &[KeyValue]) {
    if rows.is_empty() {
        return;
    }
    m.insert(name.into(), Value::Array(rows.iter().map(row).collect()));
}

fn row(kv: &KeyValue) -> Value {
    let mut r = Map::new();
    r.insert("key".into(), kv.key.clone().into());
    if let Some(v) = &kv.value {
        r.insert("value".into(), v.clone().into());
    }
    if kv.disabled {
        r.insert("disabled".into(), true.into());
    }
    Value::Object(r)
}

fn body(b: &BodySpec) -> Value {
    match b {
        BodySpec::Raw { text, language } => {
            let kind = language
                .as_deref()
                .filter(|l| matches!(*l, "json" | "xml" | "html" | "javascript"))
                .unwrap_or("text");
            json!({ "type": kind, "content": text })
        }
        BodySpec::UrlEncoded(rows) => {
            json!({ "type": "urlencoded", "content": rows.iter().map(row).collect::<Vec<_>>() })
        }
        BodySpec::FormData(parts) => {
            let content: Vec<Value> = parts
                .iter()
                .map(|p| {
                    let mut r = Map::new();
                    let ct = match p {
                        FormPart::Text {
                            key,
                            value,
                            content_type,
                        } => {
                            r.insert("key".into(), key.clone().into());
                            r.insert("type".into(), "text".into());
                            r.insert("value".into(), value.clone().into());
                            content_type
                        }
                        FormPart::File {
                            key,
                            src,
                            content_type,
                        } => {
                            r.insert("key".into(), key.clone().into());
                            r.insert("type".into(), "file".into());
                            r.insert(
                                "src".into(),
                                match src.as_slice() {
                                    [one] => one.clone().into(),
                                    many => many.to_vec().into(),
                                },
                            );
                            content_type
                        }
                    };
                    if let Some(ct) = ct {
                        r.insert("contentType".into(), ct.clone().into());
                    }
                    Value::Object(r)
                })
                .collect();
            json!({ "type": "formdata", "content": content })
        }
        BodySpec::File { src } => match src {
            Some(s) => json!({ "type": "file", "src": s }),
            None => json!({ "type": "file" }),
        },
        BodySpec::GraphQl { query, variables } => {
            json!({ "type": "graphql", "content": { "query": query, "variables": variables } })
        }
        BodySpec::Disabled => json!({ "type": "none", "disabled": true }),
    }
}

fn auth(a: &AuthSpec) -> Value {
    let creds: Vec<Value> = a
        .params
        .iter()
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    if creds.is_empty() {
        json!({ "type": a.kind })
    } else {
        json!({ "type": a.kind, "credentials": creds })
    }
}

fn settings(p: &ProtocolProfile) -> Option<Value> {
    crate::postman::export::profile(p)
}

fn scripts(events: &[Event], prefix: &str) -> Vec<Value> {
    events
        .iter()
        .map(|e| {
            let kind = match e.listen {
                Listen::PreRequest => "beforeRequest",
                Listen::Test => "afterResponse",
            };
            let mut s = Map::new();
            s.insert("type".into(), format!("{prefix}{kind}").into());
            s.insert("code".into(), e.code.clone().into());
            s.insert("language".into(), "text/javascript".into());
            if e.disabled {
                s.insert("disabled".into(), true.into());
            }
            Value::Object(s)
        })
        .collect()
}

/// A v2 `response[]` entry → an `http-example`.
fn example(ex: &Value, name: &str, stem: &str, order: u64) -> Value {
    let mut m = Map::new();
    m.insert("$kind".into(), "http-example".into());
    if stem != name {
        m.insert("name".into(), name.into());
    }
    m.insert("order".into(), order.into());
    if let Some(req) = ex.get("originalRequest") {
        let url = match req.get("url") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(o)) => o
                .get("raw")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        };
        let method = req.get("method").and_then(Value::as_str).unwrap_or("GET");
        m.insert("request".into(), json!({ "url": url, "method": method }));
    }
    let mut resp = Map::new();
    if let Some(code) = ex.get("code").and_then(Value::as_u64) {
        resp.insert("statusCode".into(), code.into());
    }
    if let Some(text) = ex.get("status").and_then(Value::as_str) {
        resp.insert("statusText".into(), text.into());
    }
    let headers: Vec<Value> = ex
        .get("header")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .filter_map(|h| {
                    Some(json!({
                        "key": h.get("key")?.as_str()?,
                        "value": h.get("value").and_then(Value::as_str).unwrap_or_default(),
                    }))
                })
                .collect()
        })
        .unwrap_or_default();
    if !headers.is_empty() {
        resp.insert("headers".into(), Value::Array(headers));
    }
    if let Some(body) = ex.get("body").and_then(Value::as_str) {
        let kind = ex
            .get("_postman_previewlanguage")
            .and_then(Value::as_str)
            .filter(|l| matches!(*l, "json" | "xml" | "html" | "javascript"))
            .unwrap_or("text");
        resp.insert("body".into(), json!({ "type": kind, "content": body }));
    }
    m.insert("response".into(), Value::Object(resp));
    Value::Object(m)
}

/// File stems handed out in one folder: sanitised, unique ignoring case.
#[derive(Default)]
struct Names(Vec<String>);

impl Names {
    fn claim(&mut self, name: &str) -> String {
        let base = sanitize(name);
        let mut stem = base.clone();
        let mut n = 2;
        while self
            .0
            .iter()
            .any(|s| s.to_lowercase() == stem.to_lowercase())
        {
            stem = format!("{base} ({n})");
            n += 1;
        }
        self.0.push(stem.clone());
        stem
    }
}

/// The format's forbidden characters (and control characters) become `-`; a leading dot would
/// hide the file, trailing dots and spaces do not survive Windows; long names are cut.
fn sanitize(name: &str) -> String {
    const FORBIDDEN: &str = "/\\:*?\"<>|";
    let mut s: String = name
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    if s.starts_with('.') {
        s.replace_range(0..1, "-");
    }
    let kept = s.trim_end_matches(['.', ' ']).len();
    let tail = s.len() - kept;
    s.truncate(kept);
    s.push_str(&"-".repeat(tail));
    const MAX_BYTES: usize = 150;
    if s.len() > MAX_BYTES {
        let mut cut = MAX_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    if s.is_empty() {
        s = "unnamed".into();
    }
    s
}

fn yaml(v: &Value) -> String {
    // Serialising a JSON value cannot fail (string keys only).
    serde_norway::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_format_rules() {
        assert_eq!(sanitize("Health/check: v2?"), "Health-check- v2-");
        assert_eq!(sanitize(".hidden"), "-hidden");
        assert_eq!(sanitize(""), "unnamed");
        assert_eq!(sanitize("end."), "end-");
        let mut names = Names::default();
        assert_eq!(names.claim("Users"), "Users");
        assert_eq!(names.claim("users"), "users (2)");
        assert_eq!(names.claim("a/b"), "a-b");
        assert_eq!(names.claim("a:b"), "a-b (2)");
    }
}
