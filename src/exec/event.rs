//! What sessions send forward: each finished execution and the end of each session, over one
//! channel to the reporter hub (`report::hub`). Sessions never print; they wait for the hub only
//! when it is `BACKLOG` events behind (a slow console), so a run's memory stays bounded.

use crate::outcome::Execution;
use crate::vars::VarStore;

#[derive(Debug)]
pub enum RunEvent {
    /// One execution of a selected trial, already redacted. A `setNextRequest` loop may send
    /// several for one trial; the console shows the first, the reports all of them.
    Finished {
        trial: usize,
        execution: Box<Execution>,
    },
    /// A collection's session is over, with its variables as they stand at the end; `None` when
    /// it stopped on an internal error (a panic): its unfinished trials are reported as not run.
    SessionEnded {
        suite: usize,
        vars: Option<Box<VarStore>>,
    },
    /// Ctrl-C, SIGTERM or SIGHUP: sessions stop sending new requests; the hub says so once.
    Interrupted { signal: &'static str },
}

/// The sending end of the run's event channel: bounded for `run` (see [`BACKLOG`]); unbounded for
/// `compare`, whose console waits on each side in turn (and in `--sequential` on one side's
/// whole run before the other starts), so a bounded channel would stall it.
#[derive(Clone, Debug)]
pub enum Events {
    Bounded(std::sync::mpsc::SyncSender<RunEvent>),
    Unbounded(std::sync::mpsc::Sender<RunEvent>),
}

impl Events {
    /// Sends one event; waits only while a bounded channel is full.
    pub fn send(&self, event: RunEvent) -> Result<(), std::sync::mpsc::SendError<RunEvent>> {
        match self {
            Events::Bounded(tx) => tx.send(event),
            Events::Unbounded(tx) => tx.send(event),
        }
    }
}

/// An event channel that never makes a session wait (`compare`).
pub fn unbounded_channel() -> (Events, std::sync::mpsc::Receiver<RunEvent>) {
    let (tx, rx) = std::sync::mpsc::channel();
    (Events::Unbounded(tx), rx)
}

/// Events the channel holds before a session waits for the hub: an unbounded channel let a
/// session run thousands of executions ahead of a console that prints slower than the requests
/// come back, and peak memory grew with the run (issue 17).
pub const BACKLOG: usize = 256;

/// The run's event channel.
pub fn channel() -> (Events, std::sync::mpsc::Receiver<RunEvent>) {
    let (tx, rx) = std::sync::mpsc::sync_channel(BACKLOG);
    (Events::Bounded(tx), rx)
}

/// Runs one session on the calling thread and always reports its end, also when it panics.
pub fn run_session(suite: usize, events: Events, session: impl FnOnce(&Events) -> VarStore) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session(&events)));
    // The hub may already be gone (a closed console ends nothing, but a crashed hub would): then
    // nobody is left to tell.
    let _ = events.send(RunEvent::SessionEnded {
        suite,
        vars: outcome.ok().map(Box::new),
    });
}
