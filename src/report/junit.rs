//! The JUnit XML file: one `<testsuite>` per collection and iteration, one `<testcase>` per
//! execution, shaped to the Jenkins xUnit `junit-10.xsd` that Jenkins and GitLab read. A pure
//! function of the (already redacted) run report; writes no file and reads no clock.
//!
//! Hand-written rather than `quick-junit`: that crate wants typed timestamps and durations
//! and pulls an XML writer plus a date crate, while the whole format here is five elements and
//! one escaping function.

use crate::outcome::{Execution, Failure, Outcome, RunInfo, RunReport};
use crate::report::spool::Parts;
use crate::report::stream::{Entry, Kind};
use crate::report::tally::{Tally, iterations, iterations_of};
use std::collections::HashMap;
use std::fmt::Write;

pub fn render(report: &RunReport) -> String {
    let all = Tally::of(&report.executions);
    let mut out = String::from(XML_DECL);
    open_suites(&report.info, &all, &mut out);
    let counts = iterations(report);
    // A collection cut short still has its not-run executions; a group with none at all was not
    // this run's to run (another --shard, a --folder elsewhere), and shard files must concatenate.
    let groups: Vec<Group<'_>> = groups(report)
        .into_iter()
        .filter(|g| !g.executions.is_empty())
        .collect();
    for (id, g) in groups.iter().enumerate() {
        let head = SuiteHead {
            suite: g.suite,
            source: g.source,
            iteration: g.iteration,
            tally: Tally::of(g.executions.iter().copied()),
            time_ms: g.executions.iter().map(|e| elapsed_ms(e)).sum(),
        };
        open_suite(&report.info, &counts, id, &head, &mut out);
        for e in &g.executions {
            testcase(e, &mut out);
        }
        out.push_str(CLOSE_SUITE);
    }
    out.push_str(CLOSE_SUITES);
    out
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const CLOSE_SUITE: &str = "  </testsuite>\n";
const CLOSE_SUITES: &str = "</testsuites>\n";

fn open_suites(info: &RunInfo, all: &Tally, out: &mut String) {
    let _ = writeln!(
        out,
        "<testsuites name=\"conform\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">",
        all.requests,
        all.failed,
        all.broken,
        seconds(info.duration_ms)
    );
}

/// One execution's `<testcase>`, written when the execution arrives (`report::stream`).
pub fn part(e: &Execution) -> String {
    let mut out = String::new();
    testcase(e, &mut out);
    out
}

/// The document `render` writes, with the testcases copied in from their parts: `entries` in
/// arrival order (part `i` is entry `i`'s), `order` their trial order, `suites` the collection
/// names entries point to.
pub fn assemble(
    info: &RunInfo,
    all: &Tally,
    entries: &[Entry],
    order: &[u32],
    suites: &[String],
    parts: &mut Parts,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut text = String::from(XML_DECL);
    open_suites(info, all, &mut text);
    out.write_all(text.as_bytes())?;
    let mut counts: HashMap<&str, usize> = info
        .suites
        .iter()
        .map(|s| (s.name.as_str(), s.iterations))
        .collect();
    for e in entries {
        let seen = counts.entry(&suites[e.suite as usize]).or_insert(0);
        *seen = (*seen).max(e.iteration as usize + 1);
    }
    // The groups `groups` makes, numbered the same way: declared ones first (the first
    // collection of a name owns its iterations), then the others as they first appear.
    let mut declared: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut next = 0;
    for (s, suite) in info.suites.iter().enumerate() {
        declared.entry(&suite.name).or_default().push((s, next));
        next += suite.iterations.max(1);
    }
    let mut others: HashMap<(u32, u32), usize> = HashMap::new();
    let mut keyed: Vec<(usize, u32)> = order
        .iter()
        .map(|&i| {
            let e = &entries[i as usize];
            let name = suites[e.suite as usize].as_str();
            let it = e.iteration as usize;
            let own = declared.get(name).and_then(|list| {
                list.iter()
                    .find(|(s, _)| it < info.suites[*s].iterations.max(1))
                    .map(|(_, base)| base + it)
            });
            let group = own.unwrap_or_else(|| {
                let n = others.len();
                next + *others.entry((e.suite, e.iteration)).or_insert(n)
            });
            (group, i)
        })
        .collect();
    keyed.sort_by_key(|(group, _)| *group);
    for (id, run) in keyed.chunk_by(|a, b| a.0 == b.0).enumerate() {
        let first = &entries[run[0].1 as usize];
        let name = suites[first.suite as usize].as_str();
        let it = first.iteration as usize;
        let mut tally = Tally::default();
        let mut time_ms = 0.0;
        for (_, i) in run {
            let e = &entries[*i as usize];
            tally.requests += 1;
            match e.kind {
                Kind::Passed => tally.passed += 1,
                Kind::Failed => tally.failed += 1,
                Kind::Broken => tally.broken += 1,
                Kind::NotRun => tally.not_run += 1,
            }
            time_ms += e.time_ms;
        }
        let source = declared
            .get(name)
            .and_then(|list| {
                list.iter()
                    .find(|(s, _)| it < info.suites[*s].iterations.max(1))
            })
            .map(|(s, _)| info.suites[*s].source.as_str());
        let head = SuiteHead {
            suite: name,
            source,
            iteration: it,
            tally,
            time_ms,
        };
        let mut text = String::new();
        open_suite(info, &counts, id, &head, &mut text);
        out.write_all(text.as_bytes())?;
        for (_, i) in run {
            parts.copy(*i as usize, out)?;
        }
        out.write_all(CLOSE_SUITE.as_bytes())?;
    }
    out.write_all(CLOSE_SUITES.as_bytes())
}

/// The executions of one collection in one iteration.
struct Group<'a> {
    suite: &'a str,
    source: Option<&'a str>,
    iteration: usize,
    executions: Vec<&'a Execution>,
}

