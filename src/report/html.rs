//! The HTML report: one self-contained page (inline CSS, no script, no external asset) that a
//! person opens from a CI artifact, on a laptop or a phone. Failures come first and open;
//! every request expands into its checks, contract errors and diff, exchange and console.
//! A pure function of the already redacted run report; every string from it is escaped.

use crate::outcome::{CheckStatus, Execution, Outcome, RunInfo, RunReport, SchemaResult};
use crate::report::spool::Parts;
use crate::report::stream::{Entry, Kind};
use crate::report::tally::{Tally, iterations, iterations_of};
use std::collections::HashMap;
use std::fmt::Write;

const CSS: &str = include_str!("html.css");
/// How much of a body the page shows; bodies are already capped by the runner.
const BODY_EXCERPT: usize = 4096;
/// Above this many failures they start closed, so the page stays scannable.
const OPEN_FAILURES: usize = 20;

pub fn render(report: &RunReport) -> String {
    let info = &report.info;
    let t = Tally::of(&report.executions);
    let mut out = String::with_capacity(16 * 1024);
    open_page(info, &t, &mut out);
    let failing: Vec<_> = indexed(report, |e| {
        matches!(e.outcome, Outcome::Failed | Outcome::Broken(_))
    });
    let not_run: Vec<_> = indexed(report, |e| matches!(e.outcome, Outcome::NotRun(_)));
    let passed: Vec<_> = indexed(report, |e| matches!(e.outcome, Outcome::Passed));
    let open = failing.len() <= OPEN_FAILURES;
    let counts = iterations(report);
    section(&counts, "failures", "Failures", &failing, open, &mut out);
    section(&counts, "not-run", "Not run", &not_run, false, &mut out);
    section(&counts, "passed", "Passed", &passed, false, &mut out);
    close_page(info, report.executions.is_empty(), &mut out);
    out
}

/// Everything above the sections: title, summary tiles, target, coverage.
fn open_page(info: &RunInfo, t: &Tally, out: &mut String) {
    let verdict = if t.failed + t.broken == 0 {
        "passed".to_string()
    } else {
        format!("{} failed, {} broken", t.failed, t.broken)
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>conform: {} of {} requests</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&verdict),
        t.requests
    );
    header(info, t, out);
    if let Some(c) = &info.coverage {
        coverage(c, out);
    }
}

fn close_page(info: &RunInfo, empty: bool, out: &mut String) {
    if empty {
        out.push_str("<p class=\"empty\">No request was executed.</p>\n");
    }
    let _ = write!(
        out,
        "<footer>conform {} · started {}</footer>\n</main>\n</body>\n</html>\n",
        esc(&info.tool_version),
        esc(&info.started)
    );
}

/// One execution's block below its opening tag, written when the execution arrives
/// (`report::stream`); `iterations`: how many its collection ran (for "iteration i/n").
pub fn part(iterations: usize, e: &Execution) -> String {
    let mut out = String::new();
    block(iterations, e, &mut out);
    out
}

/// The page `render` writes, with the executions' blocks copied in from their parts: `entries`
/// in arrival order (part `i` is entry `i`'s), `order` their trial order.
pub fn assemble(
    info: &RunInfo,
    t: &Tally,
    entries: &[Entry],
    order: &[u32],
    parts: &mut Parts,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut text = String::with_capacity(16 * 1024);
    open_page(info, t, &mut text);
    out.write_all(text.as_bytes())?;
    let of = |want: &dyn Fn(Kind) -> bool| -> Vec<(usize, u32)> {
        order
            .iter()
            .enumerate()
            .filter(|(_, i)| want(entries[**i as usize].kind))
            .map(|(index, i)| (index, *i))
            .collect()
    };
    let failing = of(&|k| matches!(k, Kind::Failed | Kind::Broken));
    let open = failing.len() <= OPEN_FAILURES;
    let sections = [
        ("failures", "Failures", failing, open),
        ("not-run", "Not run", of(&|k| k == Kind::NotRun), false),
        ("passed", "Passed", of(&|k| k == Kind::Passed), false),
    ];
    for (id, title, items, open) in sections {
        if items.is_empty() {
            continue;
        }
        let mut text = String::new();
        section_head(id, title, items.len(), &mut text);
        out.write_all(text.as_bytes())?;
        for (index, i) in items {
            let mut text = String::new();
            opening(entries[i as usize].kind.class(), index, open, &mut text);
            out.write_all(text.as_bytes())?;
            parts.copy(i as usize, out)?;
        }
        out.write_all(SECTION_END.as_bytes())?;
    }
    let mut text = String::new();
    close_page(info, order.is_empty(), &mut text);
    out.write_all(text.as_bytes())
}

