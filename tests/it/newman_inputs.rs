//! Issue 13, point 3 (rest): inputs from `http(s)://` URLs (through the run's TLS settings) and
//! from `-`; `--ssl-extra-ca-certs`, `--ssl-client-passphrase` (encrypted PKCS #8 client keys),
//! `--export-collection`, `--disable-unicode`, `--reporter-cli-no-summary`, and Newman options
//! conform does not take refused by name.

use crate::common::*;
use crate::support::{Reply, Routes, TestCert, TestServer};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// One request that checks the environment variable and the data row it was given.
fn checked_collection() -> Value {
    let mut c = collection(
        "remote",
        json!([{
            "name": "ok",
            "request": {"method": "GET", "url": "http://h/ok?who={{who}}&row={{row}}"},
            "event": [{"listen": "test", "script": {"exec": [
                "pm.test('env', () => pm.expect(pm.environment.get('who')).to.eql('env-user'));",
                "pm.test('data', () => pm.expect(pm.iterationData.get('row')).to.be.oneOf(['r1', 'r2']));",
                "pm.collectionVariables.set('seen', pm.iterationData.get('row'));",
                "pm.collectionVariables.set('token', 'tok-' + 'SECRETVALUE');"
            ]}}]
        }]),
    );
    c["variable"] = json!([{"key": "seen", "value": "none"}]);
    c
}

fn env_doc() -> Value {
    json!({"name": "remote env", "values": [{"key": "who", "value": "env-user", "enabled": true}]})
}

fn routes() -> Routes {
    Routes::new()
        .get("/c.json", Reply::json(checked_collection()))
        .get("/env.json", Reply::json(env_doc()))
        .get("/data.csv", Reply::text(200, "row\nr1\nr2\n"))
        .get("/missing.json", Reply::status(404))
        .get("/ok", Reply::json(json!({})))
}

fn api_hits(s: &TestServer) -> usize {
    s.requests().iter().filter(|r| r.path() == "/ok").count()
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("reports/report.json")).unwrap())
        .unwrap()
}

/// Runs the binary with `stdin` on its standard input.
fn conform_stdin(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn collection_environment_and_data_come_from_urls() {
    let s = TestServer::start_blocking(routes());
    let dir = tempfile::tempdir().unwrap();
    let base = s.url();
    let c = s.url_for("/c.json");
    let e = s.url_for("/env.json");
    let d = s.url_for("/data.csv");
    let run = conform(
        dir.path(),
        &["run", &c, "-e", &e, "-d", &d, "--base-url", &base],
    );
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(api_hits(&s), 2, "one request per data row");
    let r = report(dir.path());
    assert_eq!(r["summary"]["passed"], 2, "{r}");
    assert!(r.to_string().contains(&c), "the report names the URL: {r}");

    // A URL that does not answer 200 is an input error: exit 2, named, nothing sent.
    let before = api_hits(&s);
    let missing = s.url_for("/missing.json");
    let run = conform(
        dir.path(),
        &["run", &c, "-e", &missing, "--base-url", &base],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("cannot fetch {missing}: the server answered 404")),
        "{run:?}"
    );
    assert_eq!(api_hits(&s), before);
    // Credentials in a URL never reach the output: a password and secret-named query values.
    let secret = s
        .url_for("/missing.json?token=TOPSECRET1&page=2")
        .replace("http://", "http://me:PASSWORD2@");
    let run = conform(dir.path(), &["run", &secret, "--base-url", &base]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("token=***&page=2"), "{run:?}");
    assert!(run.stderr.contains("me:***@"), "{run:?}");
    assert!(
        !run.all().contains("TOPSECRET1") && !run.all().contains("PASSWORD2"),
        "{run:?}"
    );
}

#[test]
fn a_fetched_input_that_is_not_json_is_named_by_its_url_with_line_and_column() {
    let s = TestServer::start_blocking(
        Routes::new().get("/broken.json", Reply::text(200, "{\n  \"item\": [,]\n}")),
    );
    let dir = tempfile::tempdir().unwrap();
    let url = s.url_for("/broken.json");
    let run = conform(dir.path(), &["run", &url, "--base-url", &s.url()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("{url}:2:12:")), "{run:?}");
}

#[test]
fn a_v3_collection_file_from_a_url_is_refused_with_what_to_do() {
    let s = TestServer::start_blocking(Routes::new().get(
        "/Login.request.yaml",
        Reply::text(200, "$kind: http-request\nmethod: GET\nurl: http://h/ok\n"),
    ));
    let dir = tempfile::tempdir().unwrap();
    let url = s.url_for("/Login.request.yaml");
    let run = conform(dir.path(), &["run", &url, "--base-url", &s.url()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("{url} is a file of a Postman v3 collection"))
            && run
                .stderr
                .contains("clone or download the folder and pass its path"),
        "{run:?}"
    );
    assert_eq!(s.requests().len(), 1, "only the fetch: {run:?}");
}

