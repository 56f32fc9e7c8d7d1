//! Issue 11, point 7: the signed auth types Newman supports, each against a local server that
//! verifies the signature independently and answers 401 when it does not hold. A collection
//! with a wrong key is refused, so conform's signing is really what is being checked.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};

fn v21(kind: &str, params: Value) -> Value {
    let rows: Vec<Value> = params
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| json!({"key": k, "value": v, "type": "string"}))
        .collect();
    json!({"type": kind, kind: rows})
}

/// A request with this auth and a test that wants a 200.
fn signed(name: &str, method: &str, url: String, auth: Value, body: Option<&str>) -> Value {
    let mut req = json!({"method": method, "url": url, "auth": auth});
    if let Some(b) = body {
        req["body"] = json!({"mode": "raw", "raw": b});
        req["header"] = json!([{"key": "Content-Type", "value": "text/plain; charset=utf-8"}]);
    }
    json!({
        "name": name,
        "request": req,
        "event": [{"listen": "test", "script": {"exec": [
            "pm.test('accepted', function () { pm.response.to.have.status(200); });"
        ]}}]
    })
}

fn run_items_in_tempdir(items: Value) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items),
    );
    conform(dir.path(), &["run", "c.postman_collection.json"])
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `k="v", k2="v2"` after the scheme word.
fn auth_params(value: &str) -> Vec<(String, String)> {
    let rest = value.split_once(' ').map_or("", |(_, r)| r);
    let mut out = Vec::new();
    let mut s = rest;
    while let Some(eq) = s.find("=\"") {
        let key = s[..eq].trim().trim_start_matches(',').trim().to_string();
        let after = &s[eq + 2..];
        let mut value = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, n)) = chars.next() {
                        value.push(n);
                    }
                }
                '"' => {
                    end = i + 1;
                    break;
                }
                c => value.push(c),
            }
        }
        out.push((key, value));
        s = &after[end..];
    }
    out
}

/// A Hawk server: recomputes the MAC (and the payload hash when sent) with its own key.
fn hawk_server(id: &'static str, key: &'static str) -> Reply {
    Reply::func(move |rec: &Recorded| {
        let Some(h) = rec
            .header("authorization")
            .filter(|h| h.starts_with("Hawk "))
        else {
            return Reply::text(401, "no Hawk header");
        };
        let p = auth_params(h);
        let get = |k: &str| p.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if get("id").as_deref() != Some(id) {
            return Reply::text(401, "unknown id");
        }
        let host = rec.header("host").unwrap_or("");
        let (hostname, port) = host.rsplit_once(':').unwrap_or((host, "80"));
        if let Some(hash) = get("hash") {
            let ct = rec.header("content-type").unwrap_or("");
            let media = ct.split(';').next().unwrap_or("").trim().to_lowercase();
            let mut data = format!("hawk.1.payload\n{media}\n").into_bytes();
            data.extend_from_slice(&rec.body);
            data.push(b'\n');
            use sha2::Digest;
            if b64(&sha2::Sha256::digest(&data)) != hash {
                return Reply::text(401, "payload hash mismatch");
            }
        }
        let mut normalized = format!(
            "hawk.1.header\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
            get("ts").unwrap_or_default(),
            get("nonce").unwrap_or_default(),
            rec.method,
            rec.target,
            hostname.to_lowercase(),
            port,
            get("hash").unwrap_or_default(),
            get("ext").unwrap_or_default(),
        );
        if let Some(app) = get("app") {
            normalized.push_str(&format!("{app}\n{}\n", get("dlg").unwrap_or_default()));
        }
        let mut m = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
        m.update(normalized.as_bytes());
        if get("mac") == Some(b64(&m.finalize().into_bytes())) {
            Reply::json(json!({"ok": true}))
        } else {
            Reply::text(401, "bad mac")
        }
    })
}

