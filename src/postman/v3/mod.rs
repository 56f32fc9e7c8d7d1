//! Postman's collection format v3 (schema 3.0.0): a directory per collection, one YAML file per
//! request, folder metadata in `.resources/definition.yaml`, environments as YAML. Reading
//! produces the same model as the v2 reader (`read`); writing turns the model into files
//! (`write`). See docs/postman-v3.md for the fields conform reads.

pub(crate) mod files;
pub(crate) mod read;
pub mod write;

use std::path::{Path, PathBuf};

/// The metadata folder of a collection or folder.
pub(crate) const RESOURCES: &str = ".resources";

/// `x.request.yaml` → `x`; other names are not request files.
pub(crate) fn item_stem(file_name: &str) -> Option<&str> {
    file_name
        .strip_suffix(".request.yaml")
        .or_else(|| file_name.strip_suffix(".request.yml"))
}

pub(crate) fn yaml_ext(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// A folder is a v3 collection root when it has its own `.resources/` or a request file
/// directly inside it.
pub fn is_collection_dir(dir: &Path) -> bool {
    if dir.join(RESOURCES).is_dir() {
        return true;
    }
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().is_file() && item_stem(&e.file_name().to_string_lossy()).is_some())
    })
}

/// The v3 collections a folder given to `conform run` stands for: itself when it is one; its
/// `postman/collections/` when it is a project; else each sub-folder that is one. `None` when
/// none of these holds (the caller then looks for v2 JSON files).
pub fn collections_in(dir: &Path) -> Option<Vec<PathBuf>> {
    if !dir.is_dir() {
        return None;
    }
    if is_collection_dir(dir) {
        return Some(vec![dir.to_path_buf()]);
    }
    let project = dir.join("postman").join("collections");
    let parent = if project.is_dir() {
        project
    } else {
        dir.to_path_buf()
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(&parent)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                && is_collection_dir(p)
        })
        .collect();
    found.sort();
    (!found.is_empty()).then_some(found)
}
