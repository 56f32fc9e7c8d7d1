//! Issue 18: the shipped contracts say what the docs promise, no more and no less. Each test
//! runs the binary against a server on 127.0.0.1 that answers the response under test and reads
//! the verdict of every trial.

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// One answer under test: the trial `name` sends `method path` and gets `status` + `body`.
struct Case {
    name: String,
    method: String,
    path: String,
    status: u16,
    body: Value,
}

fn case(name: &str, method: &str, path: &str, status: u16, body: Value) -> Case {
    Case {
        name: name.to_string(),
        method: method.to_string(),
        path: path.to_string(),
        status,
        body,
    }
}

/// Runs one collection with a request per case against a server that answers each with its
/// own status and body (picked by an `x-case` header), checked against `schemas`/`extra`.
fn verdicts(cases: &[Case], extra: &[&str]) -> Run {
    let answers: Vec<(u16, Value)> = cases.iter().map(|c| (c.status, c.body.clone())).collect();
    let answers = std::sync::Arc::new(answers);
    let mut routes = Routes::new();
    let mut seen = Vec::new();
    for c in cases {
        if seen.contains(&(&c.method, &c.path)) {
            continue;
        }
        seen.push((&c.method, &c.path));
        let answers = answers.clone();
        routes = routes.route(
            &c.method,
            &c.path,
            Reply::func(move |rec: &Recorded| {
                let i: usize = rec.header("x-case").and_then(|v| v.parse().ok()).unwrap();
                let (status, body) = &answers[i];
                Reply::Json(*status, body.clone())
            }),
        );
    }
    let server = TestServer::start_blocking(routes);
    let items: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            item(
                &c.name,
                json!({"method": c.method, "url": format!("http://api.example{}", c.path),
                       "header": [{"key": "x-case", "value": i.to_string()}]}),
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "c.json", &collection("c", Value::Array(items)));
    let base = server.url();
    let mut args = vec!["run", "c.json", "--base-url", &base];
    args.extend_from_slice(extra);
    let run = conform(dir.path(), &args);
    no_panic(&run);
    assert_eq!(server.requests().len(), cases.len(), "{run:?}");
    run
}

fn shipped() -> PathBuf {
    repo().join("schemas")
}

fn with_shipped(cases: &[Case]) -> Run {
    let schemas = shipped();
    verdicts(cases, &["--schemas", schemas.to_str().unwrap()])
}

fn assert_trial(run: &Run, name: &str, want: &str) {
    assert_eq!(
        status_of(run, &format!("c::{name}")),
        Some(want),
        "{name}: {run:?}"
    );
}

const SECRET_READ: &str = "/iam/v1/entity/secret/read";
const USER_TOKEN: &str = "/iam/v1/user/token/generate";

fn sahamati_error(code: &str, msg: &str) -> Value {
    json!({"ver": "1.0.0", "timestamp": "2024-07-16T11:33:34.509Z",
           "txnId": "f35761ac-4a18-11e8-96ff-0277a9fbfedc", "errorCode": code, "errorMsg": msg})
}

