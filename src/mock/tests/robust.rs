//! Hostile and malformed input: every answer is JSON 4xx, the server stays up, shutdown ends.

use std::time::Instant;

use super::*;
use crate::mock::server::{serve_with_clock, start};

const USER_TOKEN: &str = "/iam/v1/user/token/generate";

#[tokio::test]
async fn unknown_routes_are_json_404_in_the_api_shape() {
    let mock = Mock::start(None).await;
    let iam = mock.send("GET", "/iam/v1/nope", &[], b"").await;
    assert_iam_error(&iam, 404, "Not Found", "no route for GET /iam/v1/nope");
    let login = mock
        .send("POST", "/user/logout", &[], b"")
        .await
        .expect_json(404);
    assert_eq!(login["responseCode"], 404);
    let access = mock
        .send("GET", "/v1/users/x/other", &[], b"")
        .await
        .expect_json(404);
    assert_eq!(access["status"], "fail");
    let root = mock.send("GET", "/", &[], b"").await;
    assert_eq!(root.expect_json(404)["errorCode"], "Not Found");
}

#[tokio::test]
async fn wrong_methods_are_json_405_with_allow() {
    let mock = Mock::start(None).await;
    let get = mock.send("GET", USER_TOKEN, &[], b"").await;
    assert_iam_error(
        &get,
        405,
        "Method Not Allowed",
        "method GET not allowed for /iam/v1/user/token/generate",
    );
    assert_eq!(get.header("allow"), Some("POST"));
    let post = mock
        .send("POST", "/v1/users/u/generateaccesstoken", &[], b"")
        .await;
    assert_eq!(post.expect_json(405)["status"], "fail");
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[tokio::test]
async fn oversized_bodies_get_a_json_413() {
    let mock = Mock::start(None).await;
    let ct = ("Content-Type", "application/x-www-form-urlencoded");
    let big = vec![b'a'; (1 << 20) + 1];
    let resp = mock.send("POST", USER_TOKEN, &[ct], &big).await;
    assert_iam_error(
        &resp,
        413,
        "Payload Too Large",
        "request body exceeds 1048576 bytes",
    );
    // A huge declared length is refused without waiting for the bytes.
    let declared = b"POST /iam/v1/user/token/generate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 104857600\r\n\r\n";
    assert_eq!(
        send_raw(mock.addr(), declared).await.expect_json(413)["errorCode"],
        "Payload Too Large"
    );
    // Chunked bodies are counted too.
    let mut chunked = b"POST /user/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        chunked.extend_from_slice(format!("{:x}\r\n", 512 * 1024).as_bytes());
        chunked.extend(std::iter::repeat_n(b'a', 512 * 1024));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let login = send_raw(mock.addr(), &chunked).await.expect_json(413);
    assert_eq!(login["responseCode"], 413);
    // Exactly at the cap is still read (and then judged on content).
    let at_cap = vec![b'a'; 1 << 20];
    assert_eq!(
        mock.send("POST", USER_TOKEN, &[ct], &at_cap).await.status,
        400
    );
}

#[tokio::test]
async fn a_body_that_never_arrives_times_out_with_json_408() {
    let limits = Limits {
        body_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let mock = Mock::start_with(None, limits).await;
    let partial = b"POST /iam/v1/user/token/generate HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nusername=";
    let mut stream = TcpStream::connect(mock.addr()).await.expect("connect");
    stream.write_all(partial).await.expect("write");
    let mut raw = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut raw))
        .await
        .expect("answered before the client gave up")
        .expect("read");
    let text = String::from_utf8_lossy(&raw[..n]).into_owned();
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        text.contains("request body was not received in time"),
        "{text}"
    );
}

