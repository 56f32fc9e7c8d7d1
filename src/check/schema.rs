//! Schema check of one response: finds the documented operation, status and media type, parses
//! the body and validates it with the schema compiled at load time. Every outcome, good or bad, is
//! a `SchemaCheck` value; nothing a server sends can panic or overflow the stack here (serde_json's
//! recursion limit turns deep nesting into `NotJson`). Must not print or touch the run report.

use std::fmt;

use serde_json::Value;

use crate::diff::Diff;
use crate::request::{HttpRequest, HttpResponse};
use crate::schema::SchemaSet;

/// Reported errors per body; the rest are counted only as "and more".
const MAX_ERRORS: usize = 20;
/// Bodies above this get no diff: the errors already say what is wrong.
const MAX_DIFF_BODY: usize = 1 << 20;
/// Values in error messages are cut to this many characters.
const MAX_VALUE_CHARS: usize = 80;

#[derive(Clone, Debug, PartialEq)]
pub enum SchemaCheck {
    /// `schema` is `None` when the documented response has no JSON schema (no body, non-JSON).
    Pass {
        schema: Option<String>,
    },
    Fail {
        schema: String,
        /// `/pointer: message`, e.g. `/expiresIn: "86400" is not of type "integer"`.
        errors: Vec<String>,
        diff: Option<Diff>,
    },
    UndocumentedStatus {
        method: String,
        path: String,
        status: u16,
        documented: Vec<String>,
    },
    WrongContentType {
        method: String,
        path: String,
        status: u16,
        actual: Option<String>,
        documented: Vec<String>,
    },
    NotJson {
        reason: String,
    },
    /// The status is documented without content, yet the response has a body.
    UndocumentedContent {
        method: String,
        path: String,
        status: u16,
        bytes: usize,
        content_type: Option<String>,
    },
    /// No documented operation matches the request: nothing was asserted.
    Unchecked {
        method: String,
        path: String,
    },
}

impl SchemaCheck {
    /// The API documents the response's status for the matched operation (whatever the body).
    pub fn status_documented(&self) -> bool {
        matches!(
            self,
            SchemaCheck::Pass { .. }
                | SchemaCheck::Fail { .. }
                | SchemaCheck::WrongContentType { .. }
                | SchemaCheck::NotJson { .. }
                | SchemaCheck::UndocumentedContent { .. }
        )
    }

    pub fn is_failure(&self) -> bool {
        !matches!(
            self,
            SchemaCheck::Pass { .. } | SchemaCheck::Unchecked { .. }
        )
    }
}

impl fmt::Display for SchemaCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaCheck::Pass { schema: Some(s) } => write!(f, "body conforms to {s}"),
            SchemaCheck::Pass { schema: None } => {
                write!(f, "no json schema documented for this response")
            }
            SchemaCheck::Fail { schema, errors, .. } => {
                write!(f, "body does not conform to {schema}")?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            SchemaCheck::UndocumentedStatus {
                method,
                path,
                status,
                documented,
            } => write!(
                f,
                "{method} {path} answered {status}; documented: {}",
                documented.join(", ")
            ),
            SchemaCheck::WrongContentType {
                method,
                path,
                status,
                actual,
                documented,
            } => {
                match actual {
                    Some(ct) => write!(
                        f,
                        "{method} {path} answered {status} with content-type {ct}"
                    )?,
                    None => write!(
                        f,
                        "{method} {path} answered {status} without a content-type"
                    )?,
                }
                write!(f, "; documented: {}", documented.join(", "))
            }
            SchemaCheck::NotJson { reason } => write!(f, "body is not json: {reason}"),
            SchemaCheck::UndocumentedContent {
                method,
                path,
                status,
                bytes,
                content_type,
            } => {
                write!(
                    f,
                    "{method} {path} answered {status} with a {bytes}-byte body"
                )?;
                if let Some(ct) = content_type {
                    write!(f, " ({ct})")?;
                }
                write!(f, "; documented: no content")
            }
            SchemaCheck::Unchecked { method, path } => {
                write!(f, "no documented operation for {method} {path}")
            }
        }
    }
}

