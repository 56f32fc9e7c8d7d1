//! The Newman parity suite's recorder (tests/newman/record.sh calls it; needs Node, not run by
//! CI). `record COLLECTION OUT NEWMAN` starts the parity server (tests/it/support/parity.rs, the
//! same routes the Rust test uses) on a free loopback port, runs Newman on COLLECTION against
//! it, and writes OUT: the requests the server received (normalised) and each execution's
//! assertions as Newman's JSON reporter gave them. `serve` just serves, for poking by hand.

#[allow(unused_imports)]
#[path = "../tests/it/support/mod.rs"]
mod support;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::TestServer;
use support::parity;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["serve"] => {
            let server = TestServer::start_blocking(parity::routes());
            println!("{}", server.url());
            loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        }
        ["record", collection, out, newman] => {
            if let Err(e) = record(Path::new(collection), Path::new(out), newman) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        _ => {
            eprintln!("usage: parity_server serve | record COLLECTION OUT NEWMAN");
            std::process::exit(2);
        }
    }
}

/// Extra run arguments of a collection: `NAME.args` next to `NAME.postman_collection.json`,
/// one argument per line (the same file the Rust test reads).
fn extra_args(collection: &Path) -> Result<Vec<String>, String> {
    let args = PathBuf::from(
        collection
            .to_string_lossy()
            .replace(".postman_collection.json", ".args"),
    );
    match std::fs::read_to_string(&args) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", args.display())),
    }
}

fn record(collection: &Path, out: &Path, newman: &str) -> Result<(), String> {
    let server = TestServer::start_blocking(parity::routes());
    let dir = collection.parent().unwrap_or(Path::new("."));
    let file = collection.file_name().ok_or("no collection file name")?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let report = tmp.path().join("newman.json");
    let extra = extra_args(collection)?;
    let status = Command::new(newman)
        .current_dir(dir)
        .arg("run")
        .arg(file)
        .args(["--env-var", &format!("baseUrl={}", server.url())])
        .args(["--reporters", "cli,json", "--reporter-json-export"])
        .arg(&report)
        .args(&extra)
        .status()
        .map_err(|e| format!("cannot run {newman}: {e}"))?;
    let report: Value = serde_json::from_slice(
        &std::fs::read(&report).map_err(|e| format!("newman wrote no report: {e}"))?,
    )
    .map_err(|e| format!("newman's report is not JSON: {e}"))?;
    let port = server.addr.port();
    let requests: Vec<Value> = server
        .requests()
        .iter()
        .map(|r| parity::normalize(r, port))
        .collect();
    let recording = json!({
        "collection": file.to_string_lossy(),
        "newman": parity::NEWMAN_VERSION,
        "newman_exit": status.code(),
        "args": extra,
        "requests": requests,
        "executions": parity::newman_executions(&report, port),
    });
    let text = serde_json::to_string_pretty(&recording).map_err(|e| e.to_string())?;
    std::fs::write(out, text + "\n").map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "recorded {} -> {} ({} requests)",
        collection.display(),
        out.display(),
        recording["requests"].as_array().map_or(0, Vec::len)
    );
    Ok(())
}
