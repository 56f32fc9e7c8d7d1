//! A v3 collection directory → the same `postman::` model the v2 reader builds: folders are
//! sub-directories (metadata in `.resources/definition.yaml`), requests are `*.request.yaml`,
//! siblings ordered by `order` then name. Every file that does not fit is refused with its path
//! (and line and column where the YAML parser has them): nothing of a half-read collection runs.

use super::files::{self, Text};
use super::{RESOURCES, item_stem, yaml_ext};
use crate::postman::convert::MAX_FOLDER_DEPTH;
use crate::postman::load::{LoadError, read_text};
use crate::postman::model::*;
use crate::postman::yaml;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Reads the collection rooted at `dir`.
pub(crate) fn collection(dir: &Path) -> Result<Collection, LoadError> {
    let mut reader = Reader::default();
    let (def, items) = reader.folder(dir, 0)?;
    let events = reader.events(def.scripts, &definition_path(dir), true)?;
    let auth = reader.auth(def.auth, &definition_path(dir))?;
    Ok(Collection {
        name: Text::opt(def.name).unwrap_or_else(|| dir_name(dir)),
        version: FormatVersion::V3,
        items: items.into_iter().map(|(_, _, item)| item).collect(),
        variables: variables(def.variables.unwrap_or_default()),
        auth,
        events,
        profile: reader.profile(def.settings.as_ref(), &definition_path(dir)),
        warnings: reader.warnings,
    })
}

/// An environment YAML file.
pub(crate) fn environment(path: &Path) -> Result<Environment, LoadError> {
    let env: files::Environment = parse(path)?;
    let Some(name) = Text::opt(env.name) else {
        return Err(shape(
            path,
            "no 'name': not a Postman v3 environment".into(),
        ));
    };
    let Some(values) = env.values else {
        return Err(shape(
            path,
            "no 'values' list: not a Postman v3 environment".into(),
        ));
    };
    Ok(Environment {
        id: None,
        name,
        values: variables(values),
    })
}

/// One `*.example.yaml` file, in the model's (v2.1 `response[]`) shape.
pub(crate) fn example_file(path: &Path) -> Result<Value, LoadError> {
    let ex: files::Example = parse(path)?;
    let name = file_name(path);
    let stem = name
        .strip_suffix(".example.yaml")
        .or_else(|| name.strip_suffix(".example.yml"))
        .unwrap_or(&name);
    Ok(example_value(
        &Text::opt(ex.name).unwrap_or_else(|| stem.to_string()),
        ex.request,
        ex.response,
    ))
}

/// The saved examples of one `*.request.yaml` file.
pub(crate) fn request_examples(path: &Path) -> Result<Vec<Value>, LoadError> {
    let req: files::Request = parse(path)?;
    let name = file_name(path);
    let stem = super::item_stem(&name).unwrap_or(&name);
    Reader::default().examples(path, stem, req.examples.as_ref())
}

/// Sibling, its sort key and the item.
type Placed = (Option<f64>, String, Item);

#[derive(Default)]
struct Reader {
    warnings: Vec<String>,
}

