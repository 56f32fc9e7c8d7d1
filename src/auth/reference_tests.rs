//! Vectors produced by running postman-runtime 7.56.1's own authorizers (Node, fixed clock and
//! nonces) on the inputs below; each checks the complete request Postman would send.

use super::testutil::{FixedClock, req};
use super::{Auth, BodyMode, apply_with_mode};
use serde_json::{Value, json};

const CLOCK: FixedClock = FixedClock {
    now: 1_440_938_160,
    nonce: "cnonce12345",
};

fn auth(kind: &str, v: Value) -> Auth {
    Auth::from_postman(kind, v.as_object().unwrap_or(&serde_json::Map::new()))
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn oauth1_hmac_sha256_in_query_with_reencoded_query() {
    let a = auth(
        "oauth1",
        json!({"consumerKey": "ck", "consumerSecret": "cs&x", "token": "tk", "tokenSecret": "ts",
               "signatureMethod": "HMAC-SHA256", "timestamp": "1700000000", "nonce": "abcXYZ",
               "version": "1.0", "addParamsToHeader": false, "addEmptyParamsToSign": false}),
    );
    let mut r = req(
        "GET",
        "https://api.example.com:443/v1/a%20b/res?q=hello%20world&x=(1)&plus=a+b&flag&oauth_nonce=old",
        &[("Accept", "*/*")],
        None,
    );
    apply_with_mode(&a, &mut r, BodyMode::None, &CLOCK).unwrap();
    assert_eq!(
        r.url,
        "https://api.example.com:443/v1/a%20b/res?q=hello%20world&x=%281%29&plus=a%20b&flag&oauth_consumer_key=ck&oauth_token=tk&oauth_signature_method=HMAC-SHA256&oauth_timestamp=1700000000&oauth_nonce=abcXYZ&oauth_version=1.0&oauth_signature=Kg6YEZqlpD4pLBQu%2F5fV2Aqu4Ts0SLKNn7lYU26l2bc%3D"
    );
    assert_eq!(r.headers, pairs(&[("Accept", "*/*")]));
}

#[test]
fn oauth1_hmac_sha512_header_with_body_params_realm_callback_verifier() {
    let a = auth(
        "oauth1",
        json!({"consumerKey": "ck", "consumerSecret": "cs", "token": "", "tokenSecret": "",
               "signatureMethod": "HMAC-SHA512", "timestamp": "1700000000", "nonce": "n1",
               "version": "1.0", "realm": "my realm", "addParamsToHeader": true,
               "addEmptyParamsToSign": true, "callback": "http://localhost/cb", "verifier": "v"}),
    );
    let mut r = req(
        "POST",
        "http://example.com:8080/p?z=1&a=2",
        &[("Authorization", "x")],
        Some("name=J%20S&e=a%40b.c"),
    );
    apply_with_mode(&a, &mut r, BodyMode::UrlEncoded, &CLOCK).unwrap();
    assert_eq!(
        r.headers,
        pairs(&[(
            "Authorization",
            "OAuth realm=\"my%20realm\",oauth_consumer_key=\"ck\",oauth_signature_method=\"HMAC-SHA512\",oauth_timestamp=\"1700000000\",oauth_nonce=\"n1\",oauth_version=\"1.0\",oauth_callback=\"http%3A%2F%2Flocalhost%2Fcb\",oauth_verifier=\"v\",oauth_signature=\"Qak2vEfZKBnt8wxSlurN%2BpkN0oRvGNqkg16UlTPvSpn4buSWsunrmIp7Pln9bW7QPEv5xB687LI0Fy0x%2F1SyXg%3D%3D\""
        )])
    );
    assert_eq!(r.body.as_deref(), Some(&b"name=J%20S&e=a%40b.c"[..]));
}

#[test]
fn awsv4_execute_api_with_session_token_and_odd_path() {
    let a = auth(
        "awsv4",
        json!({"accessKey": "AKID", "secretKey": "secret", "region": "eu-west-1",
               "service": "execute-api", "sessionToken": "sess"}),
    );
    let mut r = req(
        "POST",
        "https://abc.execute-api.eu-west-1.amazonaws.com/prod/items//x/../y?b=2&a=1&a=0&c",
        &[
            ("Content-Type", "application/json"),
            ("X-Custom", "  a   b "),
            ("User-Agent", "ua"),
        ],
        Some("{\"k\":\"v\"}"),
    );
    apply_with_mode(&a, &mut r, BodyMode::Raw, &CLOCK).unwrap();
    assert_eq!(
        r.headers,
        pairs(&[
            ("Content-Type", "application/json"),
            ("X-Custom", "  a   b "),
            ("User-Agent", "ua"),
            (
                "X-Amz-Content-Sha256",
                "666c1aa02e8068c6d5cc1d3295009432c16790bec28ec8ce119d0d1a18d61319"
            ),
            ("Host", "abc.execute-api.eu-west-1.amazonaws.com"),
            ("X-Amz-Security-Token", "sess"),
            ("X-Amz-Date", "20150830T123600Z"),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20150830/eu-west-1/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-custom, Signature=1db84a2a014c0451f5fcdb88f8965f55fdf913a425c0ff3de0522d195e16c357"
            ),
        ])
    );
}

#[test]
fn digest_sha512_256_sess_auth_int_and_md5_auth_int_urlencoded() {
    let a = auth(
        "digest",
        json!({"username": "u", "password": "p", "realm": "r", "nonce": "n",
               "algorithm": "SHA-512-256-sess", "qop": "auth-int", "nonceCount": "00000002", "clientNonce": "cn"}),
    );
    let mut r = req("POST", "http://h/a", &[], Some("body!"));
    apply_with_mode(&a, &mut r, BodyMode::Raw, &CLOCK).unwrap();
    assert_eq!(
        r.headers,
        pairs(&[(
            "Authorization",
            "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/a\", algorithm=\"SHA-512-256-sess\", qop=auth-int, nc=00000002, cnonce=\"cn\", response=\"de610628b2583c80d1fd77dd3edf536319c6be2c9f88b40d249ddbdc20ac5e95\""
        )])
    );
    let a = auth(
        "digest",
        json!({"username": "u", "password": "p", "realm": "r", "nonce": "n", "qop": "auth-int",
               "nonceCount": "00000001", "clientNonce": "c"}),
    );
    let mut r = req("POST", "http://h/f", &[], Some("a=b%20c"));
    apply_with_mode(&a, &mut r, BodyMode::UrlEncoded, &CLOCK).unwrap();
    assert_eq!(
        r.headers,
        pairs(&[(
            "Authorization",
            "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/f\", algorithm=\"MD5\", qop=auth-int, nc=00000001, cnonce=\"c\", response=\"bf8f33e0f123140bf2ba8e32b267a45d\""
        )])
    );
}

#[test]
fn apikey_query_encoding() {
    let a = auth(
        "apikey",
        json!({"key": "api key", "value": "v&1=2 ü", "in": "query"}),
    );
    let mut r = req("GET", "http://h/?a=1", &[], None);
    apply_with_mode(&a, &mut r, BodyMode::None, &CLOCK).unwrap();
    assert_eq!(r.url, "http://h/?a=1&api%20key=v%261=2%20%C3%BC");
}
