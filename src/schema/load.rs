//! `SchemaSet`: every index and spec of a run, loaded and compiled once, then shared by all checks
//! (read-only except the coverage record). Finding the operation for a request lives here; judging
//! a body lives in `check::schema`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

use super::SchemaError;
use super::derive::{DerivedApi, derive, is_json_media};
use super::index::{ApiIndex, INDEX_FILE};
use super::route::{PathTemplate, candidates, status_key, status_order};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Assert `format` (date-time, uuid, email, …); on by default.
    pub formats: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { formats: true }
    }
}

pub(crate) struct Compiled {
    pub(crate) file: String,
    pub(crate) schema: Value,
    /// Compiled when loaded for the user's own schemas (an error there stops the run before
    /// anything is sent); on first use for the built-in ones, which tests compile, so a run
    /// pays start-up time and memory only for the contracts its responses meet.
    validator: std::sync::OnceLock<Result<jsonschema::Validator, String>>,
    /// The same schema for judging a body from its bytes (`check::fast`), compiled on the
    /// first check that needs it (start-up does not pay for schemas no response meets).
    /// `None`: the schema has a part that path cannot take; the check builds the tree.
    pub(crate) fast: std::sync::OnceLock<Option<crate::check::fast::FastSchema>>,
    /// `--formats`, as the validator was built with (the fast path builds its own parts).
    formats: bool,
}

/// The jsonschema validator of a run: draft 2020-12, formats as `--formats` says, OpenAPI's
/// `byte` and numeric formats. `schema` is the copy marked by `mark_numeric_formats`.
fn build_validator(
    schema: &Value,
    formats: bool,
) -> Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    jsonschema::draft202012::options()
        .should_validate_formats(formats)
        .with_format("byte", super::formats::is_base64)
        .with_keyword(
            super::formats::NUMERIC_FORMAT_KEYWORD,
            super::formats::numeric_format_keyword,
        )
        .build(schema)
}

impl Compiled {
    /// The validator of this schema (see `validator`); `Err` only for a built-in schema that
    /// does not compile, which the shipped-schema tests rule out.
    pub(crate) fn validator(&self) -> Result<&jsonschema::Validator, &str> {
        self.validator
            .get_or_init(|| {
                let mut marked = self.schema.clone();
                if self.formats {
                    super::formats::mark_numeric_formats(&mut marked);
                }
                build_validator(&marked, self.formats).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// The fast path's form of this schema (see `fast`).
    pub(crate) fn fast(&self) -> Option<&crate::check::fast::FastSchema> {
        self.fast
            .get_or_init(|| {
                let mut marked = self.schema.clone();
                if self.formats {
                    super::formats::mark_numeric_formats(&mut marked);
                }
                let build = |part: &Value| build_validator(part, self.formats).ok();
                crate::check::fast::FastSchema::compile(&marked, &build)
            })
            .as_ref()
    }
}

pub(crate) struct Media {
    pub(crate) media_type: String,
    pub(crate) json: bool,
    pub(crate) compiled: Option<Compiled>,
    pub(crate) example: Option<Value>,
    /// The example was assembled from the schema's property examples, not documented as a whole.
    pub(crate) example_assembled: bool,
}

pub(crate) struct Response {
    pub(crate) status: String,
    pub(crate) media: Vec<Media>,
}

pub(crate) struct Operation {
    pub(crate) method: String,
    pub(crate) path: String,
    template: PathTemplate,
    pub(crate) responses: Vec<Response>,
}

pub(crate) struct Api {
    /// What replaces what: a schemas folder's name (`sahamati-iam`), or a spec's file name.
    pub(crate) name: String,
    /// Where it came from, for the run's "contracts in use" line.
    pub(crate) origin: String,
    pub(crate) spec: String,
    base_paths: Vec<String>,
    pub(crate) operations: Vec<Operation>,
}

/// (api, operation, response) indexes.
type Key = (usize, usize, usize);

pub struct SchemaSet {
    pub(crate) apis: Vec<Api>,
    options: LoadOptions,
    exercised: Mutex<BTreeSet<Key>>,
    /// Responses whose request matched an operation of the API, by API index.
    matched: Mutex<BTreeMap<usize, usize>>,
    /// Schemas being added are the built-in ones: compiled on first use (`Compiled::validator`).
    adding_builtin: bool,
}

/// One API whose contracts applied to at least one response of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractUse {
    pub name: String,
    /// `built in`, the schemas folder, or the spec file.
    pub origin: String,
    /// Responses whose request matched one of its documented operations.
    pub responses: usize,
}

/// One documented (operation, status) pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageItem {
    pub spec: String,
    pub method: String,
    pub path: String,
    pub status: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub exercised: Vec<CoverageItem>,
    pub never_reached: Vec<CoverageItem>,
}

impl SchemaSet {
    pub fn new(options: LoadOptions) -> SchemaSet {
        SchemaSet {
            apis: Vec::new(),
            options,
            exercised: Mutex::new(BTreeSet::new()),
            matched: Mutex::new(BTreeMap::new()),
            adding_builtin: false,
        }
    }

