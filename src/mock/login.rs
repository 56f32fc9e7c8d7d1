//! Seed 002's login API: `POST /user/login` with JSON `emailId`/`password`, answering the
//! `responseCode`/`responseMessage`/`responseData` envelope. Owns that route only.
//!
//! The HTTP status of the two documented failures is not documented. The mock answers both with
//! HTTP 401 and the documented body (`responseCode` 404 "Please provide valid user details",
//! 405 "Please provide valid password"). It does not mirror `responseCode` into the status line:
//! HTTP 404 would be indistinguishable from a wrong base URL or path, and HTTP 405 means "method
//! not allowed" (and obliges an `Allow` header), so a client would be told its request was
//! misrouted when its credentials were wrong. Nor does it send 200: a test that only checks the
//! status would then pass on a failed login. 401 is what the failure is; collections should
//! assert the documented `responseCode` in the body. Other choices: `responseData` carries
//! `token`, `emailId`, `apiKey` and `expiry` as a string of seconds ("3600": the doc states a one
//! hour validity and shows `expiry` as a string); malformed input → HTTP 400 with
//! `responseCode` 400; a Content-Type, when present, must be JSON.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use serde_json::json;

use super::app::{App, Shared};
use super::drift::Api;
use super::ids;
use super::input;
use super::reply::{Ctx, Kind, Reply};

pub(crate) const LOGIN: &str = "/user/login";
const TOKEN_TTL_SECS: i64 = 3600;

pub(crate) async fn login(State(app): State<Shared>, request: Request) -> Response {
    app.answer(Api::Login, request, login_reply).await
}

fn bad_request(message: &str, ctx: &Ctx) -> Reply {
    Reply::error(Api::Login, StatusCode::BAD_REQUEST, message, ctx)
}

/// A documented credential failure: its own `responseCode`, HTTP 401 (see the module doc).
fn rejected(response_code: u16, message: &str) -> Reply {
    Reply {
        api: Api::Login,
        status: StatusCode::UNAUTHORIZED,
        kind: Kind::Plain,
        body: json!({"responseCode": response_code, "responseMessage": message}),
        allow: None,
    }
}

fn login_reply(app: &App, parts: &Parts, body: &[u8], ctx: &mut Ctx) -> Reply {
    if let Some(media) = input::media_type(&parts.headers)
        && !input::is_json_media(&media)
    {
        return bad_request("Content-Type must be application/json", ctx);
    }
    let Ok(map) = input::json_object(body) else {
        return bad_request("Request body must be a JSON object", ctx);
    };
    let (Some(email), Some(password)) = (
        input::string_field(&map, "emailId"),
        input::string_field(&map, "password"),
    ) else {
        return bad_request("Please provide emailId and password", ctx);
    };
    let Some(user) = app.config.login_users.iter().find(|u| u.email_id == email) else {
        return rejected(404, "Please provide valid user details");
    };
    if user.password != password {
        return rejected(405, "Please provide valid password");
    }
    let token = ids::jwt_shaped(&json!({
        "exp": ctx.now_ms.div_euclid(1000).saturating_add(TOKEN_TTL_SECS),
        "iat": ctx.now_ms.div_euclid(1000),
        "sub": email,
        "iss": "conform-mock/login",
    }));
    Reply::token(
        Api::Login,
        json!({
            "responseCode": 200,
            "responseMessage": "Success",
            "responseData": {
                "token": token,
                "emailId": email,
                "apiKey": user.api_key,
                "expiry": TOKEN_TTL_SECS.to_string(),
            },
        }),
    )
}
