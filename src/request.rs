//! The resolved request and the received response: plain values shared by the builder, the
//! scripts, the sender and the reports. Owns no behaviour beyond small lookups.

/// A fully resolved request: what the plan builds, what scripts may change, what is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// Final URL as it will be sent (already percent-encoded as Postman encodes it).
    pub url: String,
    /// Headers in send order, names as written by the collection.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// A received response, body fully read (capped by the runner).
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wall time from send to last body byte, in milliseconds.
    pub time_ms: f64,
}

/// Case-insensitive lookup of the first header with this name.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    pub fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }
}

impl HttpResponse {
    /// What scripts see when no response came (status 0, nothing else), as in Newman.
    pub fn none() -> HttpResponse {
        HttpResponse {
            status: 0,
            reason: String::new(),
            headers: Vec::new(),
            body: Vec::new(),
            time_ms: 0.0,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}