impl SchemaSet {
    /// Validates one response. `url_path` may carry a query; `base_path_to_strip` is the path of
    /// the run's base URL (the spec's own server base paths are stripped too).
    pub fn check(
        &self,
        method: &str,
        url_path: &str,
        base_path_to_strip: Option<&str>,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> SchemaCheck {
        let method = method.to_ascii_uppercase();
        let Some((a, o)) = self.find_operation(&method, url_path, base_path_to_strip) else {
            let path = url_path.split(['?', '#']).next().unwrap_or("").to_string();
            return SchemaCheck::Unchecked { method, path };
        };
        self.record_match(a);
        let op = &self.apis[a].operations[o];
        let Some(r) = self.find_response(a, o, status) else {
            return SchemaCheck::UndocumentedStatus {
                method,
                path: op.path.clone(),
                status,
                documented: self.documented_statuses(a, o),
            };
        };
        self.record((a, o, r));
        let response = &op.responses[r];
        if response.media.is_empty() {
            // A status documented without `content` promises no body: any byte is undocumented.
            if !body.is_empty() {
                return SchemaCheck::UndocumentedContent {
                    method,
                    path: op.path.clone(),
                    status,
                    bytes: body.len(),
                    content_type: content_type.map(str::to_string),
                };
            }
            return SchemaCheck::Pass { schema: None };
        }
        let media = content_type.and_then(|ct| {
            let actual = essence(ct);
            let (kind, _) = actual.split_once('/').unwrap_or((&actual, ""));
            let find = |want: &str| {
                response
                    .media
                    .iter()
                    .find(|m| essence(&m.media_type) == want)
            };
            find(&actual)
                .or_else(|| find(&format!("{kind}/*")))
                .or_else(|| find("*/*"))
        });
        let Some(media) = media else {
            return SchemaCheck::WrongContentType {
                method,
                path: op.path.clone(),
                status,
                actual: content_type.map(str::to_string),
                documented: response
                    .media
                    .iter()
                    .map(|m| m.media_type.clone())
                    .collect(),
            };
        };
        if !media.json {
            return SchemaCheck::Pass { schema: None };
        }
        // A conforming body is judged from its bytes, without a tree (`check::fast`); any
        // other goes the full way below, which words the verdict exactly as before.
        if let (Some(compiled), Ok(text)) = (&media.compiled, std::str::from_utf8(body)) {
            if compiled.fast().is_some_and(|fast| fast.accepts(text)) {
                return SchemaCheck::Pass {
                    schema: Some(compiled.file.clone()),
                };
            }
        }
        let instance = match parse_body(body) {
            Ok(v) => v,
            Err(reason) => return SchemaCheck::NotJson { reason },
        };
        let Some(compiled) = &media.compiled else {
            return SchemaCheck::Pass { schema: None };
        };
        let validator = match compiled.validator() {
            Ok(v) => v,
            Err(why) => {
                return SchemaCheck::Fail {
                    schema: compiled.file.clone(),
                    errors: vec![format!("/: the schema does not compile: {why}")],
                    diff: None,
                };
            }
        };
        // The common case is a conforming body: the boolean check is much cheaper than
        // collecting errors.
        if validator.is_valid(&instance) {
            return SchemaCheck::Pass {
                schema: Some(compiled.file.clone()),
            };
        }
        let mut errors = Vec::new();
        let mut more = false;
        for error in validator.iter_errors(&instance) {
            if errors.len() == MAX_ERRORS {
                more = true;
                break;
            }
            errors.push(describe(&error));
        }
        if errors.is_empty() {
            return SchemaCheck::Pass {
                schema: Some(compiled.file.clone()),
            };
        }
        if more {
            errors.push("… and more errors".to_string());
        }
        let diff = match &media.example {
            Some(example) if body.len() <= MAX_DIFF_BODY => {
                let diff = Diff::new(example, &instance, Some(&compiled.schema));
                match media.example_assembled {
                    true => diff.map(|d| d.with_expected_label("example assembled from schema")),
                    false => diff,
                }
            }
            _ => None,
        };
        SchemaCheck::Fail {
            schema: compiled.file.clone(),
            errors,
            diff,
        }
    }
}

impl SchemaSet {
    /// `check` for a sent request and its response. `base_url` is the run's base URL, whose path
    /// (e.g. `/iam/v1`) is stripped before matching.
    pub fn check_exchange(
        &self,
        request: &HttpRequest,
        response: &HttpResponse,
        base_url: Option<&str>,
    ) -> SchemaCheck {
        let content_type = response
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.as_str());
        self.check(
            &request.method,
            url_path(&request.url),
            base_url.map(url_path),
            response.status,
            content_type,
            &response.body,
        )
    }
}

/// The path (and query) of an absolute URL; a URL that is already a path is returned as is.
pub fn url_path(url: &str) -> &str {
    if !url.contains("://") {
        return url;
    }
    let p = crate::urlparts::split(url);
    // The path and the query are one run of the text: from the path's start to the query's end.
    let start = p.path.as_ptr() as usize - url.as_ptr() as usize;
    let end = match p.query {
        Some(q) => q.as_ptr() as usize - url.as_ptr() as usize + q.len(),
        None => start + p.path.len(),
    };
    match &url[start..end] {
        "" => "/",
        rest => rest,
    }
}

fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn parse_body(body: &[u8]) -> Result<Value, String> {
    if let Err(e) = std::str::from_utf8(body) {
        return Err(format!("invalid utf-8 at byte {}", e.valid_up_to()));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("empty body".to_string());
    }
    // serde_json stops at 128 levels of nesting with an error instead of recursing further.
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

/// Validates a value against a schema a script supplied (`pm.response.to.have.jsonSchema`,
/// `tv4`, `ajv`): violations as `pointer: message`. The draft comes from the schema's `$schema`
/// (scripts written for tv4 use draft 4). Each distinct schema is compiled once per thread.
pub fn validate_value(schema: &Value, data: &Value) -> Result<(), Vec<String>> {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<jsonschema::Validator>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let key = schema.to_string();
    let cached = CACHE.with(|c| c.borrow().get(&key).cloned());
    let validator = match cached {
        Some(v) => v,
        None => {
            let v = jsonschema::validator_for(schema)
                .map_err(|e| vec![format!("invalid schema: {e}")])?;
            let v = std::rc::Rc::new(v);
            CACHE.with(|c| c.borrow_mut().insert(key, v.clone()));
            v
        }
    };
    let errors: Vec<String> = validator.iter_errors(data).map(|e| describe(&e)).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `pointer: message`, with objects, arrays and long strings in the message abbreviated so a
/// huge body cannot turn into a huge report line.
fn describe(error: &jsonschema::ValidationError<'_>) -> String {
    let pointer = error.instance_path().as_str();
    let pointer = if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    };
    let message = match error.instance().as_ref() {
        Value::Object(_) => error.masked_with("an object").to_string(),
        Value::Array(_) => error.masked_with("an array").to_string(),
        Value::String(s) if s.chars().count() > MAX_VALUE_CHARS => {
            let cut: String = s.chars().take(MAX_VALUE_CHARS).collect();
            error.masked_with(format!("\"{cut}…\"")).to_string()
        }
        _ => error.to_string(),
    };
    format!("{pointer}: {message}")
}

#[cfg(test)]
mod tests;
