//! The shared state every handler sees, the request → reply plumbing they all use (body capped,
//! drift applied), and the router-level answers: unknown route, wrong method, slow drift.
//! Owns no API behaviour; the per-API files decide replies.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::watch;

use super::clock::Clock;
use super::config::MockConfig;
use super::drift::{Api, Drift};
use super::input::{BodyError, Limits, read_body};
use super::reply::{Ctx, Reply};
use super::state::IamState;

pub(crate) struct App {
    pub config: MockConfig,
    pub iam: Mutex<IamState>,
    pub clock: Arc<dyn Clock>,
    pub drift: Option<Drift>,
    pub limits: Limits,
    /// Turns true when the server shuts down; cuts the slow drift's wait short.
    pub stop: watch::Receiver<bool>,
}

pub(crate) type Shared = Arc<App>;

impl App {
    pub(crate) fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The IAM state; a handler that panicked mid-update cannot leave it half-written in a way
    /// that matters to a test double, so a poisoned lock is simply taken over.
    pub(crate) fn iam(&self) -> MutexGuard<'_, IamState> {
        self.iam.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the capped body, lets `handle` decide, and renders with the configured drift.
    pub(crate) async fn answer(
        &self,
        api: Api,
        request: Request,
        handle: impl FnOnce(&App, &Parts, &[u8], &mut Ctx) -> Reply,
    ) -> Response {
        let mut ctx = Ctx::new(self.now());
        let (parts, body) = request.into_parts();
        let reply = match read_body(&parts.headers, body, self.limits).await {
            Ok(bytes) => handle(self, &parts, &bytes, &mut ctx),
            Err(error) => self.body_error(api, error, &ctx),
        };
        reply.render(self.drift)
    }

    fn body_error(&self, api: Api, error: BodyError, ctx: &Ctx) -> Reply {
        match error {
            BodyError::TooLarge => Reply::error(
                api,
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("request body exceeds {} bytes", self.limits.body_bytes),
                ctx,
            ),
            BodyError::Unreadable => Reply::error(
                api,
                StatusCode::BAD_REQUEST,
                "request body could not be read",
                ctx,
            ),
            BodyError::TimedOut => Reply::error(
                api,
                StatusCode::REQUEST_TIMEOUT,
                "request body was not received in time",
                ctx,
            ),
        }
    }
}

/// Which API's error shape a path gets when no route matched it.
fn api_for_path(path: &str) -> Api {
    if path.starts_with("/user/") {
        Api::Login
    } else if path.starts_with("/v1/") {
        Api::Access
    } else {
        Api::Iam
    }
}

/// The methods a known path accepts, for the `Allow` header of a 405.
fn allowed_methods(path: &str) -> &'static str {
    if path.starts_with("/v1/users/") {
        "GET, HEAD"
    } else {
        "POST"
    }
}

pub(crate) async fn not_found(State(app): State<Shared>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let api = api_for_path(&path);
    let method = request.method().clone();
    app.answer(api, request, |_, _, _, ctx| {
        Reply::error(
            api,
            StatusCode::NOT_FOUND,
            &format!("no route for {method} {path}"),
            ctx,
        )
    })
    .await
}

pub(crate) async fn method_not_allowed(State(app): State<Shared>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let api = api_for_path(&path);
    let method = request.method().clone();
    app.answer(api, request, |_, _, _, ctx| {
        let mut reply = Reply::error(
            api,
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("method {method} not allowed for {path}"),
            ctx,
        );
        reply.allow = Some(allowed_methods(&path));
        reply
    })
    .await
}

/// Completes once the server is stopping (or gone).
pub(crate) async fn stopped(mut stop: watch::Receiver<bool>) {
    // Err means the sender is dropped: the server is gone, which also means stop.
    let _ = stop.wait_for(|stopping| *stopping).await;
}

/// The `slow` drift: wait before any handler runs, unless the server is stopping.
pub(crate) async fn slow_drift(
    State(app): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(Drift::Slow(delay)) = app.drift {
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = stopped(app.stop.clone()) => {}
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_their_api() {
        assert_eq!(api_for_path("/iam/v1/nope"), Api::Iam);
        assert_eq!(api_for_path("/user/logout"), Api::Login);
        assert_eq!(api_for_path("/v1/users/x"), Api::Access);
        assert_eq!(api_for_path("/"), Api::Iam);
        assert_eq!(
            allowed_methods("/v1/users/1/generateaccesstoken"),
            "GET, HEAD"
        );
        assert_eq!(allowed_methods("/iam/v1/user/token/generate"), "POST");
    }
}
