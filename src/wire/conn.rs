//! One connection of our client: a TCP stream, TLS or not, with the bytes read ahead of what
//! the parser has consumed (a response head's read can take the start of its body along).

use super::WireError;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

/// The size of one read; also how far the buffer grows beyond what is kept.
const READ_SIZE: usize = 16 * 1024;

pub(super) enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
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
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// A connection to one origin and its read-ahead buffer.
pub struct Conn {
    stream: Stream,
    buf: Vec<u8>,
    pos: usize,
    pub(super) origin: super::Origin,
    /// It served an exchange before: a failure before any response byte may be the server
    /// having closed it while idle, and the request is tried once more on a new connection.
    pub(super) reused: bool,
    pub(super) idle_since: Instant,
}

impl Conn {
    pub(super) fn new(stream: Stream, origin: super::Origin) -> Conn {
        Conn {
            stream,
            buf: Vec::with_capacity(READ_SIZE),
            pos: 0,
            origin,
            reused: false,
            idle_since: Instant::now(),
        }
    }

    pub(super) fn is_tls(&self) -> bool {
        matches!(self.stream, Stream::Tls(_))
    }

    /// Bytes read and not consumed yet.
    pub(super) fn available(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    pub(super) fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }

    /// Reads more bytes after those available; `Ok(0)` at the end of the stream.
    pub(super) async fn fill(&mut self) -> io::Result<usize> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + READ_SIZE, 0);
        let n = match self.stream.read(&mut self.buf[start..]).await {
            Ok(n) => n,
            Err(e) => {
                self.buf.truncate(start);
                return Err(e);
            }
        };
        self.buf.truncate(start + n);
        Ok(n)
    }

    /// Reads at most `max` bytes straight into `dest`'s spare capacity, past the read-ahead
    /// buffer (which must be empty): a large body is not zeroed, copied through 16 KiB
    /// reads and copied again, and one read takes whatever the socket holds.
    pub(super) async fn read_into(&mut self, dest: &mut Vec<u8>, max: u64) -> io::Result<usize> {
        debug_assert!(self.available().is_empty());
        tokio::io::AsyncReadExt::read_buf(
            &mut tokio::io::AsyncReadExt::take(&mut self.stream, max),
            dest,
        )
        .await
    }

    pub(super) async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes).await
    }

    pub(super) async fn flush(&mut self) -> io::Result<()> {
        self.stream.flush().await
    }
}

/// Opens a TCP connection to the first address of `host` that accepts, then TLS over it.
pub(super) async fn open(
    origin: &super::Origin,
    tls: &tokio_rustls::TlsConnector,
) -> Result<Conn, WireError> {
    let at = origin.at();
    let bare = origin.host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((bare, origin.port))
        .await
        .map_err(|source| WireError::Dns {
            at: at.clone(),
            source,
        })?
        .collect();
    let mut last = None;
    let mut tcp = None;
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let tcp = match (tcp, last) {
        (Some(s), _) => s,
        (None, Some(e)) if e.kind() == io::ErrorKind::ConnectionRefused => {
            return Err(WireError::Refused { at });
        }
        (None, Some(source)) => return Err(WireError::Connect { at, source }),
        (None, None) => {
            return Err(WireError::Dns {
                at,
                source: io::Error::new(io::ErrorKind::NotFound, "no address for this host"),
            });
        }
    };
    // Requests are written in one piece; waiting for more to coalesce only adds latency.
    let _ = tcp.set_nodelay(true);
    if !origin.https {
        return Ok(Conn::new(Stream::Plain(tcp), origin.clone()));
    }
    let name = super::tls::server_name(&origin.host).ok_or_else(|| WireError::Tls {
        at: at.clone(),
        message: format!("'{}' is not a valid server name", origin.host),
    })?;
    let stream = tls.connect(name, tcp).await.map_err(|e| WireError::Tls {
        at,
        message: e.to_string(),
    })?;
    Ok(Conn::new(Stream::Tls(Box::new(stream)), origin.clone()))
}
