//! The one place that turns a planned request and the variable scopes into the exact request
//! to send: URL, headers, body bytes, auth. No I/O (file bodies come through a loader), no
//! sending; pre-request scripts work on the unresolved draft before `finish`.

pub mod body;
pub mod files;
mod json_comments;
mod runtime_headers;
pub mod url;

use crate::auth::{self, Auth, AuthClock, BodyMode};
use crate::plan::Step;
use crate::postman::{AuthSpec, BodySpec, KeyValue, ProtocolProfile, SystemHeaders, UrlSpec};
use crate::request::HttpRequest;
use crate::vars::VarStore;
pub use runtime_headers::host_header;
use std::path::Path;
pub use url::BaseUrl;

/// Where an unresolved variable was found, for the failure message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Url,
    Header,
    Body,
    Auth,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Place::Url => "url",
            Place::Header => "headers",
            Place::Body => "body",
            Place::Auth => "auth",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Item(String),
    #[error("unresolved variable {{{{{name}}}}} in {place}")]
    Unresolved { name: String, place: Place },
    #[error("invalid url: {0}")]
    Url(String),
    #[error("cannot read body file {path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Auth(String),
}

/// Options that hold for every request of a run.
pub struct BuildOptions<'a> {
    pub base_url: Option<&'a BaseUrl>,
    /// Send unresolved `{{names}}` as written (the default); false with `--strict-variables`.
    pub allow_unresolved: bool,
    pub working_dir: &'a Path,
    pub user_agent: &'a str,
    /// Time and nonces for signing auth (oauth1, awsv4, digest).
    pub clock: &'a dyn AuthClock,
}

/// A request before variables: what pre-request scripts see and may change.
#[derive(Clone, Debug)]
pub struct Draft {
    pub method: String,
    pub url: UrlSpec,
    pub headers: Vec<KeyValue>,
    pub body: Option<BodySpec>,
    pub auth: Option<AuthSpec>,
    pub profile: ProtocolProfile,
}

impl Draft {
    pub fn from_step(step: &Step) -> Result<Draft, BuildError> {
        let spec = step
            .request
            .as_ref()
            .map_err(|e| BuildError::Item(e.clone()))?;
        Ok(Draft {
            method: spec.method.clone(),
            url: spec.url.clone(),
            headers: spec.headers.clone(),
            body: spec.body.clone(),
            auth: step.auth.clone(),
            profile: step.profile,
        })
    }

    /// The draft as a plain request (variables unresolved), for scripts to read and change.
    pub fn to_http(&self) -> HttpRequest {
        let url = match &self.url {
            UrlSpec::Parts(p) if p.host.is_none() && p.path.is_none() => {
                url::fill_raw_path_variables(&url::compose(&self.url), &p.variables)
            }
            other => url::compose(other),
        };
        HttpRequest {
            method: self.method.clone(),
            url,
            headers: self
                .headers
                .iter()
                .filter(|h| !h.disabled)
                .map(|h| (h.key.clone(), h.value.clone().unwrap_or_default()))
                .collect(),
            body: match &self.body {
                Some(BodySpec::Raw { text, .. }) => Some(text.clone().into_bytes()),
                _ => None,
            },
        }
    }

    /// Takes back what a pre-request script changed on the request it was shown.
    pub fn absorb(&mut self, before: &HttpRequest, after: &HttpRequest) {
        if after.method != before.method {
            self.method = after.method.to_ascii_uppercase();
        }
        if after.url != before.url {
            self.url = UrlSpec::Raw(after.url.clone());
        }
        if after.headers != before.headers {
            self.headers = after
                .headers
                .iter()
                .map(|(k, v)| KeyValue {
                    key: k.clone(),
                    value: Some(v.clone()),
                    disabled: false,
                })
                .collect();
        }
        if after.body != before.body {
            let language = match &self.body {
                Some(BodySpec::Raw { language, .. }) => language.clone(),
                _ => None,
            };
            self.body = after.body.as_ref().map(|b| BodySpec::Raw {
                text: String::from_utf8_lossy(b).into_owned(),
                language,
            });
        }
    }
}

/// Resolves text against the scopes; an unresolved name is refused (`--strict-variables`) or
/// left as written and remembered with its place, as Newman sends it.
pub struct Resolver<'a> {
    vars: &'a VarStore,
    allow_unresolved: bool,
    unresolved: Vec<(String, Place)>,
}

impl Resolver<'_> {
    pub fn text(&mut self, text: &str, place: Place) -> Result<String, BuildError> {
        if !text.contains("{{") {
            return Ok(text.to_string());
        }
        let resolved = self.vars.resolve(text);
        match resolved.unresolved.first() {
            Some(name) if !self.allow_unresolved => Err(BuildError::Unresolved {
                name: name.clone(),
                place,
            }),
            _ => {
                for name in resolved.unresolved {
                    if !self
                        .unresolved
                        .iter()
                        .any(|(n, p)| *n == name && *p == place)
                    {
                        self.unresolved.push((name, place));
                    }
                }
                Ok(resolved.text)
            }
        }
    }
}

