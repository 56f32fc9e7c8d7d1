//! Our own HTTP/1.1 client, for http:// and https:// requests that go out directly: the
//! request line and headers are written exactly as built (names in their case, the target
//! with its dot segments), and response header names come back as the server wrote them;
//! hyper, under reqwest, can do neither (Newman does both). Keeps idle connections per origin
//! for reuse, and hands a connection back to a caller that needs the next exchange on the
//! same one (NTLM's handshake). Requests through a proxy still go through reqwest.

mod body;
mod conn;
mod error;
mod head;
pub mod proxy;
mod tls;

pub use conn::Conn;
pub use error::WireError;
pub use tls::{TlsOptions, TlsSetupError};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Idle connections older than this are not reused (servers commonly close after 5-60 s; a
/// reused connection the server closed is retried anyway).
const IDLE_FOR: Duration = Duration::from_secs(30);
/// Idle connections kept per origin.
const IDLE_PER_ORIGIN: usize = 16;

/// Scheme, host and port: what a connection can be reused for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub https: bool,
    pub host: String,
    pub port: u16,
}

impl Origin {
    /// `host:port`, as error messages name the peer.
    pub fn at(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// One request to write. Headers are sent in this order and case; `Host` is added first if
/// missing, `Content-Length` last when there is a body and neither it nor Transfer-Encoding is.
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: Option<&'a [u8]>,
}

/// A response whose head was read; its body is still on the connection.
pub struct Response {
    pub status: u16,
    pub reason: String,
    /// Names as the server wrote them, in its order.
    pub headers: Vec<(String, String)>,
    conn: Conn,
    framing: body::Framing,
    keep_alive: bool,
}

impl Response {
    /// The first header of this name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::request::header(&self.headers, name)
    }

    /// Reads the body, decoded and capped at `limit` bytes. The connection comes back when it
    /// can carry another exchange.
    pub async fn body(mut self, limit: u64) -> Result<(Vec<u8>, Option<Conn>), WireError> {
        let at = self.conn.origin.at();
        let encoding = self.header("content-encoding").map(str::to_string);
        let bytes = body::read(
            &mut self.conn,
            self.framing,
            encoding.as_deref(),
            limit,
            &at,
        )
        .await?;
        // Bytes beyond the body mean the framing was wrong: never read a next response there.
        let reusable = self.keep_alive && self.conn.available().is_empty();
        let conn = reusable.then(|| {
            let mut conn = self.conn;
            conn.reused = true;
            conn.idle_since = std::time::Instant::now();
            conn
        });
        Ok((bytes, conn))
    }
}

impl Response {
    /// The connection back for reuse after a body nobody reads (a redirect's): read only when
    /// its end is known and it is small; a body that lasts until the server closes is not
    /// waited for.
    pub async fn drain(self, limit: u64) -> Option<Conn> {
        if self.framing == body::Framing::Close {
            return None;
        }
        self.body(limit).await.ok().and_then(|(_, conn)| conn)
    }
}

/// The run's client: TLS settings and the idle connections.
pub struct Client {
    tls: tokio_rustls::TlsConnector,
    idle: Mutex<HashMap<Origin, Vec<Conn>>>,
}

impl Client {
    pub fn new(opts: &TlsOptions) -> Result<Client, TlsSetupError> {
        let config = tls::config(opts)?;
        Ok(Client {
            tls: tokio_rustls::TlsConnector::from(Arc::new(config)),
            idle: Mutex::new(HashMap::new()),
        })
    }

