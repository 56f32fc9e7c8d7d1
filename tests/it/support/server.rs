//! The in-process test server: a hand-rolled HTTP/1.1 server on 127.0.0.1 (port 0), plain or
//! TLS, that records every request byte-exactly and answers from a route table, hostile
//! replies included. Owns its listener and connection tasks and stops them when dropped;
//! every wait in it is bounded. Framing lives in `wire`, replies in `routes`, certs in `tls`.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::timeout;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;

use super::routes::{Action, Reply, Routes, resolve};
use super::tls::{TestCert, subject_cn};
use super::wire::{self, ReadError};

/// A connection idle this long between requests is closed.
const IDLE: Duration = Duration::from_secs(30);
const HANDSHAKE: Duration = Duration::from_secs(10);
/// Upper bounds on the hostile replies, in case a client never gives up.
const STALL_MAX: Duration = Duration::from_secs(120);
const ENDLESS_MAX: Duration = Duration::from_secs(120);
const WRITE_MAX: Duration = Duration::from_secs(10);

/// One request exactly as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// The request-target as sent (path and query, percent-encoding untouched).
    pub target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: String,
    /// In received order with received case; duplicates kept.
    pub headers: Vec<(String, String)>,
    /// Decoded body (chunked framing removed).
    pub body: Vec<u8>,
    /// Trailer fields of a chunked body.
    pub trailers: Vec<(String, String)>,
    /// Request line and header lines through the blank line, CRLFs included.
    pub raw_head: String,
    /// Which connection (0, 1, … in accept order) and which request on it (0, 1, …).
    pub conn: u64,
    pub seq_on_conn: usize,
    /// Subject CN of the client certificate presented over mutual TLS.
    pub client_cn: Option<String>,
}

impl Recorded {
    /// A bare request, for tests of reply logic that need no socket.
    pub fn for_test(method: &str, target: &str) -> Recorded {
        Recorded {
            method: method.into(),
            target: target.into(),
            version: "HTTP/1.1".into(),
            headers: Vec::new(),
            body: Vec::new(),
            trailers: Vec::new(),
            raw_head: String::new(),
            conn: 0,
            seq_on_conn: 0,
            client_cn: None,
        }
    }

    /// First header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of this header, in received order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Path part of the target (before `?`); the scheme and authority of an absolute-form
    /// target are dropped.
    pub fn path(&self) -> &str {
        let target = match self.target.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => self.target.as_str(),
        };
        target.split_once('?').map_or(target, |(p, _)| p)
    }

    /// Raw query after `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

struct Shared {
    routes: Routes,
    hits: Vec<AtomicUsize>,
    log: Mutex<Vec<Recorded>>,
    arrived: Condvar,
    count: watch::Sender<usize>,
    handshake_errors: Mutex<Vec<String>>,
    next_conn: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not hide what the server recorded.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn record(&self, rec: Recorded) {
        let mut log = lock(&self.log);
        log.push(rec);
        self.count.send_replace(log.len());
        self.arrived.notify_all();
    }
}

/// A running server; dropping it stops the listener and every connection.
pub struct TestServer {
    pub addr: SocketAddr,
    scheme: &'static str,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl TestServer {
    /// Plain HTTP on 127.0.0.1 with an ephemeral port, served by tasks on the caller's tokio
    /// runtime: the test must not block that runtime's thread while it waits for a reply.
    pub async fn start(routes: Routes) -> TestServer {
        launch(routes, None).await
    }

    /// HTTPS with the test certificate; clients must trust `tls.ca_pem`.
    pub async fn start_tls(routes: Routes, tls: &TestCert) -> TestServer {
        launch(routes, Some(tls.server_config())).await
    }

    /// HTTPS that refuses clients without a certificate signed by the test CA; the CN of the
    /// presented certificate is recorded on each request.
    pub async fn start_tls_client_auth(routes: Routes, tls: &TestCert) -> TestServer {
        launch(routes, Some(tls.server_config_client_auth())).await
    }

    /// Like [`start`](Self::start) but on the server's own one-thread runtime, for tests that
    /// are not async or that block (e.g. `std::process::Command::output()` on the binary):
    /// a blocking call inside a current-thread `#[tokio::test]` would starve an in-runtime
    /// server. Safe to call and to drop from anywhere.
    pub fn start_blocking(routes: Routes) -> TestServer {
        blocking(routes, None)
    }

    pub fn start_tls_blocking(routes: Routes, tls: &TestCert) -> TestServer {
        blocking(routes, Some(tls.server_config()))
    }

    pub fn start_tls_client_auth_blocking(routes: Routes, tls: &TestCert) -> TestServer {
        blocking(routes, Some(tls.server_config_client_auth()))
    }

    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// Same server addressed as `localhost` (also in the test certificate).
    pub fn localhost_url(&self) -> String {
        format!("{}://localhost:{}", self.scheme, self.addr.port())
    }