/// Methods whose body Postman drops unless `disableBodyPruning` is set.
pub(crate) const METHODS_WITHOUT_BODY: [&str; 5] = ["GET", "COPY", "HEAD", "PURGE", "UNLOCK"];

/// The Content-Type the runtime reads to decide whether a raw body without a language is JSON:
/// the first enabled one (resolved); else a disabled one as written.
fn content_type_for_json<'a>(
    draft: &'a Draft,
    resolved: &'a [(String, String)],
) -> Option<&'a str> {
    let is_ct = |k: &str| k.eq_ignore_ascii_case("content-type");
    resolved
        .iter()
        .find(|(k, _)| is_ct(k))
        .map(|(_, v)| v.as_str())
        .or_else(|| {
            draft
                .headers
                .iter()
                .find(|h| h.disabled && is_ct(&h.key))
                .and_then(|h| h.value.as_deref())
        })
}

/// Whether a request with no body (or an empty one) goes out with `Content-Length: 0`. Node
/// writes it when the request ends without data, except for the methods it does not expect a
/// body on (its `useChunkedEncodingByDefault` list); Newman adds nothing itself, so an empty
/// DELETE has no length and an empty POST or custom method (`FETCH`) has `0`.
fn zero_length_when_empty(method: &str) -> bool {
    !matches!(
        method,
        "GET" | "HEAD" | "DELETE" | "OPTIONS" | "TRACE" | "CONNECT"
    )
}

/// Multipart boundaries look like the ones Postman's form-data sends: 26 dashes, 24 digits.
pub fn boundary(rng: &mut impl rand::Rng) -> String {
    let digits: String = (0..24)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect();
    format!("--------------------------{digits}")
}

