//! Issue 14: Postman's v3 YAML collections and environments run like their v2.1 exports, bad v3
//! input is refused before anything is sent, `conform convert` moves between the formats, and
//! the shipped suites exist in both. Issue 11 (6): v1 collections are converted on load.

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};
use serde_json::json;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `files` (relative path, text) under `root`.
fn tree(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn shop(root: &Path) {
    tree(
        root,
        &[
            (
                ".resources/definition.yaml",
                "$kind: collection\nname: Shop\nvariables:\n  - key: who\n    value: world\n\
                 auth:\n  type: bearer\n  credentials:\n    - key: token\n      value: '{{tok}}'\n\
                 scripts:\n  - type: http:beforeRequest\n    code: pm.variables.set('stamp', 's1');\n    language: text/javascript\n\
                 \x20 - type: http:afterResponse\n    code: |-\n      pm.test('status is 200', function () {\n        pm.response.to.have.status(200);\n      });\n    language: text/javascript\n",
            ),
            (
                "b-list.request.yaml",
                "$kind: http-request\nmethod: GET\nurl: '{{base}}/items?page=1'\norder: 2000\n\
                 queryParams:\n  - key: page\n    value: '2'\n  - key: off\n    value: x\n    disabled: true\n",
            ),
            (
                "a-create.request.yaml",
                "$kind: http-request\nname: 'Create: one'\nmethod: POST\nurl: '{{base}}/items'\norder: 1000\n\
                 headers:\n  - key: X-Stamp\n    value: '{{stamp}}'\n  - key: X-Off\n    value: no\n    disabled: true\n\
                 body:\n  type: json\n  content: |-\n    {\"hello\": \"{{who}}\"}\n\
                 scripts:\n  - type: afterResponse\n    code: pm.test('created', () => pm.expect(pm.response.json().body).to.include('world'));\n    language: text/javascript\n",
            ),
            (
                "z-unordered.request.yaml",
                "$kind: http-request\nmethod: DELETE\nurl: '{{base}}/items/last'\nheader:\n  - key: X-Typo\n    value: lost\n",
            ),
            (
                "Admin/.resources/definition.yaml",
                "$kind: collection\norder: 1500\nvariables:\n  - key: lost\n    value: x\nauth:\n  type: basic\n  credentials:\n    - key: username\n      value: u\n    - key: password\n      value: p\n",
            ),
            (
                "Admin/Get user.request.yaml",
                "$kind: http-request\nmethod: GET\nurl: '{{base}}/users/:id'\npathVariables:\n  - key: id\n    value: 7\n",
            ),
            (
                "Admin/Form post.request.yaml",
                "$kind: http-request\nmethod: POST\nurl: '{{base}}/form'\nbody:\n  type: urlencoded\n  content:\n    - key: a\n      value: 1\n    - key: b\n      value: two words\n",
            ),
            (
                "Admin/live.request.yaml",
                "$kind: websocket-request\nurl: 'ws://{{base}}/live'\n",
            ),
            (
                "Admin/.resources/Get user.resources/examples/ok.example.yaml",
                "$kind: http-example\nresponse:\n  statusCode: 200\n",
            ),
        ],
    );
}

fn env_yaml(dir: &Path, base: &str) -> PathBuf {
    let p = dir.join("local.yaml");
    std::fs::write(
        &p,
        format!(
            "name: local\nvalues:\n  - key: base\n    value: '{base}'\n    enabled: true\n    type: default\n\
             \x20 - key: tok\n    value: s3cret-t0ken\n    enabled: true\n    type: secret\n\
             \x20 - key: who\n    value: nobody\n    enabled: false\n    type: default\n"
        ),
    )
    .unwrap();
    p
}

fn line(r: &Recorded) -> String {
    format!("{} {}", r.method, r.target)
}

#[test]
fn a_v3_collection_runs_in_order_with_folders_auth_scripts_and_a_yaml_environment() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    shop(&dir.path().join("shop"));
    let env = env_yaml(dir.path(), &server.url());
    let run = conform(dir.path(), &["run", "shop", "-e", env.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    let lines: Vec<String> = seen.iter().map(line).collect();
    assert_eq!(
        lines,
        [
            "POST /items",
            "POST /form",
            "GET /users/7",
            "GET /items?page=2",
            "DELETE /items/last"
        ],
        "order by `order` then name, folders among requests"
    );
    assert_eq!(seen[0].body_text(), "{\"hello\": \"world\"}");
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[0].header("x-stamp"), Some("s1"));
    assert_eq!(seen[0].header("x-off"), None);
    assert_eq!(seen[0].header("authorization"), Some("Bearer s3cret-t0ken"));
    assert_eq!(seen[1].body_text(), "a=1&b=two%20words");
    assert_eq!(seen[1].header("authorization"), Some("Basic dTpw"));
    assert!(
        status_of(&run, "Shop::Create: one").is_some_and(|s| s == "ok"),
        "{run:?}"
    );
    assert!(
        status_of(&run, "Shop::Admin::Get user").is_some_and(|s| s == "ok"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("skipped websocket-request 'live'")
            && run.stderr.contains("live.request.yaml"),
        "non-HTTP kinds are listed as skipped: {run:?}"
    );
    assert!(
        run.stderr.contains("folder variables are not read"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("z-unordered.request.yaml: unknown field 'header' is not read"),
        "{run:?}"
    );
    assert!(!run.all().contains("s3cret-t0ken"), "{run:?}");
}

#[test]
fn the_collection_scripts_tests_fail_when_the_server_disagrees() {
    let server = TestServer::start_blocking(Routes::new().any("/items/last", Reply::status(404)));
    let dir = tempfile::tempdir().unwrap();
    shop(&dir.path().join("shop"));
    let env = env_yaml(dir.path(), &server.url());
    let run = conform(dir.path(), &["run", "shop", "-e", env.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        status_of(&run, "Shop::z-unordered"),
        Some("FAILED"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("expected response to have status code 200 but got 404"),
        "{run:?}"
    );
}

#[test]
fn a_parent_folder_or_a_project_runs_every_collection_in_it() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let cols = dir.path().join("postman/collections");
    tree(
        &cols,
        &[
            (
                "one/r.request.yaml",
                "$kind: http-request\nurl: http://api.test/one\n",
            ),
            (
                "two/.resources/definition.yaml",
                "$kind: collection\nname: Second\n",
            ),
            (
                "two/F/r.request.yaml",
                "$kind: http-request\nurl: http://api.test/two\n",
            ),
        ],
    );
    let base = server.url();
    for arg in [".", "postman/collections"] {
        let run = conform(dir.path(), &["run", arg, "--base-url", &base]);
        assert_eq!(run.code, 0, "{arg}: {run:?}");
        assert_eq!(status_of(&run, "one::r"), Some("ok"), "{run:?}");
        assert_eq!(status_of(&run, "Second::F::r"), Some("ok"), "{run:?}");
    }
    // Collections run side by side: compare as a set.
    let mut paths: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    paths.sort();
    assert_eq!(paths, ["/one", "/one", "/two", "/two"]);
    let run = conform(
        dir.path(),
        &["run", "postman/collections/one/r.request.yaml"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("r.request.yaml: a v3 YAML file: give conform the collection's folder"),
        "{run:?}"
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = conform(dir.path(), &["run", "empty"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("no *.postman_collection.json files or v3 collection folders"),
        "{run:?}"
    );
}

#[test]
fn bad_v3_input_is_refused_naming_the_file_and_nothing_is_sent() {
    let req = "$kind: http-request\nurl: /x\n";
    let cases: Vec<(Vec<(&str, String)>, &str)> = vec![
        (
            vec![(
                "bad.request.yaml",
                "$kind: http-request\nurl: [unclosed\nmethod: GET\n".into(),
            )],
            "bad.request.yaml:3:",
        ),
        (
            vec![
                (".resources/stray.request.yaml", req.into()),
                ("ok.request.yaml", req.into()),
            ],
            "stray.request.yaml: a request file inside .resources/",
        ),
        (
            vec![
                ("Get.request.yaml", req.into()),
                ("get.request.yaml", req.into()),
            ],
            "only by case",
        ),
        (
            vec![("s.request.yaml", "$kind: soap-request\nurl: /x\n".into())],
            "s.request.yaml: unknown $kind 'soap-request'",
        ),
        (
            vec![(
                "o.request.yaml",
                "$kind: http-request\nurl: /x\norder: first\n".into(),
            )],
            "o.request.yaml:3:8: order: invalid type: string \"first\", expected f64",
        ),
        (
            vec![(
                "n.request.yaml",
                "$kind: http-request\nurl: /x\norder: .nan\n".into(),
            )],
            "n.request.yaml: order: NaN is not a number",
        ),
        (
            vec![(
                "b.request.yaml",
                "$kind: http-request\nurl: /x\nbody:\n  type: soap\n".into(),
            )],
            "b.request.yaml: body.type: unknown 'soap'",
        ),
        (
            vec![
                (".resources/definition.yaml", "$kind: folder\n".into()),
                ("ok.request.yaml", req.into()),
            ],
            "definition.yaml: $kind is 'folder'",
        ),
        (
            vec![("bomb.request.yaml", {
                let mut t =
                    String::from("$kind: http-request\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
                for i in 1..12 {
                    t.push_str(&format!(
                        "x{i}: &a{i} [{}]\n",
                        vec![format!("*a{}", i - 1); 10].join(", ")
                    ));
                }
                t
            })],
            "bomb.request.yaml",
        ),
    ];
    let server = TestServer::start_blocking(Routes::new());
    let base = server.url();
    for (files, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        tree(&dir.path().join("c"), &files);
        let started = std::time::Instant::now();
        let run = conform(dir.path(), &["run", "c", "--base-url", &base]);
        assert_eq!(run.code, 2, "{expected}: {run:?}");
        assert!(run.stderr.contains(expected), "{expected}: {run:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        no_panic(&run);
    }
    assert!(server.requests().is_empty());
}

#[test]
fn bad_v3_environments_are_refused_with_their_position() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        &dir.path().join("c"),
        &[("r.request.yaml", "$kind: http-request\nurl: /x\n")],
    );
    let cases = [
        ("values:\n  - key: a\n", "e.yaml: no 'name'"),
        ("name: x\n", "e.yaml: no 'values' list"),
        (
            "name: x\nvalues: 3\n",
            "e.yaml:2:9: values: invalid type: integer `3`",
        ),
        ("name: [\n", "e.yaml:2:1"),
    ];
    for (text, expected) in cases {
        std::fs::write(dir.path().join("e.yaml"), text).unwrap();
        let run = conform(dir.path(), &["run", "c", "-e", "e.yaml"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains(expected), "{expected}: {run:?}");
    }
}

/// What a run did, in a comparable form: requests as received (multipart boundaries aside)
/// and the trial lines.
fn observed(run: &Run, seen: &[Recorded]) -> (Vec<String>, Vec<String>) {
    let requests = seen
        .iter()
        .map(|r| {
            let mut headers: Vec<String> = r
                .headers
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("postman-token"))
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            let mut body = r.body_text();
            if let Some(b) = r
                .header("content-type")
                .and_then(|ct| ct.split("boundary=").nth(1))
            {
                body = body.replace(b, "BOUNDARY");
                headers = headers.iter().map(|h| h.replace(b, "BOUNDARY")).collect();
            }
            format!(
                "{} {}\n{}\n\n{body}",
                r.method,
                r.target,
                headers.join("\n")
            )
        })
        .collect();
    let trials = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("test ") || l.starts_with("test result"))
        .map(|l| l.split(" finished in ").next().unwrap_or(l).to_string())
        .collect();
    (requests, trials)
}

#[test]
fn a_v3_collection_and_its_v2_1_export_send_the_same_requests_with_the_same_results() {
    let routes = Routes::new()
        .get("/status/404", Reply::status(404))
        .any("/json", Reply::json(json!({"id": 7, "name": "x"})));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "file body").unwrap();
    let coll = collection(
        "Parity",
        json!([
            {"name": "F", "auth": {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "{{pw}}"}]},
             "event": [{"listen": "test", "script": {"exec": ["pm.test('F ran', () => {});"]}}],
             "item": [
                item("json", json!({"method": "POST", "url": "{{base}}/json?x=1&y", "header": [{"key": "X-A", "value": "{{a}}"}],
                    "body": {"mode": "raw", "raw": "{\"k\": \"{{a}}\"}", "options": {"raw": {"language": "json"}}}})),
                item("missing", json!({"method": "GET", "url": "{{base}}/status/404"}))
             ]},
            {"name": "form", "request": {"method": "POST", "url": "{{base}}/form",
                "body": {"mode": "formdata", "formdata": [{"key": "t", "value": "v", "type": "text"}, {"key": "f", "src": "a.txt", "type": "file"}]}},
             "event": [{"listen": "prerequest", "script": {"exec": ["pm.variables.set('a', 'from-script');"]}},
                       {"listen": "test", "script": {"exec": ["pm.test('echo', () => pm.expect(pm.response.code).to.equal(200));",
                                                               "pm.test('fails', () => pm.expect(1).to.equal(2));"]}}]},
            {"name": "path var", "request": {"method": "GET", "url": {"raw": "{{base}}/users/:id", "host": ["{{base}}"], "path": ["users", ":id"],
                "variable": [{"key": "id", "value": "42"}]}, "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t"}]}}}
        ]),
    );
    let v2 = write_json(dir.path(), "parity.postman_collection.json", &coll);
    let conv = conform(
        dir.path(),
        &[
            "convert",
            v2.to_str().unwrap(),
            "--to",
            "v3",
            "--out",
            "parity",
        ],
    );
    assert_eq!(conv.code, 0, "{conv:?}");
    let back = conform(
        dir.path(),
        &["convert", "parity", "--to", "v2.1", "--out", "back.json"],
    );
    assert_eq!(back.code, 0, "{back:?}");
    let mut results = Vec::new();
    for input in ["parity.postman_collection.json", "parity", "back.json"] {
        let server = TestServer::start_blocking(routes.clone());
        let base = server.url();
        let run = conform_env(
            dir.path(),
            &[
                "run",
                input,
                "--env-var",
                &format!("base={base}"),
                "--env-var",
                "pw=pass",
                "--env-var",
                "a=A",
            ],
            &[],
        );
        assert_eq!(run.code, 1, "one test fails on purpose: {run:?}");
        let mut seen = server.requests();
        // Each server has its own port; the Host header says so.
        for r in &mut seen {
            r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("host"));
        }
        results.push(observed(&run, &seen));
    }
    assert_eq!(results[0].0.len(), 4, "{:?}", results[0]);
    assert!(
        results[0].0[0].contains("authorization: Basic dTpwYXNz")
            || results[0].0[0].contains("Authorization: Basic dTpwYXNz"),
        "{:?}",
        results[0].0
    );
    assert!(results[0].0[2].contains("file body"), "{:?}", results[0].0);
    assert!(
        results[0].0[3].starts_with("GET /users/42"),
        "{:?}",
        results[0].0
    );
    assert_eq!(results[0], results[1], "v2.1 and v3 differ");
    assert_eq!(
        results[0], results[2],
        "v2.1 and its v3 -> v2.1 export differ"
    );
}

