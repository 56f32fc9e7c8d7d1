//! The signals that end a run politely (Ctrl-C, SIGTERM, SIGHUP): the first stops new requests
//! and abandons the one in flight, the hub says so and the reports are written; the second
//! exits at once.

use crate::exit::Exit;

/// Ctrl-C, SIGTERM or SIGHUP once: stop sending, finish the reports (the hub says so). Twice:
/// stop at once.
pub(crate) fn interrupt_on_signals(
    runtime: &tokio::runtime::Runtime,
    events: crate::exec::event::Events,
) -> tokio::sync::watch::Receiver<Option<&'static str>> {
    let (tx, rx) = tokio::sync::watch::channel(None);
    // Registered now, before anything is sent: a handler installed later by the spawned task
    // would leave a window in which the signal's default action kills the run, reports unwritten.
    let signals = {
        let _runtime = runtime.enter();
        Signals::new()
    };
    runtime.spawn(async move {
        let Some(mut signals) = signals else {
            return;
        };
        let signal = signals.next().await;
        // Off the runtime: a full event channel waits for the hub, and this task must stay
        // free to see the second signal. The hub hears of the signal before the sessions do, so
        // it has said so (and marked the run interrupted) before the last session ends.
        // A script busy in the engine stops at its next interrupt check.
        crate::script::interrupt_all();
        std::thread::spawn(move || {
            let _ = events.send(crate::exec::event::RunEvent::Interrupted { signal });
            let _ = tx.send(Some(signal));
        });
        signals.next().await;
        std::process::exit(i32::from(Exit::Incomplete.code()));
    });
    rx
}

/// The signals that end a run politely.
struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Option<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Some(Signals {
                int: signal(SignalKind::interrupt()).ok()?,
                term: signal(SignalKind::terminate()).ok()?,
                hup: signal(SignalKind::hangup()).ok()?,
            })
        }
        #[cfg(not(unix))]
        Some(Signals {})
    }

    async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                Some(()) = self.int.recv() => "Ctrl-C",
                Some(()) = self.term.recv() => "SIGTERM",
                Some(()) = self.hup.recv() => "SIGHUP",
                else => std::future::pending().await,
            }
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => "Ctrl-C",
                Err(_) => std::future::pending().await,
            }
        }
    }
}
