//! `conform convert IN --to v2.1|v3 --out PATH`: any collection conform reads (v1, v2.0, v2.1
//! JSON, a v3 folder) → a v2.1 JSON file or a v3 folder, through the one model. Owns the
//! command's file handling; the formats live in `postman`.

use crate::cli::{ConvertArgs, Target};
use crate::postman::{self, LoadError, v3::write::WriteError};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("{}: {message}", path.display())]
    Export { path: PathBuf, message: String },
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub fn run(args: ConvertArgs) -> Result<(), ConvertError> {
    let collection = postman::load_collection(&args.input)?;
    for w in &collection.warnings {
        let text = format!("{}: {w}", args.input.display());
        eprintln!("warning: {}", crate::text::printable_line(&text));
    }
    match args.to {
        Target::V2_1 => {
            let doc = postman::export::collection(&collection).map_err(|message| {
                ConvertError::Export {
                    path: args.input.clone(),
                    message,
                }
            })?;
            // Serialising a JSON value cannot fail.
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
            crate::fsutil::write_atomic(&args.out, text.as_bytes()).map_err(|source| {
                ConvertError::Io {
                    path: args.out.clone(),
                    source,
                }
            })?;
        }
        Target::V3 => postman::v3::write::write(&collection, &args.out)?,
    }
    println!(
        "converted {} ({}) to {} at {}",
        args.input.display(),
        collection.name,
        match args.to {
            Target::V2_1 => "v2.1",
            Target::V3 => "v3",
        },
        args.out.display()
    );
    Ok(())
}
