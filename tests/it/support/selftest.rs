//! Proof that the test server records and misbehaves as documented, driven by raw TCP and
//! rustls clients (never by conform's own HTTP stack, which the server exists to test).

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::ClientConfig;
use tokio_rustls::rustls::pki_types::ServerName;

use super::digest::DigestInputs;
use super::tls::CLIENT_CN;
use super::{Digest, Recorded, Reply, Routes, TestCert, TestServer};

const WAIT: Duration = Duration::from_secs(5);

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("response body is JSON")
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(head: &[u8]) -> (u16, Vec<(String, String)>) {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let headers = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (n, v) = l.split_once(':').expect("header colon");
            (n.to_string(), v.trim().to_string())
        })
        .collect();
    (status, headers)
}

/// One Content-Length-framed response off a keep-alive stream; leftovers stay in `buf`.
async fn read_response<S: AsyncRead + Unpin>(stream: &mut S, buf: &mut Vec<u8>) -> Resp {
    timeout(WAIT, async {
        loop {
            if let Some(end) = find(buf, b"\r\n\r\n") {
                let (status, headers) = parse_head(&buf[..end]);
                let len: usize = headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                    .map_or(0, |(_, v)| v.parse().expect("numeric content-length"));
                while buf.len() < end + 4 + len {
                    let mut chunk = [0u8; 4096];
                    let n = stream.read(&mut chunk).await.expect("read body");
                    assert!(n > 0, "eof inside body");
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = buf[end + 4..end + 4 + len].to_vec();
                buf.drain(..end + 4 + len);
                return Resp {
                    status,
                    headers,
                    body,
                };
            }
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.expect("read head");
            assert!(n > 0, "eof before response head");
            buf.extend_from_slice(&chunk[..n]);
        }
    })
    .await
    .expect("response within 5s")
}

/// Sends `raw` on a fresh connection and reads one response.
async fn exchange(addr: SocketAddr, raw: &[u8]) -> Resp {
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    tcp.write_all(raw).await.expect("send");
    read_response(&mut tcp, &mut Vec::new()).await
}

async fn get(server: &TestServer, path: &str) -> Resp {
    let raw = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    exchange(server.addr, raw.as_bytes()).await
}

#[tokio::test]
async fn records_request_line_headers_and_body_exactly() {
    let server = TestServer::start(Routes::new()).await;
    let head = format!(
        "POST /a/b%2Fc?x=1&y=%20z HTTP/1.1\r\nHost: {}\r\nX-MiXeD-Case: v1\r\naccept: */*\r\nX-Dup: one\r\nx-dup: two\r\nContent-Length: 11\r\n\r\n",
        server.addr
    );
    let mut raw = head.clone().into_bytes();
    raw.extend_from_slice(b"hello\x00\xffbody");
    let resp = exchange(server.addr, &raw).await;
    assert_eq!(resp.status, 200);

    let reqs = server.wait_for(1, WAIT).await;
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/a/b%2Fc?x=1&y=%20z");
    assert_eq!((r.path(), r.query()), ("/a/b%2Fc", Some("x=1&y=%20z")));
    let names: Vec<&str> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Host",
            "X-MiXeD-Case",
            "accept",
            "X-Dup",
            "x-dup",
            "Content-Length"
        ]
    );
    assert_eq!(r.header("x-mixed-case"), Some("v1"));
    assert_eq!(r.header("ACCEPT"), Some("*/*"));
    assert_eq!(r.header_all("X-DUP"), ["one", "two"]);
    assert_eq!(r.header("absent"), None);
    assert_eq!(r.body, b"hello\x00\xffbody");
    assert_eq!(r.raw_head, head);

    let echo = resp.json();
    assert_eq!(echo["path"], "/a/b%2Fc");
    assert_eq!(echo["query"], "x=1&y=%20z");
    assert_eq!(echo["headers"][1], json!(["X-MiXeD-Case", "v1"]));
}

#[tokio::test]
async fn records_chunked_body_and_trailers() {
    let server = TestServer::start(Routes::new()).await;
    let raw = b"PUT /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n";
    let resp = exchange(server.addr, raw).await;
    assert_eq!(resp.json()["body"], "Wikipedia in \r\n\r\nchunks.");
    let r = &server.wait_for(1, WAIT).await[0];
    assert_eq!(r.body, b"Wikipedia in \r\n\r\nchunks.");
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert_eq!(
        r.trailers,
        vec![("Expires".to_string(), "never".to_string())]
    );
}