fn indexed(report: &RunReport, keep: impl Fn(&Execution) -> bool) -> Vec<(usize, &Execution)> {
    report
        .executions
        .iter()
        .enumerate()
        .filter(|(_, e)| keep(e))
        .collect()
}

fn header(info: &RunInfo, t: &Tally, out: &mut String) {
    let state = if t.failed + t.broken > 0 {
        "bad"
    } else if info.ended_early.is_some() {
        "warn"
    } else {
        "good"
    };
    let _ = writeln!(
        out,
        "<header class=\"top {state}\">\n<h1>conform report</h1>\n<p class=\"sub\">{} · {} collection{}</p>",
        esc(&info.started),
        info.suites.len(),
        if info.suites.len() == 1 { "" } else { "s" }
    );
    if let Some(why) = &info.ended_early {
        let _ = writeln!(
            out,
            "<p class=\"banner\" id=\"ended-early\">Run ended early: {}</p>",
            esc(why)
        );
    }
    out.push_str("</header>\n<section class=\"tiles\" aria-label=\"summary\">\n");
    let tiles = [
        ("requests", "requests", t.requests.to_string(), ""),
        ("passed", "passed", t.passed.to_string(), "passed"),
        ("failed", "failed", t.failed.to_string(), "failed"),
        ("broken", "broken", t.broken.to_string(), "broken"),
        ("not-run", "not run", t.not_run.to_string(), "not-run"),
        (
            "unchecked",
            "unchecked",
            t.unchecked.to_string(),
            "unchecked",
        ),
        (
            "duration",
            "duration",
            duration(info.duration_ms),
            "duration",
        ),
    ];
    for (id, label, value, class) in tiles {
        let zero = if value == "0" { " zero" } else { "" };
        let _ = writeln!(
            out,
            "<div class=\"tile {class}{zero}\"><span class=\"n\" id=\"summary-{id}\">{}</span><span class=\"l\">{label}</span></div>",
            esc(&value)
        );
    }
    out.push_str("</section>\n<dl class=\"target\">\n");
    let unset = "<span class=\"none\">not set</span>".to_string();
    let fields = [
        ("base-url", "Base URL", info.base_url.as_deref()),
        ("environment", "Environment", info.environment.as_deref()),
    ];
    for (id, label, value) in fields {
        let _ = writeln!(
            out,
            "<dt>{label}</dt><dd id=\"summary-{id}\">{}</dd>",
            value.map_or_else(|| unset.clone(), |v| format!("<code>{}</code>", esc(v)))
        );
    }
    let _ = writeln!(
        out,
        "<dt>Assertions</dt><dd id=\"summary-assertions\">{} failed of {}</dd>\n</dl>",
        t.assertions_failed, t.assertions
    );
}

fn coverage(c: &crate::outcome::CoverageInfo, out: &mut String) {
    let _ = writeln!(
        out,
        "<details class=\"coverage\"><summary>Contract coverage: <span id=\"coverage-exercised\">{}</span> exercised, <span id=\"coverage-never-reached\">{}</span> never reached, {} unchecked</summary>",
        c.exercised.len(),
        c.never_reached.len(),
        c.unchecked
    );
    for (title, items) in [
        ("Never reached", &c.never_reached),
        ("Exercised", &c.exercised),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h3>{title}</h3>\n<ul class=\"ops\">");
        for item in items {
            let _ = writeln!(out, "<li><code>{}</code></li>", esc(item));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n");
}

fn section(
    counts: &HashMap<&str, usize>,
    id: &str,
    title: &str,
    items: &[(usize, &Execution)],
    open: bool,
    out: &mut String,
) {
    if items.is_empty() {
        return;
    }
    section_head(id, title, items.len(), out);
    for (index, e) in items {
        opening(Kind::of(&e.outcome).class(), *index, open, out);
        block(iterations_of(counts, &e.suite), e, out);
    }
    out.push_str(SECTION_END);
}

const SECTION_END: &str = "</section>\n";

fn section_head(id: &str, title: &str, count: usize, out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"{id}\">\n<h2>{title} <span class=\"count\">{count}</span></h2>"
    );
}

/// An execution's opening tag: the parts of its block that depend on the whole run (its place
/// in it, and whether failures start open).
fn opening(class: &str, index: usize, open: bool, out: &mut String) {
    let _ = write!(
        out,
        "<details class=\"ex {class}\" id=\"ex-{index}\"{}>",
        if open { " open" } else { "" }
    );
}