    /// `url()` followed by `path` (which should start with `/`).
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{path}", self.url())
    }

    /// Everything received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.log).clone()
    }

    /// TLS handshakes that failed, as rustls described them (e.g. an untrusted client cert).
    pub fn handshake_errors(&self) -> Vec<String> {
        lock(&self.shared.handshake_errors).clone()
    }

    /// Waits until at least `n` requests have arrived and returns them all.
    ///
    /// # Panics
    /// When `wait` passes first, naming what did arrive: it is an assertion helper.
    pub async fn wait_for(&self, n: usize, wait: Duration) -> Vec<Recorded> {
        let mut count = self.shared.count.subscribe();
        let _ = timeout(wait, count.wait_for(|c| *c >= n)).await;
        self.check_count(n, wait)
    }

    /// [`wait_for`](Self::wait_for) for tests that are not async.
    pub fn wait_for_blocking(&self, n: usize, wait: Duration) -> Vec<Recorded> {
        let log = lock(&self.shared.log);
        let (log, _) = self
            .shared
            .arrived
            .wait_timeout_while(log, wait, |log| log.len() < n)
            .unwrap_or_else(|e| e.into_inner());
        drop(log);
        self.check_count(n, wait)
    }

    fn check_count(&self, n: usize, wait: Duration) -> Vec<Recorded> {
        let got = self.requests();
        if got.len() < n {
            let seen: Vec<String> = got
                .iter()
                .map(|r| format!("{} {}", r.method, r.target))
                .collect();
            panic!(
                "test server {}: expected {n} requests within {wait:?}, got {}: {seen:?}",
                self.url(),
                got.len()
            );
        }
        got
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        if let Some(runtime) = self.runtime.take() {
            // Does not wait for tasks, so dropping is safe even from inside another runtime.
            runtime.shutdown_background();
        }
    }
}

fn blocking(routes: Routes, tls: Option<Arc<ServerConfig>>) -> TestServer {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("conform-test-server")
        .enable_all()
        .build()
        .expect("test server runtime starts");
    // `spawn`, not `block_on`: callable even from inside another runtime.
    let (mut server, serve) = prepare(routes, tls);
    runtime.spawn(serve);
    server.runtime = Some(runtime);
    server
}

async fn launch(routes: Routes, tls: Option<Arc<ServerConfig>>) -> TestServer {
    let (server, serve) = prepare(routes, tls);
    tokio::spawn(serve);
    server
}

/// Binds synchronously (so the port is known and listening before any test code runs) and
/// returns the handle plus the accept loop for the caller to spawn on a runtime.
fn prepare(
    routes: Routes,
    tls: Option<Arc<ServerConfig>>,
) -> (TestServer, impl Future<Output = ()> + Send + 'static) {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").expect("test server binds 127.0.0.1:0");
    listener
        .set_nonblocking(true)
        .expect("listener switches to non-blocking");
    let addr = listener
        .local_addr()
        .expect("bound listener has an address");
    let hits = (0..routes.len()).map(|_| AtomicUsize::new(0)).collect();
    let shared = Arc::new(Shared {
        routes,
        hits,
        log: Mutex::new(Vec::new()),
        arrived: Condvar::new(),
        count: watch::Sender::new(0),
        handshake_errors: Mutex::new(Vec::new()),
        next_conn: AtomicU64::new(0),
    });
    let (stop, stopped) = watch::channel(false);
    let scheme = if tls.is_some() { "https" } else { "http" };
    let acceptor = tls.map(TlsAcceptor::from);
    let serve_shared = Arc::clone(&shared);
    let serve = async move {
        // Registering with the reactor needs a runtime context, hence inside the task.
        if let Ok(listener) = TcpListener::from_std(listener) {
            accept_loop(listener, acceptor, serve_shared, stopped).await;
        }
    };
    let server = TestServer {
        addr,
        scheme,
        shared,
        stop,
        runtime: None,
    };
    (server, serve)
}

/// Resolves once the server is told to stop (or its handle is gone).
async fn stop_signal(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = stop_signal(stop.clone()) => return,
        };
        let Ok((tcp, _)) = accepted else {
            // e.g. too many open files: back off instead of spinning.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let conn = shared.next_conn.fetch_add(1, Ordering::SeqCst);
        let (tls, shared, stop) = (tls.clone(), Arc::clone(&shared), stop.clone());
        tokio::spawn(async move {
            tokio::select! {
                _ = connection(tcp, tls, shared, conn) => {}
                _ = stop_signal(stop) => {}
            }
        });
    }
}

/// Plain or TLS, so one connection loop serves both.
enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::server::TlsStream<TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_ref().0,
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// How a connection ends after a reply.
enum After {
    KeepAlive,
    /// Graceful: FIN (and close_notify over TLS).
    Close,
    /// Already torn down (reset or abandoned): just drop it.
    Abort,
}

