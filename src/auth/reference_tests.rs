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

/// postman-runtime 7.x's jwt authorizer (jose) on the same inputs; HS and RS are deterministic.
#[test]
fn jwt_tokens_as_postman_builds_them() {
    let a = auth(
        "jwt",
        json!({"algorithm": "HS256", "secret": "your-256-bit-secret",
               "header": "{\"typ\":\"JWT\",\"kid\":\"k1\"}",
               "payload": "{\"sub\":\"1234567890\",\"name\":\"J\u{00f6}hn\",\"iat\":1516239022}"}),
    );
    let mut r = req("GET", "http://h/x", &[("authorization", "old")], None);
    apply_with_mode(&a, &mut r, BodyMode::None, &CLOCK).unwrap();
    assert_eq!(
        r.headers,
        pairs(&[(
            "Authorization",
            "Bearer eyJ0eXAiOiJKV1QiLCJraWQiOiJrMSIsImFsZyI6IkhTMjU2In0.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkrDtmhuIiwiaWF0IjoxNTE2MjM5MDIyfQ.RWzuNycBQrOCgA-Hcm4pcC3bMRHfdvrojicVBYkmmTs"
        )])
    );

    let a = auth(
        "jwt",
        json!({"algorithm": "HS512", "secret": "c2VjcmV0LWtleQ==", "isSecretBase64Encoded": true,
               "header": "{\"alg\":\"none\",\"typ\":\"JWT\"}", "payload": "",
               "addTokenTo": "queryParam", "queryParamKey": "jwt"}),
    );
    let mut r = req("GET", "http://h/x?jwt=old&a=1", &[], None);
    apply_with_mode(&a, &mut r, BodyMode::None, &CLOCK).unwrap();
    assert_eq!(
        r.url,
        "http://h/x?a=1&jwt=eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.e30.LFvhaQBTfBkl1LkYVaWu3ZgBQo8fF2eGM0Pstpl7mp01XThCRy_rkUoHco4raE2NAcEgCnhxYV0T7TDtm07sEA"
    );

    let a = auth(
        "jwt",
        json!({"algorithm": "RS256", "privateKey": include_str!("testdata/rsa.pem"), "header": "",
               "payload": "{\"a\":[1,2,{\"b\":null}]}", "headerPrefix": "JWT"}),
    );
    let mut r = req("GET", "http://h/x", &[], None);
    apply_with_mode(&a, &mut r, BodyMode::None, &CLOCK).unwrap();
    assert_eq!(
        r.headers,
        pairs(&[(
            "Authorization",
            "JWT eyJhbGciOiJSUzI1NiJ9.eyJhIjpbMSwyLHsiYiI6bnVsbH1dfQ.UWJ62A5CwzBOaCe-0xcey6aNFkoIy22EEki3EVJGniWwO2Inu2X50mEzVIstNHFEf-Sn9JKPJ9ulDawxNl-9Y3n0Zsz8KYE_yYEqLw23XfvBSIReloqH9fftpQ1SrwlIftpL5BrNlFOFecxIg_kyqzqakzIGUw0a928ohf079IdAbWc5fTH86gzRqpnSAvS9lUCdY3znoVRPMcU_DZ6S4Ny_0FvPlg722sSM0n38lUX5406puw4F-p-XZdWMYbBh-BoVbnmtWbFJiwVh5Fji7Bzha5wiMGp8LWyP-8HKM8APDs_38Jjxr0ClLB6NA5C3SiJQBNHLp1lVorFp2EewyA"
        )])
    );

    for (params, message) in [
        (
            json!({"algorithm": "HS100", "secret": "s"}),
            "jwt auth: invalid algorithm",
        ),
        (
            json!({"algorithm": "HS256"}),
            "jwt auth: Invalid secret key. Enter a valid key.",
        ),
        (
            json!({"algorithm": "ES256"}),
            "jwt auth: Invalid private key. Enter a valid key.",
        ),
        (
            json!({"algorithm": "HS256", "secret": "s", "payload": "[1]"}),
            "jwt auth: the payload must be a JSON object",
        ),
        (
            json!({"algorithm": "RS256", "privateKey": "not a key"}),
            "jwt auth: the private key is not a PEM-encoded RSA key",
        ),
    ] {
        let mut r = req("GET", "http://h/x", &[], None);
        let got = apply_with_mode(&auth("jwt", params), &mut r, BodyMode::None, &CLOCK);
        assert_eq!(got.map_err(|e| e.to_string()), Err(message.to_string()));
    }
}