#[test]
fn https_inputs_use_the_runs_tls_settings() {
    let cert = TestCert::generate();
    let s = TestServer::start_tls_blocking(routes(), &cert);
    let dir = tempfile::tempdir().unwrap();
    let files = cert.write_to(dir.path()).unwrap();
    let c = s.url_for("/c.json");
    let e = s.url_for("/env.json");
    let d = s.url_for("/data.csv");
    let base = s.url();
    let args = ["run", &c, "-e", &e, "-d", &d, "--base-url", &base];
    // Untrusted: refused before anything is sent, naming the URL.
    let run = conform(dir.path(), &args);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(&format!("cannot fetch {c}: tls error")),
        "{run:?}"
    );
    assert_eq!(api_hits(&s), 0);
    // Newman's --ssl-extra-ca-certs trusts the test CA, for the inputs and the requests alike.
    let ca = files.ca.to_str().unwrap();
    let mut trusted = args.to_vec();
    trusted.extend(["--ssl-extra-ca-certs", ca]);
    let run = conform(dir.path(), &trusted);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(api_hits(&s), 2);
    // -k accepts any certificate.
    let mut insecure = args.to_vec();
    insecure.push("-k");
    let run = conform(dir.path(), &insecure);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn the_collection_or_the_data_can_come_from_standard_input() {
    let s = TestServer::start_blocking(routes());
    let dir = tempfile::tempdir().unwrap();
    let base = s.url();
    let e = s.url_for("/env.json");
    let run = conform_stdin(
        dir.path(),
        &[
            "run",
            "-",
            "-e",
            &e,
            "-d",
            &s.url_for("/data.csv"),
            "--base-url",
            &base,
        ],
        &checked_collection().to_string(),
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(api_hits(&s), 2);
    assert_eq!(report(dir.path())["summary"]["passed"], 2);
    // Data from stdin, as JSON (told apart from CSV by its first character).
    let run = conform_stdin(
        dir.path(),
        &[
            "run",
            &s.url_for("/c.json"),
            "-e",
            &e,
            "-d",
            "-",
            "--base-url",
            &base,
        ],
        r#"[{"row": "r2"}]"#,
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(api_hits(&s), 3);
    // Standard input is read once: two inputs cannot both come from it.
    let run = conform_stdin(dir.path(), &["run", "-", "-e", "-"], "{}");
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("only one input can come from standard input ('-')"),
        "{run:?}"
    );
    // A broken collection on stdin is named `-` with its line and column.
    let run = conform_stdin(dir.path(), &["run", "-"], "{\n  oops\n}");
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("error: -:2:3:"), "{run:?}");
}

/// The client key encrypted as `openssl pkcs8 -topk8` does by default (PBES2, PBKDF2-SHA256,
/// AES-256-CBC).
fn encrypted_key(key_der: &[u8], passphrase: &str) -> String {
    use pkcs8::pkcs5::pbes2;
    let info = pkcs8::PrivateKeyInfo::try_from(key_der).unwrap();
    let params = pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, b"saltsalt", &[7u8; 16]).unwrap();
    let doc = info
        .encrypt_with_params(params, passphrase.as_bytes())
        .unwrap();
    doc.to_pem("ENCRYPTED PRIVATE KEY", pkcs8::LineEnding::LF)
        .unwrap()
        .to_string()
}

