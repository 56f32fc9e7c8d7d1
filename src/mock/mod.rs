//! A reference HTTP server for the APIs conform ships suites for: the Sahamati token service
//! (IAM, `/iam/v1/...`, stateful in memory), seed 002's login (`POST /user/login`) and seed
//! 003's access token (`GET /v1/users/{userId}/generateaccesstoken`). It behaves as their docs
//! say, or drifts from them on purpose (`Drift`) so the harness can be shown to notice.
//!
//! Owns its own server, state and clock. Must not import runner modules (plan, exec, script,
//! check, report...): it is a test double that the runner talks to over HTTP only.
//!
//! Every routed reply is JSON (unless drifted): malformed bodies, wrong content types and missing
//! headers get the API's 400/401 error body, bodies over 1 MiB a 413, bodies not received within
//! 10 s a 408, unknown routes a 404, wrong methods a 405 with `Allow`. Only what hyper rejects
//! before routing (an unparsable request line, an oversized header section) gets hyper's own
//! bodiless 400/431; a request head not complete within 10 s is dropped. Nothing a client sends
//! can panic the server or hold up its shutdown beyond a 2 s grace.
//!
//! The undocumented HTTP status of seed 002's login failures is 401 (see `login`); the other
//! choices where the docs are silent are listed in `iam`, `login` and `access`.

mod access;
mod app;
mod clock;
mod config;
mod drift;
mod iam;
mod ids;
mod input;
mod login;
pub mod recording;
mod replay;
mod reply;
mod server;
mod state;

#[cfg(test)]
mod tests;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{
    AccessTokenUser, ConfigProblem, IamEntity, IamUser, LoginUser, MockConfig, MockError,
};
pub use drift::{DEFAULT_SLOW, Drift, DriftParseError};
pub use server::{
    MockHandle, serve_until, serve_with_clock, start, start_replay, start_with_clock,
};
