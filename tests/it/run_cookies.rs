//! Issue 11, point 1: the run's cookie jar, as Newman keeps it. `Set-Cookie` goes back on
//! later requests by domain, path and expiry (redirect hops included), `pm.cookies` and
//! `pm.cookies.jar()` see and change it, `--cookie-jar` / `--export-cookie-jar` read and write
//! Newman's file, and neither a hostile header nor a broken file makes conform panic.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};

/// 200 `{}` with these `Set-Cookie` headers.
fn set_cookies(values: &[&str]) -> Reply {
    let mut headers: Vec<(String, String)> = values
        .iter()
        .map(|v| ("Set-Cookie".to_string(), v.to_string()))
        .collect();
    headers.push(("Content-Type".into(), "application/json".into()));
    Reply::Raw {
        status: 200,
        headers,
        body: b"{}".to_vec(),
    }
}

fn get(name: &str, url: String) -> Value {
    item(name, json!({"method": "GET", "url": url}))
}

/// A GET item with a test script (and optionally a pre-request script).
fn scripted(name: &str, url: String, pre: &str, test: &str) -> Value {
    let mut events =
        vec![json!({"listen": "test", "script": {"exec": test.lines().collect::<Vec<_>>()}})];
    if !pre.is_empty() {
        events.push(
            json!({"listen": "prerequest", "script": {"exec": pre.lines().collect::<Vec<_>>()}}),
        );
    }
    json!({"name": name, "event": events, "request": {"method": "GET", "url": url}})
}

fn run_in(dir: &Path, items: Value, extra: &[&str]) -> Run {
    write_json(dir, "c.postman_collection.json", &collection("c", items));
    let mut args = vec!["run", "c.postman_collection.json"];
    args.extend_from_slice(extra);
    conform(dir, &args)
}

/// The `Cookie` header each request carried, by path.
fn cookies_by_path(seen: &[Recorded]) -> Vec<(String, Option<String>)> {
    seen.iter()
        .map(|r| (r.path().to_string(), r.header("cookie").map(str::to_string)))
        .collect()
}

