//! Seed 003's access-token API: `GET /v1/users/{userId}/generateaccesstoken?accountId=…` with
//! `Authorization: Bearer` and `x-tag`, answering `{status: "success", data: {…}}`. Owns that
//! route only.
//!
//! The doc shows no error; the mock answers in JSend's `fail` shape (the convention the
//! success body follows): unknown bearer token or wrong `x-tag` → 401, token of another user or
//! an account the user does not own → 403, no `accountId` → 400. The request's Content-Type
//! header is not checked: the request has no body.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use serde_json::json;

use super::app::{App, Shared};
use super::clock::rfc3339_millis;
use super::drift::Api;
use super::ids;
use super::input;
use super::reply::{Ctx, Reply};

pub(crate) const ACCESS_TOKEN: &str = "/v1/users/{user_id}/generateaccesstoken";

/// The alphabet of the example's `resetToken` ("Hkg9w2u_TS"), a shortid-style id.
const SHORT_ID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

pub(crate) async fn generate(
    State(app): State<Shared>,
    user_id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    let user_id = user_id.ok().map(|Path(id)| id);
    app.answer(Api::Access, request, |app, parts, _, ctx| {
        generate_reply(app, parts, user_id.as_deref(), ctx)
    })
    .await
}

fn fail(status: StatusCode, message: &str, ctx: &Ctx) -> Reply {
    Reply::error(Api::Access, status, message, ctx)
}

fn generate_reply(app: &App, parts: &Parts, user_id: Option<&str>, ctx: &Ctx) -> Reply {
    let caller = input::bearer(&parts.headers).and_then(|token| {
        app.config
            .access_token_users
            .iter()
            .find(|u| u.bearer_token == token)
    });
    let Some(caller) = caller else {
        return fail(
            StatusCode::UNAUTHORIZED,
            "missing or invalid bearer token",
            ctx,
        );
    };
    let x_tag = parts.headers.get("x-tag").and_then(|v| v.to_str().ok());
    if x_tag.map(str::trim) != Some(caller.x_tag.as_str()) {
        return fail(StatusCode::UNAUTHORIZED, "missing or invalid x-tag", ctx);
    }
    if user_id != Some(caller.user_id.as_str()) {
        return fail(
            StatusCode::FORBIDDEN,
            "token does not belong to this user",
            ctx,
        );
    }
    let query = parts.uri.query().unwrap_or("");
    let Some(account_id) = input::form_value(query.as_bytes(), "accountId") else {
        return fail(StatusCode::BAD_REQUEST, "accountId is required", ctx);
    };
    if !caller.account_ids.contains(&account_id) {
        return fail(
            StatusCode::FORBIDDEN,
            "account does not belong to this user",
            ctx,
        );
    }
    Reply::token(
        Api::Access,
        json!({
            "status": "success",
            "data": {
                "tags": [],
                "_id": ids::hex_of(&ids::random_bytes::<12>()),
                "type": "bearer",
                "user": caller.user_id,
                "token": ids::base64_std(&ids::random_bytes::<32>()),
                "resetToken": ids::random_text(10, SHORT_ID),
                "createdAt": rfc3339_millis(ctx.now_ms),
                "__v": 0,
            },
        }),
    )
}
