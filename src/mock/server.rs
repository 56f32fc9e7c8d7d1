//! Running the mock: the route table, the accept loop, and the handle that stops it. Owns
//! connections and shutdown; must not decide any reply.
//!
//! The loop is hand-written over hyper rather than `axum::serve` for two guarantees: a client
//! that never finishes its headers is dropped after a timeout, and shutdown completes within a
//! bounded time even with connections still open.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};

use super::app::{self, App, Shared};
use super::clock::{Clock, SystemClock};
use super::config::MockConfig;
use super::drift::Drift;
use super::input::Limits;
use super::state::IamState;
use super::{access, iam, login};

/// How long in-flight requests get to finish once shutdown starts.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

fn router(app: Shared) -> Router {
    Router::new()
        .route(iam::USER_TOKEN, post(iam::user_token))
        .route(iam::SECRET_READ, post(iam::secret_read))
        .route(iam::SECRET_RESET, post(iam::secret_reset))
        .route(iam::ENTITY_TOKEN, post(iam::entity_token))
        .route(login::LOGIN, post(login::login))
        .route(access::ACCESS_TOKEN, get(access::generate))
        .method_not_allowed_fallback(app::method_not_allowed)
        .fallback(app::not_found)
        .layer(from_fn_with_state(app.clone(), app::slow_drift))
        .with_state(app)
}

/// Everything a server needs besides its listener; tests shorten the limits.
pub(crate) struct Setup {
    pub config: MockConfig,
    pub drift: Option<Drift>,
    pub clock: Arc<dyn Clock>,
    pub limits: Limits,
}

impl Setup {
    fn new(config: MockConfig, drift: Option<Drift>, clock: Arc<dyn Clock>) -> Setup {
        Setup {
            config,
            drift,
            clock,
            limits: Limits::default(),
        }
    }
}

/// Serves the three APIs on `listener` until `shutdown` completes, with the wall clock.
pub async fn serve_until(
    listener: TcpListener,
    config: MockConfig,
    drift: Option<Drift>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let setup = Setup::new(config, drift, Arc::new(SystemClock));
    serve_setup(listener, setup, shutdown).await
}

/// As [`serve_until`], with an injected clock (e.g. a shared `ManualClock`).
pub async fn serve_with_clock(
    listener: TcpListener,
    config: MockConfig,
    drift: Option<Drift>,
    clock: Arc<dyn Clock>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    serve_setup(listener, Setup::new(config, drift, clock), shutdown).await
}

pub(crate) async fn serve_setup(
    listener: TcpListener,
    setup: Setup,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let (app, stop_tx) = build(setup)?;
    run(listener, app, stop_tx, shutdown).await;
    Ok(())
}

/// The shared state, created before any task is spawned so "now" at start is the caller's now.
fn build(setup: Setup) -> io::Result<(Shared, watch::Sender<bool>)> {
    setup
        .config
        .validate()
        .map_err(|problem| io::Error::new(io::ErrorKind::InvalidInput, problem))?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let now = setup.clock.now_ms();
    let app = Arc::new(App {
        iam: Mutex::new(IamState::new(&setup.config, now)),
        config: setup.config,
        clock: setup.clock,
        drift: setup.drift,
        limits: setup.limits,
        stop: stop_rx,
    });
    Ok((app, stop_tx))
}

async fn run(
    listener: TcpListener,
    app: Shared,
    stop_tx: watch::Sender<bool>,
    shutdown: impl Future<Output = ()>,
) {
    let stop_rx = app.stop.clone();
    let header_timeout = app.limits.header_timeout;
    let router = router(app);
    run_router(
        listener,
        router,
        header_timeout,
        (stop_tx, stop_rx),
        shutdown,
    )
    .await;
}

/// The accept loop and shutdown for any router (the APIs, or a replayed recording).
async fn run_router(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    (stop_tx, stop_rx): (watch::Sender<bool>, watch::Receiver<bool>),
    shutdown: impl Future<Output = ()>,
) {
    let mut connections = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let conn = serve_connection(stream, router.clone(), header_timeout, stop_rx.clone());
                    connections.spawn(conn);
                }
                // Accept errors (file descriptors exhausted, a peer resetting before accept)
                // are transient for a listener: back off briefly instead of stopping.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    // Receivers are held by the connections and the app, so the send only fails when
    // nobody is left to tell.
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.shutdown().await;
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    router: Router,
    header_timeout: Duration,
    stop: watch::Receiver<bool>,
) {
    let service = TowerToHyperService::new(router);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
    tokio::select! {
        // A connection error is the client's business (reset, bad request line): nothing to do.
        _ = connection.as_mut() => {}
        () = app::stopped(stop) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// A running mock. Dropping it asks the server to stop (in the background); `shutdown` waits.
pub struct MockHandle {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl MockHandle {
    /// Stops accepting, lets in-flight requests finish (at most a couple of seconds), and waits.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for MockHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may already have stopped on its own; nothing else to tell it.
            let _ = stop.send(());
        }
    }
}

/// Binds `addr` (port 0 picks a free port, see `MockHandle::addr`) and serves in a task.
pub async fn start(
    addr: SocketAddr,
    config: MockConfig,
    drift: Option<Drift>,
) -> io::Result<MockHandle> {
    start_with_clock(addr, config, drift, Arc::new(SystemClock)).await
}

/// As [`start`], with an injected clock.
pub async fn start_with_clock(
    addr: SocketAddr,
    config: MockConfig,
    drift: Option<Drift>,
    clock: Arc<dyn Clock>,
) -> io::Result<MockHandle> {
    start_setup(addr, Setup::new(config, drift, clock)).await
}

/// Serves a recording (`conform mock --replay`) on `addr` in a task, as [`start`] does the APIs.
pub async fn start_replay(
    addr: SocketAddr,
    recording: super::recording::Recording,
) -> io::Result<MockHandle> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let router = super::replay::router(recording);
    let header_timeout = Limits::default().header_timeout;
    let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        run_router(
            listener,
            router,
            header_timeout,
            (stop_tx, stop_rx),
            async {
                let _ = shutdown_rx.await;
            },
        )
        .await;
        Ok(())
    });
    Ok(MockHandle {
        addr,
        stop: Some(shutdown_tx),
        task: Some(task),
    })
}

pub(crate) async fn start_setup(addr: SocketAddr, setup: Setup) -> io::Result<MockHandle> {
    // Built before spawning: a bad config is the caller's error, and secret lifetimes count
    // from the moment `start` was called.
    let (app, stop_tx) = build(setup)?;
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        run(listener, app, stop_tx, async {
            // A dropped sender also means stop.
            let _ = shutdown_rx.await;
        })
        .await;
        Ok(())
    });
    Ok(MockHandle {
        addr,
        stop: Some(shutdown_tx),
        task: Some(task),
    })
}