#[test]
fn set_cookie_goes_back_by_host_and_path() {
    let server = TestServer::start_blocking(Routes::new().get(
        "/login",
        set_cookies(&[
            "sid=abc; Path=/",
            "scoped=1; Path=/api",
            "foreign=1; Domain=other.test",
            "ip=1; Domain=0.0.1",
        ]),
    ));
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let items = json!([
        get("login", format!("{u}/login")),
        get("api", format!("{u}/api/items")),
        get("apix", format!("{u}/apix")),
        get("root", format!("{u}/")),
        get("other host", format!("{}/", server.localhost_url())),
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = cookies_by_path(&server.requests());
    assert_eq!(
        seen,
        vec![
            ("/login".into(), None),
            // Longer paths first, as tough-cookie orders them.
            ("/api/items".into(), Some("scoped=1; sid=abc".into())),
            // /apix does not path-match /api.
            ("/apix".into(), Some("sid=abc".into())),
            ("/".into(), Some("sid=abc".into())),
            // localhost is another host than 127.0.0.1: host-only cookies stay home.
            ("/".into(), None),
        ]
    );
}

#[test]
fn expiry_replacement_and_disable_cookies() {
    let server = TestServer::start_blocking(
        Routes::new()
            .get(
                "/set",
                set_cookies(&[
                    "keep=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
                    "old=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
                    "gone=1",
                    "swap=first",
                ]),
            )
            .get("/change", set_cookies(&["gone=; Max-Age=0", "swap=second"])),
    );
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let mut off = get("no cookies", format!("{u}/off"));
    off["protocolProfileBehavior"] = json!({"disableCookies": true});
    let items = json!([
        get("set", format!("{u}/set")),
        get("before", format!("{u}/before")),
        get("change", format!("{u}/change")),
        get("after", format!("{u}/after")),
        off,
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = cookies_by_path(&server.requests());
    assert_eq!(seen[1].1.as_deref(), Some("keep=1; gone=1; swap=first"));
    // A replaced cookie keeps its place; Max-Age=0 deletes.
    assert_eq!(seen[3].1.as_deref(), Some("keep=1; swap=second"));
    assert_eq!(seen[4], ("/off".into(), None));
}

#[test]
fn loopback_is_a_secure_context_and_collection_cookie_headers_come_first() {
    let server = TestServer::start_blocking(Routes::new().get(
        "/set",
        set_cookies(&["s=1; Secure; HttpOnly", "__Secure-x=1"]),
    ));
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let items = json!([
        get("set", format!("{u}/set")),
        item(
            "own header",
            json!({"method": "GET", "url": format!("{u}/next"),
            "header": [{"key": "Cookie", "value": "mine=1"}]})
        ),
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = cookies_by_path(&server.requests());
    // Newman's jar sends Secure cookies to 127.0.0.1 over http; a __Secure- cookie without
    // Secure is dropped.
    assert_eq!(seen[1].1.as_deref(), Some("mine=1; s=1"));
}

#[test]
fn cookies_set_by_a_redirect_reach_the_next_hop() {
    let server = TestServer::start_blocking(
        Routes::new()
            .get(
                "/start",
                Reply::Raw {
                    status: 302,
                    headers: vec![
                        ("Location".into(), "/landing".into()),
                        ("Set-Cookie".into(), "hop=1; Path=/".into()),
                    ],
                    body: Vec::new(),
                },
            )
            .get("/landing", set_cookies(&["landed=1"])),
    );
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let items = json!([
        scripted(
            "start",
            format!("{u}/start"),
            "",
            "pm.test('both cookies', function () {\n  pm.expect(pm.cookies.toObject()).to.eql({hop: '1', landed: '1'});\n});"
        ),
        get("after", format!("{u}/after")),
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = cookies_by_path(&server.requests());
    assert_eq!(
        seen,
        vec![
            ("/start".into(), None),
            ("/landing".into(), Some("hop=1".into())),
            ("/after".into(), Some("hop=1; landed=1".into())),
        ]
    );
}

#[test]
fn pm_cookies_sees_the_jar_for_the_request_url() {
    let server = TestServer::start_blocking(Routes::new().get(
        "/set",
        set_cookies(&[
            "a=1",
            "enc=a%20b",
            "h=2; HttpOnly; Max-Age=600; Priority=High",
        ]),
    ));
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let checks = "pm.test('values', function () {
  pm.expect(pm.cookies.get('a')).to.equal('1');
  pm.expect(pm.cookies.get('enc')).to.equal('a b');
  pm.expect(pm.cookies.has('h')).to.equal(true);
  pm.expect(pm.cookies.has('nope')).to.equal(false);
  pm.expect(pm.cookies.count()).to.equal(3);
  pm.expect(pm.cookies.toObject()).to.eql({a: '1', enc: 'a b', h: '2'});
});
pm.test('cookie objects', function () {
  var h = pm.cookies.one('h');
  pm.expect(h.name).to.equal('h');
  pm.expect(h.httpOnly).to.equal(true);
  pm.expect(h.hostOnly).to.equal(true);
  pm.expect(h.maxAge).to.equal(600);
  pm.expect(h.expires).to.be.an.instanceof(Date);
  pm.expect(h.extensions).to.eql(['Priority=High']);
  pm.expect(h.domain).to.equal('127.0.0.1');
  pm.expect(pm.cookies.one('a').expires).to.equal(null);
});
pm.test('deliberately wrong', function () { pm.expect(pm.cookies.get('a')).to.equal('2'); });";
    let pre = "pm.test('empty before the response', function () { pm.expect(pm.cookies.count()).to.equal(0); });";
    let items = json!([
        get("set", format!("{u}/set")),
        scripted("read", format!("{u}/read"), pre, checks),
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::read"), Some("FAILED"), "{run:?}");
    let out = run.all();
    assert!(out.contains("expected '1' to equal '2'"), "{out}");
    for passed in ["values", "cookie objects", "empty before the response"] {
        assert!(
            !out.contains(&format!("{passed}: ")),
            "{passed} failed:\n{out}"
        );
    }
}

#[test]
fn jar_methods_call_back_and_change_what_is_sent() {
    let server = TestServer::start_blocking(Routes::new().get("/set", set_cookies(&["srv=1"])));
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let script = format!(
        "var jar = pm.cookies.jar(), url = '{u}/';
var calls = [];
jar.set(url, 'j1', 'v1', function (err, c) {{
  calls.push('set');
  pm.test('set calls back with the cookie', function () {{
    pm.expect(err).to.equal(null);
    pm.expect(c.name).to.equal('j1');
    pm.expect(c.value).to.equal('v1');
  }});
}});
jar.set(url, {{name: 'j2', value: 'v2', httpOnly: true}});
jar.set('{u}/deep/x', 'j3=v3; Path=/deep');
jar.set(url, 'bad=1; Domain=example.test', function (err) {{
  pm.test('a foreign domain is refused', function () {{
    pm.expect(err).to.be.an('error');
    pm.expect(err.message).to.include('not in this host');
  }});
}});
jar.get(url, 'j1', function (err, value) {{
  pm.test('get gives the value', function () {{ pm.expect(value).to.equal('v1'); }});
}});
jar.get(url, 'missing', function (err, value) {{
  pm.test('get of a missing cookie gives null', function () {{ pm.expect(value).to.equal(null); }});
}});
jar.getAll(url, function (err, list) {{
  pm.test('getAll lists the jar for the url', function () {{
    pm.expect(list.toObject()).to.eql({{srv: '1', j1: 'v1', j2: 'v2'}});
  }});
}});
jar.getAll(url, {{http: false}}, function (err, list) {{
  pm.test('getAll without http leaves out HttpOnly', function () {{ pm.expect(list.has('j2')).to.equal(false); }});
}});
jar.unset(url, 'j1', function (err) {{
  calls.push('unset');
  pm.test('unset calls back without error', function () {{ pm.expect(err).to.equal(null); }});
}});
pm.test('callbacks run after the script', function () {{ pm.expect(calls).to.eql([]); }});
try {{ jar.get(url, 'x'); }} catch (e) {{
  pm.test('get without a callback throws', function () {{ pm.expect(e.message).to.equal('CookieJar.get() requires a callback function'); }});
}}"
    );
    let clear = format!(
        "pm.cookies.jar().clear('{u}/deep/', function (err) {{
  pm.test('clear calls back', function () {{ pm.expect(err).to.equal(null); }});
}});"
    );
    let items = json!([
        get("set", format!("{u}/set")),
        scripted(
            "jar",
            format!("{u}/jar"),
            &script,
            "pm.test('runs', function () {});"
        ),
        get("deep", format!("{u}/deep/y")),
        scripted("clear", format!("{u}/cleared"), &clear, ""),
        get("after", format!("{u}/deep/z")),
    ]);
    let run = run_in(dir.path(), items, &["--nocapture"]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = cookies_by_path(&server.requests());
    assert_eq!(seen[1].1.as_deref(), Some("srv=1; j2=v2"));
    assert_eq!(seen[2].1.as_deref(), Some("j3=v3; srv=1; j2=v2"));
    // clear(url) removed every cookie that url sees.
    assert_eq!(seen[3].1, None, "{seen:?}");
    assert_eq!(seen[4].1, None, "{seen:?}");
}

/// A jar file in Newman's format, written by hand.
fn newman_jar(host: &str) -> Value {
    json!({
        "version": "tough-cookie@4.1.3-postman.1",
        "storeType": "MemoryCookieStore",
        "rejectPublicSuffixes": false,
        "cookies": [
            {"key": "sessionToken", "value": "tok-from-file-123", "domain": host, "path": "/",
             "hostOnly": true, "creation": "2026-01-01T00:00:00.000Z", "lastAccessed": "2026-01-01T00:00:00.000Z"},
            {"key": "theme", "value": "dark", "domain": host, "path": "/",
             "expires": "2099-01-01T00:00:00.000Z", "hostOnly": true,
             "creation": "2026-01-01T00:00:01.000Z", "lastAccessed": "2026-01-01T00:00:01.000Z"},
            {"key": "stale", "value": "x", "domain": host, "path": "/",
             "expires": "2001-01-01T00:00:00.000Z", "hostOnly": true}
        ]
    })
}

#[test]
fn cookie_jar_files_round_trip() {
    let server =
        TestServer::start_blocking(Routes::new().get("/set", set_cookies(&["fresh=1; Path=/"])));
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    write_json(dir.path(), "in.json", &newman_jar("127.0.0.1"));
    let items = json!([
        get("first", format!("{u}/first")),
        get("set", format!("{u}/set"))
    ]);
    let run = run_in(
        dir.path(),
        items.clone(),
        &["--cookie-jar", "in.json", "--export-cookie-jar", "out.json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let seen = cookies_by_path(&server.requests());
    assert_eq!(
        seen[0].1.as_deref(),
        Some("sessionToken=tok-from-file-123; theme=dark")
    );
    assert!(!run.all().contains("tok-from-file-123"), "{run:?}");
    let out: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap())
            .unwrap();
    assert_eq!(out["version"], "tough-cookie@4.1.3-postman.1");
    assert_eq!(out["storeType"], "MemoryCookieStore");
    let keys: Vec<&str> = out["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["sessionToken", "theme", "fresh"]);
    // A secret-named cookie's value stays out of the file unless --export-secrets.
    assert_eq!(out["cookies"][0]["value"], "***");
    assert_eq!(out["cookies"][1]["expires"], "2099-01-01T00:00:00.000Z");
    assert_eq!(out["cookies"][2]["hostOnly"], true);

    // With --export-secrets, the file starts the next run where this one stopped.
    let run = run_in(
        dir.path(),
        items.clone(),
        &[
            "--cookie-jar",
            "in.json",
            "--export-cookie-jar",
            "out.json",
            "--export-secrets",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let run = run_in(
        dir.path(),
        json!([get("again", format!("{u}/again"))]),
        &["--cookie-jar", "out.json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    let last = seen.last().unwrap();
    assert_eq!(
        last.header("cookie"),
        Some("sessionToken=tok-from-file-123; theme=dark; fresh=1")
    );
}

#[test]
fn a_broken_cookie_jar_file_is_exit_2_with_its_place_and_nothing_sent() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let cases: [(&str, &str); 4] = [
        (
            "{\n  \"cookies\": [\n    {\"key\": }\n  ]\n}",
            "bad.json:3:",
        ),
        (
            "{\"cookies\": [{\"key\": \"a\", \"path\": \"/\"}]}",
            "cookies[0]: no 'domain'",
        ),
        (
            "{\"cookies\": [{\"domain\": \"h\", \"creation\": \"yesterday\"}]}",
            "'creation' is not a date",
        ),
        ("[1, 2]", "top level"),
    ];
    for (text, expected) in cases {
        std::fs::write(dir.path().join("bad.json"), text).unwrap();
        let run = run_in(
            dir.path(),
            json!([get("r", format!("{u}/r"))]),
            &["--cookie-jar", "bad.json"],
        );
        assert_eq!(run.code, 2, "{text}: {run:?}");
        assert!(run.stderr.contains(expected), "{text}: {run:?}");
        assert!(run.stderr.contains("bad.json"), "{run:?}");
        no_panic(&run);
    }
    let run = run_in(
        dir.path(),
        json!([get("r", format!("{u}/r"))]),
        &["--cookie-jar", "missing.json"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("missing.json"), "{run:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn hostile_set_cookie_headers_never_panic() {
    let long = format!("big={}", "x".repeat(100_000));
    let hostile = [
        "",
        ";",
        "=;=;=",
        "a=1; Expires=Fri, 99 Foo 99999 99:99:99 GMT",
        "b=1; Max-Age=999999999999999999999999999",
        "c=1; Max-Age=-999999999999999999999999999",
        "d=1; Domain=.",
        "e=1; Domain=..127.0.0.1",
        "f=1; Path=/\u{e9}t\u{e9}",
        "g=1; SameSite=bogus; Secure=maybe; HttpOnly=no",
        "\u{2603}=\u{2603}",
        long.as_str(),
        "h=1; Expires=Thu, 01 Jan 1601 00:00:00 GMT",
        "i=1; Expires=Tue, 31 Dec 9999 23:59:59 GMT",
    ];
    let mut headers: Vec<(String, String)> = hostile
        .iter()
        .map(|v| ("Set-Cookie".to_string(), v.to_string()))
        .collect();
    headers.push(("Content-Type".into(), "application/json".into()));
    // Bytes that are not UTF-8 (obs-text, which HTTP allows in values) go on the wire as they are.
    let wire = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\nSet-Cookie: raw=\xff\xfe; Path=/\r\nSet-Cookie: tab=\tx\r\n\r\n{}".to_vec();
    let server = TestServer::start_blocking(
        Routes::new()
            .get(
                "/h",
                Reply::Raw {
                    status: 200,
                    headers,
                    body: b"{}".to_vec(),
                },
            )
            .get("/w", Reply::Wire(wire)),
    );
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let items = json!([
        get("hostile", format!("{u}/h")),
        get("wire", format!("{u}/w")),
        scripted(
            "read",
            format!("{u}/read"),
            "",
            "pm.test('list works', function () { pm.cookies.toObject(); pm.cookies.count(); });"
        ),
    ]);
    let run = run_in(dir.path(), items, &["--export-cookie-jar", "out.json"]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    let sent = seen[2].header("cookie").unwrap_or_default().to_string();
    // The sane cookies among them still work; the huge one is refused.
    assert!(sent.contains("b=1") && sent.contains("i=1"), "{sent}");
    // Bytes that were not UTF-8 come back as U+FFFD, still sent (HTTP allows obs-text).
    assert!(sent.contains("raw=\u{fffd}\u{fffd}"), "{sent}");
    assert!(!sent.contains("big="), "{}", &sent[..sent.len().min(200)]);
    assert!(!sent.contains("c=1") && !sent.contains("h=1"), "{sent}");
    let out: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap())
            .unwrap();
    assert!(out["cookies"].is_array());
}

#[test]
fn secret_named_cookie_values_are_masked_in_every_output() {
    let server = TestServer::start_blocking(Routes::new().get(
        "/login",
        set_cookies(&["JSESSIONID=s3cr3t-session-value; HttpOnly", "lang=en-GB"]),
    ));
    let dir = tempfile::tempdir().unwrap();
    let u = server.url();
    let items = json!([
        get("login", format!("{u}/login")),
        scripted(
            "echo",
            format!("{u}/echo"),
            "",
            "console.log('session', pm.cookies.get('JSESSIONID'), 'lang', pm.cookies.get('lang'));\npm.test('fails with the value', function () { pm.expect(pm.cookies.get('JSESSIONID')).to.equal('other'); });"
        ),
    ]);
    let run = run_in(
        dir.path(),
        items,
        &[
            "--nocapture",
            "--verbose",
            "--reporters",
            "cli,json",
            "--reporter-json-export",
            "r.json",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    // The echo route returns the request, Cookie header included, in its body.
    assert_eq!(
        server.requests()[1].header("cookie"),
        Some("JSESSIONID=s3cr3t-session-value; lang=en-GB")
    );
    let report = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    for out in [run.all(), report] {
        assert!(!out.contains("s3cr3t-session-value"), "{out}");
    }
    assert!(run.all().contains("session"), "{run:?}");
}
