//! Sending one resolved request through the run's transports (our own HTTP/1.1 client, or
//! reqwest through a proxy): redirects as Postman follows them, the response-size cap, the per-request timeout, and one-line causes for every
//! transport failure. Knows nothing of scripts, checks or reports.

use crate::outcome::TransportKind;
use crate::request::{HttpRequest, HttpResponse};
use futures_util::StreamExt;
use std::time::{Duration, Instant};

/// Per-request transport settings (run-wide flags merged with the item's protocol profile).
#[derive(Clone, Debug)]
pub struct SendOptions {
    pub timeout: Duration,
    pub max_response_size: u64,
    pub follow_redirects: bool,
    pub max_redirects: u32,
    pub follow_original_method: bool,
    pub follow_authorization_header: bool,
    /// Credential values of this request (auth fields, tokens, secret variables): headers and
    /// query parameters carrying one are not sent to another origin after a redirect.
    pub credentials: Vec<String>,
    /// Send `Referer: <previous URL>` on each hop (Postman's default; off with the item's
    /// `removeRefererHeaderOnRedirect`).
    pub referer_on_redirect: bool,
    /// Which limit `timeout` is, for the message (`--timeout-request` or the run's deadline).
    pub timeout_cause: &'static str,
    /// The run's cookie jar: every hop sends its cookies and stores its `Set-Cookie`.
    pub cookies: Option<std::sync::Arc<crate::cookies::CookieJar>>,
    /// The request's NTLM auth: a challenge is answered on the same connection.
    pub ntlm: Option<crate::auth::NtlmParams>,
}

/// Why a request got no usable response: its kind, and one line ready to show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    pub kind: TransportKind,
    pub message: String,
}

impl TransportError {
    pub fn new(kind: TransportKind, message: impl Into<String>) -> TransportError {
        TransportError {
            kind,
            message: message.into(),
        }
    }

    /// reqwest's error, classified by its kind and the error chain's types, with `cause`'s line.
    fn of(e: &reqwest::Error) -> TransportError {
        TransportError::new(kind(e), cause(e))
    }
}

/// The transport kind from reqwest's error methods and the I/O errors in its chain (rustls
/// reports a refused certificate or handshake as `InvalidData`).
pub fn kind(e: &reqwest::Error) -> TransportKind {
    let mut io_kinds = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            io_kinds.push(io.kind());
        }
        source = s.source();
    }
    let https = e.url().is_some_and(|u| u.scheme() == "https");
    if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_redirect() {
        TransportKind::Redirect
    } else if https && io_kinds.contains(&std::io::ErrorKind::InvalidData) {
        TransportKind::Tls
    } else if e.is_connect() {
        TransportKind::Connect
    } else if e.is_body() || e.is_decode() {
        TransportKind::Body
    } else if e.is_builder() {
        TransportKind::Request
    } else {
        // Sent, and the connection failed before a complete response came back.
        TransportKind::Connect
    }
}

/// The run's transports: our own HTTP/1.1 client for direct requests (names and targets as
/// built), reqwest for requests the environment sends through a proxy.
pub struct Transport {
    pub wire: crate::wire::Client,
    pub reqwest: reqwest::Client,
    pub proxies: crate::wire::proxy::ProxyEnv,
}

pub async fn send(
    client: &Transport,
    req: &HttpRequest,
    opts: &SendOptions,
) -> Result<(HttpResponse, HttpRequest), TransportError> {
    let started = Instant::now();
    let exchange = async {
        match &opts.ntlm {
            Some(ntlm) => ntlm_handshake(client, req.clone(), opts, started, ntlm).await,
            None => follow(client, req.clone(), opts, started, None).await,
        }
    };
    match tokio::time::timeout(opts.timeout, exchange).await {
        Ok(result) => result,
        Err(_) => Err(TransportError::new(
            TransportKind::Timeout,
            format!(
                "timed out after {} ms ({})",
                opts.timeout.as_millis(),
                opts.timeout_cause
            ),
        )),
    }
}

