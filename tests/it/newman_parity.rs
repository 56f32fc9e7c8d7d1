//! Newman parity (issue 11): each recording in tests/newman/recordings/ was made by running its
//! collection through Newman 6.2.2 against the parity server (tests/newman/record.sh). Here
//! conform runs the same collection against the same server, and the requests the server
//! received and every execution's assertion outcomes must be the same. No Node needed.

use crate::common::conform;
use crate::support::{TestServer, parity};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn newman_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/newman")
}

fn recordings() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(newman_dir().join("recordings"))
        .expect("tests/newman/recordings exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// What conform did with one recording's collection, in the recording's shape.
fn run_conform(recording: &Value) -> (Value, String) {
    let server = TestServer::start_blocking(parity::routes());
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let base = format!("baseUrl={}", server.url());
    let collection = recording["collection"].as_str().unwrap();
    let mut args = vec![
        "run".to_string(),
        collection.to_string(),
        "--env-var".into(),
        base,
        "--reporters".into(),
        "json".into(),
        "--reporter-json-export".into(),
        report.display().to_string(),
    ];
    for a in recording["args"].as_array().unwrap() {
        args.push(a.as_str().unwrap().to_string());
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = conform(&newman_dir().join("collections"), &argv);
    crate::common::no_panic(&run);
    let port = server.addr.port();
    let requests: Vec<Value> = server
        .requests()
        .iter()
        .map(|r| parity::normalize(r, port))
        .collect();
    // No report (a refused input): no executions, and the run's output shows why.
    let report: Value = std::fs::read(&report)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    // Newman exits 1 for any failure; conform tells failed (1) from could not complete (3):
    // compared is whether the run passed.
    let got = json!({
        "passed": run.code == 0,
        "requests": requests,
        "executions": by_item(parity::conform_executions(&report, port)),
    });
    let stdout: Vec<&str> = run.stdout.lines().take(40).collect();
    let summary = format!(
        "conform exit {}\n--- stdout (first 40 lines)\n{}\n--- stderr\n{}",
        run.code,
        stdout.join("\n"),
        run.stderr
    );
    (got, summary)
}

/// Executions in item-name order (stable): conform's report lists them in plan order, Newman's
/// in run order; the run order itself is checked by the order of the requests received.
fn by_item(mut executions: Vec<Value>) -> Vec<Value> {
    executions.sort_by(|a, b| a["item"].as_str().cmp(&b["item"].as_str()));
    executions
}

/// A unified diff of the pretty JSON of what Newman did against what conform did.
fn diff(newman: &Value, conform: &Value) -> String {
    let a = serde_json::to_string_pretty(newman).unwrap();
    let b = serde_json::to_string_pretty(conform).unwrap();
    similar::TextDiff::from_lines(&a, &b)
        .unified_diff()
        .context_radius(4)
        .header("newman", "conform")
        .to_string()
}

/// Collections listed under "Still differs" in tests/newman/README.md (`- \`NAME\`: reason`):
/// kept out of the suite, and required to still differ so that the list stays true.
fn still_differing() -> Vec<String> {
    let readme = std::fs::read_to_string(newman_dir().join("README.md")).unwrap();
    let section = readme
        .split_once("## Still differs")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(""))
        .expect("tests/newman/README.md has a 'Still differs' section");
    section
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| name.to_string()))
        .collect()
}

/// Newman's and conform's runs of one recording, folded for comparison, and the report of a
/// mismatch (`None`: the same).
fn compare(file: &Path) -> Option<String> {
    let recording: Value = serde_json::from_slice(&std::fs::read(file).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(recording["newman"], parity::NEWMAN_VERSION);
    let expected = json!({
        "passed": recording["newman_exit"] == 0,
        "requests": recording["requests"],
        "executions": by_item(recording["executions"].as_array().unwrap().clone()),
    });
    let (got, run) = run_conform(&recording);
    (got != expected).then(|| {
        format!(
            "=== {} differs from Newman\n{}\n{run}",
            file.display(),
            diff(&expected, &got)
        )
    })
}

fn name_of(file: &Path) -> String {
    file.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_recorded_collection_behaves_as_under_newman() {
    let files = recordings();
    let excluded = still_differing();
    assert!(
        !files.is_empty(),
        "no recordings in tests/newman/recordings"
    );
    let suite: Vec<&PathBuf> = files
        .iter()
        .filter(|f| !excluded.contains(&name_of(f)))
        .collect();
    let mismatches: Vec<String> = suite.iter().filter_map(|f| compare(f)).collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} collections differ:\n{}",
        mismatches.len(),
        suite.len(),
        mismatches.join("\n")
    );
}

#[test]
fn collections_listed_as_still_differing_do_differ() {
    let files = recordings();
    let listed = still_differing();
    for name in &listed {
        let file = files
            .iter()
            .find(|f| name_of(f) == *name)
            .unwrap_or_else(|| panic!("README lists '{name}' but there is no recording of it"));
        assert!(
            compare(file).is_some(),
            "'{name}' now behaves as under Newman: take it off README's 'Still differs' list"
        );
    }
}

/// The comparison is not vacuous: a recording changed by one header fails it.
#[test]
fn a_changed_recording_is_caught() {
    let file = recordings().into_iter().next().expect("a recording");
    let mut recording: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let (got, _) = run_conform(&recording);
    recording["requests"][0]["headers"]
        .as_array_mut()
        .unwrap()
        .push(json!("X-Not-Sent: 1"));
    let expected = json!({
        "requests": recording["requests"],
        "executions": by_item(recording["executions"].as_array().unwrap().clone()),
    });
    assert_ne!(got, expected);
    assert!(diff(&expected, &got).contains("X-Not-Sent: 1"));
}

/// Header names are compared with their case: the same header in another case fails it.
#[test]
fn a_header_name_in_another_case_is_caught() {
    let file = recordings().into_iter().next().expect("a recording");
    let mut recording: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let (got, _) = run_conform(&recording);
    let first = &mut recording["requests"][0]["headers"][0];
    let (name, value) = first.as_str().unwrap().split_once(": ").unwrap();
    let flipped: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    *first = json!(format!("{flipped}: {value}"));
    let expected = json!({
        "requests": recording["requests"],
        "executions": by_item(recording["executions"].as_array().unwrap().clone()),
    });
    assert_ne!(got, expected);
}
