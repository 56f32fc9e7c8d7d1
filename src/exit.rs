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
    /// At least one request could not complete (connection, DNS, TLS, timeout, script crash).
    /// Wins over `ChecksFailed`, so CI can tell "the API is down" from "the API is wrong".
    Incomplete = 3,
}

pub const TABLE: &str = "Exit status:
  0  every trial passed
  1  at least one check failed (the API answered, wrongly)
  2  usage or input error (bad flag, missing or malformed file); nothing was sent
  3  at least one request could not complete (connection, DNS, TLS, timeout, script crash,
     run --timeout or Ctrl-C); wins over 1";

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The status of a finished run, from its executions alone.
    pub fn of_run<'a>(executions: impl IntoIterator<Item = &'a Execution>) -> Exit {
        let mut exit = Exit::Success;
        for e in executions {
            match e.outcome {
                Outcome::Broken(_) | Outcome::NotRun(NotRun::Deadline | NotRun::Interrupted) => {
                    return Exit::Incomplete;
                }
                Outcome::Failed => exit = Exit::ChecksFailed,
                Outcome::Passed | Outcome::NotRun(_) => {}
            }
        }
        exit
    }
}
