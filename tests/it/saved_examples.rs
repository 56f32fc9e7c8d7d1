//! Issue 14 (2): saved examples as documented responses. `conform run --examples` checks each
//! response's status, content type and JSON body against its request's saved examples (v3
//! `*.example.yaml` and v2.1 `response[]`); `conform schema infer` takes them directly.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::json;
use std::path::Path;

const CHECK: &str = "response matches the saved examples";

fn tree(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn example(status: u16, ct: &str, body: &str) -> String {
    format!(
        "$kind: http-example\nresponse:\n  statusCode: {status}\n  statusText: S\n  headers:\n    - key: Content-Type\n      value: '{ct}'\n  body:\n    type: json\n    content: '{body}'\n"
    )
}

fn api(root: &Path) {
    let ok = example(200, "application/json", r#"{"id": 1, "name": "a"}"#);
    let gone = example(404, "application/json", r#"{"error": "not found"}"#);
    tree(
        root,
        &[
            (
                ".resources/definition.yaml",
                "$kind: collection\nname: Api\n",
            ),
            (
                "good.request.yaml",
                "$kind: http-request\nurl: '{{b}}/good'\norder: 1\n",
            ),
            (".resources/good.resources/examples/ok.example.yaml", &ok),
            (
                ".resources/good.resources/examples/gone.example.yaml",
                &gone,
            ),
            (
                "wrong-type.request.yaml",
                "$kind: http-request\nurl: '{{b}}/wrong-type'\norder: 2\n",
            ),
            (
                ".resources/wrong-type.resources/examples/ok.example.yaml",
                &ok,
            ),
            (
                "wrong-status.request.yaml",
                "$kind: http-request\nurl: '{{b}}/wrong-status'\norder: 3\n",
            ),
            (
                ".resources/wrong-status.resources/examples/ok.example.yaml",
                &ok,
            ),
            (
                "wrong-ct.request.yaml",
                "$kind: http-request\nurl: '{{b}}/wrong-ct'\norder: 4\n",
            ),
            (
                ".resources/wrong-ct.resources/examples/ok.example.yaml",
                &ok,
            ),
            (
                "no-examples.request.yaml",
                "$kind: http-request\nurl: '{{b}}/none'\norder: 5\n",
            ),
        ],
    );
}

fn routes() -> Routes {
    Routes::new()
        .get(
            "/good",
            Reply::json(json!({"id": 7, "name": "b", "extra": true})),
        )
        .get(
            "/wrong-type",
            Reply::json(json!({"id": "seven", "name": "b"})),
        )
        .get("/wrong-status", Reply::text(500, "{\"id\": 1}"))
        .get(
            "/wrong-ct",
            Reply::text(200, "{\"id\": 1, \"name\": \"a\"}"),
        )
        .get("/none", Reply::json(json!({})))
}

#[test]
fn run_examples_checks_status_content_type_and_body_of_v3_examples() {
    let server = TestServer::start_blocking(routes());
    let dir = tempfile::tempdir().unwrap();
    api(&dir.path().join("api"));
    let b = format!("b={}", server.url());
    let run = conform(dir.path(), &["run", "api", "--env-var", &b, "--examples"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "Api::good"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "Api::no-examples"), Some("ok"), "{run:?}");
    for name in ["wrong-type", "wrong-status", "wrong-ct"] {
        assert_eq!(
            status_of(&run, &format!("Api::{name}")),
            Some("FAILED"),
            "{name}: {run:?}"
        );
    }
    assert!(run.stdout.contains(CHECK), "{run:?}");
    assert!(
        run.stdout.contains("/id: \"seven\" is not of type"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("status 500 is not among the saved examples' statuses (200)"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("content type 'text/plain' differs"),
        "{run:?}"
    );
    // Reports carry the verdict like any other check.
    let report = std::fs::read_to_string(dir.path().join("reports/report.json")).unwrap();
    assert!(report.contains(CHECK), "{report}");

    // Without the flag nothing is checked against the examples (wrong-status is still a 5xx).
    let run = conform(dir.path(), &["run", "api", "--env-var", &b]);
    assert!(!run.stdout.contains(CHECK), "{run:?}");
    assert_eq!(status_of(&run, "Api::wrong-type"), Some("ok"), "{run:?}");
}

#[test]
fn run_examples_reads_v2_1_response_examples_too() {
    let server = TestServer::start_blocking(routes());
    let ex = |code: u16, body: &str| {
        json!({"name": format!("ex {code}"), "code": code, "status": "S",
               "header": [{"key": "Content-Type", "value": "application/json"}], "body": body})
    };
    let coll = collection(
        "V2",
        json!([
            {"name": "good", "request": {"method": "GET", "url": "{{b}}/good"}, "response": [ex(200, r#"{"id": 1}"#)]},
            {"name": "wrong-type", "request": {"method": "GET", "url": "{{b}}/wrong-type"}, "response": [ex(200, r#"{"id": 1}"#)]}
        ]),
    );
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "v2.postman_collection.json", &coll);
    let b = format!("b={}", server.url());
    let run = conform(
        dir.path(),
        &[
            "run",
            "v2.postman_collection.json",
            "--env-var",
            &b,
            "--examples",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "V2::good"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "V2::wrong-type"), Some("FAILED"), "{run:?}");
    assert!(run.stdout.contains("example 'ex 200'"), "{run:?}");
}

#[test]
fn schema_infer_takes_v3_examples_and_v2_1_response_examples() {
    let dir = tempfile::tempdir().unwrap();
    api(&dir.path().join("api"));
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(name)).unwrap()).unwrap()
    };
    // One example file.
    let run = conform(
        dir.path(),
        &[
            "schema",
            "infer",
            "api/.resources/good.resources/examples/ok.example.yaml",
            "--out",
            "one.json",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let s = read("one.json");
    assert_eq!(s["properties"]["id"]["type"], "integer");
    assert_eq!(s["required"], json!(["id", "name"]));
    // A request's examples answer 200 and 404: a status must be chosen.
    let run = conform(
        dir.path(),
        &[
            "schema",
            "infer",
            "api/good.request.yaml",
            "--out",
            "r.json",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("statuses 200, 404: choose one with --status"),
        "{run:?}"
    );
    let run = conform(
        dir.path(),
        &[
            "schema",
            "infer",
            "api/good.request.yaml",
            "--status",
            "404",
            "--out",
            "r.json",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(read("r.json")["required"], json!(["error"]));
    // The v3 collection folder and its v2.1 export, by request name.
    let conv = conform(
        dir.path(),
        &["convert", "api", "--to", "v2.1", "--out", "api.json"],
    );
    assert_eq!(conv.code, 0, "{conv:?}");
    for input in ["api", "api.json"] {
        let run = conform(
            dir.path(),
            &[
                "schema",
                "infer",
                input,
                "--request",
                "good",
                "--status",
                "200",
                "--out",
                "c.json",
            ],
        );
        assert_eq!(run.code, 0, "{input}: {run:?}");
        assert_eq!(read("c.json")["required"], json!(["id", "name"]), "{input}");
    }
    let run = conform(
        dir.path(),
        &["schema", "infer", "api.json", "--out", "c.json"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("name the request"), "{run:?}");
    let run = conform(
        dir.path(),
        &[
            "schema",
            "infer",
            "api.json",
            "--request",
            "nope",
            "--out",
            "c.json",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no request named 'nope'"), "{run:?}");
    // Plain JSON bodies still work.
    std::fs::write(dir.path().join("b.json"), "{\"k\": 1}").unwrap();
    let run = conform(
        dir.path(),
        &["schema", "infer", "b.json", "--out", "p.json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(read("p.json")["required"], json!(["k"]));
}
