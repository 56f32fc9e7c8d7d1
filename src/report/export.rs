//! `--export-environment` / `--export-globals`: the run's variables as they stand at the end, in
//! Postman's environment format, secrets masked unless `--export-secrets`. Pure rendering plus
//! the atomic write.

use crate::cli::config::Exports;
use crate::postman::Environment;
use crate::vars::{Scope, VarStore};
use serde_json::Value;
use std::path::PathBuf;

/// The files the variables came from, whose id and name the exports keep.
#[derive(Clone, Copy, Debug, Default)]
pub struct Originals<'a> {
    pub environment: Option<&'a Environment>,
    pub globals: Option<&'a Environment>,
}

/// What makes a value secret besides its type: its name, or holding a value learnt as secret.
#[derive(Clone, Copy, Debug)]
pub struct Secrets<'a> {
    /// `--redact` names, on top of the built-in secret-like names.
    pub names: &'a [String],
    /// Every secret value the sessions learnt during the run.
    pub learned: &'a [String],
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct ExportError {
    path: PathBuf,
    #[source]
    source: std::io::Error,
}

pub fn write(
    exports: &Exports,
    vars: &VarStore,
    originals: Originals<'_>,
    secrets: Secrets<'_>,
) -> Result<(), ExportError> {
    // A value that is, or holds, any secret learnt in the run is masked whatever its name.
    let mut learned = crate::secrets::Redactor::new(secrets.names.to_vec());
    for v in secrets.learned {
        learned.add(v);
    }
    let targets = [
        (
            &exports.environment,
            Scope::Environment,
            "environment",
            originals.environment,
        ),
        (
            &exports.globals,
            Scope::Global,
            "globals",
            originals.globals,
        ),
    ];
    for (path, scope, kind, original) in targets {
        let Some(path) = path else { continue };
        let text = render(vars, scope, kind, original, &learned, exports.secrets);
        crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|source| ExportError {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}

fn render(
    vars: &VarStore,
    scope: Scope,
    kind: &str,
    original: Option<&Environment>,
    learned: &crate::secrets::Redactor,
    keep_secrets: bool,
) -> String {
    let values: Vec<Value> = vars
        .to_object(scope)
        .into_iter()
        .map(|(k, v)| {
            let typed_secret = vars.is_secret(scope, &k);
            let secret = typed_secret
                || crate::secrets::is_secret_name(&k, learned.extra_names())
                || learned.leaks(&crate::vars::stringify(&v));
            let v = if secret && !keep_secrets {
                Value::String(crate::secrets::MASK.into())
            } else {
                v
            };
            serde_json::json!({
                "key": k,
                "value": v,
                "type": if typed_secret { "secret" } else { "default" },
                "enabled": true
            })
        })
        .collect();
    let doc = serde_json::json!({
        "id": original
            .and_then(|o| o.id.clone())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        "name": original.map(|o| o.name.clone()).unwrap_or_else(|| kind.to_string()),
        "values": values,
        "_postman_variable_scope": kind,
        "_postman_exported_using": format!("conform/{}", env!("CARGO_PKG_VERSION")),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
