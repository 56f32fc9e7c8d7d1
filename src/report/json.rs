//! The JSON report: a documented, versioned shape (`docs/report-json.md`, validated by
//! `docs/report.schema.json`) that other tools may parse. A pure function of the already
//! redacted run report. Changing a field's meaning or removing one bumps `VERSION`; adding an
//! optional field does not.

use crate::outcome::{CheckStatus, Execution, Outcome, RunInfo, RunReport, SchemaResult};
use crate::report::spool::Parts;
use crate::report::tally::Tally;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};
use std::io::Write;

/// The `format` tag, so a reader can tell this file from other JSON.
pub const FORMAT: &str = "conform-report";
pub const VERSION: u32 = 1;

pub fn render(report: &RunReport) -> String {
    let doc = head(&report.info, &Tally::of(&report.executions));
    let doc = Document {
        head: &doc,
        executions: &report.executions,
    };
    // Serialising `Value`s has no failure path; the fallback only keeps this panic-free.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Everything but `executions`: the run, its totals and its coverage.
fn head(info: &RunInfo, t: &Tally) -> Value {
    json!({
        "format": FORMAT,
        "version": VERSION,
        "run": {
            "tool_version": info.tool_version,
            "started": info.started,
            "duration_ms": finite(info.duration_ms),
            "base_url": info.base_url,
            "environment": info.environment,
            "ended_early": info.ended_early,
            "suites": info.suites.iter().map(|s| json!({
                "name": s.name,
                "source": s.source,
                "iterations": s.iterations,
            })).collect::<Vec<_>>(),
        },
        "summary": {
            "requests": t.requests,
            "passed": t.passed,
            "failed": t.failed,
            "broken": t.broken,
            "not_run": t.not_run,
            "unchecked": t.unchecked,
            "assertions": { "total": t.assertions, "failed": t.assertions_failed },
        },
        "coverage": info.coverage.as_ref().map(|c| json!({
            "contracts": c.contracts.iter().map(|u| json!({
                "name": u.name,
                "origin": u.origin,
                "responses": u.responses,
            })).collect::<Vec<_>>(),
            "responses": c.responses,
            "exercised": c.exercised,
            "never_reached": c.never_reached,
            "unchecked": c.unchecked,
        })),
    })
}

/// One execution as it sits in the `executions` array of `render`'s output (pretty-printed two
/// levels deep), written when the execution arrives (`report::stream`).
pub fn part(e: &Execution) -> String {
    let text = serde_json::to_string_pretty(&execution(e)).unwrap_or_default();
    // JSON strings hold no raw line break: every line break is the printer's.
    format!("    {}", text.replace('\n', "\n    "))
}

/// The document `render` writes, with the executions' parts copied in (`part`), in order.
pub fn assemble(
    info: &RunInfo,
    t: &Tally,
    order: &[u32],
    parts: &mut Parts,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let head = serde_json::to_string_pretty(&head(info, t)).unwrap_or_default();
    // The head is an object with fields: it ends with its last field, a line break and `}`.
    let open = head.strip_suffix("\n}").unwrap_or(&head);
    out.write_all(open.as_bytes())?;
    out.write_all(b",\n  \"executions\": [")?;
    for (k, &i) in order.iter().enumerate() {
        out.write_all(if k == 0 { b"\n" } else { b",\n" })?;
        parts.copy(i as usize, out)?;
    }
    out.write_all(if order.is_empty() {
        b"]\n}\n"
    } else {
        b"\n  ]\n}\n"
    })
}

/// The head fields, then `executions`, each execution turned into JSON only while it is
/// written: a long run's report never exists as one `Value` tree (about 8× the text).
struct Document<'a> {
    head: &'a Value,
    executions: &'a [Execution],
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let head = self.head.as_object();
        let mut map = s.serialize_map(head.map(|h| h.len() + 1))?;
        for (k, v) in head.into_iter().flatten() {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry("executions", &Executions(self.executions))?;
        map.end()
    }
}

struct Executions<'a>(&'a [Execution]);

impl Serialize for Executions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(execution))
    }
}

fn execution(e: &Execution) -> Value {
    let (outcome, reason) = match &e.outcome {
        Outcome::Passed => ("passed", None),
        Outcome::Failed => ("failed", None),
        Outcome::Broken(cause) => ("broken", Some(cause.to_string())),
        Outcome::NotRun(why) => ("not_run", Some(why.to_string())),
    };
    json!({
        "name": e.name,
        "path": e.path,
        "suite": e.suite,
        "iteration": e.iteration,
        "request": e.request.as_ref().map(|r| json!({
            "method": r.method,
            "url": r.url,
            "headers": r.headers,
        })),
        "response": e.response.as_ref().map(|r| json!({
            "status": r.status,
            "reason": r.reason,
            "time_ms": finite(r.time_ms),
            "size": e.received_bytes(),
            "headers": r.headers,
        })),
        "assertions": e.checks.iter().map(|c| json!({
            "name": c.name,
            "passed": matches!(c.status, CheckStatus::Passed),
            "skipped": matches!(c.status, CheckStatus::Skipped),
            "error": match &c.status {
                CheckStatus::Failed(failure) => Some(failure.to_string()),
                _ => None,
            },
        })).collect::<Vec<_>>(),
        "schema": e.schema.as_ref().map(schema),
        "console": e.console,
        "outcome": outcome,
        "reason": reason,
    })
}