/// postman-runtime's asap authorizer with the time-dependent claims fixed by the collection.
#[test]
fn asap_token_as_postman_builds_it() {
    let a = auth(
        "asap",
        json!({"alg": "RS256", "kid": "k/1", "iss": "svc", "aud": "other",
               "privateKey": include_str!("testdata/rsa.pem"),
               "claims": "{\"jti\":\"fixed-jti\",\"iat\":1700000000,\"exp\":1700003600,\"extra\":\"x\"}"}),
    );
    let mut r = req("GET", "http://h/x", &[], None);
    apply_with_mode(&a, &mut r, BodyMode::None, &CLOCK).unwrap();
    assert_eq!(
        r.headers,
        pairs(&[(
            "Authorization",
            "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImsvMSJ9.eyJqdGkiOiJmaXhlZC1qdGkiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMCwiZXh0cmEiOiJ4IiwiaXNzIjoic3ZjIiwic3ViIjoic3ZjIiwiYXVkIjoib3RoZXIifQ.XrSYdA48deVM-aFxOGXolFhVTXj_tgrLRuLr1cXcJs3VbK3M5Zp8qL7Nwvs3CpsB3vf6FVcLljpOCjAkHiTlGVkmGpjyU5dZUgst0MqBIbOhKIz1BChkvHL8zDDiDLJ--4mBUwyW9ZwQPz7N-j_6zj0p1ZU00GIUsPzOZ5KR07WPZKifkClwjk8i7I2pm12MnfeOg-9iQzgNCUgV0TBnoH56EcL5orPcLOOKimmhTw3nvCEZug8L3gX6ZO25RuYDtbKD4Di9tv2FVn5rcFEw0CWpIoYZN76_qVqcyr02uBMhPZXnyDk_01LNn8P-K_6qKV5prJfhWCiRRz8edqT90A"
        )])
    );
    // Without the time claims, iat is now and exp an hour later; the key may be a data URI.
    let der = {
        use base64::Engine;
        let pem = include_str!("testdata/rsa.pem");
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap()
    };
    let uri = {
        use base64::Engine;
        format!(
            "data:application/pkcs8;kid=k1;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(der)
        )
    };
    let a = auth(
        "asap",
        json!({"kid": "k1", "iss": "svc", "aud": "other", "privateKey": uri}),
    );
    let mut r = req("GET", "http://h/x", &[], None);
    apply_with_mode(&a, &mut r, BodyMode::None, &CLOCK).unwrap();
    let token = r.headers[0].1.strip_prefix("Bearer ").unwrap().to_string();
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = {
        use base64::Engine;
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(claims["iat"], 1_440_938_160);
    assert_eq!(claims["exp"], 1_440_938_160 + 3600);
    assert_eq!(claims["sub"], "svc");
    let a = auth(
        "asap",
        json!({"kid": "other", "iss": "svc", "aud": "a", "privateKey": "data:application/pkcs8;kid=k1;base64,AAAA"}),
    );
    let err = apply_with_mode(
        &a,
        &mut req("GET", "http://h/", &[], None),
        BodyMode::None,
        &CLOCK,
    )
    .unwrap_err();
    assert!(err.to_string().contains("does not match"), "{err}");
    let a = auth("asap", json!({"kid": "k", "aud": "a", "privateKey": "x"}));
    let err = apply_with_mode(
        &a,
        &mut req("GET", "http://h/", &[], None),
        BodyMode::None,
        &CLOCK,
    )
    .unwrap_err();
    assert!(err.to_string().contains("required claims missing"), "{err}");
}
