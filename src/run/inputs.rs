//! Everything a run reads from disk before it starts: collections (v1, v2.x JSON, v3 folders),
//! environment, globals, iteration data and the base URL. Errors here are exit 2.

use super::SetupError;
use crate::build::BaseUrl;
use crate::cli::RunArgs;
use crate::plan::{self, Suite};
use crate::postman::{self, Environment, LoadError};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Everything read from disk before the run.
pub(crate) struct Inputs {
    pub(crate) suites: Vec<Suite>,
    pub(crate) environment: Option<Environment>,
    pub(crate) globals: Option<Environment>,
    pub(crate) data: Vec<Map<String, Value>>,
    pub(crate) base_url: Option<BaseUrl>,
    pub(crate) env_vars: Vec<(String, String)>,
    pub(crate) global_vars: Vec<(String, String)>,
}

impl Inputs {
    pub(crate) fn load(args: &RunArgs) -> Result<Inputs, SetupError> {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from("collections")]
        } else {
            args.paths.clone()
        };
        let mut files = Vec::new();
        for p in &paths {
            files.extend(collection_files(p)?);
        }
        let mut suites = Vec::new();
        for f in files {
            let collection = postman::load_collection(&f)?;
            for w in &collection.warnings {
                // The warning quotes the collection (its schema URL): never raw to a terminal.
                let text = format!("{}: {w}", f.display());
                eprintln!("warning: {}", crate::text::printable_line(&text));
            }
            suites.push(plan::suite(collection, f));
        }
        let environment = args
            .environment
            .as_deref()
            .map(postman::load_environment)
            .transpose()?;
        let globals = args
            .globals
            .as_deref()
            .map(postman::load_environment)
            .transpose()?;
        let data = match &args.iteration_data {
            Some(p) => postman::load_iteration_data(p)?,
            None => Vec::new(),
        };
        let base_url = args
            .base_url
            .as_deref()
            .map(|b| {
                BaseUrl::parse(b)
                    .map_err(|e| format!("--base-url: {e}"))?
                    .with_path_map(&args.strip_path, &args.path_map)
            })
            .transpose()
            .map_err(SetupError::Usage)?;
        Ok(Inputs {
            suites,
            environment,
            globals,
            data,
            base_url,
            env_vars: args.env_vars.clone(),
            global_vars: args.global_vars.clone(),
        })
    }
}

fn collection_files(p: &Path) -> Result<Vec<PathBuf>, SetupError> {
    let meta = std::fs::metadata(p).map_err(|source| LoadError::Read {
        path: p.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Ok(vec![p.to_path_buf()]);
    }
    let entries = std::fs::read_dir(p).map_err(|source| LoadError::Read {
        path: p.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".postman_collection.json"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        // No v2 JSON here: a v3 collection folder, or a folder of them (postman::v3).
        if let Some(dirs) = postman::v3::collections_in(p) {
            return Ok(dirs);
        }
        return Err(SetupError::Usage(format!(
            "{}: no *.postman_collection.json files or v3 collection folders in this folder",
            p.display()
        )));
    }
    Ok(files)
}
