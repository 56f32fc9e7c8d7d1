//! Issue 15, point 4: `compare --record DIR` keeps the reference's answers with no secret in
//! them, `compare --replay DIR` takes them as the reference, `conform mock --replay DIR` serves
//! them so the suite passes; a corrupt, missing or foreign recording is refused (exit 2).

use crate::common::*;
use crate::compare::{Mock, compare_with_mock, get, repo, summary};
use crate::support::{Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// Every form a secret can take in a file: as is, urlencoded, base64, JSON-escaped.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let json = serde_json::to_string(secret).unwrap();
    vec![
        secret.to_string(),
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
        form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        b64.encode(secret),
        json[1..json.len() - 1].to_string(),
    ]
}

#[test]
fn a_recording_keeps_no_secret_and_replays_as_the_reference_and_as_a_mock() {
    let candidate = Mock::start(&[]);
    let rec = tempfile::tempdir().unwrap();
    let rec_dir = rec.path().join("uat");
    let rec_arg = rec_dir.to_str().unwrap();
    let run = compare_with_mock(&candidate.url, &["--record", rec_arg]);
    assert_eq!(run.code, 0, "{run:?}");

    // Every byte of the recording, against every secret the environment gives, in every form.
    let bytes = std::fs::read(rec_dir.join("recording.json")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let env: Value = serde_json::from_slice(
        &std::fs::read(repo().join("environments/mock.postman_environment.json")).unwrap(),
    )
    .unwrap();
    let secrets: Vec<&str> = env["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["type"] == "secret")
        .filter_map(|v| v["value"].as_str())
        .filter(|v| !v.is_empty())
        .collect();
    assert!(secrets.len() >= 3, "{secrets:?}");
    for secret in secrets {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{secret:?} as {form:?} is in the recording"
            );
        }
    }
    // The tokens and secrets the reference issued are stand-ins, not what it sent.
    let recording: Value = serde_json::from_slice(&bytes).unwrap();
    let mut issued = 0;
    for x in recording["exchanges"].as_array().unwrap() {
        let Some(body) = x["response"]["body"].as_str() else {
            continue;
        };
        let Ok(body) = serde_json::from_str::<Value>(body) else {
            continue;
        };
        for key in ["accessToken", "secret"] {
            if let Some(v) = body.get(key).and_then(Value::as_str) {
                issued += 1;
                assert!(
                    v.starts_with("recorded-stand-in-") || v.contains(".eyJyZWNvcmRlZCI6"),
                    "{key}: {v}"
                );
            }
        }
    }
    assert!(issued >= 4, "{recording}");

    // The recording as the reference: the same mock matches, a drifted one does not.
    let replay = |against: &str| {
        let run = conform(
            repo(),
            &[
                "compare",
                "--replay",
                rec_arg,
                "-e",
                "environments/mock.postman_environment.json",
                "--against",
                against,
                "-r",
                "cli",
            ],
        );
        no_panic(&run);
        run
    };
    let run = replay(&candidate.url);
    assert_eq!(run.code, 0, "{run:?}");
    // The contracts were applied to the recorded answers too, stand-ins and all.
    assert!(
        run.stdout.contains(
            "contracts: both sides keep the contracts (reference: 0 of 26 responses break them"
        ),
        "{run:?}"
    );
    assert_eq!(
        summary(&run),
        "candidate matches reference on 26 of 26 responses; 0 differ in shape, 0 in status",
        "{run:?}"
    );
    let drifted = Mock::start(&["--drift", "wrong-type"]);
    let run = replay(&drifted.url);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("type at /expiresIn: reference number, candidate string"),
        "{run:?}"
    );

    // The recording as a mock: the suite passes against it.
    let served = Mock::start(&["--replay", rec_arg]);
    let run = conform(
        repo(),
        &[
            "run",
            "-e",
            "environments/mock.postman_environment.json",
            "--base-url",
            &served.url,
            "-r",
            "cli",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("test result: ok. 26 passed; 0 failed"),
        "{run:?}"
    );
}

#[test]
fn the_replay_mock_answers_unrecorded_requests_with_a_404_saying_so() {
    let candidate = Mock::start(&[]);
    let rec = tempfile::tempdir().unwrap();
    let rec_arg = rec.path().to_str().unwrap();
    let run = compare_with_mock(
        &candidate.url,
        &[
            "collections/login-token.postman_collection.json",
            "--record",
            rec_arg,
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let served = Mock::start(&["--replay", rec_arg]);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("unknown", "/nowhere"),
        item(
            "other shape",
            json!({"method": "POST", "url": "http://api.example/user/login",
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": {"mode": "raw", "raw": "{\"nothing\": 1}"}})
        )
    ]);
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items),
    );
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.postman_collection.json",
            "--base-url",
            &served.url,
            "-v",
        ],
    );
    assert!(
        run.all()
            .contains("no recorded response for this method and path: GET /nowhere"),
        "{run:?}"
    );
    assert!(
        run.all()
            .contains("no recorded response with this request body shape: POST /user/login"),
        "{run:?}"
    );
}

#[test]
fn a_corrupt_missing_or_foreign_recording_is_refused_before_anything_is_sent() {
    let candidate = TestServer::start_blocking(Routes::new());
    let rec = tempfile::tempdir().unwrap();
    let replay_with = |dir: &Path| {
        let run = conform(
            repo(),
            &[
                "compare",
                "--replay",
                dir.to_str().unwrap(),
                "-e",
                "environments/mock.postman_environment.json",
                "--against",
                &candidate.url(),
            ],
        );
        no_panic(&run);
        run
    };
    // Missing.
    let run = replay_with(&rec.path().join("none"));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("no recording.json in this folder"),
        "{run:?}"
    );
    // Corrupt: cut short.
    std::fs::write(
        rec.path().join("recording.json"),
        "{\n  \"format\": \"conform-recording/1\",\n  \"tr",
    )
    .unwrap();
    let run = replay_with(rec.path());
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("recording.json:3:") && run.stderr.contains("not a conform recording"),
        "{run:?}"
    );
    let mock = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args([
            "mock",
            "--addr",
            "127.0.0.1:0",
            "--replay",
            rec.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(mock.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mock.stderr).contains("not a conform recording"));
    // Foreign: recorded from one collection, replayed with all three.
    let other = Mock::start(&[]);
    let foreign = rec.path().join("foreign");
    let run = compare_with_mock(
        &other.url,
        &[
            "collections/login-token.postman_collection.json",
            "--record",
            foreign.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let run = replay_with(&foreign);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("recorded from another suite"),
        "{run:?}"
    );
    assert!(run.stderr.contains("collections Login token;"), "{run:?}");
    assert!(
        candidate.requests().is_empty(),
        "{:?}",
        candidate.requests()
    );
}
