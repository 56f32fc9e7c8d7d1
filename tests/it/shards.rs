//! Issue 13.6 and 13.7 (part): shards that balance (a collection's iteration is the unit, dealt
//! by size), an empty shard that says so, `conform report merge` making one valid JUnit file
//! (checked with xmllint against the JUnit XSD) and one JSON report (checked against
//! docs/report.schema.json); `conform completions` and `conform man`.

use crate::common::*;
use crate::support::{Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn write_suite(dir: &Path, name: &str, requests: usize) {
    let items: Vec<Value> = (0..requests)
        .map(|i| item(&format!("r{i}"), json!(format!("http://h/{name}/{i}"))))
        .collect();
    write_json(
        dir,
        &format!("{name}.postman_collection.json"),
        &collection(name, json!(items)),
    );
}

fn shard(dir: &Path, base: &str, k: usize, n: usize, extra: &[&str]) -> Run {
    let spec = format!("{k}/{n}");
    let out = format!("shard{k}");
    let mut args = vec![
        "run",
        ".",
        "--base-url",
        base,
        "--shard",
        &spec,
        "--report-dir",
        &out,
    ];
    args.extend_from_slice(extra);
    conform(dir, &args)
}

fn report(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn check_schema(report: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

fn check_junit(path: &Path) {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/junit.xsd");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(path)
        .output()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn one_collection_with_iterations_splits_across_shards_and_merges_back() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_suite(dir.path(), "only", 2);
    let base = server.url();
    let mut per_shard = Vec::new();
    for k in 1..=3 {
        let before = server.requests().len();
        let run = shard(dir.path(), &base, k, 3, &["-n", "10"]);
        assert_eq!(run.code, 0, "{run:?}");
        per_shard.push(server.requests().len() - before);
    }
    assert_eq!(
        per_shard,
        vec![8, 6, 6],
        "10 iterations of 2 requests, dealt 4/3/3"
    );
    let mut seen: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    seen.sort();
    assert_eq!(seen.len(), 20);
    assert_eq!(seen.iter().filter(|t| *t == "/only/0").count(), 10);

    let run = conform(
        dir.path(),
        &[
            "report", "merge", "shard1", "shard2", "shard3", "--out", "merged",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("merged 3 JUnit report(s) into merged/junit.xml"),
        "{run:?}"
    );
    let junit_path = dir.path().join("merged/junit.xml");
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert_eq!(junit.matches("<?xml").count(), 1, "{junit}");
    assert_eq!(junit.matches("<testsuite ").count(), 10, "{junit}");
    assert!(
        junit.contains("<testsuites name=\"conform\" tests=\"20\" failures=\"0\" errors=\"0\""),
        "{junit}"
    );
    for id in 0..10 {
        assert_eq!(
            junit.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "ids renumbered: {junit}"
        );
    }
    check_junit(&junit_path);
    let merged = report(&dir.path().join("merged/report.json"));
    check_schema(&merged);
    assert_eq!(merged["summary"]["requests"], 20);
    assert_eq!(merged["summary"]["passed"], 20);
    assert_eq!(merged["executions"].as_array().unwrap().len(), 20);
    assert_eq!(merged["run"]["suites"].as_array().unwrap().len(), 1);
}

#[test]
fn shards_deal_by_size_and_an_empty_shard_says_so() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    // The shipped suites' shape: one large collection and two small ones.
    write_suite(dir.path(), "big", 6);
    write_suite(dir.path(), "small1", 1);
    write_suite(dir.path(), "small2", 1);
    let base = server.url();
    let run = shard(dir.path(), &base, 1, 2, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(server.requests().len(), 6, "the big collection alone");
    let run = shard(dir.path(), &base, 2, 2, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(server.requests().len(), 8, "both small ones");
    // Four shards of three units: the last has nothing, and says so; nothing is sent.
    let run = shard(dir.path(), &base, 4, 4, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("shard 4/4 has nothing to run: the run has 3 unit(s) of work"),
        "{run:?}"
    );
    assert_eq!(server.requests().len(), 8);
}

#[test]
fn merge_refuses_what_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let run = conform(dir.path(), &["report", "merge", "empty"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("empty: no junit.xml or report.json in this folder"),
        "{run:?}"
    );
    std::fs::create_dir(dir.path().join("bad")).unwrap();
    std::fs::write(
        dir.path().join("bad/junit.xml"),
        "<testsuites><testsuite></testsuites>",
    )
    .unwrap();
    let run = conform(dir.path(), &["report", "merge", "bad"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("junit.xml: not a JUnit report"),
        "{run:?}"
    );
    std::fs::write(dir.path().join("other.json"), "{\"format\": \"newman\"}").unwrap();
    let run = conform(dir.path(), &["report", "merge", "other.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("other.json: not a conform JSON report"),
        "{run:?}"
    );
    no_panic(&run);
}

#[test]
fn completions_and_man_page_come_from_the_same_flags() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_conform()"),
        ("zsh", "#compdef conform"),
        ("fish", "complete -c conform"),
    ] {
        let run = conform(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stdout.contains(marker),
            "{shell}: {}",
            &run.stdout[..200.min(run.stdout.len())]
        );
        assert!(run.stdout.contains("ssl-client-passphrase"), "{shell}");
    }
    let run = conform(dir.path(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{run:?}");
    let run = conform(dir.path(), &["man"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.contains(".TH conform 1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(".TH conform 1"));
    assert!(run.stdout.contains("completions"));
}