/// Declared suites and iterations first, in run order, so a collection cut short by `--bail`
/// or `--timeout` still shows up; then anything the declaration did not mention.
fn groups(report: &RunReport) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: HashMap<(&str, usize), usize> = HashMap::new();
    for s in &report.info.suites {
        for iteration in 0..s.iterations.max(1) {
            index.entry((&s.name, iteration)).or_insert(groups.len());
            groups.push(Group {
                suite: &s.name,
                source: Some(&s.source),
                iteration,
                executions: Vec::new(),
            });
        }
    }
    for e in &report.executions {
        let at = *index.entry((&e.suite, e.iteration)).or_insert_with(|| {
            groups.push(Group {
                suite: &e.suite,
                source: None,
                iteration: e.iteration,
                executions: Vec::new(),
            });
            groups.len() - 1
        });
        if let Some(g) = groups.get_mut(at) {
            g.executions.push(e);
        }
    }
    groups
}

/// What a `<testsuite>` element says of its executions.
struct SuiteHead<'a> {
    suite: &'a str,
    source: Option<&'a str>,
    iteration: usize,
    tally: Tally,
    time_ms: f64,
}

fn open_suite(
    info: &RunInfo,
    counts: &HashMap<&str, usize>,
    id: usize,
    g: &SuiteHead<'_>,
    out: &mut String,
) {
    let n = iterations_of(counts, g.suite);
    let name = if n > 1 {
        format!("{} (iteration {}/{n})", g.suite, g.iteration + 1)
    } else {
        g.suite.to_string()
    };
    let t = &g.tally;
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" id=\"{id}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\" timestamp=\"{}\">",
        attr(&name),
        t.requests,
        t.failed,
        t.broken,
        t.not_run,
        seconds(g.time_ms),
        attr(&info.started)
    );
    out.push_str("    <properties>\n");
    property(out, "conform.version", &info.tool_version);
    if let Some(url) = &info.base_url {
        property(out, "base_url", url);
    }
    if let Some(env) = &info.environment {
        property(out, "environment", env);
    }
    if let Some(source) = g.source {
        property(out, "source", source);
    }
    property(out, "iteration", &(g.iteration + 1).to_string());
    if let Some(why) = &info.ended_early {
        property(out, "ended_early", why);
    }
    out.push_str("    </properties>\n");
}

