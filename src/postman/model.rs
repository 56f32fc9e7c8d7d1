//! Typed mirror of Postman Collection Format v2.0/v2.1 after its unions are settled: one variant
//! per shape the format allows. Pure data.

use serde_json::{Map, Value};

/// Which collection format a file declared in `info.schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatVersion {
    V2_0,
    V2_1,
    /// Postman's directory format (schema 3.0.0), read by `v3::read`.
    V3,
    /// The old v1 format, converted on load as Newman does.
    V1,
    /// Missing or unrecognised `info.schema`: read as v2.1, with a warning.
    Unknown,
}

#[derive(Clone, Debug)]
pub struct Collection {
    pub name: String,
    pub version: FormatVersion,
    pub items: Vec<Item>,
    pub variables: Vec<Variable>,
    pub auth: Option<AuthSpec>,
    pub events: Vec<Event>,
    pub profile: ProtocolProfile,
    /// Things the loader noticed but could read past (unknown schema, …).
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum Item {
    Folder(Folder),
    Request(Box<RequestItem>),
}

#[derive(Clone, Debug)]
pub struct Folder {
    pub id: Option<String>,
    pub name: String,
    pub items: Vec<Item>,
    pub auth: Option<AuthSpec>,
    pub events: Vec<Event>,
    pub profile: ProtocolProfile,
}

#[derive(Clone, Debug)]
pub struct RequestItem {
    pub id: Option<String>,
    pub name: String,
    /// An item whose request cannot be understood fails alone, when it runs.
    pub request: Result<RequestSpec, String>,
    pub events: Vec<Event>,
    pub profile: ProtocolProfile,
    /// Saved example responses (`response[]`), kept raw for diffs.
    pub examples: Vec<Value>,
}

#[derive(Clone, Debug, Default)]
pub struct RequestSpec {
    pub method: String,
    pub url: UrlSpec,
    pub headers: Vec<KeyValue>,
    pub body: Option<BodySpec>,
    pub auth: Option<AuthSpec>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum UrlSpec {
    Raw(String),
    Parts(UrlParts),
}

impl Default for UrlSpec {
    fn default() -> Self {
        UrlSpec::Raw(String::new())
    }
}

impl UrlSpec {
    /// The URL text as written: parts joined as Postman's `Url.toString` does, `:name` path
    /// segments kept (unlike the builder's `compose`, which fills them).
    pub fn written(&self) -> String {
        let p = match self {
            UrlSpec::Raw(raw) => return raw.clone(),
            UrlSpec::Parts(p) if p.host.is_none() && p.path.is_none() => {
                return p.raw.clone().unwrap_or_default();
            }
            UrlSpec::Parts(p) => p,
        };
        let mut text = String::new();
        if let Some(proto) = p.protocol.as_deref().filter(|s| !s.is_empty()) {
            text.push_str(proto.trim_end_matches("://").trim_end_matches(':'));
            text.push_str("://");
        }
        if let Some(host) = &p.host {
            text.push_str(&host.join("."));
        }
        if let Some(port) = p.port.as_deref().filter(|s| !s.is_empty()) {
            text.push(':');
            text.push_str(port);
        }
        for seg in p.path.iter().flatten() {
            text.push('/');
            text.push_str(seg);
        }
        let enabled: Vec<String> = p
            .query
            .iter()
            .filter(|q| !q.disabled)
            .map(|q| match &q.value {
                Some(v) => format!("{}={v}", q.key),
                None => q.key.clone(),
            })
            .collect();
        if !enabled.is_empty() {
            text.push('?');
            text.push_str(&enabled.join("&"));
        }
        if let Some(hash) = p.hash.as_deref().filter(|s| !s.is_empty()) {
            text.push('#');
            text.push_str(hash);
        }
        text
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlParts {
    pub raw: Option<String>,
    pub protocol: Option<String>,
    pub host: Option<Vec<String>>,
    pub port: Option<String>,
    pub path: Option<Vec<String>>,
    pub query: Vec<KeyValue>,
    pub hash: Option<String>,
    /// Values for `:name` path segments.
    pub variables: Vec<KeyValue>,
}

/// A key/value row as Postman writes headers, query params, form fields and path variables.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KeyValue {
    pub key: String,
    /// `None` for a query parameter written without `=` (`?flag`).
    pub value: Option<String>,
    pub disabled: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BodySpec {
    Raw {
        text: String,
        language: Option<String>,
    },
    UrlEncoded(Vec<KeyValue>),
    FormData(Vec<FormPart>),
    File {
        src: Option<String>,
    },
    GraphQl {
        query: String,
        variables: Option<String>,
    },
    /// `disabled: true` on the body: nothing is sent.
    Disabled,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FormPart {
    Text {
        key: String,
        value: String,
        content_type: Option<String>,
    },
    File {
        key: String,
        src: Vec<String>,
        content_type: Option<String>,
    },
}

/// `auth` as written: a type and its parameters flattened to one map from both shapes.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthSpec {
    pub kind: String,
    pub params: Map<String, Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listen {
    PreRequest,
    Test,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub listen: Listen,
    pub code: String,
    pub disabled: bool,
}

/// `protocolProfileBehavior`, inherited from collection to folder to request.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ProtocolProfile {
    pub disable_body_pruning: Option<bool>,
    pub follow_redirects: Option<bool>,
    pub max_redirects: Option<u32>,
    pub disable_url_encoding: Option<bool>,
    pub follow_original_method: Option<bool>,
    pub follow_authorization_header: Option<bool>,
    /// `disableCookies`: the request neither sends the jar's cookies nor stores new ones.
    pub disable_cookies: Option<bool>,
    pub remove_referer_header_on_redirect: Option<bool>,
    /// `disabledSystemHeaders`: runtime headers not to add. A level that disables any replaces
    /// its parent's set (Newman does not merge them); one that disables none inherits it (kept
    /// in one byte so `Item::Folder` stays small; Newman would send all of them there).
    pub disabled_system_headers: SystemHeaders,
}

/// A set of the headers Postman's runtime adds to every request, by lower-case name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemHeaders(u8);

impl SystemHeaders {
    pub const EMPTY: SystemHeaders = SystemHeaders(0);

    /// The headers `disabledSystemHeaders` can name (one bit each, in this order).
    pub const NAMES: [&str; 8] = [
        "user-agent",
        "accept",
        "cache-control",
        "postman-token",
        "accept-encoding",
        "connection",
        "content-type",
        "content-length",
    ];

    /// `{"accept": true, ...}` (a v2.1 collection, a v3 settings file) or `["accept", ...]`
    /// (a v3 list). Names are compared as written: Newman ignores `"Accept": true`.
    /// `host` is not among them: the HTTP client always writes a Host header.
    pub fn from_json(v: &serde_json::Value) -> SystemHeaders {
        let named: Vec<&str> = match v {
            serde_json::Value::Object(m) => m
                .iter()
                .filter(|(_, on)| on.as_bool() == Some(true))
                .map(|(k, _)| k.as_str())
                .collect(),
            serde_json::Value::Array(a) => a.iter().filter_map(|n| n.as_str()).collect(),
            _ => Vec::new(),
        };
        let mut bits = 0;
        for (i, name) in Self::NAMES.iter().enumerate() {
            if named.contains(name) {
                bits |= 1 << i;
            }
        }
        SystemHeaders(bits)
    }

    /// `{"accept": true, ...}`, as `from_json` reads it back.
    pub fn to_json(self) -> serde_json::Value {
        Self::NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| (n.to_string(), serde_json::Value::Bool(true)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }

    /// Whether the runtime header `name` (any case) is disabled.
    pub fn contains(self, name: &str) -> bool {
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }
}

impl ProtocolProfile {
    /// Fills what this level leaves unset from its parent.
    pub fn inherit(self, parent: ProtocolProfile) -> ProtocolProfile {
        ProtocolProfile {
            disable_body_pruning: self.disable_body_pruning.or(parent.disable_body_pruning),
            follow_redirects: self.follow_redirects.or(parent.follow_redirects),
            max_redirects: self.max_redirects.or(parent.max_redirects),
            disable_url_encoding: self.disable_url_encoding.or(parent.disable_url_encoding),
            follow_original_method: self
                .follow_original_method
                .or(parent.follow_original_method),
            follow_authorization_header: self
                .follow_authorization_header
                .or(parent.follow_authorization_header),
            disable_cookies: self.disable_cookies.or(parent.disable_cookies),
            remove_referer_header_on_redirect: self
                .remove_referer_header_on_redirect
                .or(parent.remove_referer_header_on_redirect),
            disabled_system_headers: if self.disabled_system_headers == SystemHeaders::EMPTY {
                parent.disabled_system_headers
            } else {
                self.disabled_system_headers
            },
        }
    }
}

/// One variable from an environment, globals file or collection `variable[]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub key: String,
    pub value: Value,
    /// Postman's `type` (`default`, `secret`, `any`, `string`, …).
    pub kind: Option<String>,
    pub enabled: bool,
}

impl Variable {
    pub fn is_secret(&self) -> bool {
        self.kind.as_deref() == Some("secret")
    }
}

/// An environment or globals file.
#[derive(Clone, Debug)]
pub struct Environment {
    pub id: Option<String>,
    pub name: String,
    pub values: Vec<Variable>,
}
