//! Issue 13, point 3 (part): Newman's habits are accepted with Newman's meaning: `-r`,
//! `--iteration-count`, `--bail failure|folder` (with a space, as Newman users write it),
//! `-x`/`--suppress-exit-code`, `--silent`, `--no-color`, `--color on|off`, durations such as
//! `--timeout-request 5s`.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;

fn suite(dir: &Path) {
    let items = json!([
        item("bad", json!("http://h/bad")),
        item("good", json!("http://h/good"))
    ]);
    write_json(dir, "c.json", &collection("c", items));
}

fn server() -> TestServer {
    TestServer::start_blocking(
        Routes::new()
            .get("/bad", Reply::Json(500, json!({})))
            .get("/good", Reply::json(json!({}))),
    )
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("reports/report.json")).unwrap())
        .unwrap()
}

#[test]
fn bail_failure_with_a_space_stops_at_the_first_failure() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    suite(dir.path());
    let base = s.url();
    for bail in [
        &["--bail", "failure"][..],
        &["--bail"],
        &["--bail", "failure,folder"],
    ] {
        let mut args = vec!["run", "c.json", "--base-url", &base];
        args.extend_from_slice(bail);
        let run = conform(dir.path(), &args);
        assert_eq!(run.code, 1, "{bail:?}: {run:?}");
        assert_eq!(report(dir.path())["summary"]["not_run"], 1, "{bail:?}");
    }
    // `--bail folder` alone does not stop on a failure (an unknown --folder is always refused).
    let run = conform(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "--bail", "folder"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(report(dir.path())["summary"]["not_run"], 0);
    // A collection path after --bail is still a collection path.
    let run = conform(
        dir.path(),
        &["run", "--base-url", &base, "--bail", "c.json"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(report(dir.path())["summary"]["not_run"], 1);
}

#[test]
fn suppress_exit_code_silent_reporters_and_iteration_count() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    suite(dir.path());
    let base = s.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "-x",
            "--silent",
            "--iteration-count",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("test c::"), "{run:?}");
    let r = report(dir.path());
    assert_eq!(r["summary"]["failed"], 2, "-x keeps the verdicts: {r}");
    assert_eq!(r["summary"]["requests"], 4);
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "-r",
            "cli,html",
            "--suppress-exit-code",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(dir.path().join("reports/report.html").is_file());
    assert_eq!(status_of(&run, "c::bad"), Some("FAILED"), "{run:?}");
}

#[test]
fn colours_and_durations_as_newman_users_write_them() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    suite(dir.path());
    let base = s.url();
    for colour in [&["--no-color"][..], &["--color", "off"]] {
        let mut args = vec!["run", "c.json", "--base-url", &base];
        args.extend_from_slice(colour);
        let run = conform_env(dir.path(), &args, &[("NO_COLOR", "")]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(!run.stdout.contains('\u{1b}'), "{colour:?}: {run:?}");
    }
    let run = conform(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "--color", "on"],
    );
    assert!(run.stdout.contains('\u{1b}'), "{run:?}");
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--timeout-request",
            "5s",
            "--delay-request",
            "10ms",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let run = conform(
        dir.path(),
        &["run", "c.json", "--timeout-request", "5 parsecs"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("unknown unit"), "{run:?}");
}
