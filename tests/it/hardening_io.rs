//! Issue 16, what crosses the edges: terminal escapes from a hostile server or collection never
//! reach the console raw, credentials do not follow a redirect to another origin, and body
//! files are read only from the working folder.

use crate::common::{collection, conform, conform_env, write_json};
use crate::support::{Recorded, Reply, Routes, TestServer};
use serde_json::json;

const ESCAPES: &str =
    "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]8;;http://evil/\u{1b}\\";

#[test]
fn terminal_escapes_from_server_and_collection_are_made_visible() {
    let body = format!("{{\"msg\":\"hi{ESCAPES}\u{9b}31m\r\"}}");
    let server = TestServer::start_blocking(Routes::new().get(
        "/evil",
        Reply::Raw {
            status: 500,
            headers: vec![
                ("Content-Type".into(), "text/plain".into()),
                // hyper refuses ASCII controls in a header; C1 (UTF-8 encoded) gets through.
                ("X-Note".into(), "title\u{9b}2JHDR".into()),
            ],
            body: body.into_bytes(),
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        {"name": format!("evil{ESCAPES}name"), "request": {"method": "GET", "url": "http://h/evil"},
         "event": [{"listen": "test", "script": {"exec": [
            "console.log('log' + String.fromCharCode(27) + '[31mred');",
            "pm.test('test' + String.fromCharCode(27) + ']0;T' + String.fromCharCode(7), function () {",
            "  pm.expect(pm.response.text()).to.equal('x');",
            "});",
            "throw new Error('boom' + String.fromCharCode(27) + '[2J');"
         ]}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let run = conform_env(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--verbose",
            "--nocapture",
        ],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(server.requests().len(), 1);
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let raw: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
            .collect();
        assert!(raw.is_empty(), "raw control {raw:?} in {stream}:\n{text}");
    }
    let all = run.all();
    for visible in [
        "\\u{1b}]0;PWNED\\u{7}",
        "X-Note: title\\u{9b}2JHDR",
        "\\u{9b}31m\\r",
        "evil\\u{1b}]0;PWNED",
        "log\\u{1b}[31mred",
        "boom\\u{1b}[2J",
    ] {
        assert!(all.contains(visible), "{visible} not shown: {run:?}");
    }
    assert!(
        run.stderr.contains("::error title=c::evil\\u{1b}")
            || run.stderr.contains("::error title=c%3A%3Aevil\\u{1b}"),
        "{run:?}"
    );
}

/// The origin answers every path with a redirect to `target` plus the original query.
fn redirecting_to(target: String, status: u16) -> Routes {
    Routes::new().any(
        "/start",
        Reply::func(move |r: &Recorded| {
            let q = r.query().map(|q| format!("?{q}")).unwrap_or_default();
            Reply::Redirect(status, format!("{target}{q}"))
        }),
    )
}

#[test]
fn credentials_stay_with_their_origin_across_redirects() {
    let other = TestServer::start_blocking(Routes::new());
    // Same host, another port: another origin.
    let origin = TestServer::start_blocking(
        redirecting_to(other.url_for("/landed"), 307)
            .get("/same", Reply::Redirect(302, "/here".into())),
    );
    let dir = tempfile::tempdir().unwrap();
    let creds_headers = json!([
        {"key": "Authorization", "value": "Bearer MANUAL-tok-1"},
        {"key": "Cookie", "value": "sid=COOKIE-2"},
        {"key": "X-Trace", "value": "kept"}
    ]);
    let apikey = |placement: &str, value: &str| {
        json!({"type": "apikey", "apikey": [
            {"key": "key", "value": "X-Partner-Key"}, {"key": "value", "value": value},
            {"key": "in", "value": placement}]})
    };
    let items = json!([
        {"name": "header creds", "request": {"method": "POST", "url": format!("{}/start", origin.url()),
            "header": creds_headers, "auth": apikey("header", "APIKEY-h-3"),
            "body": {"mode": "raw", "raw": "{}"}}},
        {"name": "query creds", "request": {"method": "GET",
            "url": format!("{}/start?page=2", origin.url()), "auth": apikey("query", "APIKEY-q-4")}},
        {"name": "opted in", "protocolProfileBehavior": {"followAuthorizationHeader": true},
         "request": {"method": "GET", "url": format!("{}/start", origin.url()),
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "OPTED-in-5"}]}}},
        {"name": "same origin", "request": {"method": "GET", "url": format!("{}/same", origin.url()),
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "SAME-origin-6"}]}}}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let run = conform(dir.path(), &["run", "c.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let landed = other.requests();
    assert_eq!(landed.len(), 3, "{run:?}");
    // 307 to the same host on another port: method and body kept, credentials not.
    assert_eq!(landed[0].method, "POST");
    assert_eq!(landed[0].header("x-trace"), Some("kept"));
    for name in ["authorization", "cookie", "x-partner-key"] {
        assert_eq!(
            landed[0].header(name),
            None,
            "{name} crossed: {:?}",
            landed[0]
        );
    }
    assert_eq!(landed[1].query(), Some("page=2"), "{:?}", landed[1]);
    assert_eq!(
        landed[2].header("authorization"),
        Some("Bearer OPTED-in-5"),
        "followAuthorizationHeader opts in"
    );
    let home = origin.requests();
    let here = home
        .iter()
        .find(|r| r.path() == "/here")
        .expect("same-origin hop");
    assert_eq!(here.header("authorization"), Some("Bearer SAME-origin-6"));
    // The origin itself did get every credential.
    assert_eq!(home[0].header("x-partner-key"), Some("APIKEY-h-3"));
    assert!(home[1].query().unwrap_or("").contains("APIKEY-q-4"));
}

#[test]
fn body_files_are_confined_to_the_working_folder() {
    let server = TestServer::start_blocking(Routes::new());
    let outer = tempfile::tempdir().unwrap();
    let work = outer.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let outside = outer.path().join("outside.txt");
    std::fs::write(&outside, "OUTSIDE-content-8e1").unwrap();
    std::fs::write(work.join("inside.txt"), "INSIDE-content").unwrap();
    std::os::unix::fs::symlink(&outside, work.join("link.txt")).unwrap();
    let file_item = |name: &str, src: &str| {
        json!({"name": name, "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "file", "file": {"src": src}}}})
    };
    let items = json!([
        file_item("inside", "inside.txt"),
        file_item("dotdot", "../outside.txt"),
        file_item("absolute", outside.to_str().unwrap()),
        file_item("symlink", "link.txt"),
        {"name": "formdata", "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "../outside.txt"}]}}},
        file_item("proc", "/proc/self/environ"),
        file_item("device", "/dev/zero"),
    ]);
    write_json(&work, "c.json", &collection("c", items));
    let base = server.url();
    // Issue 13.4: the refusals are found before anything is sent (exit 2), each named.
    for flags in [&[][..], &["--no-insecure-file-read"][..]] {
        let mut args = vec!["run", "c.json", "--base-url", &base];
        args.extend_from_slice(flags);
        let run = conform(&work, &args);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(server.requests().is_empty(), "nothing is sent: {run:?}");
        assert!(!run.all().contains("OUTSIDE-content"));
        let refusals = run.stderr.matches("--insecure-file-read").count();
        assert_eq!(refusals, 4, "dotdot, absolute, symlink, formdata: {run:?}");
        for name in ["dotdot", "absolute", "symlink", "formdata"] {
            assert!(
                run.stderr.contains(&format!("c::{name}: body file ")),
                "{run:?}"
            );
        }
        assert_eq!(run.stderr.matches("is a system file").count(), 2, "{run:?}");
    }
    let run = conform(
        &work,
        &["run", "c.json", "--base-url", &base, "--insecure-file-read"],
    );
    assert_eq!(run.code, 2, "/proc and /dev stay refused: {run:?}");
    assert_eq!(run.stderr.matches("is a system file").count(), 2, "{run:?}");
    assert!(server.requests().is_empty());
    // Without them, --insecure-file-read sends the outside file.
    let items = json!([
        file_item("inside", "inside.txt"),
        file_item("dotdot", "../outside.txt"),
        file_item("absolute", outside.to_str().unwrap()),
        file_item("symlink", "link.txt"),
        {"name": "formdata", "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "../outside.txt"}]}}},
    ]);
    write_json(&work, "d.json", &collection("d", items));
    let run = conform(
        &work,
        &["run", "d.json", "--base-url", &base, "--insecure-file-read"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let sent = server.requests();
    assert_eq!(sent.len(), 5, "{run:?}");
    assert_eq!(sent[1].body_text(), "OUTSIDE-content-8e1");
    assert_eq!(sent[3].body_text(), "OUTSIDE-content-8e1");
    assert!(sent[4].body_text().contains("OUTSIDE-content-8e1"));
}
