//! A response body off the wire: framed by Content-Length, chunked encoding or the end of the
//! connection; decoded (gzip, deflate, br) as it arrives, into a buffer that refuses to grow
//! past the size cap, so neither an endless body nor a decompression bomb is ever held whole.

use super::WireError;
use super::conn::Conn;
use std::io::Write;

/// How the body's end is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Framing {
    None,
    Length(u64),
    Chunked,
    /// Until the server closes the connection (which then cannot be reused).
    Close,
}

pub(super) fn framing(
    method: &str,
    status: u16,
    headers: &[(String, String)],
) -> Result<Framing, String> {
    if method.eq_ignore_ascii_case("HEAD") || status < 200 || status == 204 || status == 304 {
        return Ok(Framing::None);
    }
    fn header<'a>(
        headers: &'a [(String, String)],
        name: &'static str,
    ) -> impl Iterator<Item = &'a str> {
        headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
    if let Some(te) = header(headers, "transfer-encoding").last() {
        let last = te.rsplit(',').next().unwrap_or("").trim();
        return Ok(if last.eq_ignore_ascii_case("chunked") {
            Framing::Chunked
        } else {
            Framing::Close
        });
    }
    let mut lengths = header(headers, "content-length").flat_map(|v| v.split(','));
    match lengths.next() {
        None => Ok(Framing::Close),
        Some(first) => {
            let n: u64 = first
                .trim()
                .parse()
                .map_err(|_| format!("invalid Content-Length '{first}'"))?;
            // Repeated lengths must agree (RFC 9112 6.3); anything else is a smuggling attempt.
            if lengths.any(|other| other.trim() != first.trim()) {
                return Err("conflicting Content-Length values".into());
            }
            Ok(Framing::Length(n))
        }
    }
}