    /// No API at all: checking would assert nothing.
    pub fn is_empty(&self) -> bool {
        self.apis.is_empty()
    }

    /// Adds every contract conform ships whose API the set does not have yet (a schemas folder
    /// of the same name, or a spec of the same file name, replaces the shipped one).
    pub fn add_builtin(&mut self) -> Result<(), SchemaError> {
        for api in super::builtin::BUILTIN {
            let shown = PathBuf::from(format!("<built in>/{}", api.name));
            let parse = |file: &str, text: &str| -> Result<Value, SchemaError> {
                serde_json::from_str(text).map_err(|e| SchemaError::Parse {
                    path: shown.join(file),
                    line: e.line(),
                    column: e.column(),
                    message: super::source::strip_position(&e.to_string()),
                })
            };
            let index_text = api.file(INDEX_FILE).unwrap_or("");
            let index: ApiIndex =
                serde_json::from_value(parse(INDEX_FILE, index_text)?).map_err(|e| {
                    SchemaError::Invalid {
                        path: shown.join(INDEX_FILE),
                        pointer: String::new(),
                        message: e.to_string(),
                    }
                })?;
            if self
                .apis
                .iter()
                .any(|a| a.name == api.name || a.spec == index.spec)
            {
                continue;
            }
            self.adding_builtin = true;
            let added = self.add_index(&index, &shown, |file| {
                let text = api.file(file).ok_or_else(|| SchemaError::Read {
                    path: shown.join(file),
                    source: std::io::Error::from(std::io::ErrorKind::NotFound),
                })?;
                parse(file, text)
            });
            self.adding_builtin = false;
            added?;
            if let Some(added) = self.apis.last_mut() {
                added.name = api.name.to_string();
                added.origin = "built in".to_string();
            }
        }
        Ok(())
    }

    /// The APIs whose contracts applied during the run, with how many responses each covered.
    pub fn contracts_used(&self) -> Vec<ContractUse> {
        let matched = self.matched.lock().unwrap_or_else(|e| e.into_inner());
        matched
            .iter()
            .map(|(&a, &responses)| ContractUse {
                name: self.apis[a].name.clone(),
                origin: self.apis[a].origin.clone(),
                responses,
            })
            .collect()
    }

    pub(crate) fn record_match(&self, api: usize) {
        let mut matched = self.matched.lock().unwrap_or_else(|e| e.into_inner());
        *matched.entry(api).or_default() += 1;
    }

    /// Every `index.json` in each schemas dir (the dir itself and its direct subfolders, in name
    /// order), then every spec derived in memory.
    pub fn load(
        schema_dirs: &[PathBuf],
        specs: &[PathBuf],
        options: LoadOptions,
    ) -> Result<SchemaSet, SchemaError> {
        let mut set = SchemaSet::new(options);
        for dir in schema_dirs {
            for index in find_indexes(dir)? {
                set.add_index_file(&index)?;
            }
        }
        for spec in specs {
            set.add_derived(&derive(spec)?)?;
            if let Some(added) = set.apis.last_mut() {
                added.origin = spec.display().to_string();
            }
        }
        Ok(set)
    }

    pub fn add_index_file(&mut self, index_path: &Path) -> Result<(), SchemaError> {
        let index = ApiIndex::read(index_path)?;
        let dir = index_path.parent().unwrap_or(Path::new("."));
        let added = self.apis.len();
        self.add_index(&index, dir, |file| {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).map_err(|source| SchemaError::Read {
                path: path.clone(),
                source,
            })?;
            serde_json::from_str(&text).map_err(|e| SchemaError::Parse {
                path,
                line: e.line(),
                column: e.column(),
                message: super::source::strip_position(&e.to_string()),
            })
        })?;
        if let Some(api) = self.apis.get_mut(added) {
            let folder = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            api.name = folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            api.origin = dir.display().to_string();
        }
        Ok(())
    }

    pub fn add_derived(&mut self, api: &DerivedApi) -> Result<(), SchemaError> {
        self.add_index(&api.index, Path::new(""), |file| {
            let found = api.schemas.iter().find(|(name, _)| name == file);
            found
                .map(|(_, s)| s.clone())
                .ok_or_else(|| SchemaError::Read {
                    path: PathBuf::from(file),
                    source: std::io::Error::from(std::io::ErrorKind::NotFound),
                })
        })
    }

