//! Issue 13.7 (part): the GitHub Action at the repository's root. Its run step is executed here
//! as the runner would (bash, `conform` on PATH, the `args` input in `CONFORM_ARGS`): quoted
//! arguments stay whole, nothing in them runs as code, and conform's exit code is the step's.
//! The README's CI example uses this action with its inputs.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> Value {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

fn step(id_or_name: &str) -> Value {
    action()["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id_or_name || s["name"] == id_or_name)
        .cloned()
        .unwrap_or_else(|| panic!("action.yml has no step '{id_or_name}'"))
}

/// Runs the action's run step with bash, `args` as the input, in `dir`.
fn run_step(dir: &Path, args: &str) -> Run {
    let script = step("run")["run"].as_str().unwrap().to_string();
    let bin = Path::new(env!("CARGO_BIN_EXE_conform")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-e", "-c", &script])
        .current_dir(dir)
        .env("PATH", path)
        .env("CONFORM_ARGS", args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_actions_run_step_passes_the_arguments_as_written() {
    let a = action();
    assert_eq!(a["runs"]["using"], "composite");
    assert_eq!(a["inputs"]["args"]["required"], true);
    let install = step("Install conform")["run"].as_str().unwrap().to_string();
    assert!(
        install.contains("cargo install --path \"$GITHUB_ACTION_PATH\" --locked"),
        "{install}"
    );

    let s = TestServer::start_blocking(Routes::new().get("/hi", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    let c = collection(
        "c",
        json!([{
            "name": "greets",
            "request": {"method": "GET", "url": "http://h/hi"},
            "event": [{"listen": "test", "script": {"exec": [
                "pm.test('quoted words stay one', () => pm.expect(pm.environment.get('greeting')).to.eql('hello big world'));"
            ]}}]
        }]),
    );
    write_json(dir.path(), "my suite.json", &c);
    let base = s.url();
    let args = format!(
        "'my suite.json' --base-url {base} --env-var \"greeting=hello big world\" --env-var 'x=$(touch pwned)' --env-var y=$(touch${{IFS}}pwned)"
    );
    let run = run_step(dir.path(), &args);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(status_of(&run, "c::greets"), Some("ok"), "{run:?}");
    assert!(
        !dir.path().join("pwned").exists(),
        "an argument ran as code"
    );
    // The step fails with conform's own code.
    let args = format!("'my suite.json' --base-url {base} --env-var greeting=other");
    let run = run_step(dir.path(), &args);
    assert_eq!(run.code, 1, "{run:?}");
    let run = run_step(dir.path(), "missing.json");
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn the_readme_ci_example_uses_the_action_with_its_inputs() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let at = readme.find("The repository is also an action").unwrap();
    let rest = &readme[at..];
    let start = rest.find("```yaml\n").unwrap() + 8;
    let end = start + rest[start..].find("```").unwrap();
    let doc: Value = serde_norway::from_str(&rest[start..end]).unwrap();
    let steps = doc["jobs"]["conformance"]["steps"].as_array().unwrap();
    let uses = steps
        .iter()
        .find(|s| s["uses"] == "./")
        .expect("a step uses ./ (action.yml)");
    let inputs = action()["inputs"].as_object().unwrap().clone();
    for key in uses["with"].as_object().unwrap().keys() {
        assert!(
            inputs.contains_key(key),
            "the README passes '{key}', which action.yml does not take"
        );
    }
    let args = uses["with"]["args"].as_str().unwrap();
    assert!(args.contains("--shard"), "{args}");
    assert!(readme.contains("conform report merge reports/shard-* --out"));
}
