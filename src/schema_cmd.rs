//! `conform schema derive|infer`: writes schema files from API docs. Owns the commands' file
//! handling only; conversion rules live in `schema`.

use crate::cli::SchemaCommand;
use crate::schema;
use std::path::Path;

pub fn run(cmd: SchemaCommand) -> Result<(), String> {
    match cmd {
        SchemaCommand::Derive {
            openapi,
            out,
            overlay,
        } => {
            let mut api = schema::derive(&openapi).map_err(|e| e.to_string())?;
            if let Some(path) = &overlay {
                let patch = read_json(path)?;
                schema::overlay::apply(&mut api, &patch, path).map_err(|e| e.to_string())?;
            }
            api.write(&out).map_err(|e| e.to_string())?;
            println!(
                "derived {} schemas from {} into {}",
                api.schemas.len(),
                openapi.display(),
                out.display()
            );
            Ok(())
        }
        SchemaCommand::Infer {
            examples,
            out,
            request,
            status,
        } => {
            let bodies = example_bodies(&examples, request.as_deref(), status)?;
            let inferred = schema::infer(&bodies);
            let text = serde_json::to_string_pretty(&inferred).map_err(|e| e.to_string())? + "\n";
            crate::fsutil::write_atomic(&out, text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!(
                "inferred {} from {} example(s)",
                out.display(),
                bodies.len()
            );
            Ok(())
        }
    }
}

/// Example bodies from plain JSON files and from saved examples (v3 `*.example.yaml`, a v3
/// request's examples, or one request's `response[]` in a collection), filtered by `status`.
fn example_bodies(
    paths: &[std::path::PathBuf],
    request: Option<&str>,
    status: Option<u16>,
) -> Result<Vec<(String, serde_json::Value)>, String> {
    use crate::postman::examples::{examples_in, is_example_source};
    let mut bodies = Vec::new();
    let mut statuses = std::collections::BTreeSet::new();
    for p in paths {
        let doc = if is_example_source(p, None) {
            None
        } else {
            Some(read_json(p)?)
        };
        if let Some(body) = doc.as_ref().filter(|d| !is_example_source(p, Some(d))) {
            bodies.push((p.display().to_string(), body.clone()));
            continue;
        }
        let saved = examples_in(p, request).map_err(|e| e.to_string())?;
        for ex in crate::check::examples::saved(&saved) {
            if status.is_some_and(|s| ex.status != Some(s)) {
                continue;
            }
            if let Some(json) = ex.json {
                statuses.extend(ex.status);
                bodies.push((format!("{} example '{}'", p.display(), ex.name), json));
            }
        }
    }
    if statuses.len() > 1 {
        let listed: Vec<String> = statuses.iter().map(u16::to_string).collect();
        return Err(format!(
            "the examples answer with statuses {}: choose one with --status",
            listed.join(", ")
        ));
    }
    if bodies.is_empty() {
        return Err("no JSON example bodies to infer a schema from".into());
    }
    Ok(bodies)
}

fn read_json(p: &Path) -> Result<serde_json::Value, String> {
    let text =
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: {}", p.display(), e.line(), e.column(), e))
}
