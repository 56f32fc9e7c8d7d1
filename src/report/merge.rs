//! `conform report merge DIR…`: the reports of a sharded run (`--shard K/N`, one job each) made
//! into one JUnit file and one JSON report, as if one job had run everything: the JUnit
//! `testsuite` elements under one `testsuites` root with the counts summed (ids renumbered so
//! they stay unique), and the JSON reports' executions in shard order with the summary,
//! coverage and run information recomputed from theirs.

use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a JUnit report: {message}", path.display())]
    Xml { path: PathBuf, message: String },
    #[error("{}: not a conform JSON report: {message}", path.display())]
    Json { path: PathBuf, message: String },
    #[error("{}: no junit.xml or report.json in this folder", path.display())]
    Empty { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What was written.
#[derive(Debug, Default)]
pub struct Merged {
    pub junit: Option<(PathBuf, usize)>,
    pub json: Option<(PathBuf, usize)>,
}

/// Merges the reports found in `inputs` (folders holding `junit.xml` and/or `report.json`, or
/// those files themselves) into `out/junit.xml` and `out/report.json`.
pub fn merge(inputs: &[PathBuf], out: &Path) -> Result<Merged, MergeError> {
    let mut junits = Vec::new();
    let mut jsons = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let (j, r) = (input.join("junit.xml"), input.join("report.json"));
            if !j.is_file() && !r.is_file() {
                return Err(MergeError::Empty {
                    path: input.clone(),
                });
            }
            if j.is_file() {
                junits.push(j);
            }
            if r.is_file() {
                jsons.push(r);
            }
        } else if input.extension().is_some_and(|e| e == "xml") {
            junits.push(input.clone());
        } else {
            jsons.push(input.clone());
        }
    }
    let write = |name: &str, text: String| {
        let path = out.join(name);
        std::fs::create_dir_all(out)
            .and_then(|_| crate::fsutil::write_atomic(&path, text.as_bytes()))
            .map_err(|source| MergeError::Write {
                path: path.clone(),
                source,
            })?;
        Ok::<PathBuf, MergeError>(path)
    };
    let mut merged = Merged::default();
    if !junits.is_empty() {
        let texts = junits
            .iter()
            .map(|p| read(p).map(|t| (p.clone(), t)))
            .collect::<Result<Vec<_>, _>>()?;
        merged.junit = Some((write("junit.xml", junit(&texts)?)?, junits.len()));
    }
    if !jsons.is_empty() {
        let docs = jsons
            .iter()
            .map(|p| {
                let text = read(p)?;
                serde_json::from_str::<Value>(&text).map_err(|e| MergeError::Json {
                    path: p.clone(),
                    message: format!("{}:{}: {e}", e.line(), e.column()),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let doc = json_reports(&jsons, docs)?;
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        merged.json = Some((write("report.json", text)?, jsons.len()));
    }
    Ok(merged)
}

fn read(p: &Path) -> Result<String, MergeError> {
    std::fs::read_to_string(p).map_err(|source| MergeError::Read {
        path: p.to_path_buf(),
        source,
    })
}

/// The counts a `testsuites` root carries (the JUnit XSD allows no `skipped` there), summed.
#[derive(Default)]
struct Counts {
    tests: u64,
    failures: u64,
    errors: u64,
    time: f64,
}

fn junit(files: &[(PathBuf, String)]) -> Result<String, MergeError> {
    let mut counts = Counts::default();
    let mut body: Vec<u8> = Vec::new();
    let mut next_id = 0usize;
    for (path, text) in files {
        let fail = |message: String| MergeError::Xml {
            path: path.clone(),
            message,
        };
        let mut reader = quick_xml::Reader::from_str(text);
        let mut writer = quick_xml::Writer::new(&mut body);
        let mut depth = 0usize;
        // The root element is `testsuites`, or a lone `testsuite` kept as one child.
        let mut wrapped = true;
        let mut saw_root = false;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| fail(format!("at byte {}: {e}", reader.buffer_position())))?;
            match event {
                Event::Eof => break,
                Event::Decl(_) | Event::DocType(_) | Event::PI(_) if depth == 0 => {}
                Event::Comment(_) | Event::Text(_) if depth == 0 => {}
                Event::Start(e) if depth == 0 => {
                    saw_root = true;
                    match e.name().as_ref() {
                        b"testsuites" => {}
                        b"testsuite" => {
                            wrapped = false;
                            add_counts(&mut counts, &e);
                            let e = renumber(&e, &mut next_id);
                            writer
                                .write_event(Event::Start(e))
                                .map_err(|e| fail(e.to_string()))?;
                        }
                        other => {
                            return Err(fail(format!(
                                "the root is <{}>, not <testsuites>",
                                String::from_utf8_lossy(other)
                            )));
                        }
                    }
                    depth = 1;
                }
                Event::Empty(e) if depth == 0 => {
                    saw_root = true;
                    if e.name().as_ref() != b"testsuites" {
                        return Err(fail("the root is not <testsuites>".into()));
                    }
                }
                Event::End(e) if depth == 1 => {
                    depth = 0;
                    if !wrapped {
                        writer
                            .write_event(Event::End(e))
                            .map_err(|e| fail(e.to_string()))?;
                    }
                }
                Event::Start(e) => {
                    let e = if depth == 1 && wrapped && e.name().as_ref() == b"testsuite" {
                        add_counts(&mut counts, &e);
                        renumber(&e, &mut next_id)
                    } else {
                        e.into_owned()
                    };
                    depth += 1;
                    writer
                        .write_event(Event::Start(e))
                        .map_err(|e| fail(e.to_string()))?;
                }
                Event::Empty(e) => {
                    let e = if depth == 1 && wrapped && e.name().as_ref() == b"testsuite" {
                        add_counts(&mut counts, &e);
                        renumber(&e, &mut next_id)
                    } else {
                        e.into_owned()
                    };
                    writer
                        .write_event(Event::Empty(e))
                        .map_err(|e| fail(e.to_string()))?;
                }
                Event::End(e) => {
                    depth -= 1;
                    writer
                        .write_event(Event::End(e))
                        .map_err(|e| fail(e.to_string()))?;
                }
                other => writer.write_event(other).map_err(|e| fail(e.to_string()))?,
            }
        }
        if !saw_root {
            return Err(fail("no root element".into()));
        }
        if !body.ends_with(b"\n") {
            body.push(b'\n');
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"conform\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\">",
        counts.tests, counts.failures, counts.errors, counts.time
    ));
    if !body.starts_with(b"\n") {
        out.push('\n');
    }
    out.push_str(&String::from_utf8_lossy(&body));
    out.push_str("</testsuites>\n");
    Ok(out)
}

fn add_counts(c: &mut Counts, e: &BytesStart<'_>) {
    for a in e.attributes().flatten() {
        let v = String::from_utf8_lossy(&a.value);
        match a.key.as_ref() {
            b"tests" => c.tests += v.parse::<u64>().unwrap_or(0),
            b"failures" => c.failures += v.parse::<u64>().unwrap_or(0),
            b"errors" => c.errors += v.parse::<u64>().unwrap_or(0),
            b"time" => c.time += v.parse::<f64>().unwrap_or(0.0),
            _ => {}
        }
    }
}

/// The same start tag with `id` set to the next number (each shard counts from 0).
fn renumber(e: &BytesStart<'_>, next: &mut usize) -> BytesStart<'static> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut out = BytesStart::new(name);
    for a in e.attributes().flatten() {
        if a.key.as_ref() == b"id" {
            out.push_attribute(("id", next.to_string().as_str()));
            *next += 1;
        } else {
            out.push_attribute(a);
        }
    }
    out
}

/// One conform JSON report from several.
fn json_reports(paths: &[PathBuf], docs: Vec<Value>) -> Result<Value, MergeError> {
    for (p, d) in paths.iter().zip(&docs) {
        if d["format"] != "conform-report" || d["version"] != 1 {
            return Err(MergeError::Json {
                path: p.clone(),
                message: "expected \"format\": \"conform-report\", \"version\": 1".into(),
            });
        }
    }
    let count = |v: &Value| v.as_u64().unwrap_or(0);
    let mut summary = json!({
        "requests": 0, "passed": 0, "failed": 0, "broken": 0, "not_run": 0, "unchecked": 0,
        "assertions": {"total": 0, "failed": 0}
    });
    let mut executions = Vec::new();
    let mut suites: Vec<Value> = Vec::new();
    let mut started: Option<String> = None;
    let mut duration = 0.0f64;
    let mut ended_early = Value::Null;
    let mut contracts: Vec<Value> = Vec::new();
    let (mut responses, mut unchecked) = (0u64, 0u64);
    let (mut exercised, mut never): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut any_coverage = false;
    for d in &docs {
        for k in [
            "requests",
            "passed",
            "failed",
            "broken",
            "not_run",
            "unchecked",
        ] {
            summary[k] = json!(count(&summary[k]) + count(&d["summary"][k]));
        }
        for k in ["total", "failed"] {
            summary["assertions"][k] =
                json!(count(&summary["assertions"][k]) + count(&d["summary"]["assertions"][k]));
        }
        executions.extend(d["executions"].as_array().cloned().unwrap_or_default());
        let run = &d["run"];
        if let Some(s) = run["started"].as_str() {
            // RFC 3339 in UTC with the same shape: the text order is the time order.
            if started.as_deref().is_none_or(|cur| s < cur) {
                started = Some(s.to_string());
            }
        }
        // The shards ran side by side: the whole took as long as the longest.
        duration = duration.max(run["duration_ms"].as_f64().unwrap_or(0.0));
        if ended_early.is_null() {
            ended_early = run["ended_early"].clone();
        }
        for s in run["suites"].as_array().into_iter().flatten() {
            if !suites
                .iter()
                .any(|x| x["name"] == s["name"] && x["source"] == s["source"])
            {
                suites.push(s.clone());
            }
        }
        if let Some(c) = d["coverage"].as_object() {
            any_coverage = true;
            responses += count(&c["responses"]);
            unchecked += count(&c["unchecked"]);
            for u in c["contracts"].as_array().into_iter().flatten() {
                match contracts
                    .iter_mut()
                    .find(|x| x["name"] == u["name"] && x["origin"] == u["origin"])
                {
                    Some(x) => {
                        x["responses"] = json!(count(&x["responses"]) + count(&u["responses"]))
                    }
                    None => contracts.push(u.clone()),
                }
            }
            let strings = |v: &Value| -> Vec<String> {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            };
            for s in strings(&c["exercised"]) {
                if !exercised.contains(&s) {
                    exercised.push(s);
                }
            }
            for s in strings(&c["never_reached"]) {
                if !never.contains(&s) {
                    never.push(s);
                }
            }
        }
    }
    // Reached in any shard is reached.
    never.retain(|s| !exercised.contains(s));
    let first = &docs[0]["run"];
    let same = |k: &str| {
        if docs.iter().all(|d| d["run"][k] == first[k]) {
            first[k].clone()
        } else {
            Value::Null
        }
    };
    let mut run = Map::new();
    run.insert("tool_version".into(), first["tool_version"].clone());
    run.insert("started".into(), json!(started.unwrap_or_default()));
    run.insert("duration_ms".into(), json!(duration));
    run.insert("base_url".into(), same("base_url"));
    run.insert("environment".into(), same("environment"));
    run.insert("ended_early".into(), ended_early);
    run.insert("suites".into(), Value::Array(suites));
    let coverage = if any_coverage {
        json!({
            "contracts": contracts,
            "responses": responses,
            "exercised": exercised,
            "never_reached": never,
            "unchecked": unchecked
        })
    } else {
        Value::Null
    };
    Ok(json!({
        "format": "conform-report",
        "version": 1,
        "run": run,
        "summary": summary,
        "coverage": coverage,
        "executions": executions
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(exercised: &[&str], never: &[&str], requests: u64) -> Value {
        json!({
            "format": "conform-report", "version": 1,
            "run": {"tool_version": "0.1.0", "started": format!("2026-01-01T00:00:0{requests}Z"),
                    "duration_ms": requests as f64 * 10.0, "base_url": "http://x",
                    "environment": null, "ended_early": null,
                    "suites": [{"name": "c", "source": "c.json", "iterations": 2}]},
            "summary": {"requests": requests, "passed": requests, "failed": 0, "broken": 0,
                        "not_run": 0, "unchecked": 0, "assertions": {"total": 1, "failed": 0}},
            "coverage": {"contracts": [{"name": "iam", "origin": "built in", "responses": requests}],
                         "responses": requests, "exercised": exercised, "never_reached": never,
                         "unchecked": 0},
            "executions": []
        })
    }

    #[test]
    fn coverage_reached_in_any_shard_is_reached_and_counts_add_up() {
        let a = shard(&["GET /a 200"], &["GET /b 200", "GET /c 200"], 3);
        let b = shard(&["GET /b 200"], &["GET /a 200", "GET /c 200"], 2);
        let paths = vec![PathBuf::from("a"), PathBuf::from("b")];
        let m = json_reports(&paths, vec![a, b]).unwrap();
        assert_eq!(
            m["coverage"]["exercised"],
            json!(["GET /a 200", "GET /b 200"])
        );
        assert_eq!(m["coverage"]["never_reached"], json!(["GET /c 200"]));
        assert_eq!(m["coverage"]["contracts"][0]["responses"], 5);
        assert_eq!(m["summary"]["requests"], 5);
        assert_eq!(m["summary"]["assertions"]["total"], 2);
        assert_eq!(m["run"]["started"], "2026-01-01T00:00:02Z");
        assert_eq!(m["run"]["duration_ms"], 30.0);
        assert_eq!(m["run"]["suites"].as_array().unwrap().len(), 1);
        assert_eq!(m["run"]["base_url"], "http://x");
    }
}
