//! Issue 3: the run's client takes its proxy from the environment, as curl and Newman do:
//! `HTTP_PROXY` for http:// URLs (absolute-form requests to the proxy), `HTTPS_PROXY` for
//! https:// (a CONNECT tunnel; TLS is still checked end to end against the target's
//! certificate), `NO_PROXY` to go direct. The proxy here is a small recording one on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::common::*;
use crate::support::{Reply, Routes, TestCert, TestServer};

/// Request lines the proxy received (`GET http://… HTTP/1.1`, `CONNECT host:port HTTP/1.1`).
struct Proxy {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

/// Plain requests are answered by the proxy itself (so a test can tell who answered);
/// CONNECT is tunnelled to the named host, which must be on 127.0.0.1.
fn start_proxy() -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || serve(conn, &log));
        }
    });
    Proxy { url, seen }
}

fn serve(conn: TcpStream, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut length = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    log.lock().unwrap().push(line.trim_end().to_string());
    let mut out = conn;
    if let Some(rest) = line.strip_prefix("CONNECT ") {
        let target = rest.split(' ').next().unwrap_or_default().to_string();
        assert!(target.starts_with("127.0.0.1:"), "tunnel only to loopback");
        let Ok(upstream) = TcpStream::connect(&target) else {
            let _ = out.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
            return;
        };
        out.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .unwrap();
        let mut up_read = upstream.try_clone().unwrap();
        let mut down_write = out.try_clone().unwrap();
        let back = std::thread::spawn(move || {
            let _ = std::io::copy(&mut up_read, &mut down_write);
        });
        let mut up_write = upstream;
        // The reader may already hold the first bytes of the TLS handshake.
        let _ = std::io::copy(&mut reader, &mut up_write);
        let _ = up_write.shutdown(std::net::Shutdown::Write);
        let _ = back.join();
        return;
    }
    let mut body = vec![0u8; length];
    let _ = reader.read_exact(&mut body);
    let answer = r#"{"via":"proxy"}"#;
    let _ = write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
}

/// One GET to `url` whose test script records who answered.
fn write_suite(dir: &Path, url: &str, expect_via: &str) {
    let check = format!(
        "pm.test('answered by {expect_via}', function () {{ pm.expect(pm.response.json().via).to.eql('{expect_via}'); }});"
    );
    let item = json!({
        "name": "through",
        "request": {"method": "GET", "url": url},
        "event": [{"listen": "test", "script": {"exec": [check]}}]
    });
    write_json(
        dir,
        "c.postman_collection.json",
        &collection("c", json!([item])),
    );
}

#[test]
fn http_proxy_carries_plain_requests_in_absolute_form() {
    let server = TestServer::start_blocking(
        Routes::new().get("/plain", Reply::json(json!({"via": "server"}))),
    );
    let proxy = start_proxy();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url_for("/plain");
    write_suite(dir.path(), &url, "proxy");
    let run = conform_env(
        dir.path(),
        &["run", "c.postman_collection.json"],
        &[("HTTP_PROXY", &proxy.url)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(*proxy.seen.lock().unwrap(), [format!("GET {url} HTTP/1.1")]);
    assert!(
        server.requests().is_empty(),
        "the request bypassed the proxy"
    );
}

#[test]
fn no_proxy_sends_directly() {
    let server = TestServer::start_blocking(
        Routes::new().get("/plain", Reply::json(json!({"via": "server"}))),
    );
    let proxy = start_proxy();
    let dir = tempfile::tempdir().unwrap();
    write_suite(dir.path(), &server.url_for("/plain"), "server");
    let run = conform_env(
        dir.path(),
        &["run", "c.postman_collection.json"],
        &[("HTTP_PROXY", &proxy.url), ("NO_PROXY", "127.0.0.1")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(proxy.seen.lock().unwrap().is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn https_proxy_tunnels_and_tls_is_still_checked_end_to_end() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_blocking(
        Routes::new().get("/secure", Reply::json(json!({"via": "server"}))),
        &cert,
    );
    let proxy = start_proxy();
    let dir = tempfile::tempdir().unwrap();
    cert.write_to(dir.path()).unwrap();
    write_suite(dir.path(), &server.url_for("/secure"), "server");
    let host = server.url().trim_start_matches("https://").to_string();
    let env = [("HTTPS_PROXY", proxy.url.as_str())];

    let run = conform_env(
        dir.path(),
        &["run", "c.postman_collection.json", "--ca-cert", "ca.pem"],
        &env,
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        *proxy.seen.lock().unwrap(),
        [format!("CONNECT {host} HTTP/1.1")]
    );
    assert_eq!(server.requests().len(), 1);

    // Without the test CA the tunnel opens but the certificate is refused: the proxy cannot
    // stand in for the server.
    let run = conform_env(dir.path(), &["run", "c.postman_collection.json"], &env);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.all().contains("tls error"), "{run:?}");
    assert_eq!(proxy.seen.lock().unwrap().len(), 2);
    assert_eq!(server.requests().len(), 1);
}
