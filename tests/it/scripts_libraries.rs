//! Issue 11, point 2: the sandbox's libraries give what Newman gives. Every call in
//! tests/fixtures/sandbox_libraries/cases.json was run through Newman 6.2.2 by record.py
//! (recorded.json); here conform runs the same calls as pm.tests against a loopback server and
//! each must equal Newman's value. No Node at test time.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/sandbox_libraries/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// One test script with a pm.test per case, comparing the value's JSON text with `expected`.
fn compare_script(cases: &Value, expected: &Value) -> Vec<String> {
    let mut lines = vec![
        cases["setup"].as_str().unwrap().to_string(),
        "function __show(v) { if (v === undefined) { return 'undefined'; } if (typeof v === 'function') { return 'function'; } return JSON.stringify(v); }".to_string(),
        "var __checked = 0;".to_string(),
    ];
    for case in cases["cases"].as_array().unwrap() {
        let (name, expr) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        let want = expected[name]
            .as_str()
            .unwrap_or_else(|| panic!("no recorded value for {name}"));
        lines.push(format!(
            "pm.test({n}, function () {{ var got; try {{ got = __show({expr}); }} catch (e) {{ got = 'throws: ' + e.message; }} pm.expect(got).to.equal({w}); __checked++; }});",
            n = json!(name),
            w = json!(want),
        ));
    }
    // How many comparisons held, exported so the test knows every case really ran.
    lines.push("pm.environment.set('checked', __checked);".to_string());
    lines
}

/// Runs the cases; returns the run, the number of cases and how many comparisons held.
fn run_cases(expected: &Value) -> (Run, usize, u64) {
    let cases = fixture("cases.json");
    let server = TestServer::start_blocking(Routes::new().get("/probe", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    let item = json!({"name": "libraries", "request": {"method": "GET", "url": "http://h/probe"},
        "event": [{"listen": "test", "script": {"exec": compare_script(&cases, expected)}}]});
    write_json(dir.path(), "c.json", &collection("c", json!([item])));
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            base.as_str(),
            "--export-environment",
            "env.json",
        ],
    );
    let env = std::fs::read_to_string(dir.path().join("env.json")).unwrap();
    let env: Value = serde_json::from_str(&env).unwrap();
    let checked = env["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["key"] == "checked")
        .and_then(|v| v["value"].as_u64())
        .unwrap();
    (run, cases["cases"].as_array().unwrap().len(), checked)
}

#[test]
fn library_calls_give_what_newman_gives() {
    let recorded = fixture("recorded.json");
    let (run, n, checked) = run_cases(&recorded["values"]);
    assert!(n >= 80, "the case list shrank to {n}");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(checked as usize, n, "{}", run.stdout);
}

#[test]
fn a_value_that_differs_from_newmans_fails_its_test() {
    let mut values = fixture("recorded.json")["values"].clone();
    values["lodash get path"] = json!("4");
    values["crypto-js hashes"] = json!("[]");
    let (run, n, checked) = run_cases(&values);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(checked as usize, n - 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("failed: crypto-js hashes"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("failed: lodash get path\n    expected '3' to equal '4'"),
        "{}",
        run.stdout
    );
}
