//! HTTP/1.1 framing for the test server, by hand so that what is recorded is exactly what
//! arrived: request line, header names in their case and order, body after Content-Length or
//! chunked decoding. Reads one request from a buffered stream and leaves any pipelined bytes
//! in the buffer. Knows nothing of routes, recording or TLS; every size it reads is capped.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Larger heads are answered 431: no legitimate test sends one.
pub const MAX_HEAD: usize = 64 * 1024;
/// Larger bodies are answered 413.
pub const MAX_BODY: usize = 16 * 1024 * 1024;
const MAX_CHUNK_LINE: usize = 4096;
const MAX_TRAILERS: usize = 100;

/// One request as read off the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub method: String,
    pub target: String,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub trailers: Vec<(String, String)>,
    pub raw_head: String,
    pub keep_alive: bool,
}

#[derive(Debug)]
pub enum ReadError {
    /// The peer closed between requests: the normal end of a connection.
    Closed,
    Io(std::io::Error),
    /// Answered 400 with this reason, then the connection is closed.
    Malformed(String),
    /// Answered with this status (413 or 431), then the connection is closed.
    TooLarge(u16),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Reads one full request, writing `100 Continue` first when the client asks for it.
pub async fn read_request<S>(stream: &mut S, buf: &mut Vec<u8>) -> Result<Parsed, ReadError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // RFC 9112 §2.2: a server should ignore empty lines before the request line.
    loop {
        while buf.starts_with(b"\r\n") {
            buf.drain(..2);
        }
        if let Some(end) = find(buf, b"\r\n\r\n") {
            let head_end = end + 4;
            let mut parsed = parse_head(&buf[..head_end])?;
            let framing = framing(&parsed.headers)?;
            if framing != Framing::None && wants_continue(&parsed.headers) {
                stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
                stream.flush().await?;
            }
            let consumed = match framing {
                Framing::None => head_end,
                Framing::Length(len) => {
                    if len > MAX_BODY {
                        return Err(ReadError::TooLarge(413));
                    }
                    fill_to(stream, buf, head_end + len).await?;
                    parsed.body = buf[head_end..head_end + len].to_vec();
                    head_end + len
                }
                Framing::Chunked => read_chunked(stream, buf, head_end, &mut parsed).await?,
            };
            buf.drain(..consumed);
            return Ok(parsed);
        }
        if buf.len() > MAX_HEAD {
            return Err(ReadError::TooLarge(431));
        }
        if read_more(stream, buf).await? == 0 {
            return Err(if buf.is_empty() {
                ReadError::Closed
            } else {
                ReadError::Malformed("connection closed inside the request head".into())
            });
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Framing {
    None,
    Length(usize),
    Chunked,
}

fn parse_head(head: &[u8]) -> Result<Parsed, ReadError> {
    let raw_head = String::from_utf8_lossy(head).into_owned();
    let text = raw_head.trim_end_matches("\r\n");
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.splitn(3, ' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v)) if !m.is_empty() && !t.is_empty() && v.starts_with("HTTP/") => {
            (m.to_string(), t.to_string(), v.to_string())
        }
        _ => {
            return Err(ReadError::Malformed(format!(
                "bad request line {request_line:?}"
            )));
        }
    };
    let headers = parse_fields(lines)?;
    let keep_alive = keep_alive(&version, &headers);
    Ok(Parsed {
        method,
        target,
        version,
        headers,
        body: Vec::new(),
        trailers: Vec::new(),
        raw_head,
        keep_alive,
    })
}

fn parse_fields<'a>(
    lines: impl Iterator<Item = &'a str>,
) -> Result<Vec<(String, String)>, ReadError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            // Obsolete line folding: kept as one value joined by a space, so nothing is lost.
            match fields.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(line.trim_matches([' ', '\t']));
                }
                None => return Err(ReadError::Malformed("folded line before any header".into())),
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Malformed(format!(
                "header line without colon {line:?}"
            )));
        };
        if name.is_empty() || name.ends_with([' ', '\t']) {
            return Err(ReadError::Malformed(format!("bad header name {name:?}")));
        }
        fields.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    Ok(fields)
}

fn values<'a>(headers: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn has_token(headers: &[(String, String)], name: &str, token: &str) -> bool {
    values(headers, name)
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

