//! The floor conform is measured against in `bench/run.sh`: one reqwest client sending the
//! Sahamati user token POST N times in sequence, checking the status and reading `accessToken`
//! from each JSON answer (what the collection's test script does), and nothing else: no
//! collection, no variables, no report. It owns no files and talks only to the URL it is given.
//!
//! Usage: `reqwest-loop URL N USERNAME PASSWORD`; exits 1 if any answer is not a 200 with a token.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(n), Some(user), Some(pass)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<u32>().ok()),
        args.get(3),
        args.get(4),
    ) else {
        eprintln!("usage: reqwest-loop URL N USERNAME PASSWORD");
        return ExitCode::from(2);
    };
    let client = reqwest::Client::new();
    let form = [("username", user.as_str()), ("password", pass.as_str())];
    let mut failed = 0u32;
    let mut token = String::new();
    for _ in 0..n {
        match send(&client, url, &form).await {
            Some(t) => token = t,
            None => failed += 1,
        }
    }
    println!(
        "{} requests, {failed} failed, last token {} bytes",
        n,
        token.len()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn send(client: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> Option<String> {
    let resp = client.post(url).form(form).send().await.ok()?;
    if resp.status() != reqwest::StatusCode::OK {
        return None;
    }
    // conform builds reqwest without its `json` feature; parse the bytes the same way it must.
    let bytes = resp.bytes().await.ok()?;
    let body: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    body.get("accessToken")?.as_str().map(str::to_owned)
}