    /// A connection that finished its exchange goes back for reuse.
    pub fn release(&self, conn: Conn) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let list = idle.entry(conn.origin.clone()).or_default();
        if list.len() < IDLE_PER_ORIGIN {
            list.push(conn);
        }
    }

    fn checkout(&self, origin: &Origin) -> Option<Conn> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let list = idle.get_mut(origin)?;
        while let Some(conn) = list.pop() {
            if conn.idle_since.elapsed() < IDLE_FOR {
                return Some(conn);
            }
        }
        None
    }

    /// Sends `req` and reads the response head, on `conn` if given (it must be for the
    /// request's origin), else on an idle connection or a new one. A reused connection that
    /// fails before the first response byte is replaced by a new one, once.
    pub async fn send(&self, req: &Request<'_>, conn: Option<Conn>) -> Result<Response, WireError> {
        let target = head::target(req.url)?;
        let mut headers: Vec<(String, String)> = Vec::with_capacity(req.headers.len() + 2);
        let has = |name: &str| {
            req.headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(name))
        };
        if !has("host") {
            headers.push(("Host".into(), target.host_header.clone()));
        }
        headers.extend_from_slice(req.headers);
        if let Some(body) = req.body {
            if !has("content-length") && !has("transfer-encoding") {
                headers.push(("Content-Length".into(), body.len().to_string()));
            }
        }
        let mut bytes = head::request(req.method, &target.request_target, &headers)?;
        // A Transfer-Encoding: chunked the collection set itself: the body goes as one chunk.
        let chunked = headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && has_token(v, "chunked"));
        let framed;
        let body = match req.body {
            Some(b) if chunked => {
                framed = [format!("{:x}\r\n", b.len()).as_bytes(), b, b"\r\n0\r\n\r\n"].concat();
                if b.is_empty() {
                    &b"0\r\n\r\n"[..]
                } else {
                    &framed[..]
                }
            }
            Some(b) => b,
            None => &[][..],
        };
        // Small bodies go out with the head in one write (one packet on loopback).
        let separate_body = body.len() > 64 * 1024;
        if !separate_body {
            bytes.extend_from_slice(body);
        }
        let close_asked = headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("connection") && has_token(v, "close"));
        let origin = target.origin;
        let mut conn = match conn {
            Some(c) if c.origin == origin => Some(c),
            _ => self.checkout(&origin),
        };
        loop {
            let mut c = match conn.take() {
                Some(c) => c,
                None => conn::open(&origin, &self.tls).await?,
            };
            let body = if separate_body { body } else { &[][..] };
            match exchange(&mut c, &bytes, body).await {
                Ok(head) => {
                    let framing = body::framing(req.method, head.status, &head.headers).map_err(
                        |message| WireError::Protocol {
                            at: origin.at(),
                            message,
                        },
                    )?;
                    let said = crate::request::header(&head.headers, "connection");
                    let keep_alive = !close_asked
                        && !said.is_some_and(|v| has_token(v, "close"))
                        && (head.minor >= 1 || said.is_some_and(|v| has_token(v, "keep-alive")))
                        && framing != body::Framing::Close;
                    return Ok(Response {
                        status: head.status,
                        reason: head.reason,
                        headers: head.headers,
                        conn: c,
                        framing,
                        keep_alive,
                    });
                }
                Err(Failed {
                    error,
                    nothing_received,
                }) if c.reused && nothing_received => {
                    let _ = error;
                    continue;
                }
                Err(Failed { error, .. }) => return Err(error),
            }
        }
    }
}

fn has_token(value: &str, token: &str) -> bool {
    value
        .split(',')
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

struct Failed {
    error: WireError,
    nothing_received: bool,
}

/// Writes the request and reads the response head (skipping interim 1xx responses).
async fn exchange(conn: &mut Conn, head_bytes: &[u8], body: &[u8]) -> Result<head::Head, Failed> {
    let at = conn.origin.at();
    let tls = conn.is_tls();
    let fail = |e: &std::io::Error, nothing_received: bool| Failed {
        error: WireError::reading(&at, tls, e),
        nothing_received,
    };
    let written = async {
        conn.write_all(head_bytes).await?;
        if !body.is_empty() {
            conn.write_all(body).await?;
        }
        conn.flush().await
    };
    written.await.map_err(|e| fail(&e, true))?;
    let mut received = false;
    loop {
        if let Some(head) = head::parse_response(conn.available(), &at).map_err(|error| Failed {
            error,
            nothing_received: false,
        })? {
            conn.consume(head.len);
            // 100 Continue and other interim answers come before the real one.
            if (100..200).contains(&head.status) && head.status != 101 {
                continue;
            }
            return Ok(head);
        }
        if conn.available().len() > head::MAX_HEAD {
            return Err(Failed {
                error: WireError::Protocol {
                    at: at.clone(),
                    message: format!("response head larger than {} bytes", head::MAX_HEAD),
                },
                nothing_received: false,
            });
        }
        match conn.fill().await {
            Ok(0) => {
                return Err(fail(
                    &std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
                    !received,
                ));
            }
            Ok(_) => received = true,
            Err(e) => return Err(fail(&e, !received)),
        }
    }
}
