//! What the test server answers: the route table and the `Reply` kinds (well-behaved and
//! hostile). Turns a reply into a wire `Action`; never touches a socket itself, so every
//! decision here is testable without one. Digest checking lives in `digest`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::digest::Digest;
use super::server::Recorded;

/// What one route answers.
#[derive(Clone)]
pub enum Reply {
    /// Status and a JSON body (`Content-Type: application/json`).
    Json(u16, Value),
    /// Anything; a `Content-Length` or `Transfer-Encoding` given here is sent as is, even if it
    /// lies, and none is added.
    Raw {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// 200 JSON: `{"method","path","query","headers":[[k,v]...],"body"}` (body as lossy UTF-8).
    Echo,
    /// Reads the request and never answers; holds the connection until the client gives up.
    Stall,
    /// Announces `Content-Length: 1000`, sends 10 bytes, then resets the connection (RST).
    ResetMidBody,
    /// 200 with a chunked body that never ends, written until the client stops reading.
    Endless,
    /// 200 `application/json; charset=utf-8` whose body is not valid UTF-8.
    InvalidUtf8,
    /// Status and `Location`, empty body.
    Redirect(u16, String),
    /// 401 with a Digest challenge until a request carries a correct response hash, then 200.
    DigestChallenge(Digest),
    /// The nth request to this route gets the nth reply; the last one repeats.
    Sequence(Vec<Reply>),
    /// Computed from the recorded request.
    Fn(Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>),
    /// The inner reply after a pause (for timeout and timing tests).
    Delay(Duration, Box<Reply>),
    /// Exactly these bytes, then the connection closes: for malformed responses.
    Wire(Vec<u8>),
}

impl Reply {
    /// 200 with this JSON.
    pub fn json(value: Value) -> Reply {
        Reply::Json(200, value)
    }

