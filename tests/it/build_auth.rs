//! Issue 2: auth at collection, folder and request level, as Postman sends it, including the
//! digest round trip against a server that really checks the hash.

use crate::common::*;
use crate::support::{Digest, Reply, Routes, TestServer};
use serde_json::json;

fn v21(kind: &str, params: serde_json::Value) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = params
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| json!({"key": k, "value": v, "type": "string"}))
        .collect();
    json!({"type": kind, kind: rows})
}

fn get(name: &str, auth: Option<serde_json::Value>) -> serde_json::Value {
    let mut req = json!({"method": "GET", "url": "http://h/r?x=1"});
    if let Some(a) = auth {
        req["auth"] = a;
    }
    item(name, req)
}

#[test]
fn simple_auth_types_are_placed_as_postman_places_them() {
    let items = json!([
        get("bearer", Some(v21("bearer", json!({"token": "{{tok}}"})))),
        get(
            "basic",
            Some(v21("basic", json!({"username": "ümit", "password": "p:w"})))
        ),
        get(
            "apikey header",
            Some(v21("apikey", json!({"key": "X-Api-Key", "value": "k1"})))
        ),
        get(
            "apikey query",
            Some(v21(
                "apikey",
                json!({"key": "api_key", "value": "k 2", "in": "query"})
            ))
        ),
        get(
            "oauth2",
            Some(v21(
                "oauth2",
                json!({"accessToken": "at-9", "addTokenTo": "header", "headerPrefix": "Token"})
            ))
        ),
        get(
            "oauth2 query",
            Some(v21(
                "oauth2",
                json!({"accessToken": "at-9", "addTokenTo": "queryParams"})
            ))
        )
    ]);
    let (run, seen) = run_items(items, &["--env-var", "tok=T0K"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen[0].header("authorization"), Some("Bearer T0K"));
    // base64("ümit:p:w") with ü as UTF-8.
    assert_eq!(seen[1].header("authorization"), Some("Basic w7xtaXQ6cDp3"));
    assert_eq!(seen[2].header("x-api-key"), Some("k1"));
    assert_eq!(seen[3].target, "/r?x=1&api_key=k%202");
    assert_eq!(seen[4].header("authorization"), Some("Token at-9"));
    assert_eq!(seen[5].target, "/r?x=1&access_token=at-9");
}

#[test]
fn auth_inherits_from_folder_then_collection_and_noauth_stops_it() {
    let mut coll = collection(
        "c",
        json!([
            get("uses collection", None),
            {"name": "folder", "auth": v21("bearer", json!({"token": "folder-token"})), "item": [
                get("uses folder", None),
                get("own wins", Some(v21("basic", json!({"username": "u", "password": "p"})))),
                get("noauth", Some(json!({"type": "noauth"})))
            ]}
        ]),
    );
    coll["auth"] = v21("bearer", json!({"token": "collection-token"}));
    let (run, seen) = run_collection(coll, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let auth: Vec<Option<&str>> = seen.iter().map(|r| r.header("authorization")).collect();
    assert_eq!(
        auth,
        [
            Some("Bearer collection-token"),
            Some("Bearer folder-token"),
            Some("Basic dTpw"),
            None
        ]
    );
}

#[test]
fn digest_auth_answers_the_servers_challenge_md5_and_sha256() {
    for (digest, algorithm) in [
        (Digest::new("Mufasa", "Circle of Life"), "MD5"),
        (Digest::new("Mufasa", "Circle of Life").sha256(), "SHA-256"),
    ] {
        let server = TestServer::start_blocking(
            Routes::new().get("/secure", Reply::DigestChallenge(digest)),
        );
        let dir = tempfile::tempdir().unwrap();
        let coll = collection(
            "c",
            json!([item(
                "digest",
                json!({"method": "GET", "url": "http://h/secure",
            "auth": v21("digest", json!({"username": "Mufasa", "password": "{{pw}}", "algorithm": algorithm}))})
            )]),
        );
        write_json(dir.path(), "c.json", &coll);
        let base = server.url();
        let run = conform(
            dir.path(),
            &[
                "run",
                "c.json",
                "--base-url",
                &base,
                "--env-var",
                "pw=Circle of Life",
            ],
        );
        assert_eq!(run.code, 0, "{algorithm}: {run:?}");
        let seen = server.requests();
        assert_eq!(seen.len(), 2, "one challenge, one answer");
        assert!(
            seen[1]
                .header("authorization")
                .unwrap()
                .starts_with("Digest username=\"Mufasa\"")
        );
        // A wrong password is answered 401 again and fails the check of the run (no 5xx, but the API said no).
        let run = conform(
            dir.path(),
            &[
                "run",
                "c.json",
                "--base-url",
                &base,
                "--env-var",
                "pw=wrong",
            ],
        );
        assert_eq!(
            run.code, 0,
            "a 401 is an answer; checks on it belong to the collection's tests: {run:?}"
        );
        assert_eq!(server.requests().len(), 4);
        assert!(!run.all().contains("Circle of Life"));
    }
}

#[test]
fn oauth1_and_awsv4_sign_the_request() {
    let items = json!([
        item(
            "oauth1",
            json!({"method": "POST", "url": "http://h/photos?size=original",
            "body": {"mode": "urlencoded", "urlencoded": [{"key": "file", "value": "vacation.jpg"}]},
            "auth": v21("oauth1", json!({"consumerKey": "dpf43f3p2l4k3l03", "consumerSecret": "kd94hf93k423kf44",
                "token": "nnch734d00sl2jdk", "tokenSecret": "pfkkdhi9sl3r4s00", "signatureMethod": "HMAC-SHA1",
                "addParamsToHeader": true, "realm": "Photos"}))})
        ),
        item(
            "aws",
            json!({"method": "GET", "url": "http://h/prod/items",
            "auth": v21("awsv4", json!({"accessKey": "AKIDEXAMPLE", "secretKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "region": "ap-south-1", "service": "execute-api", "sessionToken": "sess-tok"}))})
        )
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let oauth = seen[0].header("authorization").unwrap();
    assert!(
        oauth.starts_with("OAuth realm=\"Photos\",oauth_consumer_key=\"dpf43f3p2l4k3l03\""),
        "{oauth}"
    );
    for part in [
        "oauth_signature_method=\"HMAC-SHA1\"",
        "oauth_token=\"nnch734d00sl2jdk\"",
        "oauth_signature=\"",
        "oauth_nonce=\"",
        "oauth_timestamp=\"",
    ] {
        assert!(oauth.contains(part), "{part} in {oauth}");
    }
    let aws = seen[1].header("authorization").unwrap();
    assert!(
        aws.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{aws}"
    );
    assert!(
        aws.contains("/ap-south-1/execute-api/aws4_request, SignedHeaders="),
        "{aws}"
    );
    assert!(seen[1].header("x-amz-date").is_some());
    assert_eq!(seen[1].header("x-amz-security-token"), Some("sess-tok"));
    assert!(!run.all().contains("kd94hf93k423kf44") && !run.all().contains("wJalrXUtnFEMI"));
}

#[test]
fn an_unsupported_auth_type_fails_that_request_and_the_run_goes_on() {
    let items = json!([
        // ntlm is supported now (tests/it/auth_ntlm.rs); kerberos is no Postman type at all.
        get(
            "kerberos",
            Some(v21("kerberos", json!({"username": "x", "password": "y"})))
        ),
        get("fine", None)
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout.contains("auth type 'kerberos' is not supported"),
        "{run:?}"
    );
    assert_eq!(seen.len(), 1);
}