#[test]
fn hawk_is_signed_as_a_hawk_server_verifies_it() {
    let key = "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn";
    let server =
        TestServer::start_blocking(Routes::new().any("/hawk", hawk_server("dh37fgj492je", key)));
    let u = server.url();
    let good = json!({"authId": "dh37fgj492je", "authKey": key, "algorithm": "sha256",
        "extraData": "some \"ext\"", "app": "a1", "delegation": "d1"});
    let mut with_hash = good.clone();
    with_hash["includePayloadHash"] = json!(true);
    let mut wrong = good.clone();
    wrong["authKey"] = json!("not-the-key");
    let items = json!([
        signed(
            "get",
            "GET",
            format!("{u}/hawk?b=1&a=2"),
            v21("hawk", good),
            None
        ),
        signed(
            "post with payload hash",
            "POST",
            format!("{u}/hawk"),
            v21("hawk", with_hash),
            Some("Thank you for flying Hawk")
        ),
        signed(
            "wrong key",
            "GET",
            format!("{u}/hawk"),
            v21("hawk", wrong),
            None
        ),
    ]);
    let run = run_items_in_tempdir(items);
    assert_eq!(status_of(&run, "c::get"), Some("ok"), "{run:?}");
    assert_eq!(
        status_of(&run, "c::post with payload hash"),
        Some("ok"),
        "{run:?}"
    );
    assert_eq!(status_of(&run, "c::wrong key"), Some("FAILED"), "{run:?}");
    let seen = server.requests();
    assert!(seen[1].header("authorization").unwrap().contains("hash=\""));
    assert!(!run.all().contains(key), "{run:?}");
}

const RSA_KEY: &str = include_str!("../../src/auth/testdata/rsa.pem");
const RSA_PUB: &str = include_str!("../../src/auth/testdata/rsa_pub.pem");
const EC_KEY: &str = include_str!("../../src/auth/testdata/ec256.pem");
const EC_PUB: &str = include_str!("../../src/auth/testdata/ec256_pub.pem");

/// Verifies a compact JWS with the server's own keys; `None` when it does not hold.
fn verify_jws(token: &str, hs_secret: &[u8]) -> Option<Value> {
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::Verifier;
    let b64url = |s: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .ok()
    };
    let mut parts = token.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    let header: Value = serde_json::from_slice(&b64url(h)?).ok()?;
    let input = format!("{h}.{p}");
    let sig = b64url(s)?;
    let ok = match header["alg"].as_str()? {
        "HS256" => {
            let mut m = Hmac::<sha2::Sha256>::new_from_slice(hs_secret).ok()?;
            m.update(input.as_bytes());
            m.verify_slice(&sig).is_ok()
        }
        "RS256" => {
            let key = rsa::RsaPublicKey::from_public_key_pem(RSA_PUB).ok()?;
            let sig = rsa::pkcs1v15::Signature::try_from(sig.as_slice()).ok()?;
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key)
                .verify(input.as_bytes(), &sig)
                .is_ok()
        }
        "PS384" => {
            let key = rsa::RsaPublicKey::from_public_key_pem(RSA_PUB).ok()?;
            let sig = rsa::pss::Signature::try_from(sig.as_slice()).ok()?;
            rsa::pss::VerifyingKey::<sha2::Sha384>::new(key)
                .verify(input.as_bytes(), &sig)
                .is_ok()
        }
        "ES256" => {
            let key = p256::ecdsa::VerifyingKey::from_public_key_pem(EC_PUB).ok()?;
            let sig = p256::ecdsa::Signature::from_slice(&sig).ok()?;
            key.verify(input.as_bytes(), &sig).is_ok()
        }
        _ => false,
    };
    ok.then(|| serde_json::from_slice(&b64url(p)?).ok())?
}

/// Accepts a request whose JWT (Authorization bearer or `token` query parameter) verifies;
/// answers with the claims, so the collection can test them.
fn jwt_server(hs_secret: &'static [u8]) -> Reply {
    Reply::func(move |rec: &Recorded| {
        let from_header = rec
            .header("authorization")
            .and_then(|h| h.split_once(' '))
            .map(|(_, t)| t.to_string());
        let from_query = rec.query().and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("token=").map(str::to_string))
        });
        match from_header
            .or(from_query)
            .and_then(|t| verify_jws(&t, hs_secret))
        {
            Some(claims) => Reply::json(claims),
            None => Reply::text(401, "signature does not verify"),
        }
    })
}