    /// A status with an empty body.
    pub fn status(status: u16) -> Reply {
        Reply::Raw {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A status with a `text/plain` body.
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::Raw {
            status,
            headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn func(f: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Reply {
        Reply::Fn(Arc::new(f))
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Json(s, v) => write!(f, "Json({s}, {v})"),
            Reply::Raw { status, .. } => write!(f, "Raw({status})"),
            Reply::Echo => f.write_str("Echo"),
            Reply::Stall => f.write_str("Stall"),
            Reply::ResetMidBody => f.write_str("ResetMidBody"),
            Reply::Endless => f.write_str("Endless"),
            Reply::InvalidUtf8 => f.write_str("InvalidUtf8"),
            Reply::Redirect(s, l) => write!(f, "Redirect({s}, {l})"),
            Reply::DigestChallenge(d) => write!(f, "DigestChallenge({})", d.algorithm),
            Reply::Sequence(v) => f.debug_tuple("Sequence").field(v).finish(),
            Reply::Fn(_) => f.write_str("Fn"),
            Reply::Delay(d, r) => write!(f, "Delay({d:?}, {r:?})"),
            Reply::Wire(b) => write!(f, "Wire({} bytes)", b.len()),
        }
    }
}

/// Route table: method + path (query ignored). Unmatched requests get [`Reply::Echo`].
#[derive(Clone, Debug, Default)]
pub struct Routes {
    routes: Vec<(String, String, Reply)>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    /// `method` is compared exactly (HTTP methods are case-sensitive); `"*"` matches any.
    /// The first matching route wins.
    pub fn route(mut self, method: &str, path: &str, reply: Reply) -> Routes {
        self.routes
            .push((method.to_string(), path.to_string(), reply));
        self
    }

    pub fn get(self, path: &str, reply: Reply) -> Routes {
        self.route("GET", path, reply)
    }

    pub fn post(self, path: &str, reply: Reply) -> Routes {
        self.route("POST", path, reply)
    }

    pub fn any(self, path: &str, reply: Reply) -> Routes {
        self.route("*", path, reply)
    }

    pub(crate) fn len(&self) -> usize {
        self.routes.len()
    }

    /// Index and reply of the first route matching.
    pub(crate) fn find(&self, method: &str, path: &str) -> Option<(usize, &Reply)> {
        self.routes
            .iter()
            .enumerate()
            .find(|(_, (m, p, _))| (m == "*" || m == method) && p == path)
            .map(|(i, (_, _, r))| (i, r))
    }
}

/// What the connection does next, once a reply has been resolved.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Action {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Stall,
    ResetMidBody,
    Endless,
    Wire(Vec<u8>),
}

/// Nesting bound for `Sequence`, `Fn` and `Delay` inside one another.
const MAX_DEPTH: usize = 16;

/// Resolves `reply` for the `hit`th request (0-based) to its route. Returns the total delay
/// to wait before acting.
pub(crate) fn resolve(reply: &Reply, hit: usize, rec: &Recorded) -> (Duration, Action) {
    let mut delay = Duration::ZERO;
    let mut current = reply.clone();
    for _ in 0..MAX_DEPTH {
        current = match current {
            Reply::Sequence(replies) => match replies.get(hit).or(replies.last()) {
                Some(r) => r.clone(),
                None => return (delay, internal_error("empty Sequence")),
            },
            Reply::Fn(f) => f(rec),
            Reply::Delay(d, inner) => {
                delay += d;
                *inner
            }
            other => return (delay, act(other, rec)),
        };
    }
    (delay, internal_error("replies nested too deeply"))
}

fn internal_error(why: &str) -> Action {
    Action::Respond {
        status: 500,
        headers: vec![("Content-Type".into(), "text/plain".into())],
        body: format!("test server: {why}").into_bytes(),
    }
}

fn json_action(status: u16, value: &Value, content_type: &str) -> Action {
    Action::Respond {
        status,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: value.to_string().into_bytes(),
    }
}

fn act(reply: Reply, rec: &Recorded) -> Action {
    match reply {
        Reply::Json(status, value) => json_action(status, &value, "application/json"),
        Reply::Raw {
            status,
            headers,
            body,
        } => Action::Respond {
            status,
            headers,
            body,
        },
        Reply::Echo => json_action(200, &echo(rec), "application/json"),
        Reply::Stall => Action::Stall,
        Reply::ResetMidBody => Action::ResetMidBody,
        Reply::Endless => Action::Endless,
        Reply::InvalidUtf8 => Action::Respond {
            status: 200,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: INVALID_UTF8_BODY.to_vec(),
        },
        Reply::Redirect(status, location) => Action::Respond {
            status,
            headers: vec![("Location".into(), location)],
            body: Vec::new(),
        },
        Reply::DigestChallenge(digest) => match digest.verify(rec) {
            Ok(()) => json_action(
                200,
                &json!({"authenticated": true, "user": digest.user}),
                "application/json",
            ),
            Err(why) => Action::Respond {
                status: 401,
                headers: vec![
                    ("WWW-Authenticate".into(), digest.challenge()),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                body: format!("digest rejected: {why}").into_bytes(),
            },
        },
        Reply::Wire(bytes) => Action::Wire(bytes),
        Reply::Sequence(_) | Reply::Fn(_) | Reply::Delay(..) => internal_error("unresolved reply"),
    }
}

/// JSON-looking body with a lone continuation byte, an invalid sequence and a bare 0xFF.
pub const INVALID_UTF8_BODY: &[u8] = b"{\"name\":\"caf\xc3\x28\",\"bad\":\"\x80\xff\"}";

/// The echo document for a recorded request.
pub fn echo(rec: &Recorded) -> Value {
    json!({
        "method": rec.method,
        "path": rec.path(),
        "query": rec.query(),
        "headers": rec.headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        "body": String::from_utf8_lossy(&rec.body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_repeats_last_and_fn_sees_request() {
        let rec = Recorded::for_test("GET", "/x?y=1");
        let seq = Reply::Sequence(vec![Reply::status(500), Reply::status(201)]);
        let statuses: Vec<u16> = (0..4)
            .map(|hit| match resolve(&seq, hit, &rec).1 {
                Action::Respond { status, .. } => status,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(statuses, vec![500, 201, 201, 201]);
        let f = Reply::func(|r| Reply::text(202, r.query().unwrap_or_default()));
        let delayed = Reply::Delay(Duration::from_millis(5), Box::new(f));
        let (delay, action) = resolve(&delayed, 0, &rec);
        assert_eq!(delay, Duration::from_millis(5));
        assert!(matches!(action, Action::Respond { status: 202, body, .. } if body == b"y=1"));
        let looping = Reply::func(|_| Reply::func(|_| Reply::Echo));
        assert!(matches!(
            resolve(&looping, 0, &rec).1,
            Action::Respond { status: 200, .. }
        ));
        fn forever(_: &Recorded) -> Reply {
            Reply::Fn(Arc::new(forever))
        }
        assert!(matches!(
            resolve(&Reply::Fn(Arc::new(forever)), 0, &rec).1,
            Action::Respond { status: 500, .. }
        ));
    }
}