#[test]
fn convert_refuses_bad_input_and_a_non_empty_target() {
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item("r", json!("http://h/"))])),
    );
    std::fs::create_dir(dir.path().join("full")).unwrap();
    std::fs::write(dir.path().join("full/keep.txt"), "mine").unwrap();
    let run = conform(
        dir.path(),
        &["convert", "c.json", "--to", "v3", "--out", "full"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("full: already exists and is not empty"),
        "{run:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("full/keep.txt")).unwrap(),
        "mine"
    );
    std::fs::write(dir.path().join("bad.json"), "{\"info\": {}, \"item\": [}").unwrap();
    let run = conform(
        dir.path(),
        &["convert", "bad.json", "--to", "v2.1", "--out", "o.json"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("bad.json:1:"), "{run:?}");
    assert!(!dir.path().join("o.json").exists());
    let run = conform(
        dir.path(),
        &["convert", "c.json", "--to", "v4", "--out", "o"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    // A broken item cannot be written as v3: the converter names it.
    write_json(
        dir.path(),
        "broken.json",
        &collection("b", json!([{"name": "odd", "request": 5}])),
    );
    let run = conform(
        dir.path(),
        &["convert", "broken.json", "--to", "v3", "--out", "b"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("item 'odd' cannot be converted"),
        "{run:?}"
    );
}

#[test]
fn v1_collections_are_converted_on_load_and_by_convert() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let v1 = json!({
        "id": "c1", "name": "Old one",
        "order": ["r2"], "folders_order": ["f1"],
        "folders": [{"id": "f1", "name": "Folder", "order": ["r1"]}],
        "requests": [
            {"id": "r1", "name": "create", "url": "{{base}}/v1/:id", "method": "POST",
             "pathVariables": {"id": "9"}, "headers": "X-One: 1\n",
             "dataMode": "urlencoded", "data": [{"key": "a", "value": "1"}, {"key": "b", "value": "2", "enabled": false}],
             "tests": "pm.test('status 200', () => pm.response.to.have.status(200));"},
            {"id": "r2", "name": "read", "url": "{{base}}/v1/read", "method": "GET",
             "currentHelper": "basicAuth", "helperAttributes": {"id": "basic", "username": "u", "password": "p"}}
        ]
    });
    std::fs::write(dir.path().join("old.json"), v1.to_string()).unwrap();
    let base = server.url();
    let run = conform(
        dir.path(),
        &["run", "old.json", "--env-var", &format!("base={base}")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("a Postman v1 collection: converted to v2.1 on load"),
        "{run:?}"
    );
    assert_eq!(
        status_of(&run, "Old one::Folder::create"),
        Some("ok"),
        "{run:?}"
    );
    let seen = server.requests();
    assert_eq!(
        seen.iter().map(line).collect::<Vec<_>>(),
        ["POST /v1/9", "GET /v1/read"]
    );
    assert_eq!(seen[0].body_text(), "a=1");
    assert_eq!(seen[0].header("x-one"), Some("1"));
    assert_eq!(seen[1].header("authorization"), Some("Basic dTpw"));
    let conv = conform(
        dir.path(),
        &["convert", "old.json", "--to", "v2.1", "--out", "new.json"],
    );
    assert_eq!(conv.code, 0, "{conv:?}");
    let new: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("new.json")).unwrap())
            .unwrap();
    assert!(new["info"]["schema"].as_str().unwrap().contains("v2.1.0"));
    assert_eq!(new["item"][0]["item"][0]["name"], "create");
}

/// The files of a folder, relative path → bytes.
fn files_under(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_shipped_v3_suites_are_what_convert_makes_of_the_v2_1_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    for entry in std::fs::read_dir(repo().join("collections")).unwrap() {
        let src = entry.unwrap().path();
        let Some(stem) = src
            .file_name()
            .and_then(|f| f.to_str())
            .and_then(|f| f.strip_suffix(".postman_collection.json"))
        else {
            continue;
        };
        let out = dir.path().join(stem);
        let run = conform(
            repo(),
            &[
                "convert",
                src.to_str().unwrap(),
                "--to",
                "v3",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 0, "{run:?}");
        let shipped = repo().join("collections/v3").join(stem);
        assert_eq!(
            files_under(&out),
            files_under(&shipped),
            "collections/v3/{stem} is out of date: regenerate it with \
             `conform convert {} --to v3 --out collections/v3/{stem}` (into an emptied folder)",
            src.display()
        );
        n += 1;
    }
    assert_eq!(n, 3);
    assert_eq!(
        std::fs::read_dir(repo().join("collections/v3"))
            .unwrap()
            .count(),
        3
    );
}

#[test]
fn run_mock_runs_the_v3_suites_like_the_v2_1_ones() {
    let v2 = conform(repo(), &["run", "--mock"]);
    let v3 = conform(repo(), &["run", "--mock", "collections/v3"]);
    assert_eq!(v2.code, 0, "{v2:?}");
    assert_eq!(v3.code, 0, "{v3:?}");
    let trials = |r: &Run| -> Vec<String> {
        let mut t: Vec<String> = r
            .stdout
            .lines()
            .filter(|l| l.starts_with("test ") && !l.starts_with("test result"))
            .map(str::to_string)
            .collect();
        t.sort();
        t
    };
    assert_eq!(
        trials(&v2).len(),
        26,
        "the default run does not pick up collections/v3 too"
    );
    assert_eq!(trials(&v2), trials(&v3));
}
