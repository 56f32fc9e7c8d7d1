//! End-to-end tests of the mock over real HTTP on 127.0.0.1, with a raw TCP client so the bytes
//! on the wire (status line, headers, body) are what is asserted. Owns test helpers only.

mod access;
mod drift;
mod iam;
mod login;
mod robust;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::clock::{Clock, ManualClock};
use super::config::MockConfig;
use super::drift::Drift;
use super::input::Limits;
use super::server::{MockHandle, Setup, start_setup};

/// 2024-07-16T11:33:34.509Z, the instant of the IAM examples.
pub(super) const T0: i64 = 1_721_129_614_509;
pub(super) const DAY: Duration = Duration::from_secs(86_400);
const CLIENT_TIMEOUT: Duration = Duration::from_secs(15);

pub(super) struct Mock {
    pub handle: MockHandle,
    pub clock: Arc<ManualClock>,
}

impl Mock {
    pub async fn start(drift: Option<Drift>) -> Mock {
        Mock::start_with(drift, Limits::default()).await
    }

    pub async fn start_with(drift: Option<Drift>, limits: Limits) -> Mock {
        let clock = Arc::new(ManualClock::new(T0));
        let shared: Arc<dyn Clock> = clock.clone();
        let setup = Setup {
            config: MockConfig::default(),
            drift,
            clock: shared,
            limits,
        };
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("literal address");
        let handle = start_setup(addr, setup).await.expect("mock starts");
        Mock { handle, clock }
    }

    pub fn addr(&self) -> SocketAddr {
        self.handle.addr
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Resp {
        let mut raw =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (name, value) in headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            raw.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        raw.push_str("\r\n");
        let mut bytes = raw.into_bytes();
        bytes.extend_from_slice(body);
        send_raw(self.addr(), &bytes).await
    }

    pub async fn form(&self, path: &str, body: &str) -> Resp {
        let ct = ("Content-Type", "application/x-www-form-urlencoded");
        self.send("POST", path, &[ct], body.as_bytes()).await
    }

    pub async fn user_token(&self) -> String {
        let resp = self
            .form(
                "/iam/v1/user/token/generate",
                "username=integrator%40example.com&password=mock-password",
            )
            .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        resp.json()["accessToken"]
            .as_str()
            .expect("accessToken is a string")
            .to_string()
    }

    pub async fn admin(&self, path: &str, token: &str, body: &str) -> Resp {
        let auth = format!("Bearer {token}");
        let headers = [
            ("Content-Type", "application/json"),
            ("Authorization", auth.as_str()),
        ];
        self.send("POST", path, &headers, body.as_bytes()).await
    }

    pub async fn entity_token(&self, id: &str, secret: &str) -> Resp {
        let body = format!("id={id}&secret={secret}");
        self.form("/iam/v1/entity/token/generate", &body).await
    }
}

#[derive(Debug)]
pub(super) struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    /// Asserts a JSON reply with the given status and returns its body.
    pub fn expect_json(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), Some("application/json"));
        self.json()
    }
}

/// Keys of a JSON object, sorted, to assert a body has exactly the documented members.
pub(super) fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

pub(super) fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    names.sort();
    names
}

pub(super) fn assert_iam_error(resp: &Resp, status: u16, code: &str, message: &str) {
    let body = resp.expect_json(status);
    assert_eq!(
        keys(&body),
        sorted(&["ver", "timestamp", "txnId", "errorCode", "errorMsg"])
    );
    assert_eq!(body["errorCode"], code);
    assert_eq!(body["errorMsg"], message);
}

pub(super) fn is_uuid(text: &str) -> bool {
    let lens: Vec<usize> = text.split('-').map(str::len).collect();
    lens == [8, 4, 4, 4, 12] && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

/// Writes `request`, reads until the server closes, and parses one HTTP/1.1 response.
pub(super) async fn send_raw(addr: SocketAddr, request: &[u8]) -> Resp {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(request).await.expect("write request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read response");
        raw
    };
    let raw = tokio::time::timeout(CLIENT_TIMEOUT, exchange)
        .await
        .expect("server answered in time");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&rest[..eol]).into_owned();
        let size = usize::from_str_radix(size_text.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&rest[start..start + size]);
        rest = &rest[start + size + 2..];
    }
    out
}

#[test]
fn raw_parser_reads_chunked_and_plain_bodies() {
    let plain = parse_response(b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");
    assert_eq!((plain.status, plain.body.as_slice()), (404, &b"{}"[..]));
    let chunked = parse_response(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    );
    assert_eq!(chunked.body, b"abcde");
    assert_eq!(chunked.header("TRANSFER-ENCODING"), Some("chunked"));
}
