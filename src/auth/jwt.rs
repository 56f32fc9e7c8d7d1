//! The two JWT-bearer auth types of Postman: `jwt` (a token built from the collection's header,
//! payload and key, in the Authorization header or a query parameter) and `asap` (Atlassian's
//! service-to-service tokens: iss/sub/aud/jti/iat/exp claims, `kid` header). Token layout as
//! postman-runtime builds it with `jose`: the configured header with `alg` set, the payload
//! as given; signatures from `jws`.

use super::jws::{self, Alg};
use super::url::{query_segments, segment_key, with_query};
use super::{AuthClock, AuthError, Secret, remove_header_ignore_case};
use crate::request::HttpRequest;
use base64::Engine;
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JwtParams {
    pub algorithm: String,
    pub secret: Secret,
    pub secret_base64: bool,
    pub private_key: Secret,
    /// JSON text (an object); `alg` is set over it.
    pub header: String,
    /// JSON text (an object); empty means `{}`.
    pub payload: String,
    /// `header` (default) or `queryParam`.
    pub add_token_to: String,
    /// `None`: `Bearer`; `Some("")`: the bare token.
    pub header_prefix: Option<String>,
    pub query_param_key: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AsapParams {
    pub alg: String,
    pub kid: String,
    pub iss: String,
    pub sub: String,
    pub aud: String,
    /// Lifetime in seconds (default 3600).
    pub exp: String,
    pub private_key: Secret,
    /// JSON text of extra claims (they win over the fields above).
    pub claims: String,
}

fn err(kind: &'static str, message: impl Into<String>) -> AuthError {
    AuthError::Signing {
        kind,
        message: message.into(),
    }
}

/// An object from JSON text; empty text is `empty`'s answer.
fn object(
    kind: &'static str,
    what: &str,
    text: &str,
) -> Result<Option<Map<String, Value>>, AuthError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => Ok(Some(o)),
        Ok(_) => Err(err(kind, format!("the {what} must be a JSON object"))),
        Err(e) => Err(err(kind, format!("the {what} is not valid JSON: {e}"))),
    }
}

/// Node's `Buffer.from(s, 'base64')`: standard or URL-safe alphabet, padding optional,
/// anything else skipped.
fn lenient_base64(s: &str) -> Vec<u8> {
    let cleaned: String = s
        .chars()
        .filter_map(|c| match c {
            '-' => Some('+'),
            '_' => Some('/'),
            c if c.is_ascii_alphanumeric() || c == '+' || c == '/' => Some(c),
            _ => None,
        })
        .collect();
    let usable = cleaned.len() - cleaned.len() % 4
        + if cleaned.len() % 4 >= 2 {
            cleaned.len() % 4
        } else {
            0
        };
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(&cleaned[..usable])
        .unwrap_or_default()
}

pub fn apply_jwt(p: &JwtParams, req: &mut HttpRequest) -> Result<(), AuthError> {
    const KIND: &str = "jwt";
    let alg = Alg::parse(&p.algorithm).ok_or_else(|| err(KIND, "invalid algorithm"))?;
    if alg.is_hmac() && p.secret.is_empty() {
        return Err(err(KIND, "Invalid secret key. Enter a valid key."));
    }
    if !alg.is_hmac() && p.private_key.is_empty() {
        return Err(err(KIND, "Invalid private key. Enter a valid key."));
    }
    let mut header = object(KIND, "header", &p.header)?.unwrap_or_default();
    // `{...header, alg}`: an existing alg keeps its place, a new one goes last.
    header.insert("alg".into(), Value::String(p.algorithm.clone()));
    let payload = object(KIND, "payload", &p.payload)?.unwrap_or_default();
    let secret = if p.secret_base64 {
        lenient_base64(p.secret.expose())
    } else {
        p.secret.expose().as_bytes().to_vec()
    };
    let token = jws::compact(
        alg,
        &Value::Object(header).to_string(),
        &Value::Object(payload).to_string(),
        &secret,
        p.private_key.expose(),
    )
    .map_err(|e| err(KIND, e.to_string()))?;
    match p.add_token_to.as_str() {
        "" | "header" => {
            remove_header_ignore_case(req, "authorization");
            let value = match p.header_prefix.as_deref() {
                None => format!("Bearer {token}"),
                Some("") => token,
                Some(prefix) => format!("{prefix} {token}"),
            };
            req.headers.push(("Authorization".into(), value));
        }
        "queryParam" => {
            let key = if p.query_param_key.is_empty() {
                "token"
            } else {
                p.query_param_key.as_str()
            };
            let mut segs = query_segments(&req.url);
            segs.retain(|s| segment_key(s) != key);
            segs.push(format!("{key}={token}"));
            req.url = with_query(&req.url, &segs);
        }
        // Any other target: Postman adds the token nowhere.
        _ => {}
    }
    Ok(())
}

