//! OpenAPI 3.0/3.1 document → one standalone 2020-12 schema per operation × status × JSON media
//! type, plus the API's index. Reads the one spec file; writes only when asked (`DerivedApi::write`).

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::convert::Converter;
use super::index::{ApiIndex, INDEX_FILE, IndexEntry, write_json};
use super::source::{escape_pointer, read_document, slug};
use super::{DIALECT, SchemaError};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Bound on `$ref` chains between response objects or examples.
const MAX_HOPS: usize = 16;

/// Everything derived from one spec, in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct DerivedApi {
    pub index: ApiIndex,
    /// (file name, schema), in index order.
    pub schemas: Vec<(String, Value)>,
}

impl DerivedApi {
    /// Writes `index.json` and every schema file into `dir` (created if missing).
    pub fn write(&self, dir: &Path) -> Result<(), SchemaError> {
        std::fs::create_dir_all(dir).map_err(|source| SchemaError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        for (name, schema) in &self.schemas {
            write_json(&dir.join(name), schema)?;
        }
        write_json(&dir.join(INDEX_FILE), &self.index)
    }
}

pub fn derive(spec_path: &Path) -> Result<DerivedApi, SchemaError> {
    let doc = read_document(spec_path)?;
    derive_document(spec_path, &doc)
}

pub(crate) fn derive_document(spec_path: &Path, doc: &Value) -> Result<DerivedApi, SchemaError> {
    let spec_name = spec_path.file_name().map_or_else(
        || spec_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let invalid = |pointer: &str, message: &str| SchemaError::Invalid {
        path: spec_path.to_path_buf(),
        pointer: pointer.to_string(),
        message: message.to_string(),
    };
    let v30 = match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => true,
        Some(v) if v.starts_with("3.1") => false,
        Some(v) => {
            return Err(invalid(
                "/openapi",
                &format!("unsupported openapi version {v}"),
            ));
        }
        None if doc.get("swagger").is_some() => {
            return Err(invalid(
                "/swagger",
                "swagger 2.0 is not supported; convert to openapi 3",
            ));
        }
        None => {
            return Err(invalid(
                "",
                "missing 'openapi' version: not an openapi document",
            ));
        }
    };
    let info = doc.get("info");
    let mut index = ApiIndex {
        comment: None,
        spec: spec_name.clone(),
        title: info
            .and_then(|i| i.get("title"))
            .and_then(Value::as_str)
            .map(String::from),
        version: info
            .and_then(|i| i.get("version"))
            .and_then(Value::as_str)
            .map(String::from),
        base_paths: base_paths(doc),
        entries: Vec::new(),
    };
    let mut schemas = Vec::new();
    let mut used_bases = HashSet::new();
    let empty = Map::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (path, item) in paths {
        let path_ptr = format!("/paths/{}", escape_pointer(path));
        for method in METHODS {
            let Some(op) = item.get(*method).and_then(Value::as_object) else {
                continue;
            };
            let op_ptr = format!("{path_ptr}/{method}");
            let operation_id = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(String::from);
            let base = unique(
                &mut used_bases,
                match &operation_id {
                    Some(id) => slug(id),
                    None => slug(&format!("{method}_{path}")),
                },
            );
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            for (status, response) in responses {
                let resp_ptr = format!("{op_ptr}/responses/{}", escape_pointer(status));
                let (response, resp_ptr) = follow(spec_path, doc, response, resp_ptr)?;
                let entry = |media_type: Option<String>, schema, example| IndexEntry {
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    operation_id: operation_id.clone(),
                    status: status.clone(),
                    media_type,
                    schema,
                    example,
                };
                let content = response.get("content").and_then(Value::as_object);
                let Some(content) = content.filter(|c| !c.is_empty()) else {
                    index.entries.push(entry(None, None, None));
                    continue;
                };
                let mut plain_name_taken = false;
                for (media_type, media) in content {
                    let media_ptr = format!("{resp_ptr}/content/{}", escape_pointer(media_type));
                    if !is_json_media(media_type) {
                        index
                            .entries
                            .push(entry(Some(media_type.clone()), None, None));
                        continue;
                    }
                    let example = media_example(spec_path, doc, media, &media_ptr)?;
                    let Some(schema) = media.get("schema") else {
                        index
                            .entries
                            .push(entry(Some(media_type.clone()), None, example));
                        continue;
                    };
                    let file = if plain_name_taken {
                        format!("{base}.{status}.{}.json", slug(media_type))
                    } else {
                        plain_name_taken = true;
                        format!("{base}.{status}.json")
                    };
                    let schema_ptr = format!("{media_ptr}/schema");
                    let (root, defs) =
                        Converter::new(doc, spec_path, v30).standalone(schema, &schema_ptr)?;
                    let comment = format!("derived from {spec_name} {schema_ptr}");
                    schemas.push((file.clone(), assemble(root, defs, comment)));
                    index
                        .entries
                        .push(entry(Some(media_type.clone()), Some(file), example));
                }
            }
        }
    }
    Ok(DerivedApi { index, schemas })
}

/// `$schema` and `$comment` first, then the converted root, then the reachable defs.
fn assemble(root: Value, defs: Map<String, Value>, comment: String) -> Value {
    let mut out = Map::new();
    out.insert("$schema".into(), DIALECT.into());
    out.insert("$comment".into(), comment.into());
    match root {
        Value::Object(m) => {
            for (k, v) in m {
                if k != "$schema" && k != "$comment" {
                    out.insert(k, v);
                }
            }
        }
        Value::Bool(false) => {
            out.insert("not".into(), Value::Object(Map::new()));
        }
        _ => {}
    }
    if !defs.is_empty() {
        out.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(out)
}

/// Follows a `$ref` between objects that are not schemas (responses, examples).
fn follow<'a>(
    file: &Path,
    doc: &'a Value,
    mut v: &'a Value,
    mut ptr: String,
) -> Result<(&'a Value, String), SchemaError> {
    for _ in 0..MAX_HOPS {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return Ok((v, ptr));
        };
        let at = format!("{ptr}/$ref");
        let Some(target) = r.strip_prefix('#') else {
            return Err(SchemaError::non_local_ref(file, &at, r));
        };
        v = doc
            .pointer(target)
            .ok_or_else(|| SchemaError::DanglingRef {
                path: file.to_path_buf(),
                pointer: at,
                reference: r.to_string(),
            })?;
        ptr = target.to_string();
    }
    Err(SchemaError::Invalid {
        path: file.to_path_buf(),
        pointer: ptr,
        message: format!("more than {MAX_HOPS} chained $refs"),
    })
}

