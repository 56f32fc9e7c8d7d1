//! The contract between running and reporting: what happened to each request execution, as
//! data. The runner fills it; reporters and the exit code read it. No behaviour here beyond
//! classification.

use crate::request::{HttpRequest, HttpResponse};

/// One named check inside a request's trial (a pm.test, a schema check, a transport check …).
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub name: String,
    pub status: CheckStatus,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CheckStatus {
    Passed,
    /// The API answered, wrongly: the failure says how.
    Failed(Failure),
    Skipped,
}

/// Why a check failed, as data: reporters decide how to show it.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// A script's own assertion (`pm.test`, `tests[…]`) failed with this message.
    Assertion(String),
    /// The response broke the documented contract. The verdict itself (schema file, errors,
    /// diff) is the execution's `schema`, stored once; `summary` is its one-paragraph text.
    Contract { summary: String },
    /// The response differs from its request's saved examples (`--examples`).
    Examples(String),
    /// The server answered 5xx, which neither the API's docs nor a test of the collection
    /// expected (`check::status`).
    ServerError { status: u16, reason: String },
    /// A textual content type, but the body is not UTF-8.
    InvalidUtf8 { content_type: String, offset: usize },
    /// `conform compare`: the candidate's response differs from the reference's (the text lists
    /// each difference, then a diff of the two bodies with volatile values masked).
    Differs(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Assertion(message) => f.write_str(message),
            Failure::Contract { summary } => f.write_str(summary),
            Failure::Examples(why) | Failure::Differs(why) => f.write_str(why),
            Failure::ServerError { status, reason } => {
                write!(f, "server answered {status} {reason}")
            }
            Failure::InvalidUtf8 {
                content_type,
                offset,
            } => write!(
                f,
                "content-type '{content_type}' but the body is not valid UTF-8 (invalid byte at offset {offset})"
            ),
        }
    }
}

/// Why an execution could not complete (exit 3), as data plus the one line people read.
#[derive(Clone, Debug, PartialEq)]
pub struct Broken {
    pub kind: BrokenKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokenKind {
    /// The request could not be built (unresolved variable, unreadable body file, bad auth).
    Build,
    /// Sent, but no usable response came back.
    Transport(TransportKind),
    /// The scripts could not let the run go on (a `setNextRequest` loop that never ends).
    Script,
    /// Ctrl-C or a signal stopped it while in flight.
    Interrupted,
}

/// What kind of transport failure, from reqwest's error kinds and the error chain's types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportKind {
    Connect,
    Tls,
    Timeout,
    Redirect,
    /// The body was larger than `--max-response-size`.
    TooLarge,
    /// The response or its body could not be read or decoded.
    Body,
    /// The request itself is not sendable (bad method, URL or header).
    Request,
}

impl Broken {
    pub fn new(kind: BrokenKind, message: impl Into<String>) -> Broken {
        Broken {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// How one execution of one request ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Passed,
    /// At least one check failed (exit 1).
    Failed,
    /// The request could not complete: not built or not answered (exit 3).
    Broken(Broken),
    /// Not run: `--bail`, `--timeout`, or a `setNextRequest` jump.
    NotRun(NotRun),
}

/// Why an execution did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotRun {
    /// `--bail` stopped the run after a failure (that failure sets the exit code).
    Bail,
    /// The run's `--timeout` expired first: the run is incomplete (exit 3).
    Deadline,
    /// `postman.setNextRequest` jumped over it or stopped the iteration.
    Skipped,
    /// Ctrl-C: the run stopped and wrote what it had (exit 3).
    Interrupted,
    /// The collection's session stopped on an internal error before reaching it (exit 3).
    SessionFailed,
}

impl std::fmt::Display for NotRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotRun::Bail => "not run: --bail stopped the run after a failure",
            NotRun::Deadline => "not run: the run's --timeout expired",
            NotRun::Skipped => "not run: skipped by postman.setNextRequest",
            NotRun::Interrupted => "not run: the run was interrupted (Ctrl-C or a signal)",
            NotRun::SessionFailed => {
                "not run: the collection's session stopped on an internal error"
            }
        })
    }
}