/// An execution's block after its opening tag.
fn block(n: usize, e: &Execution, out: &mut String) {
    let badge = match e.outcome {
        Outcome::Passed => "PASS",
        Outcome::Failed => "FAIL",
        Outcome::Broken(_) => "BROKEN",
        Outcome::NotRun(_) => "NOT RUN",
    };
    let (name, folders) = match e.path.split_last() {
        Some((last, folders)) => (last.as_str(), folders),
        None => (e.name.as_str(), &[][..]),
    };
    let mut crumbs = esc(&e.suite);
    for f in folders {
        let _ = write!(crumbs, " › {}", esc(f));
    }
    let mut meta = Vec::new();
    if let Some(req) = &e.request {
        meta.push(esc(&req.method));
    }
    if let Some(resp) = &e.response {
        meta.push(resp.status.to_string());
        meta.push(format!("{:.0} ms", resp.time_ms));
    }
    if n > 1 {
        meta.push(format!("iteration {}/{n}", e.iteration + 1));
    }
    if e.schema.as_ref().is_some_and(|s| s.unchecked) {
        meta.push("<span class=\"tag\">unchecked</span>".into());
    }
    let _ = writeln!(
        out,
        "\n<summary><span class=\"badge\">{badge}</span><span class=\"what\"><span class=\"crumbs\">{crumbs}</span><span class=\"name\">{}</span></span><span class=\"meta\">{}</span></summary>\n<div class=\"detail\">",
        esc(name),
        meta.join(" · ")
    );
    match &e.outcome {
        Outcome::Broken(cause) => {
            let _ = writeln!(out, "<p class=\"reason\">{}</p>", esc(&cause.message));
        }
        Outcome::NotRun(why) => {
            let _ = writeln!(
                out,
                "<p class=\"reason muted\">{}</p>",
                esc(&why.to_string())
            );
        }
        _ => {}
    }
    checks(e, out);
    if let Some(s) = &e.schema {
        schema(s, out);
    }
    exchange(e, out);
    if !e.console.is_empty() {
        out.push_str("<h3>Console</h3>\n<pre class=\"console\">");
        for line in &e.console {
            let _ = writeln!(out, "{}", esc(line));
        }
        out.push_str("</pre>\n");
    }
    out.push_str("</div>\n</details>\n");
}

fn checks(e: &Execution, out: &mut String) {
    if e.checks.is_empty() {
        return;
    }
    out.push_str("<h3>Checks</h3>\n<ul class=\"checks\">\n");
    for c in &e.checks {
        match &c.status {
            CheckStatus::Passed => {
                let _ = writeln!(out, "<li class=\"ok\">{}</li>", esc(&c.name));
            }
            CheckStatus::Skipped => {
                let _ = writeln!(
                    out,
                    "<li class=\"skip\">{} <em>skipped</em></li>",
                    esc(&c.name)
                );
            }
            // The contract's errors and diff are the Contract section's, shown once.
            CheckStatus::Failed(crate::outcome::Failure::Contract { .. })
                if e.schema.as_ref().is_some_and(|s| !s.passed) =>
            {
                let _ = writeln!(
                    out,
                    "<li class=\"bad\">{} <em>see Contract</em></li>",
                    esc(&c.name)
                );
            }
            CheckStatus::Failed(failure) => {
                let _ = writeln!(
                    out,
                    "<li class=\"bad\">{}<pre>{}</pre></li>",
                    esc(&c.name),
                    esc(&failure.to_string())
                );
            }
        }
    }
    out.push_str("</ul>\n");
}

fn schema(s: &SchemaResult, out: &mut String) {
    let verdict = if s.unchecked {
        "unchecked: no documented operation matched"
    } else if s.passed {
        "matches"
    } else {
        "does not match"
    };
    let _ = write!(out, "<h3>Contract</h3>\n<p class=\"schema\">");
    if let Some(file) = &s.file {
        let _ = write!(out, "<code>{}</code> · ", esc(file));
    }
    let _ = writeln!(out, "{verdict}</p>");
    if !s.errors.is_empty() {
        out.push_str("<ul class=\"errors\">\n");
        for err in &s.errors {
            let _ = writeln!(out, "<li><code>{}</code></li>", esc(err));
        }
        out.push_str("</ul>\n");
    }
    if let Some(diff) = &s.diff {
        out.push_str("<pre class=\"diff\">");
        for line in diff.lines() {
            let class = if line.starts_with("+++") || line.starts_with("---") {
                "dh"
            } else if line.starts_with('+') {
                "da"
            } else if line.starts_with('-') {
                "dd"
            } else if line.starts_with("@@") {
                "dc"
            } else {
                "dn"
            };
            // The newline stays inside the block so copied text keeps its lines without the
            // page showing an empty line between them.
            let _ = write!(out, "<span class=\"{class}\">{}\n</span>", esc(line));
        }
        out.push_str("</pre>\n");
    }
}

