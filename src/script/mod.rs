//! Runs a collection's Postman scripts (pre-request and test events) in an embedded QuickJS
//! engine and exposes the `pm.*` sandbox, chai-style `pm.expect` and Postman's legacy globals.
//!
//! Owns: the JS runtime of one collection run, the compiled-script cache, the sandbox prelude
//! (`sandbox.js`, `chai.js`), timeouts and memory limits of scripts.
//! Must not: send HTTP itself (it goes through `ScriptContext::send`), validate JSON Schemas
//! itself (through `ScriptContext::validate_schema`), print, or decide whether a request passes.

mod alloc;
mod cookies;
mod engine;
mod libs;
mod native;
mod native_crypto;
mod native_html;
mod native_markup;
mod native_time;
mod outcome;
mod schemas;

#[cfg(test)]
mod tests;

/// File name given to user scripts, so their frames can be told from the sandbox's (the
/// engine names them; reading a thrown error's stack looks for it).
const USER_FILE: &str = "user-script";
/// Lines the engine's wrapper adds before the user's first line.
const WRAPPER_LINES: u32 = 1;

use std::sync::Arc;
use std::time::Duration;

use crate::request::{HttpRequest, HttpResponse};
use crate::vars::VarStore;

pub use engine::ScriptEngine;

/// Limits of one collection run's script engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScriptOptions {
    /// Wall-clock budget of one script, its timers and callbacks (time spent in
    /// `pm.sendRequest` round trips is not counted).
    pub timeout: Duration,
    /// Heap limit of the whole runtime, in bytes: `--script-memory`, or, when that was not
    /// given, the base the limit grows from with each event's bodies (`follows_bodies`).
    pub memory_limit: usize,
    /// The run's own deadline (`--timeout`): a script still running then is stopped.
    pub run_deadline: Option<std::time::Instant>,
    /// No `--script-memory`: each event's limit is `memory_limit` plus `BODY_HEAP_FACTOR`
    /// times the bodies it hands to the script, so a script on a 100 MiB response runs (the
    /// body alone is a 100 MiB string on the heap) while one on small responses keeps a small
    /// limit that stops a runaway script early.
    pub memory_follows_bodies: bool,
}

/// Heap allowed per byte of request and response body when the limit follows the bodies: the
/// body as a string (1 or 2 bytes per character) and room for `pm.response.json()`'s objects.
pub const BODY_HEAP_FACTOR: usize = 8;

impl ScriptOptions {
    /// The heap limit for an event whose request and response bodies are `bodies` bytes.
    pub fn heap_limit(&self, bodies: usize) -> usize {
        if self.memory_follows_bodies {
            self.memory_limit
                .saturating_add(bodies.saturating_mul(BODY_HEAP_FACTOR))
        } else {
            self.memory_limit
        }
    }
}

impl Default for ScriptOptions {
    fn default() -> Self {
        ScriptOptions {
            timeout: Duration::from_millis(5000),
            memory_limit: 64 * 1024 * 1024,
            run_deadline: None,
            memory_follows_bodies: true,
        }
    }
}

/// Set once when the run is interrupted (Ctrl-C, SIGTERM, SIGHUP): every script still running
/// stops at its engine's next interrupt check instead of running out its own timeout. Signals
/// are the process's, so the flag is too.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The run was interrupted: running scripts stop.
pub fn interrupt_all() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// The engine could not be created: a setup failure, not a script failure.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error("failed to start the script engine: {0}")]
    Runtime(String),
    #[error("failed to load the script sandbox: {0}")]
    Sandbox(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    PreRequest,
    Test,
}

impl EventKind {
    /// The name Postman gives the event in `pm.info.eventName`.
    pub fn postman_name(self) -> &'static str {
        match self {
            EventKind::PreRequest => "prerequest",
            EventKind::Test => "test",
        }
    }
}

/// One script to run; the same `code` reuses the same compiled function within a run.
#[derive(Clone, Debug)]
pub struct ScriptSource {
    pub code: Arc<str>,
    /// e.g. "test script of 'User Token'"; starts every error message of this script.
    pub label: String,
}

/// What `pm.info` reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptInfo {
    /// 0-based.
    pub iteration: u32,
    pub iteration_count: u32,
    pub request_name: String,
    pub request_id: String,
}

/// `pm.sendRequest` goes through the run's HTTP client.
pub type SendFn<'a> = dyn FnMut(HttpRequest) -> Result<HttpResponse, String> + 'a;
/// `(schema, data)` → the violations as "pointer: message".
pub type SchemaFn<'a> =
    dyn Fn(&serde_json::Value, &serde_json::Value) -> Result<(), Vec<String>> + 'a;

/// Everything a script may read or change for one request.
pub struct ScriptContext<'a> {
    /// `pm.variables.set` writes `Scope::Local`.
    pub vars: &'a mut VarStore,
    /// Changes made by a pre-request script are what gets sent.
    pub request: &'a mut HttpRequest,
    /// `Some` in test scripts.
    pub response: Option<&'a HttpResponse>,
    pub info: ScriptInfo,
    pub send: &'a mut SendFn<'a>,
    pub validate_schema: &'a SchemaFn<'a>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestStatus {
    Passed,
    /// The assertion message (chai's words), or `Name: message` for other errors.
    Failed(String),
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    pub name: String,
    pub status: TestStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleLevel {
    Log,
    Info,
    Warn,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub level: ConsoleLevel,
    pub text: String,
}

/// `postman.setNextRequest(..)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextRequest {
    Name(String),
    /// `setNextRequest(null)`: stop the run after this request.
    Stop,
}

/// The result of one event (all its scripts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventOutcome {
    pub tests: Vec<TestResult>,
    pub console: Vec<ConsoleLine>,
    /// e.g. "test script of 'User Token', line 4: TypeError: cannot read property 'x' of undefined".
    pub errors: Vec<String>,
    pub next_request: Option<NextRequest>,
    /// Statuses a passing assertion said the response has (`to.have.status(503)`,
    /// `pm.expect(pm.response.code).to.equal(503)`): the collection expects them.
    pub asserted_statuses: Vec<u16>,
}

/// The failed check a pre-request script error becomes (the request is still sent).
pub const PREREQUEST_ERROR_CHECK: &str = "pre-request script error";
/// The failed check a test script error becomes (the tests it recorded before it threw stay).
pub const TEST_SCRIPT_ERROR_CHECK: &str = "test script error";

impl EventOutcome {
    /// Newman does not stop at a script that throws: a pre-request error still sends the request
    /// and runs the test script; either error is a failure of that execution (exit 1, not "could
    /// not complete"), shown with its line. Each error becomes a failed check named `name`
    /// ([`PREREQUEST_ERROR_CHECK`] or [`TEST_SCRIPT_ERROR_CHECK`]).
    pub fn errors_as_failed_checks(mut self, name: &str) -> EventOutcome {
        for error in std::mem::take(&mut self.errors) {
            self.tests.push(TestResult {
                name: name.to_string(),
                status: TestStatus::Failed(error),
            });
        }
        self
    }
}