fn property(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(
        out,
        "      <property name=\"{}\" value=\"{}\"/>",
        attr(name),
        attr(value)
    );
}

fn testcase(e: &Execution, out: &mut String) {
    let (request, folders) = match e.path.split_last() {
        Some((last, folders)) => (last.as_str(), folders),
        None => (e.name.as_str(), &[][..]),
    };
    let classname = std::iter::once(e.suite.as_str())
        .chain(folders.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(".");
    let mut body = String::new();
    match &e.outcome {
        Outcome::Passed => {}
        Outcome::Failed => {
            let failed: Vec<&str> = e.failed_checks().map(|(name, _)| name).collect();
            let message = match failed.as_slice() {
                [] => "request failed".to_string(),
                [one] => format!("check failed: {one}"),
                many => format!("{} checks failed: {}", many.len(), many.join("; ")),
            };
            let _ = write!(
                body,
                "\n      <failure message=\"{}\" type=\"AssertionFailure\">{}</failure>",
                attr(&message),
                text(&details(e))
            );
        }
        Outcome::Broken(cause) => {
            let _ = write!(
                body,
                "\n      <error message=\"{}\" type=\"RequestError\">{}</error>",
                attr(&cause.message),
                text(&details(e))
            );
        }
        Outcome::NotRun(why) => {
            let _ = write!(
                body,
                "\n      <skipped message=\"{}\"/>",
                attr(&why.to_string())
            );
        }
    }
    if !e.console.is_empty() {
        let _ = write!(
            body,
            "\n      <system-out>{}</system-out>",
            text(&e.console.join("\n"))
        );
    }
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"",
        attr(&classname),
        attr(request),
        seconds(elapsed_ms(e))
    );
    if body.is_empty() {
        out.push_str("/>\n");
    } else {
        let _ = writeln!(out, ">{body}\n    </testcase>");
    }
}

/// What a CI page shows under a failed test: the exchange, every failed check, the contract
/// errors and the diff.
fn details(e: &Execution) -> String {
    let mut s = String::new();
    if let Some(req) = &e.request {
        let _ = writeln!(s, "{} {}", req.method, req.url);
    }
    if let Some(resp) = &e.response {
        let _ = writeln!(
            s,
            "-> {} {} in {:.1} ms, {} bytes",
            resp.status,
            resp.reason,
            resp.time_ms,
            e.received_bytes().unwrap_or_default()
        );
    }
    if let Outcome::Broken(cause) = &e.outcome {
        let _ = writeln!(s, "error: {cause}");
    }
    for (name, failure) in e.failed_checks() {
        let _ = writeln!(s, "failed: {name}");
        // A contract failure's errors and diff follow once, under "schema:".
        if matches!(failure, Failure::Contract { .. })
            && e.schema.as_ref().is_some_and(|s| !s.passed)
        {
            continue;
        }
        for line in failure.to_string().lines() {
            let _ = writeln!(s, "  {line}");
        }
    }
    if let Some(schema) = e.schema.as_ref().filter(|s| !s.passed) {
        if let Some(file) = &schema.file {
            let _ = writeln!(s, "schema: {file}");
        }
        for err in &schema.errors {
            let _ = writeln!(s, "  {err}");
        }
        if let Some(diff) = &schema.diff {
            s.push_str("diff (documented example -> received body):\n");
            s.push_str(diff);
            s.push('\n');
        }
    }
    s
}

pub(super) fn elapsed_ms(e: &Execution) -> f64 {
    e.response.as_ref().map_or(0.0, |r| r.time_ms)
}