fn exchange(e: &Execution, out: &mut String) {
    if let Some(req) = &e.request {
        let _ = writeln!(
            out,
            "<h3>Request</h3>\n<p class=\"line\"><code>{} {}</code></p>",
            esc(&req.method),
            esc(&req.url)
        );
        headers(&req.headers, out);
        if let Some(body) = &req.body {
            excerpt(body, out);
        }
    }
    if let Some(resp) = &e.response {
        let _ = writeln!(
            out,
            "<h3>Response</h3>\n<p class=\"line\"><code>{} {}</code> · {:.1} ms · {} bytes</p>",
            resp.status,
            esc(&resp.reason),
            resp.time_ms,
            e.received_bytes().unwrap_or_default()
        );
        headers(&resp.headers, out);
        excerpt(&resp.body, out);
    }
}

fn headers(headers: &[(String, String)], out: &mut String) {
    if headers.is_empty() {
        return;
    }
    out.push_str("<table class=\"headers\">\n");
    for (k, v) in headers {
        let _ = writeln!(out, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
    }
    out.push_str("</table>\n");
}

/// The start of a body, pretty-printed when it is JSON, marked when it is cut.
fn excerpt(body: &[u8], out: &mut String) {
    if body.is_empty() {
        return;
    }
    let Ok(text) = std::str::from_utf8(body) else {
        let _ = writeln!(
            out,
            "<p class=\"muted\">binary body, {} bytes</p>",
            body.len()
        );
        return;
    };
    // Pretty-printing parses the whole body: only worth it for what fits the page.
    let pretty = (text.len() <= 64 * 1024)
        .then(|| serde_json::from_str::<serde_json::Value>(text).ok())
        .flatten()
        .filter(|v| v.is_object() || v.is_array())
        .and_then(|v| serde_json::to_string_pretty(&v).ok());
    let shown = pretty.as_deref().unwrap_or(text);
    let cut: String = shown.chars().take(BODY_EXCERPT).collect();
    let _ = write!(out, "<pre class=\"body\">{}", esc(&cut));
    if cut.len() < shown.len() {
        let _ = write!(out, "\n… first {BODY_EXCERPT} characters shown");
    }
    out.push_str("</pre>\n");
}

fn duration(ms: f64) -> String {
    let ms = if ms.is_finite() && ms > 0.0 { ms } else { 0.0 };
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 60_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        let s = (ms / 1000.0).round() as u64;
        format!("{}m {:02}s", s / 60, s % 60)
    }
}