fn keep_alive(version: &str, headers: &[(String, String)]) -> bool {
    if has_token(headers, "connection", "close") {
        return false;
    }
    version != "HTTP/1.0" || has_token(headers, "connection", "keep-alive")
}

fn wants_continue(headers: &[(String, String)]) -> bool {
    values(headers, "expect").any(|v| v.trim().eq_ignore_ascii_case("100-continue"))
}

fn framing(headers: &[(String, String)]) -> Result<Framing, ReadError> {
    let codings: Vec<&str> = values(headers, "transfer-encoding")
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if let Some(last) = codings.last() {
        return if last.eq_ignore_ascii_case("chunked") {
            Ok(Framing::Chunked)
        } else {
            Err(ReadError::Malformed(format!(
                "request transfer-encoding {last:?} is not chunked"
            )))
        };
    }
    let mut length: Option<usize> = None;
    for item in values(headers, "content-length").flat_map(|v| v.split(',')) {
        let item = item.trim();
        let parsed = item
            .parse::<usize>()
            .ok()
            .filter(|_| item.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| ReadError::Malformed(format!("bad content-length {item:?}")))?;
        if length.is_some_and(|l| l != parsed) {
            return Err(ReadError::Malformed(
                "conflicting content-length values".into(),
            ));
        }
        length = Some(parsed);
    }
    Ok(match length {
        Some(0) | None => Framing::None,
        Some(len) => Framing::Length(len),
    })
}

/// Decodes a chunked body starting at `start`; returns the offset just past the trailers.
async fn read_chunked<S>(
    stream: &mut S,
    buf: &mut Vec<u8>,
    start: usize,
    parsed: &mut Parsed,
) -> Result<usize, ReadError>
where
    S: AsyncRead + Unpin,
{
    let mut pos = start;
    loop {
        let line_end = line_end(stream, buf, pos).await?;
        let line = String::from_utf8_lossy(&buf[pos..line_end]).into_owned();
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .ok()
            .filter(|_| !size_text.is_empty() && !size_text.starts_with('+'))
            .ok_or_else(|| ReadError::Malformed(format!("bad chunk size line {line:?}")))?;
        pos = line_end + 2;
        if size == 0 {
            break;
        }
        if size > MAX_BODY || parsed.body.len() + size > MAX_BODY {
            return Err(ReadError::TooLarge(413));
        }
        fill_to(stream, buf, pos + size + 2).await?;
        parsed.body.extend_from_slice(&buf[pos..pos + size]);
        if &buf[pos + size..pos + size + 2] != b"\r\n" {
            return Err(ReadError::Malformed(
                "chunk data not followed by CRLF".into(),
            ));
        }
        pos += size + 2;
    }
    let mut trailer_lines = Vec::new();
    loop {
        let end = line_end(stream, buf, pos).await?;
        if end == pos {
            pos += 2;
            break;
        }
        if trailer_lines.len() >= MAX_TRAILERS {
            return Err(ReadError::TooLarge(431));
        }
        trailer_lines.push(String::from_utf8_lossy(&buf[pos..end]).into_owned());
        pos = end + 2;
    }
    parsed.trailers = parse_fields(trailer_lines.iter().map(String::as_str))?;
    Ok(pos)
}

/// Offset of the next CRLF at or after `pos`, reading more as needed.
async fn line_end<S>(stream: &mut S, buf: &mut Vec<u8>, pos: usize) -> Result<usize, ReadError>
where
    S: AsyncRead + Unpin,
{
    loop {
        if let Some(i) = find(&buf[pos..], b"\r\n") {
            return Ok(pos + i);
        }
        if buf.len() - pos > MAX_CHUNK_LINE {
            return Err(ReadError::TooLarge(431));
        }
        if read_more(stream, buf).await? == 0 {
            return Err(ReadError::Malformed(
                "connection closed inside a chunked body".into(),
            ));
        }
    }
}

async fn fill_to<S>(stream: &mut S, buf: &mut Vec<u8>, len: usize) -> Result<(), ReadError>
where
    S: AsyncRead + Unpin,
{
    while buf.len() < len {
        if read_more(stream, buf).await? == 0 {
            return Err(ReadError::Malformed(
                "connection closed inside the body".into(),
            ));
        }
    }
    Ok(())
}