/// A hop already sent (its cookies stored), and the Cookie header it went out with.
type SentHop = (Hop, Option<String>);

/// Sends, following redirects by hand so that each item's own redirect settings apply.
/// Returns the final response and the request that produced it. `first`: the first hop was
/// already sent (the last message of a handshake).
async fn follow(
    client: &Transport,
    mut req: HttpRequest,
    opts: &SendOptions,
    started: Instant,
    mut first: Option<SentHop>,
) -> Result<(HttpResponse, HttpRequest), TransportError> {
    let mut hops = 0u32;
    loop {
        let (resp, cookie) = match first.take() {
            Some(sent) => sent,
            None => sent_hop(client, &req, opts, None, hops > 0).await?,
        };
        let status = resp.status();
        let location = resp.location();
        let redirect = matches!(status, 301 | 302 | 303 | 307 | 308) && opts.follow_redirects;
        match (redirect, location) {
            (true, Some(location)) => {
                hops += 1;
                if hops > opts.max_redirects {
                    return Err(TransportError::new(
                        TransportKind::Redirect,
                        format!(
                            "exceeded {} redirects (last Location: {location}); probably a redirect loop",
                            opts.max_redirects
                        ),
                    ));
                }
                resp.discard(client).await;
                req = next_hop(req, status, &location, opts)?;
            }
            _ => {
                let response = resp.read(client, opts, started).await?;
                return Ok((response, crate::cookies::with_header(req, cookie)));
            }
        }
    }
}

fn next_hop(
    mut req: HttpRequest,
    status: u16,
    location: &str,
    opts: &SendOptions,
) -> Result<HttpRequest, TransportError> {
    let base = reqwest::Url::parse(&req.url).map_err(|e| {
        TransportError::new(
            TransportKind::Request,
            format!("invalid url '{}': {e}", req.url),
        )
    })?;
    let mut next = base.join(location).map_err(|e| {
        TransportError::new(
            TransportKind::Redirect,
            format!("invalid redirect Location '{location}': {e}"),
        )
    })?;
    // Credentials never travel to another origin (scheme, host, port) unless the collection
    // asks for it with followAuthorizationHeader, as browsers and curl do.
    let mut referer = base.clone();
    if next.origin() != base.origin() {
        req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("host"));
        if !opts.follow_authorization_header {
            crate::secrets::strip_credentials(&mut req.headers, &mut next, &opts.credentials);
            // The Referer names the URL just left: its query may hold an apikey or an
            // access_token, which must not reach the other origin that way either.
            crate::secrets::strip_credentials(&mut Vec::new(), &mut referer, &opts.credentials);
        }
    }
    // 307/308 keep method and body; every other redirect becomes a GET without a body.
    if !matches!(status, 307 | 308) && !opts.follow_original_method {
        if req.method != "HEAD" {
            req.method = "GET".into();
        }
        req.body = None;
        req.headers.retain(|(k, _)| {
            !k.eq_ignore_ascii_case("content-type") && !k.eq_ignore_ascii_case("content-length")
        });
    }
    // As Newman: the next hop names where it came from, and its own Host goes last.
    req.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("host") && !k.eq_ignore_ascii_case("referer"));
    if opts.referer_on_redirect {
        req.headers.push(("Referer".into(), referer.to_string()));
    }
    req.headers
        .push(("Host".into(), crate::build::host_header(&next)));
    req.url = next.to_string();
    Ok(req)
}

/// Sends one hop (on `conn` when given) and stores its cookies.
async fn sent_hop(
    client: &Transport,
    req: &HttpRequest,
    opts: &SendOptions,
    conn: Option<crate::wire::Conn>,
    redirected: bool,
) -> Result<SentHop, TransportError> {
    let cookie = crate::cookies::header_for(opts.cookies.as_deref(), req);
    let headers = outgoing_headers(req, cookie.as_deref(), redirected);
    let resp = match conn {
        Some(conn) => Hop::send_on(client, req, &headers, conn).await?,
        None => Hop::send(client, req, &headers).await?,
    };
    if let Some(jar) = opts.cookies.as_deref() {
        jar.store_response(&req.url, resp.set_cookies().iter().map(String::as_str));
    }
    Ok((resp, cookie))
}