/// A buffer that fails a write that would take it past `limit` bytes.
struct Capped {
    bytes: Vec<u8>,
    limit: u64,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() as u64 + data.len() as u64 > self.limit {
            self.over = true;
            return Err(std::io::Error::other("over the size cap"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The content coding the body is decoded from, by the response's Content-Encoding.
enum Decoder {
    Identity(Capped),
    Gzip(Box<flate2::write::MultiGzDecoder<Capped>>),
    Deflate(Box<flate2::write::ZlibDecoder<Capped>>),
    Brotli(Box<brotli_decompressor::DecompressorWriter<Capped>>),
}

impl Decoder {
    fn new(encoding: Option<&str>, limit: u64) -> Decoder {
        let sink = Capped {
            bytes: Vec::new(),
            limit,
            over: false,
        };
        match encoding.map(|e| e.trim().to_ascii_lowercase()).as_deref() {
            Some("gzip" | "x-gzip") => {
                Decoder::Gzip(Box::new(flate2::write::MultiGzDecoder::new(sink)))
            }
            Some("deflate") => Decoder::Deflate(Box::new(flate2::write::ZlibDecoder::new(sink))),
            Some("br") => Decoder::Brotli(Box::new(brotli_decompressor::DecompressorWriter::new(
                sink, 4096,
            ))),
            _ => Decoder::Identity(sink),
        }
    }

    fn sink(&self) -> &Capped {
        match self {
            Decoder::Identity(s) => s,
            Decoder::Gzip(d) => d.get_ref(),
            Decoder::Deflate(d) => d.get_ref(),
            Decoder::Brotli(d) => d.get_ref(),
        }
    }

    fn write(&mut self, data: &[u8]) -> Result<(), DecodeError> {
        let result = match self {
            Decoder::Identity(s) => s.write_all(data),
            Decoder::Gzip(d) => d.write_all(data),
            Decoder::Deflate(d) => d.write_all(data),
            Decoder::Brotli(d) => d.write_all(data),
        };
        result.map_err(|e| self.error(e))
    }

    fn error(&self, e: std::io::Error) -> DecodeError {
        if self.sink().over {
            DecodeError::TooLarge
        } else {
            DecodeError::Invalid(e.to_string())
        }
    }

    fn finish(self) -> Result<Vec<u8>, DecodeError> {
        let over = |s: &Capped| s.over;
        match self {
            Decoder::Identity(s) => Ok(s.bytes),
            Decoder::Gzip(d) => d
                .finish()
                .map(|s| s.bytes)
                .map_err(|e| DecodeError::Invalid(e.to_string())),
            Decoder::Deflate(d) => d
                .finish()
                .map(|s| s.bytes)
                .map_err(|e| DecodeError::Invalid(e.to_string())),
            Decoder::Brotli(mut d) => {
                let flushed = d.flush();
                if over(d.get_ref()) {
                    return Err(DecodeError::TooLarge);
                }
                flushed.map_err(|e| DecodeError::Invalid(e.to_string()))?;
                d.into_inner()
                    .map(|s| s.bytes)
                    .map_err(|_| DecodeError::Invalid("the brotli stream is incomplete".into()))
            }
        }
    }
}

enum DecodeError {
    TooLarge,
    Invalid(String),
}

/// Reads the whole body of one response from `conn`, decoded, at most `limit` bytes after
/// decoding. On success the connection stands right after the body.
pub(super) async fn read(
    conn: &mut Conn,
    framing: Framing,
    encoding: Option<&str>,
    limit: u64,
    at: &str,
) -> Result<Vec<u8>, WireError> {
    let too_large = || WireError::TooLarge { limit };
    let identity = !matches!(
        encoding.map(|e| e.trim().to_ascii_lowercase()).as_deref(),
        Some("gzip" | "x-gzip" | "deflate" | "br")
    );
    if let Framing::Length(n) = framing {
        if identity && n > limit {
            return Err(too_large());
        }
    }
    if let (Framing::Length(n), true) = (framing, identity) {
        return direct(conn, n, at).await;
    }
    let mut decoder = Decoder::new(encoding, limit);
    let mut feed = |data: &[u8]| -> Result<(), WireError> {
        decoder.write(data).map_err(|e| match e {
            DecodeError::TooLarge => too_large(),
            DecodeError::Invalid(m) => WireError::Body {
                at: at.to_string(),
                message: format!("the {} body does not decode: {m}", encoding.unwrap_or("")),
            },
        })
    };
    match framing {
        Framing::None => {}
        Framing::Length(n) => exact(conn, n, &mut feed, at).await?,
        Framing::Close => loop {
            if conn.available().is_empty()
                && conn.fill().await.map_err(|e| WireError::body(at, &e))? == 0
            {
                break;
            }
            let n = conn.available().len();
            feed(conn.available())?;
            conn.consume(n);
        },
        Framing::Chunked => loop {
            let size_line = line(conn, at).await?;
            let size = size_line.split(';').next().unwrap_or("").trim();
            let size = u64::from_str_radix(size, 16).map_err(|_| WireError::Body {
                at: at.to_string(),
                message: format!(
                    "invalid chunk size '{}'",
                    size_line.chars().take(40).collect::<String>()
                ),
            })?;
            if size == 0 {
                // Trailers, up to the empty line; their values are not kept.
                for _ in 0..1000 {
                    if line_or_eof(conn, at).await?.is_none_or(|l| l.is_empty()) {
                        break;
                    }
                }
                break;
            }
            exact(conn, size, &mut feed, at).await?;
            let end = line(conn, at).await?;
            if !end.is_empty() {
                return Err(WireError::Body {
                    at: at.to_string(),
                    message: "a chunk is longer than its size says".into(),
                });
            }
        },
    }
    decoder.finish().map_err(|e| match e {
        DecodeError::TooLarge => too_large(),
        DecodeError::Invalid(m) => WireError::Body {
            at: at.to_string(),
            message: format!("the {} body does not decode: {m}", encoding.unwrap_or("")),
        },
    })
}

/// A body of known length, not encoded (`n` is within the size cap): read into one buffer of
/// that size (no doubling on the way to it), from the socket straight into it once the
/// read-ahead is used up.
async fn direct(conn: &mut Conn, n: u64, at: &str) -> Result<Vec<u8>, WireError> {
    let mut body = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    let buffered = (conn.available().len() as u64).min(n) as usize;
    body.extend_from_slice(&conn.available()[..buffered]);
    conn.consume(buffered);
    let mut remaining = n - buffered as u64;
    while remaining > 0 {
        let got = conn
            .read_into(&mut body, remaining)
            .await
            .map_err(|e| WireError::body(at, &e))?;
        if got == 0 {
            return Err(WireError::body(
                at,
                &std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
            ));
        }
        remaining -= got as u64;
    }
    Ok(body)
}

async fn exact(
    conn: &mut Conn,
    mut remaining: u64,
    feed: &mut impl FnMut(&[u8]) -> Result<(), WireError>,
    at: &str,
) -> Result<(), WireError> {
    while remaining > 0 {
        if conn.available().is_empty() {
            let n = conn.fill().await.map_err(|e| WireError::body(at, &e))?;
            if n == 0 {
                return Err(WireError::body(
                    at,
                    &std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
                ));
            }
        }
        let take = (conn.available().len() as u64).min(remaining) as usize;
        feed(&conn.available()[..take])?;
        conn.consume(take);
        remaining -= take as u64;
    }
    Ok(())
}

/// Chunk-size lines and trailers are short; a longer one is a hostile server.
const MAX_LINE: usize = 8 * 1024;

async fn line(conn: &mut Conn, at: &str) -> Result<String, WireError> {
    line_or_eof(conn, at).await?.ok_or_else(|| {
        WireError::body(at, &std::io::Error::from(std::io::ErrorKind::UnexpectedEof))
    })
}

/// One line without its CRLF; `None` at the end of the stream.
async fn line_or_eof(conn: &mut Conn, at: &str) -> Result<Option<String>, WireError> {
    loop {
        if let Some(i) = conn.available().iter().position(|&b| b == b'\n') {
            let text = String::from_utf8_lossy(&conn.available()[..i])
                .trim_end_matches('\r')
                .to_string();
            conn.consume(i + 1);
            return Ok(Some(text));
        }
        if conn.available().len() > MAX_LINE {
            return Err(WireError::Body {
                at: at.to_string(),
                message: "a chunk-size or trailer line is too long".into(),
            });
        }
        if conn.fill().await.map_err(|e| WireError::body(at, &e))? == 0 {
            return Ok(None);
        }
    }
}
