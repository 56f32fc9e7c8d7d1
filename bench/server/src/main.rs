//! Benchmark server for `bench/run.sh`: answers `POST /iam/v1/user/token/generate` with a fixed
//! Sahamati token JSON (all nine documented fields), on 127.0.0.1 only, keep-alive, one thread
//! per connection.
//! It must stay cheap and predictable so the clients dominate the measurement; it owns no
//! state beyond three counters and must never bind anything but loopback.
//!
//! Usage: `bench-server [PORT]` (0 or absent: any free port). The first stdout line is the
//! bound port. `GET /__stats` answers `ok=N bad=N` (200 answers to token calls, and everything
//! else) so the script can check that every client really sent its 1000 well-formed requests.
//! The std library alone is enough here, which keeps the build to a few seconds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};

const TOKEN_PATH: &str = "/iam/v1/user/token/generate";
/// Every field of the user token answer in the Sahamati docs (seed 000), so that conform's schema
/// check passes when it is switched on.
const TOKEN_BODY: &str = concat!(
    r#"{"ver":"1.0.0","timestamp":"2024-07-16T11:33:34.509Z","txnId":"f35761ac-4a18-11e8-96ff-0277a9fbfedc","#,
    r#""accessToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiZW5jaEBleGFtcGxlLm9yZyJ9.c2lnbmF0dXJl","#,
    r#""expiresIn":86400,"tokenType":"Bearer","refreshExpiresIn":0,"notBeforePolicy":0,"#,
    r#""scope":"email secret-expiry-ts profile entityMetadata"}"#
);
/// A request head larger than this is not one of ours; refuse it rather than buffer it.
const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: usize = 64 * 1024;

static OK: AtomicU64 = AtomicU64::new(0);
static BAD: AtomicU64 = AtomicU64::new(0);

struct Head {
    method: String,
    path: String,
    content_length: usize,
    close: bool,
    chunked: bool,
}

fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
    println!("{}", listener.local_addr()?.port());
    std::io::stdout().flush()?;
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let _ = serve(stream);
        });
    }
    Ok(())
}

fn serve(stream: TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let Some(head) = read_head(&mut reader)? else {
            return Ok(());
        };
        if head.chunked || head.content_length > MAX_BODY {
            BAD.fetch_add(1, Ordering::Relaxed);
            return respond(&mut writer, "400 Bad Request", "{}", true);
        }
        let mut body = vec![0u8; head.content_length];
        reader.read_exact(&mut body)?;
        let (status, text) = answer(&head, &body);
        respond(&mut writer, status, &text, head.close)?;
        if head.close {
            return Ok(());
        }
    }
}

fn answer(head: &Head, body: &[u8]) -> (&'static str, String) {
    if head.method == "GET" && head.path == "/__stats" {
        let ok = OK.load(Ordering::Relaxed);
        let bad = BAD.load(Ordering::Relaxed);
        return ("200 OK", format!("ok={ok} bad={bad}\n"));
    }
    let form = String::from_utf8_lossy(body);
    let has = |k: &str| {
        form.split('&').any(|kv| {
            kv.strip_prefix(k)
                .is_some_and(|v| v.len() > 1 && v.starts_with('='))
        })
    };
    if head.method == "POST" && head.path == TOKEN_PATH && has("username") && has("password") {
        OK.fetch_add(1, Ordering::Relaxed);
        ("200 OK", TOKEN_BODY.to_string())
    } else {
        BAD.fetch_add(1, Ordering::Relaxed);
        ("400 Bad Request", r#"{"error":"bad request"}"#.to_string())
    }
}

/// Reads one request head; `None` when the client closed the connection between requests.
fn read_head(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Head>> {
    let mut line = String::new();
    let mut total = 0;
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let http10 = parts.next() == Some("HTTP/1.0");
    let mut head = Head {
        method,
        path,
        content_length: 0,
        close: http10,
        chunked: false,
    };
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        total += n;
        if n == 0 || total > MAX_HEAD {
            return Ok(None);
        }
        let l = line.trim_end();
        if l.is_empty() {
            return Ok(Some(head));
        }
        let Some((name, value)) = l.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => head.content_length = value.parse().unwrap_or(usize::MAX),
            "connection" => head.close = value.eq_ignore_ascii_case("close"),
            "transfer-encoding" => head.chunked = true,
            _ => {}
        }
    }
}

fn respond(w: &mut TcpStream, status: &str, body: &str, close: bool) -> std::io::Result<()> {
    let conn = if close { "close" } else { "keep-alive" };
    let msg = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: {conn}\r\n\r\n{body}",
        body.len()
    );
    w.write_all(msg.as_bytes())
}
