//! Request authorization as postman-runtime applies it: turns a collection/folder/request `auth`
//! block into an [`Auth`] value and mutates an [`HttpRequest`] the way Postman's authorizers do
//! (bearer, basic, apikey, oauth2 with a stored token, digest, oauth1, awsv4, hawk, jwt, asap,
//! edgegrid).
//!
//! Owns: parameter interpretation (Postman's truthiness and defaults), header/query/body
//! placement, signatures. Must not touch: variable resolution (callers pass resolved values),
//! network I/O (the digest round trip belongs to the runner), printing (secrets stay masked).

mod awsv4;
mod credentials;
pub mod digest;
mod edgegrid;
mod hawk;
mod jws;
mod jwt;
pub mod ntlm;
mod oauth1;
mod params;
#[cfg(test)]
mod reference_tests;
mod simple;
mod url;

use crate::request::HttpRequest;
use serde_json::{Map, Value};

pub use awsv4::{AwsV4Params, SigV4Input, SigV4Output, sign_v4};
pub use digest::DigestParams;
pub use edgegrid::EdgeGridParams;
pub use hawk::HawkParams;
pub use jwt::{AsapParams, JwtParams};
pub use ntlm::NtlmParams;
pub use oauth1::{OAuth1Params, signature_base_string};

/// A secret value (password, token, key) whose `Debug` never shows it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The clear value, for building the request only.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "\"\""
        } else {
            "\"****\""
        })
    }
}

/// Where an API key goes (`apikey.in`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyIn {
    Header,
    Query,
}

/// Where an OAuth 2 token goes (`oauth2.addTokenTo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenPlacement {
    Header,
    QueryParams,
    /// A value Postman does not know: conflicting headers/params are removed, nothing is added.
    Other(String),
}

/// Auth as configured on a collection/folder/request, parameters already variable-resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Auth {
    NoAuth,
    Bearer {
        token: Secret,
    },
    Basic {
        username: String,
        password: Secret,
    },
    ApiKey {
        key: String,
        value: Secret,
        placement: ApiKeyIn,
    },
    OAuth2 {
        access_token: Secret,
        add_token_to: TokenPlacement,
        /// `None` means Postman's default `Bearer`; `Some("")` means no prefix at all.
        header_prefix: Option<String>,
        /// `bearer` unless configured; `mac` tokens are not applied (as in Postman).
        token_type: String,
    },
    Digest(DigestParams),
    OAuth1(OAuth1Params),
    AwsV4(AwsV4Params),
    Hawk(HawkParams),
    Jwt(JwtParams),
    Asap(AsapParams),
    EdgeGrid(EdgeGridParams),
    /// Applied by the runner: a handshake over one connection (`exec::send::send_ntlm`).
    Ntlm(NtlmParams),
    /// anything unknown: the request fails, naming the type.
    Unsupported(String),
}

/// How Postman would have held the body: some authorizers read the body by mode, not by bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyMode {
    None,
    Raw,
    UrlEncoded,
    FormData,
    File,
    GraphQl,
}

impl BodyMode {
    /// Best guess from the request alone: the Content-Type header tells form bodies apart.
    pub fn infer(req: &HttpRequest) -> BodyMode {
        let ctype = header_value(req, "content-type").map(|v| v.trim().to_ascii_lowercase());
        match (&req.body, ctype.as_deref()) {
            (_, Some(c)) if c.starts_with("application/x-www-form-urlencoded") => {
                BodyMode::UrlEncoded
            }
            (_, Some(c)) if c.starts_with("multipart/form-data") => BodyMode::FormData,
            (None, _) => BodyMode::None,
            (Some(_), _) => BodyMode::Raw,
        }
    }
}

/// Time and randomness, injected so signatures are reproducible in tests.
pub trait AuthClock {
    /// Seconds since the Unix epoch.
    fn now_unix(&self) -> i64;
    /// `len` random ASCII alphanumerics (oauth1 nonce, digest cnonce).
    fn nonce(&self, len: usize) -> String;
}

/// The real clock: system time and a non-cryptographic but per-process-unique nonce source
/// (nonces need uniqueness, not secrecy).
#[derive(Debug, Default)]
pub struct SystemClock {
    counter: std::sync::atomic::AtomicU64,
}

impl AuthClock for SystemClock {
    fn now_unix(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }

