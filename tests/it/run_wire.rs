//! Our own HTTP/1.1 client (src/wire): request header names and targets go out exactly as
//! built, response header names come back as written, bodies are decoded (gzip, deflate, br)
//! under the size cap, and one connection carries a run's requests to one origin.

use std::io::Write;

use serde_json::{Value, json};

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};

fn encoded(encoding: &str, body: &[u8]) -> Reply {
    let bytes = match encoding {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(body).unwrap();
            e.finish().unwrap()
        }
        "deflate" => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(body).unwrap();
            e.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            w.write_all(body).unwrap();
            drop(w);
            out
        }
        _ => unreachable!(),
    };
    Reply::Raw {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Content-Encoding".into(), encoding.into()),
        ],
        body: bytes,
    }
}

fn checked(name: &str, url: String, script: &[&str]) -> Value {
    json!({
        "name": name,
        "request": {"method": "GET", "url": url},
        "event": [{"listen": "test", "script": {"exec": script}}]
    })
}

fn run_in(items: Value, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items),
    );
    let mut args = vec!["run", "c.postman_collection.json"];
    args.extend_from_slice(extra);
    conform(dir.path(), &args)
}

#[test]
fn gzip_deflate_and_brotli_bodies_are_decoded() {
    let body = br#"{"ok":true,"pad":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#;
    let server = TestServer::start_blocking(
        Routes::new()
            .get("/gzip", encoded("gzip", body))
            .get("/deflate", encoded("deflate", body))
            .get("/br", encoded("br", body)),
    );
    let script = ["pm.test('decoded', () => pm.expect(pm.response.json().ok).to.equal(true));"];
    let items = json!(
        ["gzip", "deflate", "br"]
            .iter()
            .map(|e| checked(e, server.url_for(&format!("/{e}")), &script))
            .collect::<Vec<_>>()
    );
    let run = run_in(items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    for e in ["gzip", "deflate", "br"] {
        assert_eq!(status_of(&run, &format!("c::{e}")), Some("ok"), "{run:?}");
    }
}

#[test]
fn a_decompression_bomb_stops_at_the_size_cap() {
    // 64 MiB of zeros in about 64 KiB of gzip: decoded, it would pass the cap 64 times over.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let server = TestServer::start_blocking(
        Routes::new()
            .get("/bomb", encoded("gzip", &zeros))
            .get("/bomb-br", encoded("br", &zeros)),
    );
    let items = json!([
        checked("bomb", server.url_for("/bomb"), &[]),
        checked("bomb-br", server.url_for("/bomb-br"), &[]),
        checked("next", server.url_for("/next"), &[])
    ]);
    let run = run_in(items, &["--max-response-size", "1M"]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::bomb"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::bomb-br"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::next"), Some("ok"), "{run:?}");
    assert_eq!(
        run.stdout.matches("larger than 1048576 bytes").count(),
        2,
        "{run:?}"
    );
}

#[test]
fn a_corrupt_gzip_body_fails_its_request_naming_the_body() {
    let server = TestServer::start_blocking(Routes::new().get(
        "/bad",
        Reply::Raw {
            status: 200,
            headers: vec![("Content-Encoding".into(), "gzip".into())],
            body: b"this is not gzip".to_vec(),
        },
    ));
    let run = run_in(json!([checked("bad", server.url_for("/bad"), &[])]), &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stdout.contains("body does not decode"), "{run:?}");
}

#[test]
fn names_and_targets_go_out_as_written_and_response_names_come_back_as_written() {
    let server = TestServer::start_blocking(Routes::new().get(
        "/headers",
        Reply::Raw {
            status: 200,
            headers: vec![
                ("x-lower".into(), "1".into()),
                ("X-MiXeD".into(), "2".into()),
            ],
            body: b"ok".to_vec(),
        },
    ));
    let items = json!([
        {
            "name": "sent",
            "request": {
                "method": "GET",
                "url": server.url_for("/a/../b/./c?q=1"),
                "header": [
                    {"key": "x-lower-case", "value": "1"},
                    {"key": "X-MiXeD-CaSe", "value": "2"}
                ]
            }
        },
        checked("received", server.url_for("/headers"), &[
            "const keys = pm.response.headers.map(h => h.key);",
            "pm.test('as written', () => pm.expect(keys).to.include.members(['x-lower', 'X-MiXeD']));"
        ])
    ]);
    let run = run_in(items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen[0].target, "/a/../b/./c?q=1");
    let names: Vec<&str> = seen[0].headers.iter().map(|(k, _)| k.as_str()).collect();
    assert!(names.contains(&"x-lower-case"), "{names:?}");
    assert!(names.contains(&"X-MiXeD-CaSe"), "{names:?}");
}

#[test]
fn one_connection_carries_the_requests_to_one_origin() {
    let server = TestServer::start_blocking(Routes::new());
    let items = json!([
        checked("one", server.url_for("/1"), &[]),
        checked("two", server.url_for("/2"), &[]),
        checked("three", server.url_for("/3"), &[])
    ]);
    let run = run_in(items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|r| r.conn == seen[0].conn), "{seen:?}");
    assert_eq!(seen[2].seq_on_conn, 2);
}

#[test]
fn a_transfer_encoding_chunked_set_by_the_collection_frames_the_body() {
    let server = TestServer::start_blocking(Routes::new());
    let items = json!([{
        "name": "chunked",
        "request": {
            "method": "POST",
            "url": server.url_for("/up"),
            "header": [{"key": "Transfer-Encoding", "value": "chunked"}],
            "body": {"mode": "raw", "raw": "hello chunks"}
        }
    }, checked("after", server.url_for("/after"), &[])]);
    let run = run_in(items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen[0].body_text(), "hello chunks");
    assert_eq!(seen[0].header("transfer-encoding"), Some("chunked"));
    // The framing was right: the next request on the connection was read as one.
    assert_eq!(seen[1].target, "/after");
}

#[test]
fn a_kept_connection_the_server_closed_is_replaced_and_the_request_sent_once() {
    // HTTP/1.1 with a Content-Length, so the client keeps the connection; the server closes
    // it right after. The next request finds it dead before any answer and goes on a new one.
    let once = Reply::Wire(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".to_vec());
    let server = TestServer::start_blocking(Routes::new().get("/once", once));
    let items = json!([
        checked("first", server.url_for("/once"), &[]),
        checked("second", server.url_for("/once"), &[])
    ]);
    let run = run_in(items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_ne!(seen[0].conn, seen[1].conn);
}