/// asap's key: quotes and line breaks dropped, percent-decoded, or a
/// `data:application/pkcs8;kid=KID;base64,DER` URI whose kid must match.
fn asap_key(kid: &str, raw: &str) -> Result<String, AuthError> {
    const KIND: &str = "asap";
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let one_line = unquoted.replace('\n', "");
    let decoded = percent_encoding::percent_decode_str(&one_line)
        .decode_utf8()
        .map_err(|_| err(KIND, "Failed to parse private key."))?
        .into_owned();
    let Some(uri) = decoded.strip_prefix("data:") else {
        return Ok(decoded);
    };
    let rest = uri
        .strip_prefix("application/pkcs8;kid=")
        .ok_or_else(|| err(KIND, "Malformed Data URI"))?;
    let (uri_kid, b64) = rest
        .split_once(";base64,")
        .ok_or_else(|| err(KIND, "Malformed Data URI"))?;
    if uri_kid != kid {
        return Err(err(
            KIND,
            "Supplied key id does not match the one included in data uri.",
        ));
    }
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| err(KIND, "Malformed Data URI"))?;
    Ok(jws::der_to_pem(&der))
}

pub fn apply_asap(
    p: &AsapParams,
    req: &mut HttpRequest,
    clock: &dyn AuthClock,
) -> Result<(), AuthError> {
    const KIND: &str = "asap";
    let mut claims = object(KIND, "claims", &p.claims)
        .map_err(|_| err(KIND, "Failed to parse claims"))?
        .unwrap_or_default();
    let claim = |c: &Map<String, Value>, k: &str| -> Option<Value> {
        c.get(k)
            .filter(|v| !matches!(v, Value::Null | Value::Bool(false)) && v.as_str() != Some(""))
            .cloned()
    };
    let param = |s: &str| (!s.is_empty()).then(|| Value::String(s.to_string()));
    let issuer = claim(&claims, "iss").or_else(|| param(&p.iss));
    let subject = claim(&claims, "sub")
        .or_else(|| param(&p.sub))
        .or_else(|| issuer.clone());
    let audience = claim(&claims, "aud").or_else(|| param(&p.aud));
    let jti =
        claim(&claims, "jti").unwrap_or_else(|| Value::String(uuid::Uuid::new_v4().to_string()));
    let now = clock.now_unix();
    let issued_at = claim(&claims, "iat")
        .filter(Value::is_number)
        .unwrap_or(Value::from(now));
    let lifetime = leading_int(&p.exp).filter(|n| *n != 0).unwrap_or(3600);
    let expiry = claim(&claims, "exp")
        .and_then(|v| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => leading_int(&s),
            _ => None,
        })
        .filter(|n| *n != 0)
        .unwrap_or(now + lifetime);
    let kid = claim(&claims, "kid")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| p.kid.clone());
    let (Some(issuer), Some(audience)) = (issuer, audience) else {
        return Err(err(KIND, "One or more of required claims missing"));
    };
    if kid.is_empty() || p.private_key.is_empty() {
        return Err(err(KIND, "One or more of required claims missing"));
    }
    let alg_name = if p.alg.is_empty() {
        "RS256"
    } else {
        p.alg.as_str()
    };
    let alg = Alg::parse(alg_name)
        .filter(|a| !a.is_hmac())
        .ok_or_else(|| err(KIND, "invalid algorithm"))?;
    let key = asap_key(&kid, p.private_key.expose())?;
    // jose sets these after the given claims: existing keys keep their place.
    claims.insert("iat".into(), issued_at);
    claims.insert("iss".into(), issuer);
    if let Some(s) = subject {
        claims.insert("sub".into(), s);
    }
    claims.insert("jti".into(), jti);
    claims.insert("aud".into(), audience);
    claims.insert("exp".into(), Value::from(expiry));
    let header = serde_json::json!({"alg": alg_name, "kid": kid}).to_string();
    let token = jws::compact(alg, &header, &Value::Object(claims).to_string(), &[], &key)
        .map_err(|_| err(KIND, "Failed to sign request with key."))?;
    remove_header_ignore_case(req, "authorization");
    req.headers
        .push(("Authorization".into(), format!("Bearer {token}")));
    Ok(())
}

/// JavaScript's `parseInt(s, 10)`: leading digits after optional space and sign.
fn leading_int(s: &str) -> Option<i64> {
    let t = s.trim_start();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let n: String = digits.chars().take_while(char::is_ascii_digit).collect();
    let v: i64 = n.parse().ok()?;
    Some(if neg { -v } else { v })
}