    fn nonce(&self, len: usize) -> String {
        use std::hash::{BuildHasher, Hasher};
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let state = std::collections::hash_map::RandomState::new();
        let mut out = String::with_capacity(len);
        let mut word = 0u64;
        for i in 0..len {
            if i % 8 == 0 {
                let mut h = state.build_hasher();
                h.write_u64(
                    self.counter
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                );
                h.write_u128(
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or(0),
                );
                word = h.finish();
            }
            let idx = usize::try_from(word % ALPHABET.len() as u64).unwrap_or(0);
            out.push(char::from(ALPHABET[idx]));
            word /= ALPHABET.len() as u64;
        }
        out
    }
}

/// Why a request could not be authorized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("auth type '{0}' is not supported")]
    Unsupported(String),
    #[error("unsupported digest algorithm '{0}'")]
    DigestAlgorithm(String),
    #[error("malformed digest challenge: {0}")]
    DigestChallenge(String),
    #[error("unsupported oauth1 signature method '{0}'")]
    OAuth1Method(String),
    #[error("malformed percent-encoding in {0}")]
    PercentEncoding(&'static str),
    #[error("request url has no host")]
    UrlWithoutHost,
    #[error("{kind} auth: {message}")]
    Signing { kind: &'static str, message: String },
}

impl Auth {
    /// Builds the auth from Postman's `auth.type` and its flattened parameter map.
    pub fn from_postman(kind: &str, p: &Map<String, Value>) -> Auth {
        use params::{flag, text};
        let s = |k: &str| text(p, k).unwrap_or_default();
        let secret = |k: &str| Secret(text(p, k).unwrap_or_default());
        match kind {
            "noauth" => Auth::NoAuth,
            "bearer" => Auth::Bearer {
                token: secret("token"),
            },
            "basic" => Auth::Basic {
                username: s("username"),
                password: secret("password"),
            },
            "apikey" => Auth::ApiKey {
                key: s("key"),
                value: secret("value"),
                placement: if text(p, "in").as_deref() == Some("query") {
                    ApiKeyIn::Query
                } else {
                    ApiKeyIn::Header
                },
            },
            "oauth2" => Auth::OAuth2 {
                access_token: secret("accessToken"),
                add_token_to: match text(p, "addTokenTo").as_deref() {
                    None | Some("") | Some("header") => TokenPlacement::Header,
                    Some("queryParams") => TokenPlacement::QueryParams,
                    Some(other) => TokenPlacement::Other(other.to_string()),
                },
                header_prefix: text(p, "headerPrefix"),
                token_type: text(p, "tokenType")
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "bearer".to_string()),
            },
            "ntlm" => Auth::Ntlm(NtlmParams {
                username: s("username"),
                password: secret("password"),
                domain: s("domain"),
                workstation: s("workstation"),
                disable_retry: flag(p, "disableRetryRequest"),
            }),
            "digest" => Auth::Digest(DigestParams {
                username: s("username"),
                password: secret("password"),
                realm: s("realm"),
                nonce: s("nonce"),
                algorithm: s("algorithm"),
                qop: s("qop"),
                nonce_count: s("nonceCount"),
                client_nonce: s("clientNonce"),
                opaque: s("opaque"),
                disable_retry: flag(p, "disableRetryRequest"),
            }),
            "oauth1" => Auth::OAuth1(OAuth1Params {
                consumer_key: text(p, "consumerKey"),
                consumer_secret: secret("consumerSecret"),
                token: text(p, "token"),
                token_secret: secret("tokenSecret"),
                private_key: secret("privateKey"),
                signature_method: text(p, "signatureMethod"),
                timestamp: text(p, "timestamp"),
                nonce: text(p, "nonce"),
                version: text(p, "version"),
                realm: text(p, "realm"),
                callback: text(p, "callback"),
                verifier: text(p, "verifier"),
                add_params_to_header: flag(p, "addParamsToHeader"),
                add_empty_params_to_sign: flag(p, "addEmptyParamsToSign"),
                include_body_hash: flag(p, "includeBodyHash"),
                disable_header_encoding: flag(p, "disableHeaderEncoding"),
            }),
            "awsv4" => Auth::AwsV4(AwsV4Params {
                access_key: s("accessKey"),
                secret_key: secret("secretKey"),
                session_token: secret("sessionToken"),
                region: s("region"),
                service: s("service"),
                add_auth_data_to_query: flag(p, "addAuthDataToQuery"),
            }),
            "hawk" => Auth::Hawk(HawkParams {
                auth_id: s("authId"),
                auth_key: secret("authKey"),
                algorithm: s("algorithm"),
                nonce: s("nonce"),
                timestamp: s("timestamp"),
                ext: s("extraData"),
                app: s("app"),
                dlg: s("delegation"),
                include_payload_hash: flag(p, "includePayloadHash"),
            }),
            "jwt" => Auth::Jwt(JwtParams {
                algorithm: s("algorithm"),
                secret: secret("secret"),
                secret_base64: flag(p, "isSecretBase64Encoded"),
                private_key: secret("privateKey"),
                header: s("header"),
                payload: s("payload"),
                add_token_to: s("addTokenTo"),
                header_prefix: text(p, "headerPrefix"),
                query_param_key: s("queryParamKey"),
            }),
            "asap" => Auth::Asap(AsapParams {
                alg: s("alg"),
                kid: s("kid"),
                iss: s("iss"),
                sub: s("sub"),
                aud: s("aud"),
                exp: s("exp"),
                private_key: secret("privateKey"),
                claims: s("claims"),
            }),
            "edgegrid" => Auth::EdgeGrid(EdgeGridParams {
                access_token: s("accessToken"),
                client_token: s("clientToken"),
                client_secret: secret("clientSecret"),
                base_url: s("baseURL"),
                nonce: s("nonce"),
                timestamp: s("timestamp"),
                headers_to_sign: s("headersToSign"),
                max_body_size: s("maxBodySize"),
            }),
            other => Auth::Unsupported(other.to_string()),
        }
    }
}