/// One execution of one request, with everything reports need.
#[derive(Clone, Debug)]
pub struct Execution {
    /// The trial name: `collection::folder::request` (with the iteration when there are several).
    pub name: String,
    pub suite: String,
    /// Folders then the request name.
    pub path: Vec<String>,
    /// 0-based.
    pub iteration: usize,
    pub request: Option<HttpRequest>,
    /// The response with its secrets masked (so its body length is not the received one:
    /// see `received_bytes`).
    pub response: Option<HttpResponse>,
    /// Bytes of body received, before masking: the one byte count every report shows.
    pub response_size: Option<usize>,
    pub checks: Vec<Check>,
    pub console: Vec<String>,
    /// The contract check, when responses are checked against schemas.
    pub schema: Option<SchemaResult>,
    pub outcome: Outcome,
}

/// The contract verdict of one response, for reports (the same verdict is also a check).
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaResult {
    /// The schema file that applied (`None` when no documented operation matched).
    pub file: Option<String>,
    pub passed: bool,
    /// `pointer: message` lines, or the one-line reason (undocumented status, content type …).
    pub errors: Vec<String>,
    /// A unified diff, documented example against the body, plain text.
    pub diff: Option<String>,
    /// No documented operation matched: nothing was asserted.
    pub unchecked: bool,
}

impl Execution {
    /// An execution with nothing sent or received yet.
    pub fn new(
        name: String,
        suite: String,
        path: Vec<String>,
        iteration: usize,
        outcome: Outcome,
    ) -> Execution {
        Execution {
            name,
            suite,
            path,
            iteration,
            request: None,
            response: None,
            response_size: None,
            checks: Vec::new(),
            console: Vec::new(),
            schema: None,
            outcome,
        }
    }

    pub fn failed_checks(&self) -> impl Iterator<Item = (&str, &Failure)> {
        self.checks.iter().filter_map(|c| match &c.status {
            CheckStatus::Failed(failure) => Some((c.name.as_str(), failure)),
            _ => None,
        })
    }

    /// Body bytes as received (before masking), when there was a response.
    pub fn received_bytes(&self) -> Option<usize> {
        self.response_size
            .or_else(|| self.response.as_ref().map(|r| r.body.len()))
    }

    /// Sets the outcome from the checks, unless something already broke or skipped it.
    pub fn settle(&mut self) {
        if matches!(self.outcome, Outcome::Passed) && self.failed_checks().next().is_some() {
            self.outcome = Outcome::Failed;
        }
    }
}

/// A finished (or interrupted) run, as every file reporter sees it. Already redacted.
#[derive(Clone, Debug)]
pub struct RunReport {
    pub info: RunInfo,
    /// In trial order: suite by suite, iteration by iteration, request by request.
    pub executions: Vec<Execution>,
}

#[derive(Clone, Debug)]
pub struct RunInfo {
    pub tool_version: String,
    /// RFC 3339, UTC.
    pub started: String,
    pub duration_ms: f64,
    pub base_url: Option<String>,
    pub environment: Option<String>,
    /// The collections run, in order, with the iterations each ran.
    pub suites: Vec<SuiteInfo>,
    /// Why the run ended early, if it did (`--bail`, `--timeout`, interrupted).
    pub ended_early: Option<String>,
    /// Schema coverage, when contracts were checked.
    pub coverage: Option<CoverageInfo>,
}

#[derive(Clone, Debug)]
pub struct SuiteInfo {
    pub name: String,
    pub source: String,
    pub iterations: usize,
}

/// One API whose contracts applied during the run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContractInfo {
    pub name: String,
    /// `built in`, the schemas folder, or the OpenAPI file.
    pub origin: String,
    /// Responses whose request matched one of its documented operations.
    pub responses: usize,
}

#[derive(Clone, Debug, Default)]
pub struct CoverageInfo {
    /// The APIs whose contracts applied, in load order.
    pub contracts: Vec<ContractInfo>,
    /// Responses received in the run (the denominator of what the contracts cover).
    pub responses: usize,
    /// `METHOD /path STATUS`.
    pub exercised: Vec<String>,
    pub never_reached: Vec<String>,
    pub unchecked: usize,
}