#[test]
fn secret_read_holds_its_200_to_the_documented_fields() {
    let good = json!({"ver": "1.0.0", "timestamp": "2026-01-02T03:04:05.678Z",
        "txnId": "f35761ac-4a18-11e8-96ff-0277a9fbfedc", "entityId": "FIU-SIMULATOR",
        "secret": "s3cr3t", "expiresOn": 1725010763, "expirationDate": "2026-06-30T03:04:05.678"});
    let mut no_secret = good.clone();
    no_secret.as_object_mut().unwrap().remove("secret");
    let cases = [
        case("conforming", "POST", SECRET_READ, 200, good),
        case("empty object", "POST", SECRET_READ, 200, json!({})),
        case(
            "error envelope as 200",
            "POST",
            SECRET_READ,
            200,
            sahamati_error("Unauthorized", "Invalid entity id"),
        ),
        case("no secret", "POST", SECRET_READ, 200, no_secret),
    ];
    let run = with_shipped(&cases);
    assert_trial(&run, "conforming", "ok");
    assert_trial(&run, "empty object", "FAILED");
    assert_trial(&run, "error envelope as 200", "FAILED");
    assert_trial(&run, "no secret", "FAILED");
    assert!(
        run.stdout
            .contains("(root): \"secret\" is a required property"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("body does not conform to post_entity_secret_read.200.json"),
        "{run:?}"
    );
}

#[test]
fn user_token_accepts_the_published_spec_and_seed_000_alike() {
    let spec_shape = json!({"ver": "1.0.0", "timestamp": "2024-07-16T11:33:34.509Z",
        "txnId": "f35761ac-4a18-11e8-96ff-0277a9fbfedc", "accessToken": "a.b.c",
        "expiresIn": 86400, "tokenType": "Bearer"});
    let mut seed_000 = spec_shape.clone();
    for (k, v) in [
        ("refreshExpiresIn", json!(0)),
        ("notBeforePolicy", json!(0)),
        (
            "scope",
            json!("email secret-expiry-ts profile entityMetadata"),
        ),
    ] {
        seed_000[k] = v;
    }
    let mut scope_typed_wrong = seed_000.clone();
    scope_typed_wrong["refreshExpiresIn"] = json!("0");
    let mut no_token_type = spec_shape.clone();
    no_token_type.as_object_mut().unwrap().remove("tokenType");
    let cases = [
        case("spec shape", "POST", USER_TOKEN, 200, spec_shape),
        case("seed 000 shape", "POST", USER_TOKEN, 200, seed_000),
        case(
            "extra field typed wrong",
            "POST",
            USER_TOKEN,
            200,
            scope_typed_wrong,
        ),
        case("no tokenType", "POST", USER_TOKEN, 200, no_token_type),
    ];
    let run = with_shipped(&cases);
    assert_trial(&run, "spec shape", "ok");
    assert_trial(&run, "seed 000 shape", "ok");
    assert_trial(&run, "extra field typed wrong", "FAILED");
    assert_trial(&run, "no tokenType", "FAILED");
    assert!(
        run.stdout
            .contains("/refreshExpiresIn: \"0\" is not of type \"integer\""),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("(root): \"tokenType\" is a required property"),
        "{run:?}"
    );
}

/// The fenced json blocks of a seed page, parsed (those that are valid JSON as printed).
fn seed_json_blocks(name_prefix: &str) -> Vec<Value> {
    let seeds = sahamati_dir().expect("shared inputs").join("../../seeds");
    let file = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(name_prefix))
        })
        .unwrap_or_else(|| panic!("seed {name_prefix} in {}", seeds.display()));
    let text = std::fs::read_to_string(file).unwrap();
    text.split("```json")
        .skip(1)
        .filter_map(|block| serde_json::from_str(block.split("```").next()?).ok())
        .collect()
}

/// A response's example as the spec gives it: its whole examples, else one assembled from its
/// properties' `example`s (through `$ref`s).
fn assemble(schema: &Value, doc: &Value) -> Option<Value> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return assemble(doc.pointer(r.trim_start_matches('#'))?, doc);
    }
    if let Some(e) = schema.get("example") {
        return Some(e.clone());
    }
    let props = schema.get("properties")?.as_object()?;
    let out: Map<String, Value> = props
        .iter()
        .filter_map(|(k, s)| Some((k.clone(), assemble(s, doc)?)))
        .collect();
    (!out.is_empty()).then_some(Value::Object(out))
}

