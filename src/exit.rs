//! The one exit-code table of conform. Every way the program ends maps here, exhaustively.

use crate::outcome::{Execution, NotRun, Outcome};

/// Exit status, as documented in the README and `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every trial passed (or the run only listed them).
    Success = 0,
    /// At least one check failed: the API answered, wrongly.
    ChecksFailed = 1,
    /// Usage or input error: bad flag, missing or malformed file. Nothing was sent.
    Usage = 2,
    /// At least one request could not complete (connection, DNS, TLS, timeout). A script that
    /// throws is a failed check (1), as in Newman.
    /// Wins over `ChecksFailed`, so CI can tell "the API is down" from "the API is wrong".
    Incomplete = 3,
    /// Every trial passed, but a report or export file could not be written after the run.
    OutputFailed = 4,
}

pub const TABLE: &str = "Exit status:
  0  every trial passed
  1  at least one check failed (the API answered, wrongly)
  2  usage or input error (bad flag, missing or malformed file); nothing was sent
  3  at least one request could not complete (connection, DNS, TLS, timeout, run --timeout,
     Ctrl-C, SIGTERM/SIGHUP); wins over 1 (a script that throws is a failed check: 1)
  4  every trial passed, but a report or export file could not be written (1 and 3 win)
  -x (--suppress-exit-code) turns 1, 3 and 4 into 0; 2 stays";

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// A run's own status once its outputs are written: a failed write only shows when the run
    /// itself passed, since 1 and 3 say more (the error is printed either way).
    pub fn after_outputs(self, written: bool) -> Exit {
        match (self, written) {
            (Exit::Success, false) => Exit::OutputFailed,
            (exit, _) => exit,
        }
    }

    /// The status of a finished run, from its executions alone.
    pub fn of_run<'a>(executions: impl IntoIterator<Item = &'a Execution>) -> Exit {
        let mut exit = Exit::Success;
        for e in executions {
            match e.outcome {
                Outcome::Broken(_)
                | Outcome::NotRun(NotRun::Deadline | NotRun::Interrupted | NotRun::SessionFailed) =>
                {
                    return Exit::Incomplete;
                }
                Outcome::Failed => exit = Exit::ChecksFailed,
                Outcome::Passed | Outcome::NotRun(_) => {}
            }
        }
        exit
    }
}
