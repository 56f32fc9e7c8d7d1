//! Where a session's requests are driven. With one collection the session owns a current-thread
//! runtime, so a request and its connection run on the session's own thread (no hand-off to a
//! worker and back for every request); with several collections running side by side they share
//! the run's runtime, whose workers drive the connections of the one shared client.

use std::future::Future;

pub enum Io {
    Own(tokio::runtime::Runtime),
    Shared(tokio::runtime::Handle),
}

impl Io {
    /// A session's driver: its own runtime when it is the only session, else the shared one.
    pub fn for_session(alone: bool, shared: &tokio::runtime::Handle) -> Io {
        if alone {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                return Io::Own(rt);
            }
        }
        Io::Shared(shared.clone())
    }

    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        match self {
            Io::Own(rt) => rt.block_on(f),
            Io::Shared(handle) => handle.block_on(f),
        }
    }
}
