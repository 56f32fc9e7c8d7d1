//! `conform mock`: serves the reference mock in the foreground until Ctrl-C. Owns only the
//! command's wiring; the mock's behaviour lives in `mock`.

use crate::cli::MockArgs;
use crate::mock::{self, MockConfig};

pub fn serve(args: MockArgs) -> Result<(), String> {
    if let Some(dir) = &args.replay {
        return replay(args.addr, dir);
    }
    let config = match &args.config {
        Some(p) => MockConfig::load(p).map_err(|e| e.to_string())?,
        None => MockConfig::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let handle = mock::start(args.addr, config, args.drift)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        let drift = args
            .drift
            .as_ref()
            .map(|d| format!(" (drift: {d})"))
            .unwrap_or_default();
        println!(
            "conform mock listening on http://{}{drift}; Ctrl-C stops it",
            handle.addr
        );
        let _ = tokio::signal::ctrl_c().await;
        handle
            .shutdown()
            .await
            .map_err(|e| format!("mock did not stop cleanly: {e}"))?;
        Ok(())
    })
}

/// `--replay DIR`: serves a recording instead of the APIs.
fn replay(addr: std::net::SocketAddr, dir: &std::path::Path) -> Result<(), String> {
    let recording = mock::recording::Recording::load(dir).map_err(|e| e.to_string())?;
    let answers = recording
        .exchanges
        .iter()
        .filter(|x| x.response.is_some())
        .count();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let handle = mock::start_replay(addr, recording)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        println!(
            "conform mock listening on http://{} (replaying {answers} recorded responses from {}); Ctrl-C stops it",
            handle.addr,
            dir.display()
        );
        let _ = tokio::signal::ctrl_c().await;
        handle
            .shutdown()
            .await
            .map_err(|e| format!("mock did not stop cleanly: {e}"))?;
        Ok(())
    })
}
