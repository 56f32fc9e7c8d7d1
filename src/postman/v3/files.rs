//! The v3 files as serde reads them: one struct per file kind, fields as Postman names them.
//! Unknown fields are read past (Postman adds fields over time); a field of the wrong type is a
//! typed error with its line and column. Scalars written where text is expected (`value: 123`)
//! are read as their text, as Postman's own reader does.

use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_json::Value;
use std::fmt;

/// Text that may have been written as a bare number or boolean.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(de: D) -> Result<Text, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(serde_json::Number::from_f64(v).map_or_else(
                    || v.to_string(),
                    |n| Value::Number(n).to_string(),
                )))
            }
        }
        de.deserialize_any(V)
    }
}

impl Text {
    pub fn opt(t: Option<Text>) -> Option<String> {
        t.map(|t| t.0)
    }
}

/// Just the `$kind` of a file, read first to choose the shape.
#[derive(Deserialize)]
pub(crate) struct Kind {
    #[serde(rename = "$kind")]
    pub kind: Option<Text>,
}

/// A key/value row: headers, query parameters, path variables, urlencoded and formdata fields,
/// variables, environment values.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Row {
    pub key: Option<Text>,
    pub value: Option<Value>,
    pub disabled: Option<bool>,
    pub enabled: Option<bool>,
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    pub src: Option<Value>,
    pub content_type: Option<Text>,
}

/// `.resources/definition.yaml` of a collection or folder.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Definition {
    pub name: Option<Text>,
    pub variables: Option<Vec<Row>>,
    pub auth: Option<Value>,
    pub scripts: Option<Vec<Script>>,
    pub order: Option<f64>,
    /// Not in Postman's published list for definitions; conform writes it only when a v2
    /// collection or folder had a `protocolProfileBehavior`.
    pub settings: Option<Settings>,
}

/// `*.request.yaml` of kind `http-request` (and `graphql-request`, whose extra fields are
/// `query` and `variables`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Request {
    pub name: Option<Text>,
    pub order: Option<f64>,
    pub method: Option<Text>,
    pub url: Option<Text>,
    pub headers: Option<Vec<Row>>,
    pub query_params: Option<Vec<Row>>,
    pub path_variables: Option<Vec<Row>>,
    pub body: Option<Body>,
    pub auth: Option<Value>,
    pub settings: Option<Settings>,
    pub scripts: Option<Vec<Script>>,
    pub examples: Option<Text>,
    pub query: Option<Text>,
    pub variables: Option<Value>,
}

/// Only what placing a skipped item needs.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Placed {
    pub name: Option<Text>,
    pub order: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Body {
    #[serde(rename = "type")]
    pub kind: Text,
    pub content: Option<Value>,
    pub src: Option<Value>,
    pub disabled: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Settings {
    pub protocol_version: Option<Value>,
    #[serde(rename = "strictSSL")]
    pub strict_ssl: Option<bool>,
    pub follow_redirects: Option<bool>,
    pub max_redirects: Option<u32>,
    pub disabled_system_headers: Option<Value>,
    // v2's protocolProfileBehavior flags without a published v3 name (written by conform).
    pub disable_body_pruning: Option<bool>,
    pub disable_url_encoding: Option<bool>,
    pub follow_original_http_method: Option<bool>,
    pub follow_authorization_header: Option<bool>,
    pub disable_cookies: Option<bool>,
    pub remove_referer_header_on_redirect: Option<bool>,
}

#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Script {
    #[serde(rename = "type")]
    pub kind: Text,
    pub code: Option<Text>,
    pub disabled: Option<bool>,
}

/// `*.example.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Example {
    pub name: Option<Text>,
    pub order: Option<f64>,
    pub request: Option<ExampleRequest>,
    pub response: Option<ExampleResponse>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ExampleRequest {
    pub url: Option<Text>,
    pub method: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ExampleResponse {
    pub status_code: Option<u16>,
    pub status_text: Option<Text>,
    pub headers: Option<Vec<Row>>,
    pub body: Option<Body>,
}

/// An environment under `postman/environments/`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Environment {
    pub name: Option<Text>,
    pub values: Option<Vec<Row>>,
}

/// The fields each file kind may hold (Postman's published ones, plus what conform writes);
/// anything else is named in a warning, so a misspelt `header:` does not vanish silently.
pub(crate) const REQUEST_FIELDS: &[&str] = &[
    "$kind",
    "name",
    "description",
    "order",
    "method",
    "url",
    "headers",
    "queryParams",
    "pathVariables",
    "body",
    "auth",
    "settings",
    "scripts",
    "examples",
    "query",
    "variables",
];
pub(crate) const DEFINITION_FIELDS: &[&str] = &[
    "$kind",
    "name",
    "description",
    "variables",
    "auth",
    "scripts",
    "order",
    "settings",
];
pub(crate) const EXAMPLE_FIELDS: &[&str] = &[
    "$kind",
    "name",
    "description",
    "order",
    "request",
    "response",
];