/// Seconds with millisecond precision, never negative or NaN: junit-10.xsd's time pattern
/// admits digits and a dot only.
fn seconds(ms: f64) -> String {
    let ms = if ms.is_finite() && ms > 0.0 { ms } else { 0.0 };
    format!("{:.3}", ms / 1000.0)
}

/// Attribute values: line breaks and tabs as references, or parsers normalise them to spaces.
fn attr(s: &str) -> String {
    escape(s, true)
}

fn text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if allowed_in_xml(c) => out.push(c),
            // XML 1.0 forbids these even as character references; keep a visible trace.
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// The XML 1.0 `Char` production (Rust strings hold no surrogates).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, DIFF, HEALTH, HOSTILE, IAM};
    use std::path::{Path, PathBuf};
    use std::process::Command;

    const XSD: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/report/junit.xsd"
    );

    /// Files the external validators read; under target/ so `cargo clean` removes them.
    fn work_dir() -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-tests");
        std::fs::create_dir_all(&dir).expect("create target/report-tests");
        dir
    }

    fn write(name: &str, xml: &str) -> PathBuf {
        let path = work_dir().join(name);
        std::fs::write(&path, xml).expect("write junit file");
        path
    }

    #[test]
    fn one_testsuite_per_collection_and_iteration_with_counts() {
        let xml = render(&sample::report());
        assert_eq!(xml.matches("<testsuite ").count(), 3);
        assert_eq!(xml.matches("<testcase ").count(), 8);
        assert!(xml.contains(
            "<testsuites name=\"conform\" tests=\"8\" failures=\"1\" errors=\"1\" time=\"1.234\">"
        ));
        assert!(xml.contains(
            "name=\"IAM Token &amp; Users (iteration 1/2)\" id=\"0\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\" time=\"0.043\""
        ));
        assert!(xml.contains(
            "name=\"IAM Token &amp; Users (iteration 2/2)\" id=\"1\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\""
        ));
        // A single iteration carries no iteration label.
        assert!(xml.contains("<testsuite name=\"Health\" id=\"2\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\""));
        assert!(xml.contains("<property name=\"environment\" value=\"local &quot;dev&quot;\"/>"));
        assert!(xml.contains("<property name=\"base_url\" value=\"http://127.0.0.1:8080\"/>"));
        assert!(xml.contains("<property name=\"conform.version\" value=\"0.1.0\"/>"));
        assert!(xml.contains("classname=\"Health.Deep.Nested\" name=\"Status\""));
        assert!(xml.contains("classname=\"IAM Token &amp; Users\" name=\"Introspect\""));
    }

    #[test]
    fn failure_text_holds_every_failed_check_and_the_diff() {
        let xml = render(&sample::report());
        let start = xml.find("<failure ").expect("a failure element");
        let end = xml[start..].find("</failure>").expect("closed") + start;
        let failure = &xml[start..end];
        assert!(failure.contains("message=\"3 checks failed: status is 200; response matches schema; body has &quot;token&quot; &lt;b&gt;\""));
        assert!(failure.contains("expected response to have status code 200 but got 401"));
        assert!(failure.contains("+  \"status\": \"denied\""));
        assert!(failure.contains("-  \"status\": \"ok\""));
        assert!(failure.contains("schema: schemas/token-refresh.json"));
        assert!(
            !failure.contains("is fast"),
            "passed checks stay out of the failure"
        );
        assert!(
            xml.contains(
                "<error message=\"connection refused: 127.0.0.1:9\" type=\"RequestError\">"
            )
        );
        assert!(
            xml.contains("<skipped message=\"not run: --bail stopped the run after a failure\"/>")
        );
        assert!(
            xml.contains("<system-out>token expired &amp; retried\nx &lt; y &gt; z</system-out>")
        );
    }

    #[test]
    fn escaping_strips_what_xml_forbids_and_keeps_markup_inert() {
        let xml = render(&sample::report());
        assert!(!xml.contains('\u{0}') && !xml.contains('\u{7}'));
        assert!(xml.contains("bell \u{FFFD} and nul \u{FFFD} are not XML"));
        assert!(!xml.contains("<script>"));
        assert!(xml.contains("name=\"Refresh &lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert_eq!(attr("a\nb\tc\r\"'"), "a&#10;b&#9;c&#13;&quot;'");
        assert_eq!(text("\u{FFFE}\u{1F600}\u{B}"), "\u{FFFD}\u{1F600}\u{FFFD}");
    }

    #[test]
    fn times_are_plain_non_negative_seconds() {
        assert_eq!(seconds(1234.5), "1.234");
        assert_eq!(seconds(f64::NAN), "0.000");
        assert_eq!(seconds(-5.0), "0.000");
        assert_eq!(seconds(f64::INFINITY), "0.000");
    }

    #[test]
    fn declared_suites_without_executions_are_left_out() {
        let xml = render(&sample::empty());
        assert_eq!(xml.matches("<testsuite ").count(), 0);
        assert!(xml.contains("<testsuites name=\"conform\" tests=\"0\""));
    }

    #[test]
    fn executions_of_an_undeclared_collection_get_their_own_suite() {
        let mut report = sample::report();
        let mut ghost = report.executions[0].clone();
        ghost.suite = "Ghost".into();
        ghost.iteration = 4;
        report.executions.push(ghost);
        let xml = render(&report);
        let last = xml.rfind("<testsuite ").expect("a testsuite");
        assert!(
            xml[last..]
                .starts_with("<testsuite name=\"Ghost (iteration 5/5)\" id=\"3\" tests=\"1\"")
        );
        assert!(!xml[last..].contains("name=\"source\""));
    }

    fn xmllint_ok(path: &Path) -> Option<Result<(), String>> {
        let out = Command::new("xmllint")
            .args(["--noout", "--schema", XSD])
            .arg(path)
            .output();
        match out {
            Err(e) => {
                panic!("xmllint runs (apt-get install -y libxml2-utils; .ci/run installs it): {e}")
            }
            Ok(o) if o.status.success() => Some(Ok(())),
            Ok(o) => Some(Err(String::from_utf8_lossy(&o.stderr).into_owned())),
        }
    }

    #[test]
    fn validates_against_the_jenkins_junit_xsd() {
        for (name, report) in [
            ("full.xml", sample::report()),
            ("empty.xml", sample::empty()),
        ] {
            let path = write(name, &render(&report));
            if let Some(verdict) = xmllint_ok(&path) {
                assert_eq!(
                    verdict,
                    Ok(()),
                    "{name} is not valid against tests/fixtures/report/junit.xsd"
                );
            }
        }
    }

    #[test]
    fn the_schema_check_is_not_a_rubber_stamp() {
        // A testsuite without its required `tests` attribute must be rejected, or the
        // validation above proves nothing.
        let xml = render(&sample::report()).replacen(" tests=\"3\"", "", 1);
        let path = write("broken.xml", &xml);
        if let Some(verdict) = xmllint_ok(&path) {
            assert!(
                verdict.is_err(),
                "xmllint accepted a testsuite without tests="
            );
        }
    }

    const READ_WITH_JUNITPARSER: &str = r#"
