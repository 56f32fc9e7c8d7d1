//! Why an exchange on our own HTTP/1.1 client failed: one variant per cause a person acts on,
//! each rendering the one line the report shows, and the transport kind it counts as.

use crate::outcome::TransportKind;

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("invalid url '{0}'")]
    Url(String),
    #[error("invalid method '{0}'")]
    Method(String),
    #[error("invalid header name '{0}'")]
    HeaderName(String),
    #[error("invalid value for header '{0}'")]
    HeaderValue(String),
    #[error("dns lookup failed ({at}): {source}")]
    Dns { at: String, source: std::io::Error },
    #[error("connection refused ({at})")]
    Refused { at: String },
    #[error("could not connect ({at}): {source}")]
    Connect { at: String, source: std::io::Error },
    #[error("tls error ({at}): {message}")]
    Tls { at: String, message: String },
    #[error("connection reset ({at})")]
    Reset { at: String },
    #[error("connection closed by the server before a complete response ({at})")]
    Closed { at: String },
    #[error("invalid response from the server ({at}): {message}")]
    Protocol { at: String, message: String },
    #[error("body could not be read ({at}): {message}")]
    Body { at: String, message: String },
    #[error("response body larger than {limit} bytes (--max-response-size); stopped reading")]
    TooLarge { limit: u64 },
}

impl WireError {
    pub fn kind(&self) -> TransportKind {
        match self {
            WireError::Url(_)
            | WireError::Method(_)
            | WireError::HeaderName(_)
            | WireError::HeaderValue(_) => TransportKind::Request,
            WireError::Tls { .. } => TransportKind::Tls,
            WireError::Body { .. } => TransportKind::Body,
            WireError::TooLarge { .. } => TransportKind::TooLarge,
            WireError::Dns { .. }
            | WireError::Refused { .. }
            | WireError::Connect { .. }
            | WireError::Reset { .. }
            | WireError::Closed { .. }
            | WireError::Protocol { .. } => TransportKind::Connect,
        }
    }

    /// An I/O failure while the response head was awaited or read. rustls reports a refused
    /// certificate or an alert as `InvalidData`.
    pub(super) fn reading(at: &str, tls: bool, e: &std::io::Error) -> WireError {
        use std::io::ErrorKind::*;
        let at = at.to_string();
        match e.kind() {
            InvalidData if tls => WireError::Tls {
                at,
                message: e.to_string(),
            },
            ConnectionReset | ConnectionAborted | BrokenPipe if tls => WireError::Tls {
                at,
                message: CLOSED_AFTER_HANDSHAKE.into(),
            },
            ConnectionReset | ConnectionAborted | BrokenPipe => WireError::Reset { at },
            UnexpectedEof if tls => WireError::Tls {
                at,
                message: CLOSED_AFTER_HANDSHAKE.into(),
            },
            UnexpectedEof => WireError::Closed { at },
            _ => WireError::Protocol {
                at,
                message: e.to_string(),
            },
        }
    }

    /// An I/O failure in the middle of the body.
    pub(super) fn body(at: &str, e: &std::io::Error) -> WireError {
        let message = match e.kind() {
            std::io::ErrorKind::ConnectionReset => "connection reset".to_string(),
            std::io::ErrorKind::UnexpectedEof => "the connection closed before its end".to_string(),
            _ => e.to_string(),
        };
        WireError::Body {
            at: at.to_string(),
            message,
        }
    }
}

/// With TLS 1.3 a server that rejects the client certificate closes the connection after the
/// handshake, before the request is answered; all the client sees is the close.
pub(super) const CLOSED_AFTER_HANDSHAKE: &str = "the server closed the connection right after the handshake (does it require a client certificate? --ssl-client-cert)";
