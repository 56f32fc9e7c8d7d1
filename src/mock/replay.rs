//! `conform mock --replay DIR`: answers with the responses a `compare --record` run kept,
//! matched by method, path and the request body's shape. Requests with one key are answered
//! in recorded order (a stateful API's create-then-read plays back as it happened); past the
//! last, the last answer repeats. Anything else gets a 404 saying what was not recorded.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::input::{Limits, read_body};
use super::recording::{self, Recording};

type Key = (String, String, String);

struct Replay {
    answers: HashMap<Key, Vec<recording::Response>>,
    /// How many requests of each key were answered so far.
    served: Mutex<HashMap<Key, usize>>,
}

pub(crate) fn router(recording: Recording) -> Router {
    let mut answers: HashMap<Key, Vec<recording::Response>> = HashMap::new();
    for x in recording.exchanges {
        if let Some(r) = x.response {
            let key = (x.method.to_ascii_uppercase(), x.path, x.body_shape);
            answers.entry(key).or_default().push(r);
        }
    }
    let replay = Arc::new(Replay {
        answers,
        served: Mutex::new(HashMap::new()),
    });
    Router::new().fallback(answer).with_state(replay)
}

async fn answer(State(replay): State<Arc<Replay>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let content_type = parts
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let Ok(bytes) = read_body(&parts.headers, body, Limits::default()).await else {
        return error(
            StatusCode::BAD_REQUEST,
            "request body could not be read".into(),
        );
    };
    let shape = recording::body_shape(content_type.as_deref(), &bytes);
    let key = (
        parts.method.as_str().to_ascii_uppercase(),
        parts.uri.path().to_string(),
        shape,
    );
    let Some(list) = replay.answers.get(&key) else {
        let known_path = replay
            .answers
            .keys()
            .any(|(m, p, _)| *m == key.0 && *p == key.1);
        let why = if known_path {
            "with this request body shape"
        } else {
            "for this method and path"
        };
        return error(
            StatusCode::NOT_FOUND,
            format!("no recorded response {why}: {} {}", key.0, key.1),
        );
    };
    let n = {
        let mut served = replay.served.lock().unwrap_or_else(PoisonError::into_inner);
        let count = served.entry(key.clone()).or_default();
        *count += 1;
        *count - 1
    };
    let recorded = &list[n.min(list.len() - 1)];
    let mut response = Response::new(Body::from(recorded.body.clone()));
    *response.status_mut() = StatusCode::from_u16(recorded.status).unwrap_or(StatusCode::OK);
    for (k, v) in &recorded.headers {
        // The body is sent whole: its length and framing are hyper's business.
        let hop = [
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
        ];
        if hop.iter().any(|h| k.eq_ignore_ascii_case(h)) {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

fn error(status: StatusCode, message: String) -> Response {
    let body = json!({"error": "not recorded", "message": message}).to_string();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}