#[test]
fn jwt_and_asap_tokens_verify_at_the_server() {
    let server = TestServer::start_blocking(Routes::new().any("/jwt", jwt_server(b"s3cret-hs")));
    let u = server.url();
    let jwt = |params: Value| v21("jwt", params);
    let items = json!([
        signed(
            "hs256",
            "GET",
            format!("{u}/jwt"),
            jwt(
                json!({"algorithm": "HS256", "secret": "s3cret-hs", "payload": "{\"sub\":\"me\"}"})
            ),
            None
        ),
        signed(
            "rs256 in query",
            "GET",
            format!("{u}/jwt?x=1"),
            jwt(
                json!({"algorithm": "RS256", "privateKey": RSA_KEY, "payload": "{\"n\":1}", "addTokenTo": "queryParam"})
            ),
            None
        ),
        signed(
            "es256",
            "GET",
            format!("{u}/jwt"),
            jwt(json!({"algorithm": "ES256", "privateKey": EC_KEY, "headerPrefix": "JWT"})),
            None
        ),
        signed(
            "asap",
            "GET",
            format!("{u}/jwt"),
            v21(
                "asap",
                json!({"alg": "PS384", "kid": "k1", "iss": "svc", "aud": "api", "privateKey": RSA_KEY})
            ),
            None
        ),
        signed(
            "wrong secret",
            "GET",
            format!("{u}/jwt"),
            jwt(json!({"algorithm": "HS256", "secret": "guess"})),
            None
        ),
    ]);
    let run = run_items_in_tempdir(items);
    for ok in ["hs256", "rs256 in query", "es256", "asap"] {
        assert_eq!(
            status_of(&run, &format!("c::{ok}")),
            Some("ok"),
            "{ok}: {run:?}"
        );
    }
    assert_eq!(
        status_of(&run, "c::wrong secret"),
        Some("FAILED"),
        "{run:?}"
    );
    let seen = server.requests();
    assert!(
        seen[1].target.starts_with("/jwt?x=1&token=ey"),
        "{}",
        seen[1].target
    );
    assert!(
        seen[2]
            .header("authorization")
            .unwrap()
            .starts_with("JWT ey")
    );
    assert!(!run.all().contains("s3cret-hs"), "{run:?}");
}

/// An EdgeGrid server: recomputes EG1-HMAC-SHA256 over what it received (host as sent, the
/// `x-sign-me` header, the POST body hash) with its own client secret.
fn edgegrid_server(secret: &'static str) -> Reply {
    fn hmac_b64(key: &[u8], data: &str) -> String {
        let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        m.update(data.as_bytes());
        b64(&m.finalize().into_bytes())
    }
    Reply::func(move |rec: &Recorded| {
        let Some(h) = rec.header("authorization") else {
            return Reply::text(401, "no header");
        };
        let Some((head, sig)) = h.split_once("signature=") else {
            return Reply::text(401, "no signature");
        };
        let ts = head
            .split(';')
            .find_map(|kv| kv.strip_prefix("timestamp="))
            .unwrap_or("");
        let body_hash = if rec.method == "POST" && !rec.body.is_empty() {
            use sha2::Digest;
            b64(&sha2::Sha256::digest(&rec.body))
        } else {
            String::new()
        };
        let signed_header = rec
            .header("x-sign-me")
            .map(|v| {
                format!(
                    "x-sign-me:{}",
                    v.split_whitespace().collect::<Vec<_>>().join(" ")
                )
            })
            .unwrap_or_default();
        let data = [
            rec.method.as_str(),
            "http",
            rec.header("host").unwrap_or(""),
            rec.target.as_str(),
            &signed_header,
            &body_hash,
            head,
        ]
        .join("\t");
        let key = hmac_b64(secret.as_bytes(), ts);
        if hmac_b64(key.as_bytes(), &data) == sig {
            Reply::json(json!({"ok": true}))
        } else {
            Reply::text(401, "bad signature")
        }
    })
}

#[test]
fn edgegrid_signatures_verify_at_the_server() {
    let secret = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=";
    let server = TestServer::start_blocking(Routes::new().any("/eg", edgegrid_server(secret)));
    let u = server.url();
    let params = json!({"accessToken": "akab-access", "clientToken": "akab-client", "clientSecret": secret,
        "headersToSign": "X-Sign-Me"});
    let mut wrong = params.clone();
    wrong["clientSecret"] = json!("another-secret");
    let mut with_header = signed(
        "signed header",
        "GET",
        format!("{u}/eg?q=1&r=a%20b"),
        v21("edgegrid", params.clone()),
        None,
    );
    with_header["request"]["header"] = json!([{"key": "X-Sign-Me", "value": "  spaced    value "}]);
    let items = json!([
        signed(
            "get",
            "GET",
            format!("{u}/eg?q=1"),
            v21("edgegrid", params.clone()),
            None
        ),
        signed(
            "post",
            "POST",
            format!("{u}/eg"),
            v21("edgegrid", params),
            Some("datadatadata")
        ),
        with_header,
        signed(
            "wrong secret",
            "GET",
            format!("{u}/eg"),
            v21("edgegrid", wrong),
            None
        ),
    ]);
    let run = run_items_in_tempdir(items);
    for ok in ["get", "post", "signed header"] {
        assert_eq!(
            status_of(&run, &format!("c::{ok}")),
            Some("ok"),
            "{ok}: {run:?}"
        );
    }
    assert_eq!(
        status_of(&run, "c::wrong secret"),
        Some("FAILED"),
        "{run:?}"
    );
    assert!(!run.all().contains(secret), "{run:?}");
}