import json, sys
from junitparser import JUnitXml
out = []
for suite in JUnitXml.fromfile(sys.argv[1]):
    cases = []
    for case in suite:
        kinds = [type(r).__name__ for r in case.result]
        first = case.result[0] if case.result else None
        cases.append({
            "classname": case.classname, "name": case.name, "time": case.time,
            "kinds": kinds,
            "message": first.message if first is not None else None,
            "text": first.text if first is not None else None,
            "system_out": case.system_out,
        })
    out.append({
        "name": suite.name, "tests": suite.tests, "failures": suite.failures,
        "errors": suite.errors, "skipped": suite.skipped, "time": suite.time,
        "properties": {p.name: p.value for p in suite.properties()},
        "cases": cases,
    })
print(json.dumps(out))
"#;

    /// A python with junitparser in a test-owned virtualenv, made on first use.
    fn junitparser_python() -> Result<PathBuf, String> {
        let venv = work_dir().join("venv");
        let python = venv.join("bin/python");
        let has_it = |p: &Path| {
            Command::new(p)
                .args(["-c", "import junitparser"])
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if has_it(&python) {
            return Ok(python);
        }
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .output()
            .map_err(|e| format!("python3 unavailable ({e})"))?;
        if !made.status.success() {
            return Err(format!(
                "python3 -m venv failed: {}",
                String::from_utf8_lossy(&made.stderr).trim()
            ));
        }
        let pip = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "junitparser>=3,<6"])
            .output()
            .map_err(|e| format!("pip unavailable ({e})"))?;
        if !pip.status.success() || !has_it(&python) {
            return Err(format!(
                "pip install junitparser failed: {}",
                String::from_utf8_lossy(&pip.stderr).trim()
            ));
        }
        Ok(python)
    }

    #[test]
    fn junitparser_reads_what_we_meant() {
        let python = match junitparser_python() {
            Ok(p) => p,
            Err(why) => panic!("junitparser is needed (python3-venv and PyPI): {why}"),
        };
        let path = write("junitparser.xml", &render(&sample::report()));
        let out = Command::new(python)
            .args(["-c", READ_WITH_JUNITPARSER])
            .arg(&path)
            .output()
            .expect("run junitparser");
        assert!(
            out.status.success(),
            "junitparser failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let suites: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("junitparser printed json");
        let suites = suites.as_array().expect("a list of suites");

        let names: Vec<&str> = suites.iter().filter_map(|s| s["name"].as_str()).collect();
        let iam1 = format!("{IAM} (iteration 1/2)");
        let iam2 = format!("{IAM} (iteration 2/2)");
        assert_eq!(names, [iam1.as_str(), iam2.as_str(), HEALTH]);
        let counts: Vec<[i64; 4]> = suites
            .iter()
            .map(|s| {
                ["tests", "failures", "errors", "skipped"].map(|k| s[k].as_i64().unwrap_or(-1))
            })
            .collect();
        assert_eq!(counts, [[3, 1, 1, 0], [3, 0, 0, 1], [2, 0, 0, 1]]);
        assert_eq!(suites[0]["properties"]["environment"], "local \"dev\"");
        assert_eq!(suites[1]["properties"]["iteration"], "2");

        let report = sample::report();
        let cases: Vec<&serde_json::Value> = suites
            .iter()
            .flat_map(|s| s["cases"].as_array().into_iter().flatten())
            .collect();
        assert_eq!(cases.len(), report.executions.len());
        for (case, e) in cases.iter().zip(&report.executions) {
            let kind = match e.outcome {
                Outcome::Passed => vec![],
                Outcome::Failed => vec!["Failure"],
                Outcome::Broken(_) => vec!["Error"],
                Outcome::NotRun(_) => vec!["Skipped"],
            };
            assert_eq!(case["kinds"], serde_json::json!(kind), "{}", e.name);
            assert_eq!(case["name"], e.path.last().map_or("", String::as_str));
        }
        let failed = cases[1];
        assert_eq!(failed["name"], HOSTILE);
        assert_eq!(failed["classname"], format!("{IAM}.Auth"));
        assert!((failed["time"].as_f64().unwrap_or(0.0) - 0.030).abs() < 1e-9);
        assert!(failed["text"].as_str().unwrap_or("").contains(DIFF));
        assert_eq!(failed["system_out"], "token expired & retried\nx < y > z");
        assert_eq!(cases[2]["message"], "connection refused: 127.0.0.1:9");
    }
}