fn schema(s: &SchemaResult) -> Value {
    json!({
        "file": s.file,
        "passed": s.passed,
        "errors": s.errors,
        "diff": s.diff,
        "unchecked": s.unchecked,
    })
}

/// JSON has no NaN or infinity; a clock glitch must not make the file unreadable.
fn finite(ms: f64) -> f64 {
    if ms.is_finite() && ms >= 0.0 { ms } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, DIFF, HOSTILE};

    const SCHEMA: &str = include_str!("../../docs/report.schema.json");

    fn parse(report: &crate::outcome::RunReport) -> Value {
        serde_json::from_str(&render(report)).expect("render emits json")
    }

    fn validator() -> jsonschema::Validator {
        let schema: Value = serde_json::from_str(SCHEMA).expect("schema is json");
        jsonschema::validator_for(&schema).expect("schema compiles")
    }

    fn errors(v: &Value) -> Vec<String> {
        validator()
            .iter_errors(v)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    #[test]
    fn summary_counts_every_kind_of_outcome() {
        let v = parse(&sample::report());
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["version"], 1);
        assert_eq!(
            v["summary"],
            json!({"requests": 8, "passed": 4, "failed": 1, "broken": 1, "not_run": 2,
                   "unchecked": 1, "assertions": {"total": 10, "failed": 3}})
        );
        assert_eq!(v["run"]["environment"], "local \"dev\"");
        assert_eq!(v["run"]["suites"][0]["iterations"], 2);
        assert_eq!(
            v["coverage"]["never_reached"][0],
            "DELETE /v1/users/{id} 204"
        );
    }

    #[test]
    fn executions_carry_path_outcome_and_reason() {
        let v = parse(&sample::report());
        let ex = v["executions"].as_array().expect("executions");
        assert_eq!(ex.len(), 8);
        let outcomes: Vec<&str> = ex.iter().filter_map(|e| e["outcome"].as_str()).collect();
        assert_eq!(
            outcomes,
            [
                "passed", "failed", "broken", "passed", "passed", "not_run", "passed", "not_run"
            ]
        );
        let failed = &ex[1];
        assert_eq!(failed["path"], json!(["Auth", HOSTILE]));
        assert_eq!(failed["iteration"], 0);
        assert_eq!(failed["reason"], Value::Null);
        assert_eq!(failed["response"]["size"], 19);
        assert_eq!(
            failed["request"]["headers"][0],
            json!(["Authorization", "***"])
        );
        assert_eq!(failed["schema"]["diff"], DIFF);
        assert_eq!(
            failed["assertions"][3],
            json!({"name": "is fast", "passed": true, "skipped": false, "error": null})
        );
        assert_eq!(ex[2]["reason"], "connection refused: 127.0.0.1:9");
        assert_eq!(ex[2]["response"], Value::Null);
        assert_eq!(
            ex[5]["reason"],
            "not run: --bail stopped the run after a failure"
        );
        assert_eq!(ex[6]["schema"]["unchecked"], true);
        assert_eq!(ex[6]["assertions"][0]["skipped"], true);
    }

    #[test]
    fn rendered_reports_match_the_published_schema() {
        for report in [sample::report(), sample::empty()] {
            let v = parse(&report);
            assert_eq!(errors(&v), Vec::<String>::new());
        }
    }

    #[test]
    fn the_schema_rejects_drift() {
        let mut v = parse(&sample::report());
        v["executions"][0]["outcome"] = json!("exploded");
        v["summary"]["surprise"] = json!(1);
        v["run"]
            .as_object_mut()
            .expect("run object")
            .remove("started");
        let errs = errors(&v);
        assert_eq!(errs.len(), 3, "{errs:#?}");
    }

    #[test]
    fn the_documented_example_is_a_valid_report() {
        let page = include_str!("../../docs/report-json.md");
        let start = page.find("```json\n").expect("an example block") + "```json\n".len();
        let end = page[start..].find("```").expect("closed block") + start;
        let example: Value = serde_json::from_str(&page[start..end]).expect("example is json");
        assert_eq!(errors(&example), Vec::<String>::new());
    }

    #[test]
    fn streamed_executions_print_as_the_whole_tree_would() {
        let report = sample::report();
        let mut whole = parse(&report);
        let executions: Vec<Value> = report.executions.iter().map(execution).collect();
        whole["executions"] = Value::Array(executions);
        let mut expected = serde_json::to_string_pretty(&whole).expect("value prints");
        expected.push('\n');
        assert_eq!(render(&report), expected);
        assert!(render(&sample::empty()).contains("\"executions\": []"));
    }

    #[test]
    fn non_finite_times_stay_valid_json() {
        let mut r = sample::report();
        r.info.duration_ms = f64::NAN;
        let v = parse(&r);
        assert_eq!(v["run"]["duration_ms"], 0.0);
        assert!(errors(&v).is_empty());
    }
}