fn media_example(
    file: &Path,
    doc: &Value,
    media: &Value,
    ptr: &str,
) -> Result<Option<Value>, SchemaError> {
    if let Some(example) = media.get("example") {
        return Ok(Some(example.clone()));
    }
    let Some((name, first)) = media
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|m| m.iter().next())
    else {
        return Ok(None);
    };
    let at = format!("{ptr}/examples/{}", escape_pointer(name));
    let (example, _) = follow(file, doc, first, at)?;
    // `externalValue` would need a fetch; such examples are skipped.
    Ok(example.get("value").cloned())
}

/// `application/json`, `application/problem+json`, with or without parameters.
pub(crate) fn is_json_media(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let Some((kind, sub)) = essence.split_once('/') else {
        return false;
    };
    (kind == "application" || kind == "*") && (sub == "json" || sub.ends_with("+json"))
}

/// Path of each server URL, with `{variables}` replaced by their defaults.
fn base_paths(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let servers = doc
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for server in servers {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        let mut url = url.to_string();
        if let Some(vars) = server.get("variables").and_then(Value::as_object) {
            for (name, var) in vars {
                let default = var.get("default").and_then(Value::as_str).unwrap_or("");
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
        let path = match url.find("://") {
            Some(i) => url[i + 3..].find('/').map_or("", |j| &url[i + 3 + j..]),
            None => url.as_str(),
        };
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        if !path.is_empty() && !out.iter().any(|p| p == path) {
            out.push(path.to_string());
        }
    }
    out
}

/// File-name-safe form: ASCII alphanumerics, `-` and `.` kept, runs of anything else → `_`.
fn unique(used: &mut HashSet<String>, base: String) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(
            slug("post_/user/token/generate"),
            "post_user_token_generate"
        );
        assert_eq!(
            slug("get_/v1/users/{userId}/generateaccesstoken"),
            "get_v1_users_userId_generateaccesstoken"
        );
        assert_eq!(slug("application/problem+json"), "application_problem_json");
    }

    #[test]
    fn json_media_types() {
        assert!(is_json_media("application/json"));
        assert!(is_json_media("application/json; charset=utf-8"));
        assert!(is_json_media("application/problem+json"));
        assert!(!is_json_media("text/plain"));
        assert!(!is_json_media("application/x-www-form-urlencoded"));
    }

    #[test]
    fn server_base_paths() {
        let doc = json!({"servers": [
            {"url": "https://api.sandbox.sahamati.org.in/iam/v1"},
            {"url": "https://api.sahamati.org.in/iam/v1/"},
            {"url": "/relative/{ver}", "variables": {"ver": {"default": "v2"}}},
            {"url": "https://root.example"}
        ]});
        assert_eq!(base_paths(&doc), vec!["/iam/v1", "/relative/v2"]);
    }

    fn spec() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {"/items/{id}": {"get": {
                "operationId": "getItem",
                "responses": {
                    "200": {"$ref": "#/components/responses/Item"},
                    "204": {"description": "none"},
                    "4XX": {"description": "err", "content": {
                        "application/problem+json": {"schema": {"type": "object"}},
                        "application/json": {"schema": {"type": "object"}},
                        "text/plain": {}
                    }}
                }
            }}},
            "components": {
                "responses": {"Item": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": ["object", "null"]},
                    "examples": {"one": {"$ref": "#/components/examples/One"}}
                }}}},
                "examples": {"One": {"value": {"id": 1}}}
            }
        })
    }

    #[test]
    fn derives_entries_files_and_examples() {
        let api = derive_document(Path::new("dir/t.yaml"), &spec()).unwrap();
        let got: Vec<_> = api
            .index
            .entries
            .iter()
            .map(|e| {
                (
                    e.status.as_str(),
                    e.media_type.as_deref(),
                    e.schema.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("200", Some("application/json"), Some("getItem.200.json")),
                ("204", None, None),
                (
                    "4XX",
                    Some("application/problem+json"),
                    Some("getItem.4XX.json")
                ),
                (
                    "4XX",
                    Some("application/json"),
                    Some("getItem.4XX.application_json.json")
                ),
                ("4XX", Some("text/plain"), None),
            ]
        );
        assert_eq!(api.index.entries[0].example, Some(json!({"id": 1})));
        assert_eq!(
            api.schemas[0].1["$comment"],
            "derived from t.yaml /components/responses/Item/content/application~1json/schema"
        );
        assert_eq!(api.schemas[0].1["$schema"], DIALECT);
    }

    #[test]
    fn swagger_2_is_refused() {
        let err = derive_document(Path::new("s.json"), &json!({"swagger": "2.0"})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid s.json at /swagger: swagger 2.0 is not supported; convert to openapi 3"
        );
    }

    #[test]
    fn real_spec_token_schema_is_standalone_and_minimal() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = ["../shared", "../../shared"]
            .map(|d| {
                root.join(d)
                    .join("reference/sahamati/IAM-Service-Sprint-9.yaml")
            })
            .into_iter()
            .find(|p| p.is_file())
            .unwrap_or_else(|| root.join("../shared/reference/sahamati/IAM-Service-Sprint-9.yaml"));
        assert!(
            spec.is_file(),
            "the Sahamati spec is needed: {} is absent (the shared reference inputs)",
            spec.display()
        );
        let api = derive(&spec).unwrap();
        let (_, s) = api
            .schemas
            .iter()
            .find(|(n, _)| n == "post_user_token_generate.200.json")
            .unwrap();
        let defs: Vec<&String> = s["$defs"].as_object().unwrap().keys().collect();
        assert_eq!(defs, vec!["TokenResponse"]);
        assert_eq!(s["$ref"], "#/$defs/TokenResponse");
        assert_eq!(
            s["$defs"]["TokenResponse"]["properties"]["expiresIn"],
            json!({"type": "integer", "examples": [86400]})
        );
        // No OpenAPI-only keyword survives anywhere in the derived files.
        for (name, schema) in &api.schemas {
            let text = schema.to_string();
            for word in ["\"xml\"", "\"example\"", "\"nullable\"", "\"x-"] {
                assert!(!text.contains(word), "{name} contains {word}");
            }
        }
    }

    #[test]
    fn dangling_ref_in_a_spec_file_names_file_and_pointer() {
        let dir = std::env::temp_dir().join(format!("conform-derive-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("bad.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n",
        )
        .unwrap();
        let err = derive(&spec).unwrap_err();
        assert_eq!(
            err.to_string()
                .rsplit_once("bad.yaml ")
                .map(|(_, rest)| rest.to_string()),
            Some(
                "/paths/~1a/get/responses/200/content/application~1json/schema/$ref: \
                 dangling $ref '#/components/schemas/Nope'"
                    .to_string()
            )
        );
        std::fs::write(&spec, "openapi: 3.0.3\npaths: [\n").unwrap();
        let err = derive(&spec).unwrap_err();
        assert!(matches!(err, SchemaError::Parse { line: 3, .. }), "{err:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