impl Reader {
    /// A folder's definition and its children, sorted.
    fn folder(
        &mut self,
        dir: &Path,
        depth: usize,
    ) -> Result<(files::Definition, Vec<Placed>), LoadError> {
        if depth > MAX_FOLDER_DEPTH {
            return Err(shape(
                dir,
                format!("folders nested deeper than {MAX_FOLDER_DEPTH} levels"),
            ));
        }
        let def_path = definition_path(dir);
        let def: files::Definition = if def_path.is_file() {
            let kind: files::Kind = parse(&def_path)?;
            match Text::opt(kind.kind).as_deref() {
                Some("collection") => {
                    let def = parse(&def_path)?;
                    self.unknown_fields(&def_path, files::DEFINITION_FIELDS);
                    def
                }
                other => {
                    return Err(shape(
                        &def_path,
                        format!(
                            "$kind is {}: a definition.yaml must say `$kind: collection`",
                            other.map_or("missing".to_string(), |k| format!("'{k}'"))
                        ),
                    ));
                }
            }
        } else {
            files::Definition::default()
        };
        check_order(&def_path, def.order)?;
        no_requests_in_resources(&dir.join(RESOURCES), 0)?;

        let entries = listing(dir)?;
        let mut children: Vec<Placed> = Vec::new();
        for entry in entries {
            let name = file_name(&entry);
            if name.starts_with('.') {
                continue;
            }
            if entry.is_dir() {
                let (sub, items) = self.folder(&entry, depth + 1)?;
                let sub_def = definition_path(&entry);
                if sub.variables.as_ref().is_some_and(|v| !v.is_empty()) {
                    self.warnings.push(format!(
                        "{}: folder variables are not read (v2.1 folders have none either): \
                         move them to the collection's definition",
                        sub_def.display()
                    ));
                }
                let folder = Folder {
                    id: None,
                    name: Text::opt(sub.name).unwrap_or_else(|| name.clone()),
                    items: items.into_iter().map(|(_, _, i)| i).collect(),
                    auth: self.auth(sub.auth, &sub_def)?,
                    events: self.events(sub.scripts, &sub_def, true)?,
                    profile: self.profile(sub.settings.as_ref(), &sub_def),
                };
                children.push((sub.order, folder.name.clone(), Item::Folder(folder)));
            } else if let Some(stem) = item_stem(&name) {
                if let Some(placed) = self.item_file(&entry, stem)? {
                    children.push(placed);
                }
            }
        }
        // `order` only compares; unordered siblings follow the ordered ones; ties go by name.
        children.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.1.cmp(&b.1)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.1.cmp(&b.1),
        });
        Ok((def, children))
    }

    /// One `*.request.yaml`: an HTTP or GraphQL request, or a kind conform skips (listed).
    fn item_file(&mut self, path: &Path, stem: &str) -> Result<Option<Placed>, LoadError> {
        let kind: files::Kind = parse(path)?;
        let kind = Text::opt(kind.kind);
        match kind.as_deref() {
            Some("http-request") | Some("graphql-request") => {}
            Some(
                k @ ("grpc-request" | "websocket-request" | "socket.io-request" | "mqtt-request"
                | "mcp-request" | "llm-request"),
            ) => {
                let placed: files::Placed = parse(path)?;
                check_order(path, placed.order)?;
                let name = Text::opt(placed.name).unwrap_or_else(|| stem.to_string());
                self.warnings.push(format!(
                    "skipped {k} '{name}' ({}): conform runs HTTP and GraphQL requests only",
                    path.display()
                ));
                return Ok(None);
            }
            Some("collection") => {
                return Err(shape(
                    path,
                    "a `$kind: collection` file belongs in .resources/definition.yaml".into(),
                ));
            }
            Some(other) => {
                return Err(shape(
                    path,
                    format!(
                        "unknown $kind '{other}' (expected http-request, graphql-request or \
                         another request kind)"
                    ),
                ));
            }
            None => {
                return Err(shape(
                    path,
                    "no $kind: not a Postman v3 request file".into(),
                ));
            }
        }
        let graphql = kind.as_deref() == Some("graphql-request");
        let req: files::Request = parse(path)?;
        check_order(path, req.order)?;
        self.unknown_fields(path, files::REQUEST_FIELDS);
        let order = req.order;
        let name = Text::opt(req.name.clone()).unwrap_or_else(|| stem.to_string());
        let examples = self.examples(path, stem, req.examples.as_ref())?;
        let events = self.events(req.scripts.clone(), path, false)?;
        let (spec, profile) = self.request(req, graphql, path)?;
        let item = RequestItem {
            id: None,
            name: name.clone(),
            request: Ok(spec),
            events,
            profile,
            examples,
        };
        Ok(Some((order, name, Item::Request(Box::new(item)))))
    }

    fn request(
        &mut self,
        req: files::Request,
        graphql: bool,
        path: &Path,
    ) -> Result<(RequestSpec, ProtocolProfile), LoadError> {
        let method = match (Text::opt(req.method), graphql) {
            (Some(m), _) => m.to_ascii_uppercase(),
            (None, true) => "POST".into(),
            (None, false) => "GET".into(),
        };
        let url_text = Text::opt(req.url).unwrap_or_default();
        let query = req.query_params.map(|rows| key_values(&rows));
        let variables = key_values(&req.path_variables.unwrap_or_default());
        let full = match &query {
            Some(rows) => with_query(&url_text, rows),
            None => url_text,
        };
        let url = if query.is_none() && variables.is_empty() {
            UrlSpec::Raw(full)
        } else {
            UrlSpec::Parts(UrlParts {
                raw: Some(full),
                query: query.unwrap_or_default(),
                variables,
                ..UrlParts::default()
            })
        };
        let body = if graphql {
            Some(BodySpec::GraphQl {
                query: Text::opt(req.query).unwrap_or_default(),
                variables: req.variables.and_then(|v| match v {
                    Value::String(s) => Some(s),
                    Value::Null => None,
                    other => Some(other.to_string()),
                }),
            })
        } else {
            match req.body {
                None => None,
                Some(b) => body(b, path)?,
            }
        };
        Ok((
            RequestSpec {
                method,
                url,
                headers: key_values(&req.headers.unwrap_or_default()),
                body,
                auth: self.auth(req.auth, path)?,
            },
            self.profile(req.settings.as_ref(), path),
        ))
    }

    /// `auth`: one `{type, credentials}`, or Postman's list of several (the first is used).
    fn auth(&mut self, v: Option<Value>, path: &Path) -> Result<Option<AuthSpec>, LoadError> {
        let one = match v {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Array(list)) => {
                if list.len() > 1 {
                    self.warnings.push(format!(
                        "{}: several auths (Postman's multi-auth): conform applies the first",
                        path.display()
                    ));
                }
                match list.into_iter().next() {
                    Some(first) => first,
                    None => return Ok(None),
                }
            }
            Some(other) => other,
        };
        let Value::Object(obj) = one else {
            return Err(shape(path, "auth: expected a mapping with `type`".into()));
        };
        let Some(kind) = obj.get("type").and_then(Value::as_str) else {
            return Err(shape(path, "auth: no `type`".into()));
        };
        let mut params = Map::new();
        match obj.get("credentials") {
            None | Some(Value::Null) => {}
            Some(Value::Array(rows)) => {
                for row in rows {
                    let key = row.get("key").and_then(Value::as_str);
                    let Some(key) = key else {
                        return Err(shape(path, "auth.credentials: a row without `key`".into()));
                    };
                    params.insert(key.into(), row.get("value").cloned().unwrap_or(Value::Null));
                }
            }
            Some(Value::Object(map)) => params = map.clone(),
            Some(_) => {
                return Err(shape(
                    path,
                    "auth.credentials: expected a list of `key`/`value` rows".into(),
                ));
            }
        }
        Ok(Some(AuthSpec {
            kind: kind.to_string(),
            params,
        }))
    }

    /// Scripts onto v2's two events. Folder level names them `http:…`; requests without it.
    fn events(
        &mut self,
        scripts: Option<Vec<files::Script>>,
        path: &Path,
        folder: bool,
    ) -> Result<Vec<Event>, LoadError> {
        let mut out = Vec::new();
        for s in scripts.unwrap_or_default() {
            let kind = s.kind.0.as_str();
            let listen = match kind {
                "beforeRequest" | "http:beforeRequest" | "beforeQuery" => Listen::PreRequest,
                "afterResponse" | "http:afterResponse" => Listen::Test,
                "graphql:beforeQuery"
                | "graphql:afterResponse"
                | "grpc:beforeInvoke"
                | "grpc:onIncomingMessage"
                | "grpc:afterResponse"
                | "beforeInvoke"
                | "onIncomingMessage"
                    if folder =>
                {
                    self.warnings.push(format!(
                        "{}: skipped the {kind} script (conform runs the http: scripts of \
                         folders)",
                        path.display()
                    ));
                    continue;
                }
                other => {
                    return Err(shape(
                        path,
                        format!(
                            "scripts: unknown type '{other}' (expected beforeRequest or \
                             afterResponse{})",
                            if folder {
                                ", with or without `http:`"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
            };
            out.push(Event {
                listen,
                code: Text::opt(s.code).unwrap_or_default(),
                disabled: s.disabled == Some(true),
            });
        }
        Ok(out)
    }

    fn profile(&mut self, s: Option<&files::Settings>, path: &Path) -> ProtocolProfile {
        let Some(s) = s else {
            return ProtocolProfile::default();
        };
        let mut ignored = Vec::new();
        if s.strict_ssl == Some(false) {
            ignored.push("strictSSL: false (use -k/--insecure for the run)");
        }
        if s.protocol_version
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|v| !matches!(v, "auto" | "http1"))
        {
            ignored.push("protocolVersion (conform negotiates the protocol itself)");
        }
        for what in ignored {
            self.warnings.push(format!(
                "{}: settings: {what} is not applied by conform",
                path.display()
            ));
        }
        ProtocolProfile {
            disable_body_pruning: s.disable_body_pruning,
            follow_redirects: s.follow_redirects,
            max_redirects: s.max_redirects,
            disable_url_encoding: s.disable_url_encoding,
            follow_original_method: s.follow_original_http_method,
            follow_authorization_header: s.follow_authorization_header,
            disable_cookies: s.disable_cookies,
            remove_referer_header_on_redirect: s.remove_referer_header_on_redirect,
            disabled_system_headers: s
                .disabled_system_headers
                .as_ref()
                .map(SystemHeaders::from_json)
                .unwrap_or_default(),
        }
    }

    /// Warns about top-level fields this kind of file does not have.
    fn unknown_fields(&mut self, path: &Path, known: &[&str]) {
        let Ok(text) = read_text(path) else {
            return;
        };
        for key in yaml::top_level_keys(&text) {
            if !known.contains(&key.as_str()) {
                self.warnings.push(format!(
                    "{}: unknown field '{key}' is not read",
                    path.display()
                ));
            }
        }
    }

    /// A request's saved examples, as v2's `response[]` entries (the model keeps that shape).
    fn examples(
        &mut self,
        request: &Path,
        stem: &str,
        declared: Option<&Text>,
    ) -> Result<Vec<Value>, LoadError> {
        let dir = request.parent().unwrap_or(Path::new("."));
        let folder = match declared {
            Some(rel) => dir.join(rel.0.trim_start_matches("./")),
            None => dir
                .join(RESOURCES)
                .join(format!("{stem}.resources"))
                .join("examples"),
        };
        if !folder.is_dir() {
            return Ok(Vec::new());
        }
        let mut found: Vec<(Option<f64>, String, Value)> = Vec::new();
        for path in listing(&folder)? {
            let name = file_name(&path);
            let Some(ex_stem) = name
                .strip_suffix(".example.yaml")
                .or_else(|| name.strip_suffix(".example.yml"))
            else {
                continue;
            };
            let ex: files::Example = parse(&path)?;
            check_order(&path, ex.order)?;
            self.unknown_fields(&path, files::EXAMPLE_FIELDS);
            let name = Text::opt(ex.name).unwrap_or_else(|| ex_stem.to_string());
            let value = example_value(&name, ex.request, ex.response);
            found.push((ex.order, name, value));
        }
        found.sort_by(|a, b| {
            let (x, y) = (a.0.unwrap_or(f64::MAX), b.0.unwrap_or(f64::MAX));
            x.total_cmp(&y).then_with(|| a.1.cmp(&b.1))
        });
        Ok(found.into_iter().map(|(_, _, v)| v).collect())
    }
}

/// An example in v2's `response[]` shape.
fn example_value(
    name: &str,
    request: Option<files::ExampleRequest>,
    response: Option<files::ExampleResponse>,
) -> Value {
    let request = request.unwrap_or_default();
    let response = response.unwrap_or_default();
    let (kind, content) = match response.body {
        Some(b) => (
            Some(b.kind.0),
            match b.content {
                Some(Value::String(s)) => s,
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            },
        ),
        None => (None, String::new()),
    };
    let headers: Vec<Value> = response
        .headers
        .unwrap_or_default()
        .iter()
        .map(|r| {
            json!({
                "key": Text::opt(r.key.clone()).unwrap_or_default(),
                "value": r.value.as_ref().and_then(scalar_text).unwrap_or_default(),
            })
        })
        .collect();
    let mut v = json!({
        "name": name,
        "originalRequest": {
            "method": Text::opt(request.method).unwrap_or_else(|| "GET".into()),
            "url": Text::opt(request.url).unwrap_or_default(),
        },
        "status": Text::opt(response.status_text).unwrap_or_default(),
        "header": headers,
        "body": content,
    });
    if let Some(code) = response.status_code {
        v["code"] = code.into();
    }
    if let Some(kind) = kind {
        v["_postman_previewlanguage"] = kind.into();
    }
    v
}

fn body(b: files::Body, path: &Path) -> Result<Option<BodySpec>, LoadError> {
    if b.disabled == Some(true) {
        return Ok(Some(BodySpec::Disabled));
    }
    let kind = b.kind.0.as_str();
    let rows = |content: Option<Value>| -> Result<Vec<files::Row>, LoadError> {
        match content {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => Vec::<files::Row>::deserialize(v).map_err(|e| {
                shape(
                    path,
                    format!("body.content: expected a list of key/value rows for {kind}: {e}"),
                )
            }),
        }
    };
    Ok(Some(match kind {
        "json" | "text" | "xml" | "html" | "javascript" => BodySpec::Raw {
            text: match b.content {
                None | Some(Value::Null) => String::new(),
                Some(v) => scalar_text(&v).ok_or_else(|| {
                    shape(
                        path,
                        format!("body.content: expected text for a {kind} body"),
                    )
                })?,
            },
            language: Some(kind.to_string()),
        },
        "urlencoded" => BodySpec::UrlEncoded(key_values(&rows(b.content)?)),
        "formdata" => BodySpec::FormData(
            rows(b.content)?
                .into_iter()
                .filter(|r| r.disabled != Some(true))
                .map(form_part)
                .collect(),
        ),
        "file" => BodySpec::File {
            src: b
                .src
                .or(b.content)
                .as_ref()
                .and_then(|v| v.get("src").or(Some(v)).and_then(scalar_text)),
        },
        // conform's own extension: a GraphQL body on an http-request with another method.
        "graphql" => {
            let c = b.content.unwrap_or(Value::Null);
            BodySpec::GraphQl {
                query: c.get("query").and_then(scalar_text).unwrap_or_default(),
                variables: c.get("variables").and_then(|v| match v {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                }),
            }
        }
        "none" => return Ok(None),
        other => {
            return Err(shape(
                path,
                format!(
                    "body.type: unknown '{other}' (json, text, xml, html, javascript, \
                     urlencoded, formdata, file, none)"
                ),
            ));
        }
    }))
}

fn form_part(r: files::Row) -> FormPart {
    let key = Text::opt(r.key).unwrap_or_default();
    let content_type = Text::opt(r.content_type).filter(|s| !s.is_empty());
    if r.kind.as_ref().map(|k| k.0.as_str()) == Some("file") {
        let src = match r.src.or(r.value) {
            Some(Value::Array(list)) => list.iter().filter_map(scalar_text).collect(),
            Some(v) => scalar_text(&v).into_iter().collect(),
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
            value: r.value.as_ref().and_then(scalar_text).unwrap_or_default(),
            content_type,
        }
    }
}

/// The URL text with its query replaced by the enabled `queryParams` (which are authoritative:
/// Postman keeps the URL's query and the list in step).
fn with_query(url: &str, rows: &[KeyValue]) -> String {
    let (before_hash, hash) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let base = before_hash.split('?').next().unwrap_or_default();
    let pairs: Vec<String> = rows
        .iter()
        .filter(|q| !q.disabled)
        .map(|q| match &q.value {
            Some(v) => format!("{}={v}", q.key),
            None => q.key.clone(),
        })
        .collect();
    if pairs.is_empty() {
        format!("{base}{hash}")
    } else {
        format!("{base}?{}{hash}", pairs.join("&"))
    }
}

fn key_values(rows: &[files::Row]) -> Vec<KeyValue> {
    rows.iter()
        .map(|r| KeyValue {
            key: Text::opt(r.key.clone()).unwrap_or_default(),
            value: r.value.as_ref().and_then(scalar_text),
            disabled: r.disabled == Some(true) || r.enabled == Some(false),
        })
        .collect()
}

fn variables(rows: Vec<files::Row>) -> Vec<Variable> {
    rows.into_iter()
        .filter_map(|r| {
            Some(Variable {
                key: Text::opt(r.key)?,
                value: r.value.unwrap_or(Value::String(String::new())),
                kind: Text::opt(r.kind),
                enabled: r.enabled != Some(false) && r.disabled != Some(true),
            })
        })
        .collect()
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `order` must be a real number (YAML's `.nan` is refused like a string).
fn check_order(path: &Path, order: Option<f64>) -> Result<(), LoadError> {
    match order {
        Some(o) if !o.is_finite() => Err(shape(path, format!("order: {o} is not a number"))),
        _ => Ok(()),
    }
}

/// `.resources/` holds metadata and examples only.
fn no_requests_in_resources(dir: &Path, depth: usize) -> Result<(), LoadError> {
    if depth > MAX_FOLDER_DEPTH || !dir.is_dir() {
        return Ok(());
    }
    for entry in listing(dir)? {
        if entry.is_dir() {
            no_requests_in_resources(&entry, depth + 1)?;
        } else if item_stem(&file_name(&entry)).is_some() {
            return Err(shape(
                &entry,
                "a request file inside .resources/ (which holds only definitions and \
                 examples): move it to the folder it belongs to"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// A directory's entries, sorted; names that differ only by case are refused (they cannot
/// both exist on the file systems Postman's users share collections through).
fn listing(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let read = std::fs::read_dir(dir).map_err(|source| LoadError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut seen: Vec<(String, &PathBuf)> = Vec::new();
    for p in &paths {
        let lower = file_name(p).to_lowercase();
        if let Some((_, first)) = seen.iter().find(|(l, _)| *l == lower) {
            return Err(shape(
                p,
                format!(
                    "its name differs from {} only by case: names must be unique per folder, \
                     ignoring case",
                    first.display()
                ),
            ));
        }
        seen.push((lower, p));
    }
    Ok(paths)
}

fn parse<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, LoadError> {
    if !yaml_ext(&file_name(path)) {
        return Err(shape(path, "expected a .yaml or .yml file".into()));
    }
    let text = read_text(path)?;
    yaml::parse(&text).map_err(|e| LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

fn definition_path(dir: &Path) -> PathBuf {
    let res = dir.join(RESOURCES);
    let yml = res.join("definition.yml");
    if yml.is_file() && !res.join("definition.yaml").is_file() {
        yml
    } else {
        res.join("definition.yaml")
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn dir_name(dir: &Path) -> String {
    let name = file_name(dir);
    if name.is_empty() || name == "." {
        std::fs::canonicalize(dir)
            .ok()
            .map(|p| file_name(&p))
            .unwrap_or_else(|| "collection".into())
    } else {
        name
    }
}

fn shape(path: &Path, message: String) -> LoadError {
    LoadError::Shape {
        path: path.to_path_buf(),
        message,
    }
}
