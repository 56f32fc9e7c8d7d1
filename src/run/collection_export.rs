//! `--export-collection FILE`: the run's collection as it stands at the end, as Newman writes
//! it: the collection as loaded, with its variables as the scripts left them (set, changed or
//! unset), in v2.1 JSON. Secret values are masked unless `--export-secrets`, as in the other
//! exports.

use crate::postman::{Collection, Variable};
use crate::vars::{Scope, VarStore};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CollectionExportError {
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("--export-collection: {0}")]
    Render(String),
    #[error("--export-collection: {0}")]
    Reload(#[from] crate::postman::LoadError),
}

/// What makes a variable secret besides its type.
pub(super) struct Masking<'a> {
    pub(super) redact: &'a [String],
    pub(super) learned: &'a [String],
    pub(super) keep_secrets: bool,
}

/// `source` is the collection's file, read again: the run's copy gave its items to the plan.
pub(super) fn write(
    path: &Path,
    source: &Path,
    vars: &VarStore,
    masking: Masking<'_>,
) -> Result<(), CollectionExportError> {
    let collection: Collection = crate::postman::load_collection(source)?;
    let mut learned = crate::secrets::Redactor::new(masking.redact.to_vec());
    for v in masking.learned {
        learned.add(v);
    }
    let mut c = collection;
    c.variables = vars
        .to_object(Scope::Collection)
        .into_iter()
        .map(|(key, value)| {
            let typed_secret = vars.is_secret(Scope::Collection, &key);
            let secret = typed_secret
                || crate::secrets::is_secret_name(&key, masking.redact)
                || learned.leaks(&crate::vars::stringify(&value));
            let value = if secret && !masking.keep_secrets {
                Value::String(crate::secrets::MASK.into())
            } else {
                value
            };
            Variable {
                kind: typed_secret.then(|| "secret".to_string()),
                key,
                value,
                enabled: true,
            }
        })
        .collect();
    let doc = crate::postman::export::collection(&c).map_err(CollectionExportError::Render)?;
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|source| {
        CollectionExportError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