#[test]
fn every_example_of_the_spec_and_the_seeds_passes_the_shipped_contracts() {
    let Some(dir) = sahamati_dir() else {
        panic!("the Sahamati spec is needed: ../shared/reference/sahamati is absent");
    };
    let text = std::fs::read_to_string(dir.join("IAM-Service-Sprint-9.yaml")).unwrap();
    let doc: Value = serde_norway::from_str(&text).unwrap();
    let mut cases = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for (status, resp) in op["responses"].as_object().unwrap() {
                let media = &resp["content"]["application/json"];
                let mut examples: Vec<(String, Value)> = media["examples"]
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(n, e)| (n.clone(), e["value"].clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                if examples.is_empty() {
                    let assembled = assemble(&media["schema"], &doc).unwrap();
                    examples.push(("assembled".into(), assembled));
                }
                for (name, example) in examples {
                    cases.push(case(
                        &format!("spec {method} {path} {status} {name}"),
                        &method.to_ascii_uppercase(),
                        &format!("/iam/v1{path}"),
                        status.parse().unwrap(),
                        example,
                    ));
                }
            }
        }
    }
    assert_eq!(cases.len(), 14, "4 whole examples and 10 assembled ones");
    for (i, example) in seed_json_blocks("000_").into_iter().enumerate() {
        cases.push(case(
            &format!("seed 000 #{i}"),
            "POST",
            USER_TOKEN,
            200,
            example,
        ));
    }
    let seed_003 = seed_json_blocks("003_");
    assert_eq!(seed_003.len(), 1, "seed 003 prints one sample response");
    let access = "/v1/users/5a981078f4442500195c7201/generateaccesstoken";
    cases.push(case("seed 003", "GET", access, 200, seed_003[0].clone()));
    // Seed 002 is not valid JSON as printed: its transcription (schemas/sources/README.md).
    for (file, status) in [
        ("seed-002-login-success.json", 200),
        ("seed-002-login-invalid-password.json", 401),
        ("seed-002-login-invalid-email.json", 401),
    ] {
        let body = read_json(&repo().join("schemas/sources").join(file));
        cases.push(case(file, "POST", "/user/login", status, body));
    }
    let run = with_shipped(&cases);
    for c in &cases {
        assert_trial(&run, &c.name, "ok");
    }
    assert!(
        run.stdout
            .contains("schema coverage: 15 of 16 documented responses exercised"),
        "{run:?}"
    );
}

#[test]
fn an_empty_object_or_an_error_envelope_fails_every_shipped_200_contract() {
    let envelopes = [
        ("empty object", json!({})),
        (
            "sahamati error",
            sahamati_error("Bad Request", "Entity Id is missing in the request"),
        ),
        (
            "login error",
            json!({"responseCode": 405, "responseMessage": "Please provide valid password"}),
        ),
        (
            "bare error",
            json!({"error": "Internal", "message": "oops"}),
        ),
    ];
    let mut cases = Vec::new();
    let mut apis: Vec<PathBuf> = std::fs::read_dir(shipped())
        .unwrap()
        .map(|e| e.unwrap().path().join("index.json"))
        .filter(|p| p.is_file())
        .collect();
    apis.sort();
    for index in apis {
        let index = read_json(&index);
        let base = index["basePaths"][0].as_str().unwrap_or("");
        for entry in index["entries"].as_array().unwrap() {
            if entry["status"] != "200" {
                continue;
            }
            let template = entry["path"].as_str().unwrap();
            let path: Vec<String> = template
                .split('/')
                .map(|s| match s.starts_with('{') {
                    true => "x1".to_string(),
                    false => s.to_string(),
                })
                .collect();
            let path = format!("{base}{}", path.join("/"));
            let method = entry["method"].as_str().unwrap();
            for (what, body) in &envelopes {
                let name = format!("{what} as 200 of {method} {template}");
                cases.push(case(&name, method, &path, 200, body.clone()));
            }
        }
    }
    assert_eq!(
        cases.len(),
        6 * envelopes.len(),
        "six shipped 200 contracts"
    );
    let run = with_shipped(&cases);
    for c in &cases {
        assert_trial(&run, &c.name, "FAILED");
    }
    assert_eq!(
        run.stdout
            .matches("failed: response matches the documented contract")
            .count(),
        cases.len(),
        "{run:?}"
    );
}