/// NTLM as postman-runtime does it: the request without credentials; on a 401/403 offering
/// NTLM, the NEGOTIATE message; on the server's CHALLENGE, the AUTHENTICATE message; all three
/// on one connection (the server ties the handshake to it). Whatever answers a step with
/// anything but 401/403 is the response.
async fn ntlm_handshake(
    client: &Transport,
    req: HttpRequest,
    opts: &SendOptions,
    started: Instant,
    params: &crate::auth::NtlmParams,
) -> Result<(HttpResponse, HttpRequest), TransportError> {
    use crate::auth::ntlm;
    let challenged = |hop: &Hop| matches!(hop.status(), 401 | 403) && !params.disable_retry;
    if client.proxies.proxied(&req.url) {
        return Err(TransportError::new(
            TransportKind::Request,
            "ntlm auth through a proxy is not supported by conform",
        ));
    }
    let sent = sent_hop(client, &req, opts, None, false).await?;
    let offered = matches!(&sent.0, Hop::Wire(r) if ntlm::offered(&r.headers));
    if !challenged(&sent.0) || !offered {
        return follow(client, req, opts, started, Some(sent)).await;
    }
    let conn = sent.0.drain(opts).await?;
    let negotiate = with_authorization(&req, ntlm::negotiate(params));
    let sent = sent_hop(client, &negotiate, opts, conn, false).await?;
    if !challenged(&sent.0) {
        return follow(client, negotiate, opts, started, Some(sent)).await;
    }
    let challenge = match &sent.0 {
        Hop::Wire(r) => ntlm::challenge(&r.headers),
        Hop::Reqwest(_) => Err(ntlm::NtlmError::NoChallenge),
    }
    .map_err(|e| TransportError::new(TransportKind::Request, e.to_string()))?;
    let conn = sent.0.drain(opts).await?;
    let token = ntlm::authenticate(params, &challenge, rand::random(), ntlm::windows_time());
    let authenticate = with_authorization(&req, token);
    let sent = sent_hop(client, &authenticate, opts, conn, false).await?;
    follow(client, authenticate, opts, started, Some(sent)).await
}

/// The request with this Authorization instead of any it had (added last, as the runtime's
/// authorizer adds it).
fn with_authorization(req: &HttpRequest, value: String) -> HttpRequest {
    let mut out = req.clone();
    out.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
    out.headers.push(("Authorization".into(), value));
    out
}

/// The headers of one hop in send order. `cookie` (from the jar) takes the place of the
/// request's own `Cookie` header, or goes last: before a closing `Content-Length: 0`, and on a
/// redirect hop before the trailing Referer and Host, as Newman sends it.
fn outgoing_headers(
    req: &HttpRequest,
    cookie: Option<&str>,
    redirected: bool,
) -> Vec<(String, String)> {
    let own_cookie = req
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("cookie"));
    let mut pending = cookie;
    let mut out = Vec::with_capacity(req.headers.len() + 1);
    // A closing `Content-Length: 0` is written after the jar's Cookie, as Node does.
    let zero_length = crate::cookies::jar_cookie_slot(req);
    for (i, (k, v)) in req.headers.iter().enumerate() {
        let is_cookie = k.eq_ignore_ascii_case("cookie");
        let tail = !own_cookie
            && (i == zero_length
                || redirected
                    && (k.eq_ignore_ascii_case("referer") || k.eq_ignore_ascii_case("host")));
        if is_cookie || tail {
            if let Some(value) = pending.take() {
                out.push(("Cookie".to_string(), value.to_string()));
            }
        }
        if is_cookie && cookie.is_some() {
            continue;
        }
        out.push((k.clone(), v.clone()));
    }
    if let Some(value) = pending {
        out.push(("Cookie".to_string(), value.to_string()));
    }
    out
}