#[test]
fn an_encrypted_client_key_opens_with_its_passphrase() {
    let cert = TestCert::generate();
    let s = TestServer::start_tls_client_auth_blocking(
        Routes::new().get("/ok", Reply::json(json!({}))),
        &cert,
    );
    let dir = tempfile::tempdir().unwrap();
    let files = cert.write_to(dir.path()).unwrap();
    std::fs::write(
        dir.path().join("enc.key"),
        encrypted_key(&cert.client.key_der, "open sesame"),
    )
    .unwrap();
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item("ok", json!(s.url_for("/ok")))])),
    );
    let client = files.client_cert.to_str().unwrap();
    let ca = files.ca.to_str().unwrap();
    let base = [
        "run",
        "c.json",
        "--ca-cert",
        ca,
        "--ssl-client-cert",
        client,
    ];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run_with = |extra: &[&str], env: &[(&str, &str)]| {
        let a = with(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        conform_env(dir.path(), &a, env)
    };
    let run = run_with(
        &[
            "--ssl-client-key",
            "enc.key",
            "--ssl-client-passphrase",
            "open sesame",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(s.requests().len(), 1);
    assert!(!run.all().contains("open sesame"), "{run:?}");
    // From the environment variable, off the command line.
    let run = run_with(
        &["--ssl-client-key", "enc.key"],
        &[("CONFORM_SSL_CLIENT_PASSPHRASE", "open sesame")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(s.requests().len(), 2);
    // Missing or wrong: exit 2, nothing sent, the key file named, the passphrase never shown.
    let run = run_with(&["--ssl-client-key", "enc.key"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("enc.key: the private key is encrypted: give its passphrase with --ssl-client-passphrase"),
        "{run:?}"
    );
    let run = run_with(
        &[
            "--ssl-client-key",
            "enc.key",
            "--ssl-client-passphrase",
            "wrong-guess",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("enc.key: cannot decrypt"), "{run:?}");
    assert!(!run.all().contains("wrong-guess"), "{run:?}");
    assert_eq!(s.requests().len(), 2);
    // A legacy OpenSSL-encrypted key gets a clear refusal with the conversion command.
    std::fs::write(
        dir.path().join("legacy.key"),
        "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n",
    )
    .unwrap();
    let run = run_with(
        &[
            "--ssl-client-key",
            "legacy.key",
            "--ssl-client-passphrase",
            "x",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("openssl pkcs8 -topk8"), "{run:?}");
}

#[test]
fn export_collection_writes_the_variables_as_the_scripts_left_them() {
    let s = TestServer::start_blocking(routes());
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "c.json", &checked_collection());
    write_json(dir.path(), "env.json", &env_doc());
    let base = s.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "-e",
            "env.json",
            "-d",
            &s.url_for("/data.csv"),
            "--base-url",
            &base,
            "--export-collection",
            "out/c.json",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let text = std::fs::read_to_string(dir.path().join("out/c.json")).unwrap();
    let out: Value = serde_json::from_str(&text).unwrap();
    let vars = out["variable"].as_array().unwrap();
    let get = |k: &str| {
        vars.iter()
            .find(|v| v["key"] == k)
            .map(|v| v["value"].clone())
    };
    assert_eq!(get("seen"), Some(json!("r2")), "{out}");
    assert_eq!(
        get("token"),
        Some(json!("***")),
        "a secret-named value is masked: {out}"
    );
    assert!(!text.contains("tok-SECRETVALUE"));
    assert_eq!(out["item"][0]["name"], "ok");
    // The exported collection runs again as it is.
    let run = conform(
        dir.path(),
        &[
            "run",
            "out/c.json",
            "-e",
            "env.json",
            "--base-url",
            &base,
            "--env-var",
            "row=r1",
        ],
    );
    assert_eq!(
        run.code, 1,
        "row comes from data only, so 'data' fails: {run:?}"
    );
    assert_eq!(status_of(&run, "remote::ok"), Some("FAILED"), "{run:?}");
    // More than one collection: refused before anything is sent.
    let sent = s.requests().len();
    write_json(dir.path(), "d.json", &checked_collection());
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "d.json",
            "--base-url",
            &base,
            "--export-collection",
            "x.json",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("--export-collection writes one collection"),
        "{run:?}"
    );
    assert_eq!(s.requests().len(), sent);
}

#[test]
fn no_summary_and_disable_unicode_change_the_console() {
    let s = TestServer::start_blocking(routes());
    let dir = tempfile::tempdir().unwrap();
    let long = "n".repeat(300);
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item(&long, json!("http://h/ok"))])),
    );
    let base = s.url();
    let run = conform(dir.path(), &["run", "c.json", "--base-url", &base]);
    assert!(run.stdout.contains("requests: 1 passed"), "{run:?}");
    assert!(
        run.stdout.contains("\ntest result: ok. 1 passed"),
        "{run:?}"
    );
    assert!(run.stdout.contains('…'), "{run:?}");
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--reporter-cli-no-summary",
            "--disable-unicode",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    // Neither conform's summary nor libtest's result line; the trial's own line stays.
    assert!(!run.stdout.contains("requests: "), "{run:?}");
    assert!(!run.stdout.contains("test result"), "{run:?}");
    assert!(run.stdout.contains("... ok"), "{run:?}");
    assert!(
        !run.stdout.contains('…') && run.stdout.contains("nnn...nnn"),
        "{run:?}"
    );
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--reporter-cli-silent",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
}

#[test]
fn newman_options_conform_does_not_take_are_refused_by_name() {
    let s = TestServer::start_blocking(routes());
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "c.json", &checked_collection());
    let base = s.url();
    for (args, says) in [
        (
            vec!["--postman-api-key", "PMAK-123"],
            "error: --postman-api-key: collections are not loaded from the Postman API",
        ),
        (
            vec!["--ssl-client-cert-list", "list.json"],
            "error: --ssl-client-cert-list: per-host client certificates are not supported",
        ),
        (
            vec!["-r", "cli,htmlextra"],
            "error: --reporters htmlextra: 'htmlextra' is not built in",
        ),
        (
            vec!["--reporter-htmlextra-title=Mine"],
            "error: --reporter-htmlextra-title: not a reporter option conform takes",
        ),
        (
            vec!["--reporter-cli-no-failures"],
            "error: --reporter-cli-no-failures: not supported",
        ),
    ] {
        let mut a = vec!["run", "c.json", "--base-url", &base];
        a.extend(args.iter().copied());
        let run = conform(dir.path(), &a);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(says), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("unexpected argument"), "{run:?}");
        assert!(!run.stderr.contains("PMAK-123"), "{run:?}");
    }
    assert!(s.requests().is_empty());
}
