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
        SchemaCommand::Infer { examples, out } => {
            let mut bodies = Vec::new();
            for p in &examples {
                bodies.push((p.display().to_string(), read_json(p)?));
            }
            let inferred = schema::infer(&bodies);
            let text = serde_json::to_string_pretty(&inferred).map_err(|e| e.to_string())? + "\n";
            crate::fsutil::write_atomic(&out, text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!(
                "inferred {} from {} example(s)",
                out.display(),
                examples.len()
            );
            Ok(())
        }
    }
}

fn read_json(p: &Path) -> Result<serde_json::Value, String> {
    let text =
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: {}", p.display(), e.line(), e.column(), e))
}