/// One hop's response, from whichever transport carried it.
pub(crate) enum Hop {
    Wire(crate::wire::Response),
    Reqwest(reqwest::Response),
}

impl Hop {
    pub(crate) async fn send(
        client: &Transport,
        req: &HttpRequest,
        headers: &[(String, String)],
    ) -> Result<Hop, TransportError> {
        if client.proxies.proxied(&req.url) {
            return via_reqwest(&client.reqwest, req, headers)
                .await
                .map(Hop::Reqwest);
        }
        Hop::send_on_wire(client, req, headers, None).await
    }

    /// Sends on this connection (the next step of a handshake).
    async fn send_on(
        client: &Transport,
        req: &HttpRequest,
        headers: &[(String, String)],
        conn: crate::wire::Conn,
    ) -> Result<Hop, TransportError> {
        Hop::send_on_wire(client, req, headers, Some(conn)).await
    }

    /// Through our own client: on `conn` when given, else on a pooled or new connection.
    async fn send_on_wire(
        client: &Transport,
        req: &HttpRequest,
        headers: &[(String, String)],
        conn: Option<crate::wire::Conn>,
    ) -> Result<Hop, TransportError> {
        let out = crate::wire::Request {
            method: &req.method,
            url: &req.url,
            headers,
            body: req.body.as_deref(),
        };
        client
            .wire
            .send(&out, conn)
            .await
            .map(Hop::Wire)
            .map_err(|e| TransportError::new(e.kind(), e.to_string()))
    }

    /// Reads and drops the body of a handshake step; the connection, if it stays open.
    async fn drain(self, opts: &SendOptions) -> Result<Option<crate::wire::Conn>, TransportError> {
        match self {
            Hop::Wire(r) => r
                .body(opts.max_response_size)
                .await
                .map(|(_, conn)| conn)
                .map_err(|e| TransportError::new(e.kind(), e.to_string())),
            Hop::Reqwest(_) => Ok(None),
        }
    }

    fn status(&self) -> u16 {
        match self {
            Hop::Wire(r) => r.status,
            Hop::Reqwest(r) => r.status().as_u16(),
        }
    }

    fn location(&self) -> Option<String> {
        match self {
            Hop::Wire(r) => r.header("location").map(str::to_string),
            Hop::Reqwest(r) => r
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        }
    }

    fn set_cookies(&self) -> Vec<String> {
        match self {
            Hop::Wire(r) => r
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
                .map(|(_, v)| v.clone())
                .collect(),
            Hop::Reqwest(r) => r
                .headers()
                .get_all(reqwest::header::SET_COOKIE)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect(),
        }
    }

    /// A redirect's body is not shown: read a little of it so its connection can be reused.
    async fn discard(self, client: &Transport) {
        if let Hop::Wire(r) = self {
            if let Some(conn) = r.drain(64 * 1024).await {
                client.wire.release(conn);
            }
        }
    }

    pub(crate) async fn read(
        self,
        client: &Transport,
        opts: &SendOptions,
        started: Instant,
    ) -> Result<HttpResponse, TransportError> {
        match self {
            Hop::Reqwest(r) => read(r, opts, started).await,
            Hop::Wire(r) => {
                let status = r.status;
                let reason = reqwest::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .map_or_else(|| r.reason.clone(), str::to_string);
                let headers = r.headers.clone();
                let (body, conn) = r
                    .body(opts.max_response_size)
                    .await
                    .map_err(|e| TransportError::new(e.kind(), e.to_string()))?;
                if let Some(conn) = conn {
                    client.wire.release(conn);
                }
                Ok(HttpResponse {
                    status,
                    reason,
                    headers,
                    body,
                    time_ms: started.elapsed().as_secs_f64() * 1000.0,
                })
            }
        }
    }
}