#[tokio::test]
async fn a_request_head_that_never_ends_is_dropped() {
    let limits = Limits {
        header_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let mock = Mock::start_with(None, limits).await;
    let mut stream = TcpStream::connect(mock.addr()).await.expect("connect");
    stream
        .write_all(b"POST /iam/v1/user/token/generate HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut raw)).await;
    assert!(
        read.is_ok(),
        "connection still open after the header timeout"
    );
    // The server is unaffected.
    assert_eq!(mock.user_token().await.split('.').count(), 3);
}

#[tokio::test]
async fn garbage_and_odd_bytes_never_break_the_server() {
    let mock = Mock::start(None).await;
    let garbage = send_raw(mock.addr(), b"\x00\x01NOT HTTP AT ALL\r\n\r\n").await;
    assert!(garbage.status >= 400, "{garbage:?}");
    // Non-UTF-8 in a form body: decoded lossily, then judged like any other credentials.
    let ct = ("Content-Type", "application/x-www-form-urlencoded");
    let odd = mock
        .send("POST", USER_TOKEN, &[ct], b"username=%FF%FE&password=\xff")
        .await;
    assert_iam_error(
        &odd,
        401,
        "Unauthorized",
        "Invalid username/password or password is expired",
    );
    // Opaque header bytes where a bearer token should be.
    let raw = b"POST /iam/v1/entity/secret/read HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \xff\xfe\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    let resp = send_raw(mock.addr(), raw).await;
    assert_iam_error(
        &resp,
        401,
        "Unauthorized",
        "Authorization bearer token is missing",
    );
    let nested = "[".repeat(100_000);
    let token = mock.user_token().await;
    let deep = mock
        .admin("/iam/v1/entity/secret/read", &token, &nested)
        .await;
    assert_iam_error(&deep, 400, "Bad Request", "Malformed JSON request body");
    // Still serving.
    assert_eq!(mock.user_token().await.split('.').count(), 3);
}

#[tokio::test]
async fn keep_alive_connections_serve_several_requests() {
    let mock = Mock::start(None).await;
    let request = |body: &str, close: &str| {
        format!(
            "POST /iam/v1/entity/token/generate HTTP/1.1\r\nHost: x\r\n{close}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let one = request("id=FIU-SIMULATOR&secret=mock-s", "");
    let last = request(
        "id=FIU-SIMULATOR&secret=mock-secret",
        "Connection: close\r\n",
    );
    let mut stream = TcpStream::connect(mock.addr()).await.expect("connect");
    stream
        .write_all(format!("{one}{last}").as_bytes())
        .await
        .expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut raw))
        .await
        .expect("in time")
        .expect("read");
    let text = String::from_utf8_lossy(&raw);
    assert_eq!(text.matches("HTTP/1.1 401").count(), 1, "{text}");
    assert_eq!(text.matches("HTTP/1.1 200").count(), 1, "{text}");
}

#[tokio::test]
async fn public_start_and_serve_until_work_and_stop() {
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("literal");
    let handle = start(addr, MockConfig::default(), None)
        .await
        .expect("starts");
    let mock_addr = handle.addr;
    // An idle keep-alive connection must not hold shutdown up.
    let _idle = TcpStream::connect(mock_addr).await.expect("connect");
    let resp = send_raw(
        mock_addr,
        b"POST /iam/v1/entity/token/generate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 35\r\n\r\nid=FIU-SIMULATOR&secret=mock-secret",
    )
    .await;
    assert_eq!(resp.expect_json(200)["tokenType"], "Bearer");
    let started = Instant::now();
    handle.shutdown().await.expect("clean stop");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        TcpStream::connect(mock_addr).await.is_err(),
        "listener closed"
    );

    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(T0));
    let server = tokio::spawn(serve_with_clock(
        listener,
        MockConfig::default(),
        None,
        clock,
        async {
            let _ = rx.await;
        },
    ));
    let _ = tx.send(());
    let ended = tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("serve_until returns after its shutdown future");
    assert!(matches!(ended, Ok(Ok(()))));
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let mock = Mock::start(None).await;
    let addr = mock.addr();
    drop(mock);
    let closed = async {
        while TcpStream::connect(addr).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), closed)
        .await
        .expect("listener closes after the handle is dropped");
}

#[tokio::test]
async fn invalid_config_is_refused_at_start() {
    let mut config = MockConfig::default();
    config.users[0].entities.push("GHOST".into());
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("literal");
    let err = start(addr, config, None).await.err().expect("refused");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("GHOST"), "{err}");
}
