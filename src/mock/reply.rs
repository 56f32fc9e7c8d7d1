//! What a handler returns before it goes on the wire: status, JSON body, and whether it is a token
//! reply, plus the one place where drift rewrites it. Also the error body of each API. Owns the
//! response bytes and headers; must not look at requests or state.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::clock::rfc3339_millis;
use super::drift::{self, Api, Drift};
use super::ids;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A successful token-issuing reply: the target of the body-level drifts.
    Token,
    Plain,
}

#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub api: Api,
    pub status: StatusCode,
    pub kind: Kind,
    pub body: Value,
    /// `Allow` header of a 405.
    pub allow: Option<&'static str>,
}

impl Reply {
    pub(crate) fn ok(api: Api, body: Value) -> Reply {
        Reply {
            api,
            status: StatusCode::OK,
            kind: Kind::Plain,
            body,
            allow: None,
        }
    }

    pub(crate) fn token(api: Api, body: Value) -> Reply {
        Reply {
            kind: Kind::Token,
            ..Reply::ok(api, body)
        }
    }

    /// An error in the shape the API documents (IAM) or uses for its own errors (login, access).
    pub(crate) fn error(api: Api, status: StatusCode, message: &str, ctx: &Ctx) -> Reply {
        let body = match api {
            Api::Iam => json!({
                "ver": "1.0.0",
                "timestamp": rfc3339_millis(ctx.now_ms),
                "txnId": ctx.txn_id(),
                "errorCode": status.canonical_reason().unwrap_or("Error"),
                "errorMsg": message,
            }),
            Api::Login => json!({"responseCode": status.as_u16(), "responseMessage": message}),
            // JSend, the convention of seed 003's `{status, data}` success body: a client
            // error is `fail` with the reason under `data`.
            Api::Access => json!({"status": "fail", "data": {"message": message}}),
        };
        Reply {
            api,
            status,
            kind: Kind::Plain,
            body,
            allow: None,
        }
    }

    pub(crate) fn render(self, drift: Option<Drift>) -> Response {
        let Reply {
            api,
            mut status,
            kind,
            mut body,
            allow,
        } = self;
        let mut content_type = "application/json";
        match (drift, kind) {
            (Some(Drift::MissingField), Kind::Token) => drift::drop_token(api, &mut body),
            (Some(Drift::WrongType), Kind::Token) => drift::stringify_number(api, &mut body),
            (Some(Drift::WrongContentType), Kind::Token) => content_type = "text/plain",
            (Some(Drift::WrongStatus), _) if status == StatusCode::UNAUTHORIZED => {
                status = StatusCode::OK
            }
            _ => {}
        }
        let bytes = if drift == Some(Drift::NotJson) {
            content_type = "text/html; charset=utf-8";
            drift::html_page(status.as_u16()).into_bytes()
        } else {
            // Serialising a Value cannot fail (its keys are strings); fall back to an empty object.
            serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec())
        };
        let mut response = (status, bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Some(allow) = allow {
            headers.insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        response
    }
}

/// Per-request facts every reply may need: the time and the caller's transaction id, if known.
#[derive(Clone, Debug)]
pub(crate) struct Ctx {
    pub now_ms: i64,
    pub txn_id: Option<String>,
}

impl Ctx {
    pub(crate) fn new(now_ms: i64) -> Ctx {
        Ctx {
            now_ms,
            txn_id: None,
        }
    }

    /// The caller's `txnId` echoed back, or a fresh one when the request carried none.
    pub(crate) fn txn_id(&self) -> String {
        self.txn_id.clone().unwrap_or_else(ids::uuid_v4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(response: Response) -> (u16, String) {
        let ct = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (response.status().as_u16(), ct)
    }

    #[test]
    fn iam_error_has_the_documented_keys() {
        let ctx = Ctx {
            now_ms: 0,
            txn_id: Some("t-1".into()),
        };
        let reply = Reply::error(Api::Iam, StatusCode::BAD_REQUEST, "x is missing", &ctx);
        assert_eq!(
            reply.body,
            json!({"ver": "1.0.0", "timestamp": "1970-01-01T00:00:00.000Z", "txnId": "t-1",
                   "errorCode": "Bad Request", "errorMsg": "x is missing"})
        );
    }

    #[test]
    fn wrong_status_only_touches_401() {
        let ctx = Ctx::new(0);
        let unauthorized = Reply::error(Api::Iam, StatusCode::UNAUTHORIZED, "no", &ctx);
        assert_eq!(parts(unauthorized.render(Some(Drift::WrongStatus))).0, 200);
        let bad = Reply::error(Api::Iam, StatusCode::BAD_REQUEST, "no", &ctx);
        assert_eq!(parts(bad.render(Some(Drift::WrongStatus))).0, 400);
    }

    #[test]
    fn content_type_drifts() {
        let token = Reply::token(Api::Iam, json!({"accessToken": "t"}));
        assert_eq!(parts(token.clone().render(None)).1, "application/json");
        assert_eq!(
            parts(token.clone().render(Some(Drift::WrongContentType))).1,
            "text/plain"
        );
        assert_eq!(
            parts(token.render(Some(Drift::NotJson))).1,
            "text/html; charset=utf-8"
        );
        let plain = Reply::ok(Api::Iam, json!({}));
        assert_eq!(
            parts(plain.render(Some(Drift::WrongContentType))).1,
            "application/json"
        );
    }
}
