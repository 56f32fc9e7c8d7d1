//! Issue 3: HTTPS against a test CA made at run time: untrusted certificates, trusting a CA
//! file, `--insecure`, mutual TLS with a client certificate, and certificate files that are
//! missing or not PEM (usage errors: nothing may be sent).

use serde_json::{Value, json};

use crate::common::*;
use crate::support::tls::CLIENT_CN;
use crate::support::{Routes, TestCert, TestServer};

fn items(server: &TestServer) -> Value {
    json!([item(
        "secure",
        json!({"method": "GET", "url": server.url_for("/secure")})
    )])
}

/// Writes the collection and the certificate files into a fresh folder, runs there.
fn run_tls(server: &TestServer, cert: &TestCert, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    cert.write_to(dir.path()).unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items(server)),
    );
    let mut args = vec!["run", "c.postman_collection.json"];
    args.extend_from_slice(extra);
    conform(dir.path(), &args)
}

#[test]
fn an_untrusted_certificate_is_a_tls_error() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_blocking(Routes::new(), &cert);
    assert!(server.url().starts_with("https://127.0.0.1:"));
    let run = run_tls(&server, &cert, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::secure"), Some("FAILED"), "{run:?}");
    assert!(run.all().contains("tls error"), "{run:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn a_trusted_ca_file_makes_the_certificate_valid() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_blocking(Routes::new(), &cert);
    let run = run_tls(&server, &cert, &["--ca-cert", "ca.pem"]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(status_of(&run, "c::secure"), Some("ok"), "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/secure");
}

#[test]
fn another_cas_file_does_not_make_the_certificate_valid() {
    let cert = TestCert::generate();
    let stranger = TestCert::generate();
    let server = TestServer::start_tls_blocking(Routes::new(), &cert);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other-ca.pem"), &stranger.ca_pem).unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items(&server)),
    );
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.postman_collection.json",
            "--ca-cert",
            "other-ca.pem",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.all().contains("tls error"), "{run:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn insecure_accepts_any_certificate_in_both_spellings() {
    for flag in ["-k", "--insecure"] {
        let cert = TestCert::generate();
        let server = TestServer::start_tls_blocking(Routes::new(), &cert);
        let run = run_tls(&server, &cert, &[flag]);
        no_panic(&run);
        assert_eq!(run.code, 0, "{flag}: {run:?}");
        assert_eq!(status_of(&run, "c::secure"), Some("ok"), "{flag}: {run:?}");
        assert_eq!(server.requests().len(), 1, "{flag}");
    }
}

#[test]
fn mutual_tls_presents_the_client_certificate() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_client_auth_blocking(Routes::new(), &cert);
    let run = run_tls(
        &server,
        &cert,
        &[
            "--ca-cert",
            "ca.pem",
            "--ssl-client-cert",
            "client.pem",
            "--ssl-client-key",
            "client.key",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(status_of(&run, "c::secure"), Some("ok"), "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "{:?}", server.handshake_errors());
    assert_eq!(seen[0].client_cn.as_deref(), Some(CLIENT_CN));
    // The private key is a secret: it must not be echoed anywhere.
    let key_body = cert.client.key_pem.lines().nth(1).expect("a PEM body line");
    assert!(!run.all().contains(key_body), "{run:?}");
}

#[test]
fn mutual_tls_without_a_client_certificate_fails_the_request() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_client_auth_blocking(Routes::new(), &cert);
    let run = run_tls(&server, &cert, &["--ca-cert", "ca.pem"]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::secure"), Some("FAILED"), "{run:?}");
    let error = run
        .stdout
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("error: "))
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        error.contains("tls error"),
        "the cause names TLS or the certificate: {run:?}"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn a_client_certificate_from_another_ca_is_refused() {
    let cert = TestCert::generate();
    let stranger = TestCert::generate();
    let server = TestServer::start_tls_client_auth_blocking(Routes::new(), &cert);
    let dir = tempfile::tempdir().unwrap();
    cert.write_to(dir.path()).unwrap();
    std::fs::write(dir.path().join("stranger.pem"), &stranger.client.cert_pem).unwrap();
    std::fs::write(dir.path().join("stranger.key"), &stranger.client.key_pem).unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items(&server)),
    );
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.postman_collection.json",
            "--ca-cert",
            "ca.pem",
            "--ssl-client-cert",
            "stranger.pem",
            "--ssl-client-key",
            "stranger.key",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(server.requests().is_empty());
    assert!(!server.handshake_errors().is_empty());
}

#[test]
fn a_ca_cert_that_is_not_pem_is_a_usage_error_naming_the_file() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_blocking(Routes::new(), &cert);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("not-a-cert.txt"), "just some words\n").unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items(&server)),
    );
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.postman_collection.json",
            "--ca-cert",
            "not-a-cert.txt",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("not-a-cert.txt"), "{run:?}");
    assert!(status_of(&run, "c::secure").is_none(), "{run:?}");
    assert!(server.requests().is_empty());
    assert!(server.handshake_errors().is_empty());
}

#[test]
fn a_missing_client_key_file_is_a_usage_error_naming_the_file() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_client_auth_blocking(Routes::new(), &cert);
    let run = run_tls(
        &server,
        &cert,
        &[
            "--ca-cert",
            "ca.pem",
            "--ssl-client-cert",
            "client.pem",
            "--ssl-client-key",
            "no-such.key",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no-such.key"), "{run:?}");
    assert!(server.requests().is_empty());
    assert!(server.handshake_errors().is_empty());
}