    fn add_index(
        &mut self,
        index: &ApiIndex,
        origin: &Path,
        mut schema_for: impl FnMut(&str) -> Result<Value, SchemaError>,
    ) -> Result<(), SchemaError> {
        let mut api = Api {
            name: index.spec.clone(),
            origin: index.spec.clone(),
            spec: index.spec.clone(),
            base_paths: index.base_paths.clone(),
            operations: Vec::new(),
        };
        for entry in &index.entries {
            let method = entry.method.to_ascii_uppercase();
            let op_i = match api
                .operations
                .iter()
                .position(|o| o.method == method && o.path == entry.path)
            {
                Some(i) => i,
                None => {
                    api.operations.push(Operation {
                        method,
                        path: entry.path.clone(),
                        template: PathTemplate::parse(&entry.path),
                        responses: Vec::new(),
                    });
                    api.operations.len() - 1
                }
            };
            let op = &mut api.operations[op_i];
            let resp_i = match op.responses.iter().position(|r| r.status == entry.status) {
                Some(i) => i,
                None => {
                    op.responses.push(Response {
                        status: entry.status.clone(),
                        media: Vec::new(),
                    });
                    op.responses.len() - 1
                }
            };
            let Some(media_type) = &entry.media_type else {
                continue;
            };
            let compiled = match &entry.schema {
                Some(file) => Some(self.compile(file, &origin.join(file), schema_for(file)?)?),
                None => None,
            };
            let assembled = match (&entry.example, &compiled) {
                (None, Some(c)) => super::example::assemble(&c.schema),
                _ => None,
            };
            op.responses[resp_i].media.push(Media {
                media_type: media_type.clone(),
                json: is_json_media(media_type),
                example_assembled: assembled.is_some(),
                example: entry.example.clone().or(assembled),
                compiled,
            });
        }
        self.apis.push(api);
        Ok(())
    }

    fn compile(&self, file: &str, shown: &Path, schema: Value) -> Result<Compiled, SchemaError> {
        // OpenAPI's numeric formats need a keyword beside them in the copy that is compiled
        // (see `formats::mark_numeric_formats`); `schema` itself is kept for diffs.
        let mut compiled = schema.clone();
        if self.options.formats {
            super::formats::mark_numeric_formats(&mut compiled);
        }
        let validator = std::sync::OnceLock::new();
        if !self.adding_builtin {
            let built = build_validator(&compiled, self.options.formats).map_err(|e| {
                // The error's instance is the schema itself: its path points at the bad keyword.
                let pointer = e.instance_path().as_str().to_string();
                SchemaError::Compile {
                    path: shown.to_path_buf(),
                    message: format!("{}: {e}", if pointer.is_empty() { "/" } else { &pointer }),
                }
            })?;
            let _ = validator.set(Ok(built));
        }
        Ok(Compiled {
            file: file.to_string(),
            schema,
            validator,
            fast: std::sync::OnceLock::new(),
            formats: self.options.formats,
        })
    }

    /// The documented operation for a request: the most specific template over every candidate
    /// path (the run's base path and each server base path stripped).
    pub(crate) fn find_operation(
        &self,
        method: &str,
        url_path: &str,
        base_path_to_strip: Option<&str>,
    ) -> Option<(usize, usize)> {
        let mut best: Option<((usize, usize), usize)> = None;
        for (api_i, api) in self.apis.iter().enumerate() {
            let mut prefixes: Vec<&str> = base_path_to_strip.into_iter().collect();
            prefixes.extend(api.base_paths.iter().map(String::as_str));
            for path in candidates(url_path, &prefixes) {
                for (op_i, op) in api.operations.iter().enumerate() {
                    if !op.method.eq_ignore_ascii_case(method) {
                        continue;
                    }
                    if let Some(score) = op.template.matches(path) {
                        if best.is_none_or(|(_, s)| score > s) {
                            best = Some(((api_i, op_i), score));
                        }
                    }
                }
                if best.is_some() {
                    return best.map(|(k, _)| k);
                }
            }
        }
        None
    }

    /// The response documented for `status`, if any.
    pub(crate) fn find_response(&self, api: usize, op: usize, status: u16) -> Option<usize> {
        let responses = &self.apis[api].operations[op].responses;
        let keys: Vec<&str> = responses.iter().map(|r| r.status.as_str()).collect();
        let key = status_key(&keys, status)?;
        responses.iter().position(|r| r.status == key)
    }

    /// Whether the API documents `status` for the operation a request matches: its own code, its
    /// range (`5XX`) or a `default` response. `false` when no documented operation matches.
    /// `url_path` may carry a query; `base_path` is the run's base URL path, stripped as in `check`.
    pub fn documents_status(
        &self,
        method: &str,
        url_path: &str,
        base_path: Option<&str>,
        status: u16,
    ) -> bool {
        self.find_operation(&method.to_ascii_uppercase(), url_path, base_path)
            .is_some_and(|(a, o)| self.find_response(a, o, status).is_some())
    }