async fn read_more<S>(stream: &mut S, buf: &mut Vec<u8>) -> std::io::Result<usize>
where
    S: AsyncRead + Unpin,
{
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Standard reason phrases for the statuses tests use; anything else gets a neutral one.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Status line and header block. Adds Content-Length unless the headers already frame the
/// body (a hostile reply may lie on purpose) or the status has no body.
pub fn response_head(
    status: u16,
    headers: &[(String, String)],
    body_len: usize,
    close: bool,
) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let framed = headers.iter().any(|(n, _)| {
        n.eq_ignore_ascii_case("content-length") || n.eq_ignore_ascii_case("transfer-encoding")
    });
    let bodiless = status < 200 || status == 204 || status == 304;
    if !framed && !bodiless {
        head.push_str(&format!("Content-Length: {body_len}\r\n"));
    }
    if close
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("connection"))
    {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn parse_all(input: &[u8]) -> (Vec<Result<Parsed, String>>, Vec<u8>) {
        let (mut client, mut server) = tokio::io::duplex(1 << 20);
        client.write_all(input).await.expect("write to duplex");
        drop(client);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for _ in 0..10 {
            match read_request(&mut server, &mut buf).await {
                Ok(p) => out.push(Ok(p)),
                Err(ReadError::Closed) => break,
                Err(e) => {
                    out.push(Err(format!("{e:?}")));
                    break;
                }
            }
        }
        (out, buf)
    }

    #[tokio::test]
    async fn head_keeps_case_order_and_duplicates() {
        let raw =
            b"GET /p?q=%20 HTTP/1.1\r\nHost: h\r\nX-MiXed: a \r\nx-dup: 1\r\nX-Dup: 2\r\n\r\n";
        let (out, rest) = parse_all(raw).await;
        let p = out[0].as_ref().expect("parsed");
        assert_eq!(p.target, "/p?q=%20");
        assert_eq!(
            p.headers,
            vec![
                ("Host".to_string(), "h".to_string()),
                ("X-MiXed".to_string(), "a".to_string()),
                ("x-dup".to_string(), "1".to_string()),
                ("X-Dup".to_string(), "2".to_string()),
            ]
        );
        assert_eq!(p.raw_head.as_bytes(), raw);
        assert!(p.keep_alive);
        assert!(rest.is_empty());
    }

    #[tokio::test]
    async fn chunked_body_with_extensions_and_trailers() {
        let raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Sum: 9\r\n\r\nGET /next HTTP/1.1\r\n\r\n";
        let (out, _) = parse_all(raw).await;
        let p = out[0].as_ref().expect("parsed");
        assert_eq!(p.body, b"hello, world!!!");
        assert_eq!(p.trailers, vec![("X-Sum".to_string(), "9".to_string())]);
        let next = out[1].as_ref().expect("pipelined request parsed");
        assert_eq!(next.target, "/next");
    }

    #[tokio::test]
    async fn content_length_body_and_pipelining() {
        let raw = b"PUT /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcDELETE /b HTTP/1.0\r\n\r\n";
        let (out, _) = parse_all(raw).await;
        assert_eq!(out.len(), 2);
        let first = out[0].as_ref().expect("first");
        assert_eq!(first.body, b"abc");
        let second = out[1].as_ref().expect("second");
        assert_eq!(
            (second.method.as_str(), second.keep_alive),
            ("DELETE", false)
        );
    }

    #[tokio::test]
    async fn malformed_requests_are_reported() {
        for raw in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
            b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort",
        ] {
            let (out, _) = parse_all(raw).await;
            assert!(
                matches!(out.last(), Some(Err(e)) if e.starts_with("Malformed")),
                "{:?} gave {out:?}",
                String::from_utf8_lossy(raw)
            );
        }
    }

    #[test]
    fn response_head_frames_unless_told_otherwise() {
        let head = response_head(200, &[("X-A".into(), "1".into())], 5, false);
        assert_eq!(
            head,
            b"HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\n\r\n"
        );
        let lying = response_head(200, &[("Content-Length".into(), "99".into())], 5, true);
        assert_eq!(
            lying,
            b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\nConnection: close\r\n\r\n"
        );
    }
}