/// One hop through reqwest (requests the environment sends through a proxy).
async fn via_reqwest(
    client: &reqwest::Client,
    req: &HttpRequest,
    headers: &[(String, String)],
) -> Result<reqwest::Response, TransportError> {
    let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|_| {
        TransportError::new(
            TransportKind::Request,
            format!("invalid method '{}'", req.method),
        )
    })?;
    let url = reqwest::Url::parse(&req.url).map_err(|e| {
        TransportError::new(
            TransportKind::Request,
            format!("invalid url '{}': {e}", req.url),
        )
    })?;
    let mut builder = client.request(method, url);
    for (k, v) in headers {
        let name = reqwest::header::HeaderName::from_bytes(k.as_bytes()).map_err(|_| {
            TransportError::new(TransportKind::Request, format!("invalid header name '{k}'"))
        })?;
        let value = reqwest::header::HeaderValue::from_bytes(v.as_bytes()).map_err(|_| {
            TransportError::new(
                TransportKind::Request,
                format!("invalid value for header '{k}'"),
            )
        })?;
        builder = builder.header(name, value);
    }
    if let Some(body) = &req.body {
        builder = builder.body(body.clone());
    }
    builder.send().await.map_err(|e| TransportError::of(&e))
}

async fn read(
    resp: reqwest::Response,
    opts: &SendOptions,
    started: Instant,
) -> Result<HttpResponse, TransportError> {
    let status = resp.status();
    let headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                title_case(k.as_str()),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    if let Some(len) = resp.content_length() {
        if len > opts.max_response_size {
            return Err(too_big(opts.max_response_size));
        }
    }
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            let mut err = TransportError::of(&e);
            err.message = format!("while reading the body: {}", err.message);
            err
        })?;
        if body.len() as u64 + chunk.len() as u64 > opts.max_response_size {
            return Err(too_big(opts.max_response_size));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(HttpResponse {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        headers,
        body,
        time_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

fn too_big(limit: u64) -> TransportError {
    TransportError::new(
        TransportKind::TooLarge,
        format!("response body larger than {limit} bytes (--max-response-size); stopped reading"),
    )
}

/// hyper hands header names over in lower case; on the proxied path, reports show them the
/// way people write them (our own client keeps the server's case).
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

/// The one line a person needs from reqwest's error chain.
pub fn cause(e: &reqwest::Error) -> String {
    let mut chain = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let deepest = chain.last().cloned().unwrap_or_default();
    let all = chain.join(": ").to_ascii_lowercase();
    let target = e.url().map(|u| {
        let host = u.host_str().unwrap_or("");
        match u.port_or_known_default() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        }
    });
    let at = target.map(|t| format!(" ({t})")).unwrap_or_default();
    if all.contains("certificate") || all.contains("tls") || all.contains("handshake") {
        return format!("tls error{at}: {deepest}");
    }
    if all.contains("dns error")
        || all.contains("failed to lookup")
        || all.contains("name or service not known")
    {
        return format!("dns lookup failed{at}: {deepest}");
    }
    if all.contains("connection refused") {
        return format!("connection refused{at}");
    }
    if all.contains("reset by peer") || all.contains("connection reset") {
        return format!("connection reset{at}");
    }
    if e.is_timeout() {
        return format!("timed out{at}");
    }
    let https = e.url().is_some_and(|u| u.scheme() == "https");
    // With TLS 1.3 a server that rejects the client certificate closes the connection after
    // the handshake, before the request is answered; hyper only sees the close.
    if https
        && (all.contains("connection was not ready")
            || all.contains("connection closed before message completed"))
    {
        return format!(
            "tls error{at}: the server closed the connection right after the handshake (does it require a client certificate? --ssl-client-cert)"
        );
    }
    if all.contains("connection was not ready") {
        return format!("connection closed by the server before the request was sent{at}");
    }
    if all.contains("connection closed before message completed")
        || all.contains("incomplete message")
    {
        return format!("connection closed by the server before a complete response{at}");
    }
    if e.is_connect() {
        return format!("could not connect{at}: {deepest}");
    }
    if e.is_body() || e.is_decode() {
        return format!("body could not be read{at}: {deepest}");
    }
    format!("request failed{at}: {deepest}")
}