    /// Documented statuses of an operation, in message order.
    pub(crate) fn documented_statuses(&self, api: usize, op: usize) -> Vec<String> {
        let mut keys: Vec<String> = self.apis[api].operations[op]
            .responses
            .iter()
            .map(|r| r.status.clone())
            .collect();
        keys.sort_by_key(|k| status_order(k));
        keys
    }

    pub(crate) fn record(&self, key: Key) {
        // A poisoned lock only means another check panicked; the set itself is still sound.
        let mut set = self.exercised.lock().unwrap_or_else(|e| e.into_inner());
        set.insert(key);
    }

    /// Documented responses reached and never reached, for the APIs the run touched (an API
    /// none of whose operations a request matched is not the run's business).
    pub fn coverage(&self) -> Coverage {
        let set = self.exercised.lock().unwrap_or_else(|e| e.into_inner());
        let matched = self.matched.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Coverage::default();
        for (a, api) in self.apis.iter().enumerate() {
            if !matched.contains_key(&a) {
                continue;
            }
            for (o, op) in api.operations.iter().enumerate() {
                let mut order: Vec<usize> = (0..op.responses.len()).collect();
                order.sort_by_key(|r| status_order(&op.responses[*r].status));
                for r in order {
                    let item = CoverageItem {
                        spec: api.spec.clone(),
                        method: op.method.clone(),
                        path: op.path.clone(),
                        status: op.responses[r].status.clone(),
                    };
                    if set.contains(&(a, o, r)) {
                        out.exercised.push(item);
                    } else {
                        out.never_reached.push(item);
                    }
                }
            }
        }
        out
    }
}

fn find_indexes(dir: &Path) -> Result<Vec<PathBuf>, SchemaError> {
    let mut found = Vec::new();
    let own = dir.join(INDEX_FILE);
    if own.is_file() {
        found.push(own);
    }
    let entries = std::fs::read_dir(dir).map_err(|source| SchemaError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut subdirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    for sub in subdirs {
        let index = sub.join(INDEX_FILE);
        if index.is_file() {
            found.push(index);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::super::derive::derive_document;
    use super::*;
    use serde_json::json;

    #[test]
    fn built_in_schemas_compile_on_first_use_and_every_one_compiles() {
        let mut set = SchemaSet::new(LoadOptions::default());
        set.add_builtin().unwrap();
        let all: Vec<&Compiled> = set
            .apis
            .iter()
            .flat_map(|a| &a.operations)
            .flat_map(|o| &o.responses)
            .flat_map(|r| &r.media)
            .filter_map(|m| m.compiled.as_ref())
            .collect();
        assert!(all.len() > 10, "{} built-in schemas", all.len());
        // Nothing compiled at load: a run pays only for the contracts its responses meet.
        assert!(all.iter().all(|c| c.validator.get().is_none()));
        for c in all {
            assert!(
                c.validator().is_ok(),
                "{}: {:?}",
                c.file,
                c.validator().err()
            );
        }
    }

    /// `/a` documents 200 and 503, `/b/{id}` 200 and 5XX, `/c` 200 and `default`, behind `/api`.
    fn set() -> SchemaSet {
        let ok = json!({"description": "ok"});
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://h.test/api"}],
            "paths": {
                "/a": {"get": {"responses": {"200": ok, "503": ok}}},
                "/b/{id}": {"post": {"responses": {"200": ok, "5XX": ok}}},
                "/c": {"get": {"responses": {"200": ok, "default": ok}}}}});
        let api = derive_document(Path::new("t.json"), &doc).unwrap();
        let mut set = SchemaSet::new(LoadOptions::default());
        set.add_derived(&api).unwrap();
        set
    }

    #[test]
    fn documented_statuses_are_own_code_range_or_default() {
        let set = set();
        assert!(set.documents_status("GET", "/a", None, 503));
        assert!(!set.documents_status("GET", "/a", None, 500));
        assert!(set.documents_status("get", "/api/a?x=1", None, 200));
        assert!(set.documents_status("POST", "/b/7", None, 500));
        assert!(set.documents_status("POST", "/b/7", None, 599));
        assert!(!set.documents_status("POST", "/b/7", None, 404));
        assert!(set.documents_status("GET", "/c", None, 500));
        assert!(set.documents_status("GET", "/c", None, 418));
    }

    #[test]
    fn no_matching_operation_documents_nothing() {
        let set = set();
        assert!(!set.documents_status("POST", "/a", None, 200));
        assert!(!set.documents_status("GET", "/nope", None, 500));
        assert!(set.documents_status("GET", "/base/a", Some("/base"), 503));
        assert!(!SchemaSet::new(LoadOptions::default()).documents_status("GET", "/a", None, 200));
    }
}
