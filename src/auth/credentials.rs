//! Which values of a configured auth are credentials: everything the redactor must mask and
//! a redirect must not carry to another origin, whether typed into the auth block or resolved
//! from a variable.

use super::url::rfc3986;
use super::{Auth, Secret};
use base64::Engine as _;

impl Auth {
    /// Every credential this auth puts on the wire or derives from (empty ones left out).
    pub fn secrets(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: &Secret| out.push(s.expose().to_string());
        match self {
            Auth::NoAuth | Auth::Unsupported(_) => {}
            Auth::Bearer { token } => push(token),
            Auth::Basic { username, password } => {
                push(password);
                // The header's whole credential, as a server echoing it would show it.
                let pair = format!("{username}:{}", password.expose());
                out.push(base64::engine::general_purpose::STANDARD.encode(pair));
            }
            Auth::ApiKey { value, .. } => push(value),
            Auth::OAuth2 { access_token, .. } => push(access_token),
            Auth::Digest(p) => push(&p.password),
            Auth::Ntlm(p) => push(&p.password),
            Auth::OAuth1(p) => {
                push(&p.consumer_secret);
                push(&p.token_secret);
                push(&p.private_key);
                out.extend(p.token.clone());
                // PLAINTEXT's signature is the signing key itself.
                out.push(format!(
                    "{}&{}",
                    rfc3986(p.consumer_secret.expose()),
                    rfc3986(p.token_secret.expose())
                ));
            }
            Auth::AwsV4(p) => {
                push(&p.secret_key);
                push(&p.session_token);
            }
            Auth::Hawk(p) => push(&p.auth_key),
            Auth::Jwt(p) => {
                push(&p.secret);
                push(&p.private_key);
            }
            Auth::Asap(p) => push(&p.private_key),
            Auth::EdgeGrid(p) => {
                push(&p.client_secret);
                out.push(p.access_token.clone());
                out.push(p.client_token.clone());
            }
        }
        out.retain(|s| !s.trim().is_empty() && s != "&");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn auth(kind: &str, params: serde_json::Value) -> Auth {
        Auth::from_postman(kind, params.as_object().unwrap())
    }

    #[test]
    fn every_credential_field_is_a_secret() {
        let cases = [
            (auth("bearer", json!({"token": "tok-1"})), vec!["tok-1"]),
            (
                auth("basic", json!({"username": "u", "password": "pw-2"})),
                vec!["pw-2", "dTpwdy0y"],
            ),
            (
                auth(
                    "apikey",
                    json!({"key": "X-Key", "value": "key-3", "in": "query"}),
                ),
                vec!["key-3"],
            ),
            (auth("oauth2", json!({"accessToken": "at-4"})), vec!["at-4"]),
            (
                auth("digest", json!({"username": "u", "password": "dg-5"})),
                vec!["dg-5"],
            ),
            (
                auth(
                    "oauth1",
                    json!({"consumerKey": "ck", "consumerSecret": "c s", "token": "ot-6",
                           "tokenSecret": "ts-6", "signatureMethod": "PLAINTEXT"}),
                ),
                vec!["c s", "ts-6", "ot-6", "c%20s&ts-6"],
            ),
            (
                auth(
                    "awsv4",
                    json!({"accessKey": "AKID", "secretKey": "sk-7", "sessionToken": "st-7"}),
                ),
                vec!["sk-7", "st-7"],
            ),
        ];
        for (auth, expected) in cases {
            let got = auth.secrets();
            for e in expected {
                assert!(got.iter().any(|g| g == e), "{e} missing from {got:?}");
            }
            assert!(!got.iter().any(|g| g == "AKID" || g == "ck" || g == "u"));
        }
    }
}
