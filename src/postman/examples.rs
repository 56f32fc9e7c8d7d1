//! Saved examples gathered from files for `conform schema infer`: a v3 `*.example.yaml`, a v3
//! `*.request.yaml` (its examples folder), or one request's `response[]` in a collection of any
//! format conform reads (chosen by name).

use super::load::LoadError;
use super::model::{Collection, Item};
use super::v3;
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExamplesError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{}: a collection: name the request whose examples to use with --request", path.display())]
    NoRequestNamed { path: PathBuf },
    #[error("{}: no request named '{name}' (names: {known})", path.display())]
    UnknownRequest {
        path: PathBuf,
        name: String,
        known: String,
    },
}

/// Whether `path` names a file this module reads (rather than a plain JSON body).
pub fn is_example_source(path: &Path, doc: Option<&Value>) -> bool {
    let name = path.to_string_lossy();
    path.is_dir()
        || name.ends_with(".example.yaml")
        || name.ends_with(".example.yml")
        || v3::item_stem(&path.file_name().unwrap_or_default().to_string_lossy()).is_some()
        || doc.is_some_and(|d| {
            (d.get("info").is_some() && d.get("item").is_some())
                || d.get("requests").is_some_and(Value::is_array)
        })
}

/// The saved examples `path` holds, in the model's shape; `request` picks one request of a
/// collection (its name, or its `Folder::Name` path).
pub fn examples_in(path: &Path, request: Option<&str>) -> Result<Vec<Value>, ExamplesError> {
    let name = path.to_string_lossy();
    if name.ends_with(".example.yaml") || name.ends_with(".example.yml") {
        return Ok(vec![v3::read::example_file(path)?]);
    }
    if !path.is_dir()
        && v3::item_stem(&path.file_name().unwrap_or_default().to_string_lossy()).is_some()
    {
        return Ok(v3::read::request_examples(path)?);
    }
    let collection = super::load_collection(path)?;
    let Some(wanted) = request else {
        return Err(ExamplesError::NoRequestNamed {
            path: path.to_path_buf(),
        });
    };
    let mut found = None;
    let mut known = Vec::new();
    walk(&collection, &mut |full, item| {
        if full == wanted || item == wanted {
            found.get_or_insert_with(|| full.to_string());
        }
        known.push(full.to_string());
    });
    let Some(full) = found else {
        return Err(ExamplesError::UnknownRequest {
            path: path.to_path_buf(),
            name: wanted.to_string(),
            known: known.join(", "),
        });
    };
    let mut out = Vec::new();
    collect(&collection.items, "", &full, &mut out);
    Ok(out)
}

fn walk(c: &Collection, f: &mut dyn FnMut(&str, &str)) {
    fn go(items: &[Item], prefix: &str, f: &mut dyn FnMut(&str, &str)) {
        for i in items {
            match i {
                Item::Folder(folder) => go(&folder.items, &format!("{prefix}{}::", folder.name), f),
                Item::Request(r) => f(&format!("{prefix}{}", r.name), &r.name),
            }
        }
    }
    go(&c.items, "", f);
}

fn collect(items: &[Item], prefix: &str, full: &str, out: &mut Vec<Value>) {
    for i in items {
        match i {
            Item::Folder(folder) => collect(
                &folder.items,
                &format!("{prefix}{}::", folder.name),
                full,
                out,
            ),
            Item::Request(r) if format!("{prefix}{}", r.name) == full => {
                out.extend(r.examples.iter().cloned());
            }
            Item::Request(_) => {}
        }
    }
}
