//! Benchmark (not a test): the reference mock's login throughput before and after 100 000
//! logins (issue 16, point 13: every login used to scan every token issued). Starts the mock
//! in this process on 127.0.0.1 (a free port), drives `POST /iam/v1/user/token/generate` from
//! a few keep-alive connections, and prints req/s, p50/p99 latency and this process's RSS.
//! Bounded in count and time: each measuring window stops after 3 s or 30 000 requests, the
//! fill stops after 100 000 logins or 120 s. Run it with bench/mock_load.sh.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const WORKERS: usize = 4;
const WINDOW: Duration = Duration::from_secs(3);
const WINDOW_MAX: usize = 30_000;
const FILL: usize = 100_000;
const FILL_MAX_TIME: Duration = Duration::from_secs(120);
const FORM: &str = "username=integrator%40example.com&password=mock-password";

struct Window {
    requests: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

/// Logins from `WORKERS` connections until `max` requests or `limit` elapsed.
async fn logins(client: &reqwest::Client, url: &str, max: usize, limit: Duration) -> Window {
    let started = Instant::now();
    let issued = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..WORKERS {
        let (client, url, issued) = (client.clone(), url.to_string(), Arc::clone(&issued));
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while issued.fetch_add(1, Ordering::Relaxed) < max && started.elapsed() < limit {
                let t = Instant::now();
                let resp = client
                    .post(&url)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(FORM)
                    .send()
                    .await
                    .expect("the mock answers");
                assert_eq!(resp.status(), 200, "login refused");
                resp.bytes().await.expect("the mock's body");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("worker"));
    }
    latencies.sort();
    Window {
        requests: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
    }
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn report(label: &str, w: &Window) {
    let pct = |p: f64| {
        let i = ((w.latencies.len() as f64 * p) as usize).min(w.latencies.len().saturating_sub(1));
        w.latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{label:<28} {:>7} req in {:>5.2} s = {:>7.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   RSS {:>6.1} MiB",
        w.requests,
        w.elapsed.as_secs_f64(),
        w.requests as f64 / w.elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        rss_mib()
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mock = conform::mock::start(
        "127.0.0.1:0".parse().expect("loopback"),
        conform::mock::MockConfig::default(),
        None,
    )
    .await
    .expect("the mock starts");
    let url = format!("http://{}/iam/v1/user/token/generate", mock.addr);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(WORKERS)
        .build()
        .expect("client");
    // Warm-up: connections open, allocator settled.
    logins(&client, &url, 500, WINDOW).await;
    report(
        "fresh mock",
        &logins(&client, &url, WINDOW_MAX, WINDOW).await,
    );
    let fill = logins(&client, &url, FILL, FILL_MAX_TIME).await;
    report("filling (100 000 logins)", &fill);
    report(
        "after 100 000 logins",
        &logins(&client, &url, WINDOW_MAX, WINDOW).await,
    );
    mock.shutdown().await.expect("the mock stops");
}