async fn connection(tcp: TcpStream, tls: Option<TlsAcceptor>, shared: Arc<Shared>, conn: u64) {
    let (mut stream, client_cn) = match tls {
        None => (Stream::Plain(tcp), None),
        Some(acceptor) => match timeout(HANDSHAKE, acceptor.accept(tcp)).await {
            Ok(Ok(tls)) => {
                let cn = tls
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|certs| certs.first())
                    .and_then(|cert| subject_cn(cert));
                (Stream::Tls(Box::new(tls)), cn)
            }
            Ok(Err(e)) => {
                lock(&shared.handshake_errors).push(e.to_string());
                return;
            }
            Err(_) => {
                lock(&shared.handshake_errors).push("handshake timed out".into());
                return;
            }
        },
    };
    let mut buf = Vec::new();
    for seq_on_conn in 0.. {
        let parsed = match timeout(IDLE, wire::read_request(&mut stream, &mut buf)).await {
            Ok(Ok(parsed)) => parsed,
            Ok(Err(ReadError::Malformed(why))) => {
                let body = format!("test server: malformed request: {why}").into_bytes();
                let _ = respond(&mut stream, 400, &[], &body, false, true).await;
                let _ = stream.shutdown().await;
                return;
            }
            Ok(Err(ReadError::TooLarge(status))) => {
                let _ = respond(&mut stream, status, &[], &[], false, true).await;
                let _ = stream.shutdown().await;
                return;
            }
            Ok(Err(ReadError::Closed | ReadError::Io(_))) | Err(_) => return,
        };
        let keep_alive = parsed.keep_alive;
        let head_only = parsed.method == "HEAD";
        let rec = Recorded {
            method: parsed.method,
            target: parsed.target,
            version: parsed.version,
            headers: parsed.headers,
            body: parsed.body,
            trailers: parsed.trailers,
            raw_head: parsed.raw_head,
            conn,
            seq_on_conn,
            client_cn: client_cn.clone(),
        };
        let found = shared
            .routes
            .find(&rec.method, rec.path())
            .map(|(i, reply)| {
                let hit = shared
                    .hits
                    .get(i)
                    .map_or(0, |h| h.fetch_add(1, Ordering::SeqCst));
                (hit, reply.clone())
            });
        let (hit, reply) = found.unwrap_or((0, Reply::Echo));
        shared.record(rec.clone());
        let (delay, action) = resolve(&reply, hit, &rec);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        match perform(&mut stream, action, head_only, keep_alive).await {
            After::KeepAlive => {}
            After::Close => {
                let _ = stream.shutdown().await;
                return;
            }
            After::Abort => return,
        }
    }
}

async fn respond(
    stream: &mut Stream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let mut bytes = wire::response_head(status, headers, body.len(), close);
    if !head_only {
        bytes.extend_from_slice(body);
    }
    timeout(WRITE_MAX, async {
        stream.write_all(&bytes).await?;
        stream.flush().await
    })
    .await
    .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()))
}

async fn perform(stream: &mut Stream, action: Action, head_only: bool, keep_alive: bool) -> After {
    match action {
        Action::Respond {
            status,
            headers,
            body,
        } => {
            let close = !keep_alive
                || headers.iter().any(|(n, v)| {
                    n.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close")
                });
            match respond(stream, status, &headers, &body, head_only, close).await {
                Ok(()) if !close => After::KeepAlive,
                Ok(()) => After::Close,
                Err(_) => After::Abort,
            }
        }
        Action::Stall => {
            // Read and discard until the client gives up (EOF or error), never answering.
            let mut sink = [0u8; 4096];
            let _ = timeout(STALL_MAX, async {
                while let Ok(n) = stream.read(&mut sink).await {
                    if n == 0 {
                        break;
                    }
                }
            })
            .await;
            After::Abort
        }
        Action::ResetMidBody => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
            let _ = timeout(WRITE_MAX, async {
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(b"{\"partial\"").await?;
                stream.flush().await
            })
            .await;
            // Let the bytes leave before the reset, so the client sees a truncated body
            // rather than no response at all.
            tokio::time::sleep(Duration::from_millis(20)).await;
            let _ = stream.tcp().set_zero_linger();
            After::Abort
        }
        Action::Endless => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
            let mut chunk = b"400\r\n".to_vec();
            chunk.extend_from_slice(&[b'x'; 0x400]);
            chunk.extend_from_slice(b"\r\n");
            let started = Instant::now();
            let mut out = timeout(WRITE_MAX, stream.write_all(head.as_bytes())).await;
            while matches!(out, Ok(Ok(()))) && started.elapsed() < ENDLESS_MAX {
                out = timeout(WRITE_MAX, async {
                    stream.write_all(&chunk).await?;
                    stream.flush().await
                })
                .await;
            }
            After::Abort
        }
        Action::Wire(bytes) => {
            let _ = timeout(WRITE_MAX, async {
                stream.write_all(&bytes).await?;
                stream.flush().await
            })
            .await;
            After::Close
        }
    }
}
