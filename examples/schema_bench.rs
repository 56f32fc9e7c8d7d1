//! Benchmark (not a test): time to check one response body against a compiled schema, the way
//! `conform run` does it (a conforming body is judged from its bytes, `check::fast`; others
//! are parsed into a `Value` and validated), next to the candidates' costs: parsing into a
//! `serde_json::Value` (what validating with jsonschema needs first) and reading the body with
//! serde_json while keeping nothing (the floor for any serde_json-based check). Run with
//! `cargo run --release --example schema_bench` (bench/schema.sh does).

use conform::schema::{LoadOptions, SchemaSet, derive};
use serde_json::{Map, Value, json};
use std::time::Instant;

fn main() {
    let dir = std::env::temp_dir().join(format!("conform-schema-bench-{}", std::process::id()));
    let specs = write_specs(&dir);
    let set = SchemaSet::load(&[], &specs, LoadOptions::default()).expect("specs load");
    for s in &specs {
        derive(s).expect("derives");
    }

    // ~1 MiB token responses: the Sahamati-sized schema, padded through its free string fields.
    let token = json!({"ver": "1.0.0", "timestamp": "2024-10-10T10:33:56.177Z",
        "txnId": "a3229d47-c50c-4ce5-8aa2-9325dcdfe1b8", "accessToken": "x".repeat(1 << 20),
        "expiresIn": 86400, "tokenType": "Bearer"});
    report(
        &set,
        "Sahamati-size schema (6 properties), 1 MiB body",
        "/token",
        &token,
    );

    // One object of 200 properties, padded to about 1 MiB through its values.
    let padded: Map<String, Value> = (0..200)
        .map(|i| (format!("p{i}"), json!("x".repeat(5 * 1024))))
        .collect();
    report(
        &set,
        "200-property schema, one object (~1 MiB)",
        "/object",
        &Value::Object(padded),
    );

    // An array of records against a 200-property item schema, about 1 MiB in all: 80 000
    // values, the hardest reading of "1 MiB against a 200-property schema".
    let record: Map<String, Value> = (0..200)
        .map(|i| (format!("p{i}"), json!(format!("v{i}"))))
        .collect();
    let wide = Value::Array(vec![Value::Object(record); 400]);
    report(
        &set,
        "200-property schema, 400 records (~1 MiB)",
        "/wide",
        &wide,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn report(set: &SchemaSet, label: &str, path: &str, body: &Value) {
    let bytes = serde_json::to_vec(body).expect("serialises");
    // `SCHEMA_BENCH_PROFILE=/wide`: only checks of that case, for a profiler to look at.
    if let Ok(only) = std::env::var("SCHEMA_BENCH_PROFILE") {
        if only == path {
            for _ in 0..500 {
                set.check("GET", path, None, 200, Some("application/json"), &bytes);
            }
        }
        return;
    }
    let runs = 50;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let verdict = set.check("GET", path, None, 200, Some("application/json"), &bytes);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!verdict.is_failure(), "{verdict}");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let mut parse = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let v: Value = serde_json::from_slice(&bytes).expect("parses");
        parse.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(v);
    }
    parse.sort_by(|a, b| a.total_cmp(b));
    // The floor for any check that reads the body with serde_json: reading it, keeping nothing.
    let mut skim = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde::de::Deserialize::deserialize(&mut de)
            .map(|serde::de::IgnoredAny| ())
            .expect("reads");
        skim.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    skim.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{label}: {:.2} MiB, median {:.2} ms per check; parsing into a Value alone {:.2} ms; \
         reading it with serde_json keeping nothing {:.2} ms; {runs} runs",
        bytes.len() as f64 / (1 << 20) as f64,
        times[runs / 2],
        parse[runs / 2],
        skim[runs / 2]
    );
}

fn write_specs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::create_dir_all(dir).expect("temp dir");
    let props: Map<String, Value> = (0..200)
        .map(|i| (format!("p{i}"), json!({"type": "string"})))
        .collect();
    let required: Vec<String> = (0..200).map(|i| format!("p{i}")).collect();
    let token = json!({"type": "object", "required": ["accessToken", "expiresIn"], "properties": {
        "ver": {"type": "string"}, "timestamp": {"type": "string", "format": "date-time"},
        "txnId": {"type": "string"}, "accessToken": {"type": "string"},
        "expiresIn": {"type": "integer"}, "tokenType": {"type": "string"}}});
    let object = json!({"type": "object", "required": required, "properties": props});
    let wide = json!({"type": "array", "items": object.clone()});
    let spec = json!({"openapi": "3.0.0", "info": {"title": "bench", "version": "1"}, "paths": {
        "/token": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": token}}}}}},
        "/wide": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": wide}}}}}},
        "/object": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": object}}}}}}}});
    let p = dir.join("bench.json");
    std::fs::write(&p, spec.to_string()).expect("spec written");
    vec![p]
}