/// Applies `auth` to `req` as Postman does, guessing the body mode from the request.
pub fn apply(auth: &Auth, req: &mut HttpRequest, clock: &dyn AuthClock) -> Result<(), AuthError> {
    apply_with_mode(auth, req, BodyMode::infer(req), clock)
}

/// Applies `auth` to `req` when the caller knows Postman's body mode (it changes what
/// oauth1 signs, what awsv4 hashes and which Content-Type awsv4 adds).
pub fn apply_with_mode(
    auth: &Auth,
    req: &mut HttpRequest,
    mode: BodyMode,
    clock: &dyn AuthClock,
) -> Result<(), AuthError> {
    match auth {
        Auth::NoAuth => Ok(()),
        Auth::Bearer { token } => {
            simple::bearer(req, token);
            Ok(())
        }
        Auth::Basic { username, password } => {
            simple::basic(req, username, password);
            Ok(())
        }
        Auth::ApiKey {
            key,
            value,
            placement,
        } => simple::apikey(req, key, value, *placement),
        Auth::OAuth2 {
            access_token,
            add_token_to,
            header_prefix,
            token_type,
        } => simple::oauth2(
            req,
            access_token,
            add_token_to,
            header_prefix.as_deref(),
            token_type,
        ),
        Auth::Digest(p) => digest::apply(p, req, mode, clock),
        Auth::OAuth1(p) => oauth1::apply(p, req, mode, clock),
        Auth::AwsV4(p) => awsv4::apply(p, req, mode, clock),
        Auth::Hawk(p) => hawk::apply(p, req, mode, clock),
        Auth::Jwt(p) => jwt::apply_jwt(p, req),
        Auth::Asap(p) => jwt::apply_asap(p, req, clock),
        Auth::EdgeGrid(p) => edgegrid::apply(p, req, mode, clock),
        // As postman-runtime: the first request goes without any Authorization; the runner
        // adds each handshake message.
        Auth::Ntlm(_) => {
            req.headers
                .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
            Ok(())
        }
        Auth::Unsupported(kind) => Err(AuthError::Unsupported(kind.clone())),
    }
}

/// Postman's inheritance rule. `levels` lists each level's `auth.type` from the request
/// outwards (request, innermost folder, ..., collection); `None` where `auth` is absent, null
/// or has no string `type`. Returns the index of the level whose auth applies, or `None` when
/// no level has one. `noauth` stops the search (it is a real type); `inherit`, which some
/// exporters write for "inherit from parent", is treated as absent.
pub fn effective_level<'a, I>(levels: I) -> Option<usize>
where
    I: IntoIterator<Item = Option<&'a str>>,
{
    levels
        .into_iter()
        .position(|t| matches!(t, Some(t) if t != "type" && t != "inherit"))
}

pub(crate) fn header_value<'r>(req: &'r HttpRequest, lower_name: &str) -> Option<&'r str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(lower_name))
        .map(|(_, v)| v.as_str())
}

pub(crate) fn remove_header_ignore_case(req: &mut HttpRequest, name: &str) {
    req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
}

#[cfg(test)]
pub(crate) mod testutil {
    use super::AuthClock;

    /// A fixed clock: the time and the nonce are whatever the test says.
    pub struct FixedClock {
        pub now: i64,
        pub nonce: &'static str,
    }