/// Resolves a draft into the request that goes on the wire.
pub fn finish(
    draft: &Draft,
    vars: &VarStore,
    opts: &BuildOptions<'_>,
    files: body::FileLoader<'_>,
) -> Result<Built, BuildError> {
    let mut r = Resolver {
        vars,
        allow_unresolved: opts.allow_unresolved,
        unresolved: Vec::new(),
    };
    let method = r.text(&draft.method, Place::Url)?.to_ascii_uppercase();
    let url_text = r.text(&draft.to_http().url, Place::Url)?;
    let mut split = url::split(&url_text).map_err(BuildError::Url)?;
    if let Some(base) = opts.base_url {
        base.apply(&mut split);
    }
    let url = url::render(&split, draft.profile.disable_url_encoding != Some(true));

    let mut headers = Vec::with_capacity(draft.headers.len() + 4);
    for h in draft.headers.iter().filter(|h| !h.disabled) {
        let key = r.text(&h.key, Place::Header)?;
        if key.trim().is_empty() {
            continue;
        }
        let value = r.text(h.value.as_deref().unwrap_or(""), Place::Header)?;
        headers.push((key, value));
    }

    let prune = METHODS_WITHOUT_BODY.contains(&method.as_str())
        && draft.profile.disable_body_pruning != Some(true);
    let built_body = match (&draft.body, prune) {
        (Some(spec), false) => {
            let resolve_file = |p: &Path| {
                let full = if p.is_absolute() {
                    p.to_path_buf()
                } else {
                    opts.working_dir.join(p)
                };
                files(&full)
            };
            // Only multipart bodies use a boundary; drawing one costs a few random digits.
            let boundary = match spec {
                BodySpec::FormData(_) => boundary(&mut rand::rng()),
                _ => String::new(),
            };
            body::build(spec, &mut r, &resolve_file, &boundary)?
        }
        _ => None,
    };
    let built_body = match (&draft.body, built_body) {
        (Some(BodySpec::Raw { language, .. }), Some(mut b))
            if json_comments::applies(
                language.as_deref(),
                content_type_for_json(draft, &headers),
            ) =>
        {
            let text = String::from_utf8_lossy(&b.bytes);
            if text.contains("//") || text.contains("/*") {
                b.bytes = json_comments::strip(&text).into_bytes();
            }
            // A body that was only comments is sent empty, still with its JSON type.
            Some(b)
        }
        (_, built) => built,
    };

    let mut req = HttpRequest {
        method,
        url,
        headers,
        body: None,
    };
    let mode = body_mode(draft.body.as_ref());
    let disabled = draft.profile.disabled_system_headers;
    // Whether the Content-Type header is the raw body's own (none was written).
    let mut body_type_added = false;
    let framing = match built_body {
        Some(b) => {
            let len = b.bytes.len();
            // The type of a form body (and a file's default type) comes after the runtime's
            // headers; a raw body's type before them (as Newman orders them).
            let late = matches!(
                mode,
                BodyMode::FormData | BodyMode::File | BodyMode::UrlEncoded
            );
            // A disabled Content-Type is the body's own type only: a collection's header stays.
            let content_type = b
                .content_type
                .filter(|_| !disabled.contains("content-type"));
            let late_content_type = match content_type {
                Some(ct) if late && !req.has_header("content-type") => Some(ct),
                Some(ct) => {
                    body_type_added = !req.has_header("content-type");
                    set_content_type(&mut req.headers, ct, b.replaces_mismatch);
                    None
                }
                None if mode == BodyMode::File => Some("application/octet-stream".into()),
                None => None,
            };
            if len == 0 {
                runtime_headers::Framing::None {
                    zero_length: zero_length_when_empty(&req.method),
                }
            } else {
                req.body = Some(b.bytes);
                runtime_headers::Framing::Body {
                    len,
                    late_content_type,
                    length_first: mode == BodyMode::File,
                }
            }
        }
        None => runtime_headers::Framing::None {
            zero_length: zero_length_when_empty(&req.method),
        },
    };
    let mut applied = None;
    if let Some(spec) = &draft.auth {
        let mut resolved = spec.clone();
        for value in resolved.params.values_mut() {
            if let serde_json::Value::String(s) = value {
                *s = r.text(s, Place::Auth)?;
            }
        }
        let auth = Auth::from_postman(&resolved.kind, &resolved.params);
        auth::apply_with_mode(&auth, &mut req, body_mode(draft.body.as_ref()), opts.clock)
            .map_err(|e| BuildError::Auth(e.to_string()))?;
        // Newman writes a raw body's own type before the auth header only for JSON (its
        // comment-stripping step adds it early); any other raw type is added when the request
        // is sent, after Authorization. Signing auths keep it where they signed it.
        let late_raw_type = body_type_added
            && matches!(&draft.body, Some(BodySpec::Raw { language, .. })
                if language.as_deref() != Some("json"))
            && matches!(
                auth,
                Auth::Bearer { .. } | Auth::Basic { .. } | Auth::ApiKey { .. }
            );
        if late_raw_type {
            if let Some(at) = req
                .headers
                .iter()
                .position(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            {
                let ct = req.headers.remove(at);
                req.headers.push(ct);
            }
        }
        applied = Some(auth);
    }
    runtime_headers::add(&mut req, opts.user_agent, framing, disabled);
    Ok(Built {
        request: req,
        auth: applied,
        mode: body_mode(draft.body.as_ref()),
        unresolved: r.unresolved,
    })
}

/// The runtime's headers on a request a script sends (`pm.sendRequest`), as Newman adds them.
pub fn add_runtime_headers(req: &mut HttpRequest, user_agent: &str) {
    let framing = match &req.body {
        Some(b) if !b.is_empty() => runtime_headers::Framing::Body {
            len: b.len(),
            late_content_type: None,
            length_first: false,
        },
        _ => runtime_headers::Framing::None {
            zero_length: zero_length_when_empty(&req.method),
        },
    };
    runtime_headers::add(req, user_agent, framing, SystemHeaders::EMPTY);
}

/// A finished request and the auth it was signed with (digest answers its challenge later).
pub struct Built {
    pub request: HttpRequest,
    pub auth: Option<Auth>,
    pub mode: BodyMode,
    /// `{{names}}` left as written (sent so), with where they were.
    pub unresolved: Vec<(String, Place)>,
}

fn set_content_type(headers: &mut Vec<(String, String)>, ct: String, replace_mismatch: bool) {
    let essence = |v: &str| {
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    match headers
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        None => headers.push(("Content-Type".into(), ct)),
        Some((_, v)) if replace_mismatch && essence(v) != essence(&ct) => *v = ct,
        // multipart needs the boundary the body was built with.
        Some((_, v)) if ct.starts_with("multipart/") && !v.contains("boundary=") => *v = ct,
        Some(_) => {}
    }
}

/// Postman's body mode, which decides what oauth1 signs and what awsv4 hashes.
pub fn body_mode(body: Option<&BodySpec>) -> BodyMode {
    match body {
        None | Some(BodySpec::Disabled) => BodyMode::None,
        Some(BodySpec::Raw { .. }) => BodyMode::Raw,
        Some(BodySpec::UrlEncoded(_)) => BodyMode::UrlEncoded,
        Some(BodySpec::FormData(_)) => BodyMode::FormData,
        Some(BodySpec::File { .. }) => BodyMode::File,
        Some(BodySpec::GraphQl { .. }) => BodyMode::GraphQl,
    }
}