/// A spec exercising the rules the shipped contracts do not use: OpenAPI numeric and byte
/// formats, a status documented without content, documented 5xx statuses.
const SPEC: &str = r#"openapi: 3.0.3
info: {title: probes, version: "1"}
paths:
  /numbers:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  small: {type: integer, format: int32}
                  big: {type: integer, format: int64}
                  ratio: {type: number, format: float}
                  blob: {type: string, format: byte}
  /things:
    post:
      responses:
        "201": {description: created, no content documented}
        "503":
          description: maintenance
          content:
            application/json:
              schema: {type: object, required: [retryAfter]}
  /others:
    get:
      responses:
        "200": {description: ok}
        default:
          description: anything else
          content:
            application/json:
              schema: {type: object, required: [error]}
"#;

fn with_spec(cases: &[Case], extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("probes.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let mut args = vec!["--openapi", spec.to_str().unwrap()];
    args.extend_from_slice(extra);
    verdicts(cases, &args)
}

#[test]
fn openapi_numeric_and_byte_formats_are_asserted_with_formats_on() {
    let cases = [
        case(
            "in range",
            "GET",
            "/numbers",
            200,
            json!({"small": 2147483647, "big": 9223372036854775807i64, "ratio": 1.5, "blob": "YWI="}),
        ),
        case(
            "int32 overflow",
            "GET",
            "/numbers",
            200,
            json!({"small": 2147483648u64}),
        ),
        case(
            "int32 underflow",
            "GET",
            "/numbers",
            200,
            json!({"small": -2147483649i64}),
        ),
        case(
            "int64 overflow",
            "GET",
            "/numbers",
            200,
            json!({"big": 9223372036854775808u64}),
        ),
        case(
            "float overflow",
            "GET",
            "/numbers",
            200,
            json!({"ratio": 3.5e38}),
        ),
        case(
            "byte not base64",
            "GET",
            "/numbers",
            200,
            json!({"blob": "not base64!"}),
        ),
    ];
    let run = with_spec(&cases, &[]);
    assert_trial(&run, "in range", "ok");
    for c in &cases[1..] {
        assert_trial(&run, &c.name, "FAILED");
    }
    for message in [
        "/small: 2147483648 is not a \"int32\"",
        "/small: -2147483649 is not a \"int32\"",
        "/big: 9223372036854775808 is not a \"int64\"",
        "/ratio: 3.5e+38 is not a \"float\"",
        "/blob: \"not base64!\" is not a \"byte\"",
    ] {
        assert!(run.stdout.contains(message), "{message}: {run:?}");
    }
    let relaxed = with_spec(&cases, &["--formats", "off"]);
    for c in &cases {
        assert_trial(&relaxed, &c.name, "ok");
    }
}

#[test]
fn a_body_where_the_docs_document_no_content_fails() {
    let cases = [
        case("201 with a body", "POST", "/things", 201, json!({"id": 1})),
        case("200 with a body", "GET", "/others", 200, json!({})),
    ];
    let run = with_spec(&cases, &[]);
    assert_trial(&run, "201 with a body", "FAILED");
    assert_trial(&run, "200 with a body", "FAILED");
    assert!(
        run.stdout.contains(
            "POST /things answered 201 with a 8-byte body (application/json); documented: no content"
        ),
        "{run:?}"
    );
    // Without a body the same statuses pass.
    let server = TestServer::start_blocking(
        Routes::new()
            .post("/things", Reply::status(201))
            .get("/others", Reply::status(200)),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("probes.yaml"), SPEC).unwrap();
    write_json(
        dir.path(),
        "c.json",
        &collection(
            "c",
            json!([
                item(
                    "created",
                    json!({"method": "POST", "url": "http://h/things"})
                ),
                item("fine", json!({"method": "GET", "url": "http://h/others"}))
            ]),
        ),
    );
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--openapi",
            "probes.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_trial(&run, "created", "ok");
    assert_trial(&run, "fine", "ok");
}

#[test]
fn a_documented_5xx_meets_the_contract_and_an_undocumented_one_does_not() {
    let cases = [
        case(
            "documented 503",
            "POST",
            "/things",
            503,
            json!({"retryAfter": 30}),
        ),
        case(
            "documented 503 wrong body",
            "POST",
            "/things",
            503,
            json!({}),
        ),
        case(
            "undocumented 500",
            "POST",
            "/things",
            500,
            json!({"retryAfter": 30}),
        ),
        case(
            "default 500",
            "GET",
            "/others",
            500,
            json!({"error": "down"}),
        ),
    ];
    let run = with_spec(&cases, &[]);
    // Each failure the contract check reports; the documented answers report none.
    let failures = run
        .stdout
        .matches("failed: response matches the documented contract")
        .count();
    assert_eq!(failures, 2, "{run:?}");
    assert!(
        run.stdout
            .contains("(root): \"retryAfter\" is a required property"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("POST /things answered 500; documented: 201, 503"),
        "{run:?}"
    );
}

#[test]
fn strip_path_sends_the_path_without_the_prefix_and_still_matches_the_operation() {
    let token = json!({"ver": "1.0.0", "timestamp": "2024-07-16T11:33:34.509Z",
        "txnId": "f35761ac-4a18-11e8-96ff-0277a9fbfedc", "accessToken": "a.b.c",
        "expiresIn": 86400, "tokenType": "Bearer"});
    let server = TestServer::start_blocking(
        Routes::new()
            .post("/entity/token/generate", Reply::json(token))
            .post(
                "/user/token/generate",
                Reply::json(json!({"expiresIn": "soon"})),
            ),
    );
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "c.json",
        &collection(
            "c",
            json!([
                item(
                    "entity",
                    json!({"method": "POST",
                    "url": "https://api.sandbox.sahamati.org.in/iam/v1/entity/token/generate"})
                ),
                item(
                    "user",
                    json!({"method": "POST",
                    "url": "https://api.sandbox.sahamati.org.in/iam/v1/user/token/generate"})
                ),
            ]),
        ),
    );
    let base = format!("{}/", server.url());
    let schemas = shipped();
    let args = [
        "run",
        "c.json",
        "--base-url",
        &base,
        "--strip-path",
        "/iam/v1",
        "--schemas",
        schemas.to_str().unwrap(),
    ];
    let run = conform(dir.path(), &args);
    let paths: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        paths,
        vec!["/entity/token/generate", "/user/token/generate"],
        "{run:?}"
    );
    assert_trial(&run, "entity", "ok");
    assert_trial(&run, "user", "FAILED");
    assert!(
        run.stdout
            .contains("body does not conform to post_user_token_generate.200.json"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("schema coverage: 2 of 12 documented responses exercised"),
        "{run:?}"
    );

    // --path-map rewrites instead of stripping; a bad prefix is refused before anything is sent.
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--path-map",
            "/iam/v1=/v9",
        ],
    );
    no_panic(&run);
    let last: Vec<String> = server.requests()[2..]
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(
        last,
        vec!["/v9/entity/token/generate", "/v9/user/token/generate"]
    );
    let before = server.requests().len();
    for bad in [
        vec!["--strip-path", "iam/v1"],
        vec!["--path-map", "/iam/v1=v9"],
    ] {
        let mut args = vec!["run", "c.json", "--base-url", &base];
        args.extend(bad);
        let run = conform(dir.path(), &args);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("must"), "{run:?}");
    }
    let local = collection("c", json!([item("r", json!(server.url_for("/iam/v1/x")))]));
    write_json(dir.path(), "local.json", &local);
    let run = conform(
        dir.path(),
        &["run", "local.json", "--strip-path", "/iam/v1"],
    );
    assert_eq!(run.code, 2, "--strip-path needs --base-url: {run:?}");
    assert_eq!(server.requests().len(), before);
}