/// Text and attribute values alike; control characters become U+FFFD so a hostile byte in a
/// body cannot hide or reshape what follows.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, HOSTILE};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// The text of the element carrying `id`, as written or as a browser serialises it.
    fn text_of<'a>(html: &'a str, id: &str) -> Option<&'a str> {
        let at = html.find(&format!("id=\"{id}\""))?;
        let open_end = at + html[at..].find('>')? + 1;
        let close = html[open_end..].find('<')?;
        Some(&html[open_end..open_end + close])
    }

    fn summary(html: &str) -> Vec<(&'static str, String)> {
        [
            "requests",
            "passed",
            "failed",
            "broken",
            "not-run",
            "unchecked",
            "duration",
        ]
        .into_iter()
        .map(|id| {
            let key = format!("summary-{id}");
            (id, text_of(html, &key).unwrap_or("missing").to_string())
        })
        .collect()
    }

    fn expected_summary() -> Vec<(&'static str, String)> {
        [
            ("requests", "8"),
            ("passed", "4"),
            ("failed", "1"),
            ("broken", "1"),
            ("not-run", "2"),
            ("unchecked", "1"),
            ("duration", "1.23 s"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect()
    }

    #[test]
    fn summary_numbers_have_stable_ids() {
        let html = render(&sample::report());
        assert_eq!(summary(&html), expected_summary());
        assert!(
            html.contains("<dd id=\"summary-environment\"><code>local &quot;dev&quot;</code></dd>")
        );
        assert_eq!(text_of(&html, "summary-assertions"), Some("3 failed of 10"));
        assert_eq!(text_of(&html, "coverage-never-reached"), Some("1"));
        assert!(html.contains("Run ended early: --bail: stopped after the first failure"));
    }

    #[test]
    fn the_page_is_self_contained_and_phone_ready() {
        let html = render(&sample::report());
        assert!(
            html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            )
        );
        for external in ["<link", " src=", "url(", "@import", "https:"] {
            assert!(!html.contains(external), "page references {external}");
        }
        assert!(html.contains("@media (max-width: 600px)"));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let html = render(&sample::report());
        assert!(!html.contains(HOSTILE));
        assert!(
            !html.contains("<script"),
            "the page carries no script at all"
        );
        assert!(html.contains("Refresh &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("body has &quot;token&quot; &lt;b&gt;"));
        assert!(html.contains("?a=1&amp;b=2"));
        assert!(!html.contains('\u{7}') && !html.contains('\u{0}'));
        assert_eq!(esc("'\u{1b}[31m\"&"), "&#39;\u{FFFD}[31m&quot;&amp;");
    }

    #[test]
    fn failures_come_first_and_open() {
        let html = render(&sample::report());
        let failures = html.find("id=\"failures\"").expect("failures section");
        let not_run = html.find("id=\"not-run\"").expect("not-run section");
        let passed = html.find("id=\"passed\"").expect("passed section");
        assert!(failures < not_run && not_run < passed);
        assert!(html.contains("<details class=\"ex failed\" id=\"ex-1\" open>"));
        assert!(html.contains("<details class=\"ex broken\" id=\"ex-2\" open>"));
        assert!(html.contains("<details class=\"ex passed\" id=\"ex-0\">"));
        assert!(html.contains("iteration 2/2"));
    }

    #[test]
    fn diff_lines_are_coloured_by_their_sign() {
        let html = render(&sample::report());
        assert!(
            html.contains("<span class=\"da\">+  &quot;status&quot;: &quot;denied&quot;\n</span>")
        );
        assert!(html.contains("<span class=\"dd\">-  &quot;status&quot;: &quot;ok&quot;\n</span>"));
        assert!(html.contains("<span class=\"dh\">+++ received body\n</span>"));
        assert!(html.contains("<span class=\"dc\">@@ -1,3 +1,3 @@\n</span>"));
    }

    #[test]
    fn exchange_shows_redacted_headers_and_pretty_bodies() {
        let html = render(&sample::report());
        assert!(html.contains("<tr><th>Authorization</th><td>***</td></tr>"));
        assert!(
            html.contains(
                "<pre class=\"body\">{\n  &quot;status&quot;: &quot;denied&quot;\n}</pre>"
            )
        );
        assert!(html.contains("<pre class=\"body\">pong</pre>"));
        assert!(html.contains("token expired &amp; retried\nx &lt; y &gt; z\n</pre>"));
    }

    #[test]
    fn long_and_binary_bodies_are_cut_or_named() {
        let mut out = String::new();
        excerpt(&vec![b'a'; BODY_EXCERPT + 10], &mut out);
        assert!(out.contains("… first 4096 characters shown"));
        let mut out = String::new();
        excerpt(&[0xff, 0xfe, 0x00], &mut out);
        assert!(out.contains("binary body, 3 bytes"));
    }

    #[test]
    fn an_empty_run_still_renders_a_page() {
        let html = render(&sample::empty());
        assert_eq!(text_of(&html, "summary-requests"), Some("0"));
        assert!(html.contains("No request was executed."));
        assert!(html.contains("<dd id=\"summary-base-url\"><span class=\"none\">not set</span>"));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(12.4), "12 ms");
        assert_eq!(duration(1234.5), "1.23 s");
        assert_eq!(duration(125_000.0), "2m 05s");
        assert_eq!(duration(f64::NAN), "0 ms");
    }

    fn write_page() -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-tests");
        std::fs::create_dir_all(&dir).expect("create target/report-tests");
        let path = dir.join("report.html");
        std::fs::write(&path, render(&sample::report())).expect("write report.html");
        path
    }

    #[test]
    fn a_real_browser_shows_the_summary_numbers() {
        let version = Command::new("chromium")
            .arg("--version")
            .output()
            .expect("chromium runs (apt-get install -y chromium; .ci/run installs it)");
        assert!(version.status.success(), "chromium --version failed");
        let page = write_page();
        let profile = tempfile::tempdir().expect("temp profile dir");
        let mut child = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let deadline = Instant::now() + Duration::from_secs(120);
        while child.try_wait().expect("poll chromium").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("chromium did not finish within 120 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let out = child.wait_with_output().expect("chromium output");
        let dom = String::from_utf8_lossy(&out.stdout);
        assert_eq!(summary(&dom), expected_summary(), "dumped DOM:\n{dom}");
        assert!(!dom.contains("<script"), "escaped text became an element");
        assert!(dom.contains("Refresh &lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