#[tokio::test]
async fn keep_alive_serves_two_requests_on_one_connection() {
    let server = TestServer::start(Routes::new().get("/one", Reply::json(json!({"n": 1})))).await;
    let mut tcp = TcpStream::connect(server.addr).await.expect("connect");
    let mut buf = Vec::new();
    tcp.write_all(b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("send 1");
    let first = read_response(&mut tcp, &mut buf).await;
    tcp.write_all(b"POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok")
        .await
        .expect("send 2");
    let second = read_response(&mut tcp, &mut buf).await;
    assert_eq!(first.json(), json!({"n": 1}));
    assert_eq!(first.header("connection"), None);
    assert_eq!(second.json()["body"], "ok");

    // A second connection gets the next connection number.
    get(&server, "/three").await;
    let reqs = server.wait_for(3, WAIT).await;
    let ids: Vec<(u64, usize)> = reqs.iter().map(|r| (r.conn, r.seq_on_conn)).collect();
    assert_eq!(ids, [(0, 0), (0, 1), (1, 0)]);
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order() {
    let server = TestServer::start(Routes::new()).await;
    let mut tcp = TcpStream::connect(server.addr).await.expect("connect");
    tcp.write_all(b"GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("send");
    let mut buf = Vec::new();
    let a = read_response(&mut tcp, &mut buf).await;
    let b = read_response(&mut tcp, &mut buf).await;
    assert_eq!(
        (a.json()["path"].clone(), b.json()["path"].clone()),
        (json!("/p1"), json!("/p2"))
    );
    assert_eq!(b.header("connection"), Some("close"));
    let mut rest = Vec::new();
    let n = timeout(WAIT, tcp.read_to_end(&mut rest))
        .await
        .expect("server closes");
    assert_eq!(n.expect("clean close"), 0);
}

#[tokio::test]
async fn expect_continue_gets_interim_response() {
    let server = TestServer::start(Routes::new()).await;
    let mut tcp = TcpStream::connect(server.addr).await.expect("connect");
    tcp.write_all(
        b"POST /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n",
    )
    .await
    .expect("send head");
    let mut interim = [0u8; 25];
    timeout(WAIT, tcp.read_exact(&mut interim))
        .await
        .expect("interim in time")
        .expect("read interim");
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    tcp.write_all(b"abc").await.expect("send body");
    let resp = read_response(&mut tcp, &mut Vec::new()).await;
    assert_eq!(resp.json()["body"], "abc");
}

#[tokio::test]
async fn malformed_request_gets_400_and_is_not_recorded() {
    let server = TestServer::start(Routes::new()).await;
    let resp = exchange(server.addr, b"GET /x HTTP/1.1\r\nBroken header\r\n\r\n").await;
    assert_eq!(resp.status, 400);
    assert!(String::from_utf8_lossy(&resp.body).contains("header line without colon"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn routes_match_method_and_path_ignoring_query() {
    let routes = Routes::new()
        .get("/r", Reply::Json(201, json!({"m": "get"})))
        .post("/r", Reply::text(202, "posted"))
        .any("/any", Reply::status(204));
    let server = TestServer::start(routes).await;
    assert_eq!(get(&server, "/r?ignored=1").await.status, 201);
    let post = exchange(
        server.addr,
        b"POST /r HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    )
    .await;
    assert_eq!((post.status, post.body.as_slice()), (202, &b"posted"[..]));
    let del = exchange(server.addr, b"DELETE /any HTTP/1.1\r\n\r\n").await;
    assert_eq!((del.status, del.header("content-length")), (204, None));
    let unmatched = exchange(server.addr, b"PATCH /r HTTP/1.1\r\n\r\n").await;
    assert_eq!(unmatched.json()["method"], "PATCH");
}

#[tokio::test]
async fn sequence_and_fn_replies() {
    let routes = Routes::new()
        .get(
            "/flaky",
            Reply::Sequence(vec![Reply::status(503), Reply::json(json!({"ok": true}))]),
        )
        .get(
            "/who",
            Reply::func(|r: &Recorded| {
                Reply::json(json!({"agent": r.header("user-agent"), "conn": r.conn}))
            }),
        );
    let server = TestServer::start(routes).await;
    let statuses = [
        get(&server, "/flaky").await.status,
        get(&server, "/flaky").await.status,
        get(&server, "/flaky").await.status,
    ];
    assert_eq!(statuses, [503, 200, 200]);
    let who = exchange(
        server.addr,
        b"GET /who HTTP/1.1\r\nUser-Agent: probe/1\r\n\r\n",
    )
    .await;
    assert_eq!(who.json(), json!({"agent": "probe/1", "conn": 3}));
}

#[tokio::test]
async fn delay_answers_late() {
    let server = TestServer::start(Routes::new().get(
        "/slow",
        Reply::Delay(Duration::from_millis(300), Box::new(Reply::status(200))),
    ))
    .await;
    let started = std::time::Instant::now();
    assert_eq!(get(&server, "/slow").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn stall_never_answers_until_client_gives_up() {
    let server = TestServer::start(Routes::new().get("/stall", Reply::Stall)).await;
    let mut tcp = TcpStream::connect(server.addr).await.expect("connect");
    tcp.write_all(b"GET /stall HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("send");
    let mut byte = [0u8; 1];
    let read = timeout(Duration::from_millis(400), tcp.read(&mut byte)).await;
    assert!(read.is_err(), "stall answered: {read:?}");
    assert_eq!(server.wait_for(1, WAIT).await[0].target, "/stall");
}

#[tokio::test]
async fn reset_mid_body_truncates_then_resets() {
    let server = TestServer::start(Routes::new().get("/reset", Reply::ResetMidBody)).await;
    let mut tcp = TcpStream::connect(server.addr).await.expect("connect");
    tcp.write_all(b"GET /reset HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("send");
    let mut got = Vec::new();
    let end = timeout(WAIT, async {
        let mut chunk = [0u8; 4096];
        loop {
            match tcp.read(&mut chunk).await {
                Ok(0) => return Ok(()),
                Ok(n) => got.extend_from_slice(&chunk[..n]),
                Err(e) => return Err(e),
            }
        }
    })
    .await
    .expect("connection ends in time");
    let head_end = find(&got, b"\r\n\r\n");
    if let Some(end) = head_end {
        let (status, headers) = parse_head(&got[..end]);
        assert_eq!(status, 200);
        assert!(headers.contains(&("Content-Length".to_string(), "1000".to_string())));
        assert!(got.len() - end - 4 < 1000, "body not truncated");
    }
    match end {
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset),
        Ok(()) => panic!(
            "closed cleanly instead of reset, read {:?}",
            String::from_utf8_lossy(&got)
        ),
    }
}

#[tokio::test]
async fn endless_body_keeps_coming() {
    let server = TestServer::start(Routes::new().get("/endless", Reply::Endless)).await;
    let mut tcp = TcpStream::connect(server.addr).await.expect("connect");
    tcp.write_all(b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("send");
    let mut got = Vec::new();
    timeout(WAIT, async {
        let mut chunk = [0u8; 64 * 1024];
        while got.len() < 4 << 20 {
            let n = tcp.read(&mut chunk).await.expect("read");
            assert!(n > 0, "endless body ended");
            got.extend_from_slice(&chunk[..n]);
        }
    })
    .await
    .expect("4 MiB within 5s");
    let end = find(&got, b"\r\n\r\n").expect("head");
    let (status, headers) = parse_head(&got[..end]);
    assert_eq!(status, 200);
    assert!(headers.contains(&("Transfer-Encoding".to_string(), "chunked".to_string())));
    assert!(!got.ends_with(b"0\r\n\r\n"));
}

#[tokio::test]
async fn invalid_utf8_body_is_labelled_utf8() {
    let server = TestServer::start(Routes::new().get("/bad", Reply::InvalidUtf8)).await;
    let resp = get(&server, "/bad").await;
    assert_eq!(
        resp.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert!(std::str::from_utf8(&resp.body).is_err());
}

#[tokio::test]
async fn redirect_loop() {
    let routes = Routes::new()
        .get("/a", Reply::Redirect(302, "/b".into()))
        .get("/b", Reply::Redirect(307, "/a".into()));
    let server = TestServer::start(routes).await;
    let a = get(&server, "/a").await;
    let b = get(&server, "/b").await;
    assert_eq!((a.status, a.header("location")), (302, Some("/b")));
    assert_eq!((b.status, b.header("location")), (307, Some("/a")));
    assert!(a.body.is_empty());
}

/// Shaped like postman-runtime's header: quoted algorithm, unquoted qop and nc.
fn authorization(d: &Digest, method: &str, uri: &str, password: &str) -> String {
    let (nc, cnonce) = ("00000001", "0a4f113b");
    let response = DigestInputs {
        algorithm: &d.algorithm,
        user: &d.user,
        realm: &d.realm,
        password,
        method,
        uri,
        nonce: &d.nonce,
        nc,
        cnonce,
        qop: Some("auth"),
        body: b"",
    }
    .response()
    .expect("supported algorithm");
    format!(
        "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", algorithm=\"{}\", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\", opaque=\"{}\"",
        d.user,
        d.realm,
        d.nonce,
        d.algorithm,
        d.opaque.as_deref().unwrap_or_default()
    )
}

async fn get_with_auth(server: &TestServer, path: &str, auth: Option<&str>) -> Resp {
    let auth = auth.map_or(String::new(), |a| format!("Authorization: {a}\r\n"));
    let raw = format!("GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n");
    exchange(server.addr, raw.as_bytes()).await
}

#[tokio::test]
async fn digest_accepts_correct_hash_and_rejects_wrong_one() {
    let md5 = Digest::new("alice", "s3cret");
    let sha = Digest::new("alice", "s3cret").sha256();
    let routes = Routes::new()
        .get("/md5", Reply::DigestChallenge(md5.clone()))
        .get("/sha", Reply::DigestChallenge(sha.clone()));
    let server = TestServer::start(routes).await;

    let challenge = get_with_auth(&server, "/md5?x=1", None).await;
    assert_eq!(challenge.status, 401);
    let www = challenge.header("www-authenticate").expect("challenge");
    assert!(www.starts_with("Digest realm=\"conform-test\""), "{www}");
    assert!(
        www.contains("qop=\"auth\"") && www.contains("algorithm=MD5"),
        "{www}"
    );
    assert!(www.contains(&format!("nonce=\"{}\"", md5.nonce)), "{www}");
    let sha_challenge = get_with_auth(&server, "/sha", None).await;
    assert!(
        sha_challenge
            .header("www-authenticate")
            .expect("challenge")
            .contains("algorithm=SHA-256")
    );

    for (d, path) in [(&md5, "/md5?x=1"), (&sha, "/sha")] {
        let good = get_with_auth(
            &server,
            path,
            Some(&authorization(d, "GET", path, "s3cret")),
        )
        .await;
        assert_eq!(good.status, 200, "{}", String::from_utf8_lossy(&good.body));
        assert_eq!(good.json()["authenticated"], true);
        let bad = get_with_auth(&server, path, Some(&authorization(d, "GET", path, "wrong"))).await;
        assert_eq!(bad.status, 401);
        assert_eq!(bad.body, b"digest rejected: wrong response hash");
    }
    // A hash computed for another uri is refused even with the right password.
    let other_uri = authorization(&md5, "GET", "/elsewhere", "s3cret");
    let refused = get_with_auth(&server, "/md5?x=1", Some(&other_uri)).await;
    assert_eq!(
        refused.body,
        b"digest rejected: digest parameter uri does not match"
    );
    let basic = get_with_auth(&server, "/md5", Some("Basic YTpi")).await;
    assert_eq!(basic.body, b"digest rejected: authorization is not digest");
}

/// RFC 7616 §3.9.1, sent verbatim: the server must accept the RFC's own response values.
#[tokio::test]
async fn digest_accepts_rfc7616_example() {
    let base = Digest {
        realm: "http-auth@example.org".into(),
        nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v".into(),
        qop: Some("auth, auth-int".into()),
        algorithm: "MD5".into(),
        opaque: Some("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS".into()),
        user: "Mufasa".into(),
        password: "Circle of Life".into(),
    };
    let routes = Routes::new().get(
        "/dir/index.html",
        Reply::Sequence(vec![
            Reply::DigestChallenge(base.clone()),
            Reply::DigestChallenge(base.clone()),
            Reply::DigestChallenge(Digest {
                algorithm: "SHA-256".into(),
                ..base
            }),
        ]),
    );
    let server = TestServer::start(routes).await;
    let header = |alg: &str, response: &str| {
        format!(
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm={alg}, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, response=\"{response}\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
        )
    };
    let md5 = header("MD5", "8ca523f5e9506fed4657c9700eebdbec");
    let flipped = header("MD5", "8ca523f5e9506fed4657c9700eebdbed");
    let sha = header(
        "SHA-256",
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
    assert_eq!(
        get_with_auth(&server, "/dir/index.html", Some(&md5))
            .await
            .status,
        200
    );
    assert_eq!(
        get_with_auth(&server, "/dir/index.html", Some(&flipped))
            .await
            .status,
        401
    );
    assert_eq!(
        get_with_auth(&server, "/dir/index.html", Some(&sha))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn server_stops_when_dropped() {
    let server = TestServer::start(Routes::new()).await;
    let addr = server.addr;
    // An open keep-alive connection must end too.
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    tcp.write_all(b"GET / HTTP/1.1\r\n\r\n")
        .await
        .expect("send");
    read_response(&mut tcp, &mut Vec::new()).await;
    drop(server);
    let mut rest = Vec::new();
    let closed = timeout(WAIT, tcp.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "connection left open after drop");
    let refused = timeout(WAIT, async {
        loop {
            if TcpStream::connect(addr).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(refused.is_ok(), "listener still accepting after drop");
}

#[test]
fn blocking_server_serves_sync_tests_and_stops_on_drop() {
    let server = TestServer::start_blocking(Routes::new().get("/sync", Reply::json(json!([1, 2]))));
    assert!(server.url().starts_with("http://127.0.0.1:"));
    let mut tcp = std::net::TcpStream::connect(server.addr).expect("connect");
    tcp.set_read_timeout(Some(WAIT)).expect("timeout");
    tcp.write_all(b"GET /sync HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut out = Vec::new();
    tcp.read_to_end(&mut out).expect("read");
    assert!(
        out.ends_with(b"\r\n\r\n[1,2]"),
        "{}",
        String::from_utf8_lossy(&out)
    );
    assert_eq!(server.wait_for_blocking(1, WAIT)[0].path(), "/sync");
    let addr = server.addr;
    drop(server);
    let deadline = std::time::Instant::now() + WAIT;
    while std::net::TcpStream::connect(addr).is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "still accepting after drop"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[tokio::test]
#[should_panic(expected = "expected 1 requests within")]
async fn wait_for_panics_with_what_arrived() {
    let server = TestServer::start(Routes::new()).await;
    server.wait_for(1, Duration::from_millis(50)).await;
}

async fn tls_exchange(
    addr: SocketAddr,
    config: Arc<ClientConfig>,
    name: &str,
    raw: &[u8],
) -> std::io::Result<Vec<u8>> {
    timeout(WAIT, async {
        let tcp = TcpStream::connect(addr).await?;
        let name = ServerName::try_from(name.to_string()).map_err(std::io::Error::other)?;
        let mut tls = TlsConnector::from(config).connect(name, tcp).await?;
        tls.write_all(raw).await?;
        tls.flush().await?;
        let mut out = Vec::new();
        tls.read_to_end(&mut out).await?;
        Ok(out)
    })
    .await
    .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()))
}

const TLS_GET: &[u8] = b"GET /secure HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

async fn wait_handshake_error(server: &TestServer) -> Vec<String> {
    for _ in 0..200 {
        let errors = server.handshake_errors();
        if !errors.is_empty() {
            return errors;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Vec::new()
}

#[tokio::test]
async fn tls_serves_clients_that_trust_the_ca() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls(Routes::new(), &cert).await;
    assert!(server.url().starts_with("https://127.0.0.1:"));
    for name in ["localhost", "127.0.0.1"] {
        let out = tls_exchange(server.addr, cert.client_config(None), name, TLS_GET)
            .await
            .expect("handshake and exchange");
        assert!(
            out.starts_with(b"HTTP/1.1 200 OK\r\n"),
            "{}",
            String::from_utf8_lossy(&out)
        );
    }
    let reqs = server.wait_for(2, WAIT).await;
    assert_eq!(reqs[0].target, "/secure");
    assert_eq!(reqs[0].client_cn, None);
}

#[tokio::test]
async fn tls_refuses_clients_that_do_not_trust_the_ca() {
    let cert = TestCert::generate();
    let stranger = TestCert::generate();
    let server = TestServer::start_tls(Routes::new(), &cert).await;
    let err = tls_exchange(
        server.addr,
        stranger.client_config(None),
        "localhost",
        TLS_GET,
    )
    .await
    .expect_err("untrusted CA must fail");
    assert!(
        err.to_string()
            .contains("invalid peer certificate: UnknownIssuer"),
        "{err}"
    );
    let errors = wait_handshake_error(&server).await;
    assert!(!errors.is_empty(), "server saw no failed handshake");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn mutual_tls_records_client_cn_and_refuses_strangers() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_client_auth(Routes::new(), &cert).await;

    let out = tls_exchange(
        server.addr,
        cert.client_config(Some(&cert.client)),
        "localhost",
        TLS_GET,
    )
    .await
    .expect("client with cert is served");
    assert!(out.starts_with(b"HTTP/1.1 200 OK\r\n"));
    let second = cert.issue_client("second-client");
    tls_exchange(
        server.addr,
        cert.client_config(Some(&second)),
        "localhost",
        TLS_GET,
    )
    .await
    .expect("second client is served");
    let cns: Vec<Option<String>> = server
        .wait_for(2, WAIT)
        .await
        .into_iter()
        .map(|r| r.client_cn)
        .collect();
    assert_eq!(
        cns,
        [
            Some(CLIENT_CN.to_string()),
            Some("second-client".to_string())
        ]
    );

    let anonymous = tls_exchange(server.addr, cert.client_config(None), "localhost", TLS_GET).await;
    assert!(
        anonymous.is_err(),
        "client without cert served: {anonymous:?}"
    );
    let stranger = TestCert::generate();
    // Trusts our server, so only the client side can fail: a client cert from another CA.
    let mixed = cert.client_config(Some(&stranger.client));
    let foreign = tls_exchange(server.addr, mixed, "localhost", TLS_GET).await;
    assert!(
        foreign.is_err(),
        "client cert from another CA served: {foreign:?}"
    );
    assert_eq!(server.requests().len(), 2);
    assert!(
        server.handshake_errors().len() >= 2,
        "{:?}",
        server.handshake_errors()
    );
}

#[test]
fn blocking_tls_server_starts() {
    let cert = TestCert::generate();
    let server = TestServer::start_tls_blocking(Routes::new(), &cert);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let out = runtime
        .block_on(tls_exchange(
            server.addr,
            cert.client_config(None),
            "localhost",
            TLS_GET,
        ))
        .expect("exchange");
    assert!(out.starts_with(b"HTTP/1.1 200 OK\r\n"));
    assert_eq!(server.wait_for_blocking(1, WAIT).len(), 1);
}

/// A server started from inside a runtime with `start_blocking` keeps serving while the test
/// thread blocks, which an in-runtime server on a current-thread runtime could not.
#[tokio::test]
async fn blocking_server_survives_a_blocked_async_test() {
    let server = TestServer::start_blocking(Routes::new().get("/b", Reply::status(204)));
    let mut tcp = std::net::TcpStream::connect(server.addr).expect("connect");
    tcp.set_read_timeout(Some(WAIT)).expect("timeout");
    tcp.write_all(b"GET /b HTTP/1.1\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut out = Vec::new();
    tcp.read_to_end(&mut out)
        .expect("read while this runtime's only thread is blocked");
    assert!(out.starts_with(b"HTTP/1.1 204 No Content\r\n"));
    drop(server); // dropping inside a runtime must not panic
}

#[tokio::test]
async fn tls_reset_mid_body_is_an_error_not_a_clean_end() {
    let cert = TestCert::generate();
    let routes = Routes::new().get("/secure", Reply::ResetMidBody);
    let server = TestServer::start_tls(routes, &cert).await;
    let out = tls_exchange(server.addr, cert.client_config(None), "localhost", TLS_GET).await;
    let err = out.expect_err("reset must surface as an error");
    assert_ne!(err.kind(), std::io::ErrorKind::TimedOut, "{err}");
    assert_eq!(server.wait_for(1, WAIT).await[0].path(), "/secure");
}
