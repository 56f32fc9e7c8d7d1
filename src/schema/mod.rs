//! Response schemas: derived from OpenAPI documents, inferred from examples, written as one index
//! per API, and loaded (compiled once) for a run. Owns the schema file formats and `SchemaError`.
//! Must not send requests, print, or decide exit codes: callers map `SchemaError` to exit 2.

pub mod builtin;
mod convert;
mod derive;
mod example;
pub mod formats;
mod index;
mod infer;
mod load;
mod route;
mod source;

pub use derive::{DerivedApi, derive};
pub mod overlay;
pub use index::{ApiIndex, INDEX_FILE, IndexEntry};
pub use infer::infer;
pub use load::{ContractUse, Coverage, CoverageItem, LoadOptions, SchemaSet};

use std::path::PathBuf;

/// The JSON Schema dialect of every schema conform writes.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A setup error about a spec, an index or a schema file (exit-2 class).
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("failed to read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("failed to write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Syntax error; line and column are 1-based.
    #[error("failed to parse {}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The file parsed but is not a document of the expected kind.
    #[error("invalid {} at {pointer}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        pointer: String,
        message: String,
    },
    #[error("{} {pointer}: dangling $ref '{reference}'", path.display())]
    DanglingRef {
        path: PathBuf,
        pointer: String,
        reference: String,
    },
    #[error(
        "{} {pointer}: remote $ref '{reference}' refused: conform does not fetch over the network",
        path.display()
    )]
    RemoteRef {
        path: PathBuf,
        pointer: String,
        reference: String,
    },
    #[error(
        "{} {pointer}: external $ref '{reference}' not supported: bundle the spec into one file",
        path.display()
    )]
    ExternalRef {
        path: PathBuf,
        pointer: String,
        reference: String,
    },
    #[error("{} {pointer}: schema nested deeper than {limit} levels", path.display())]
    TooDeep {
        path: PathBuf,
        pointer: String,
        limit: usize,
    },
    #[error("failed to compile schema {}: {message}", path.display())]
    Compile { path: PathBuf, message: String },
}

impl SchemaError {
    /// A `$ref` outside the document: refused, naming why (no network, or not bundled).
    pub(crate) fn non_local_ref(
        file: &std::path::Path,
        pointer: &str,
        reference: &str,
    ) -> SchemaError {
        let lower = reference.to_ascii_lowercase();
        let (path, pointer, reference) = (
            file.to_path_buf(),
            pointer.to_string(),
            reference.to_string(),
        );
        if lower.starts_with("http://") || lower.starts_with("https://") {
            SchemaError::RemoteRef {
                path,
                pointer,
                reference,
            }
        } else {
            SchemaError::ExternalRef {
                path,
                pointer,
                reference,
            }
        }
    }
}