    impl AuthClock for FixedClock {
        fn now_unix(&self) -> i64 {
            self.now
        }
        fn nonce(&self, len: usize) -> String {
            self.nonce.chars().take(len).collect()
        }
    }

    pub fn req(
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> crate::request::HttpRequest {
        crate::request::HttpRequest {
            method: method.to_string(),
            url: url.to_string(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.map(|b| b.as_bytes().to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::*;
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn unsupported_types_become_unsupported_and_apply_errors() {
        for kind in ["akamai", "whatever"] {
            let auth = Auth::from_postman(kind, &Map::new());
            assert_eq!(auth, Auth::Unsupported(kind.to_string()));
            let mut r = req("GET", "http://h/", &[], None);
            let err = apply(&auth, &mut r, &FixedClock { now: 0, nonce: "" });
            assert_eq!(
                err.map_err(|e| e.to_string()),
                Err(format!("auth type '{kind}' is not supported"))
            );
        }
    }

    #[test]
    fn noauth_leaves_request_alone() {
        let mut r = req("GET", "http://h/", &[("Authorization", "mine")], None);
        let before = r.clone();
        apply(
            &Auth::from_postman("noauth", &Map::new()),
            &mut r,
            &FixedClock { now: 0, nonce: "" },
        )
        .unwrap();
        assert_eq!(r, before);
    }

    #[test]
    fn debug_masks_secrets() {
        let auth = Auth::from_postman(
            "basic",
            &map(json!({"username": "u", "password": "hunter2"})),
        );
        let shown = format!("{auth:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("****"), "{shown}");
        let auth = Auth::from_postman(
            "awsv4",
            &map(json!({"secretKey": "s3cr3t", "accessKey": "AK"})),
        );
        assert!(!format!("{auth:?}").contains("s3cr3t"));
    }

    #[test]
    fn from_postman_reads_flags_and_defaults() {
        let auth = Auth::from_postman(
            "oauth2",
            &map(json!({"accessToken": "t", "addTokenTo": "queryParams", "headerPrefix": ""})),
        );
        assert_eq!(
            auth,
            Auth::OAuth2 {
                access_token: Secret::new("t"),
                add_token_to: TokenPlacement::QueryParams,
                header_prefix: Some(String::new()),
                token_type: "bearer".into(),
            }
        );
        let auth = Auth::from_postman("apikey", &map(json!({"key": "k", "value": "v"})));
        assert!(matches!(
            auth,
            Auth::ApiKey {
                placement: ApiKeyIn::Header,
                ..
            }
        ));
        let Auth::OAuth1(p) = Auth::from_postman(
            "oauth1",
            &map(
                json!({"addParamsToHeader": true, "addEmptyParamsToSign": "true", "includeBodyHash": false}),
            ),
        ) else {
            panic!("oauth1 expected");
        };
        assert!(p.add_params_to_header && p.add_empty_params_to_sign && !p.include_body_hash);
    }

    #[test]
    fn inheritance_picks_nearest_defined_level() {
        // request inherits, folder has bearer, collection has basic
        assert_eq!(
            effective_level([None, Some("bearer"), Some("basic")]),
            Some(1)
        );
        // noauth on the request stops inheritance
        assert_eq!(effective_level([Some("noauth"), Some("basic")]), Some(0));
        assert_eq!(
            effective_level([Some("inherit"), None, Some("basic")]),
            Some(2)
        );
        assert_eq!(effective_level([None, None]), None);
    }

    #[test]
    fn body_mode_inference() {
        let r = req(
            "POST",
            "http://h/",
            &[(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )],
            Some("a=b"),
        );
        assert_eq!(BodyMode::infer(&r), BodyMode::UrlEncoded);
        let r = req(
            "POST",
            "http://h/",
            &[("Content-Type", "multipart/form-data; boundary=x")],
            Some("--x"),
        );
        assert_eq!(BodyMode::infer(&r), BodyMode::FormData);
        let r = req("POST", "http://h/", &[], Some("{}"));
        assert_eq!(BodyMode::infer(&r), BodyMode::Raw);
        let r = req("GET", "http://h/", &[], None);
        assert_eq!(BodyMode::infer(&r), BodyMode::None);
    }

    #[test]
    fn system_clock_nonces_have_length_and_alphabet_and_differ() {
        let c = SystemClock::default();
        let a = c.nonce(11);
        let b = c.nonce(11);
        assert_eq!(a.len(), 11);
        assert!(a.chars().all(|ch| ch.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        assert!(c.now_unix() > 1_600_000_000);
    }
}
