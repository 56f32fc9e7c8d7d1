//! Inputs given as `https://…`/`http://…` URLs or as `-` (standard input), as Newman takes
//! them: fetched once before the run through the run's own HTTP client (so `--insecure`,
//! `--ssl-extra-ca-certs` and client certificates apply), kept in a private temporary folder
//! for the run, and named by their URL (or `-`) in every message.

use crate::cli::RunArgs;
use crate::postman::LoadError;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot fetch {url}: {message}")]
    Http { url: String, message: String },
    #[error("cannot fetch {url}: the server answered {status}")]
    Status { url: String, status: u16 },
    #[error("cannot fetch {url}: larger than --max-response-size ({limit} bytes)")]
    TooLarge { url: String, limit: u64 },
    #[error("cannot read {what} from standard input: {source}")]
    Stdin {
        what: &'static str,
        source: std::io::Error,
    },
    #[error(
        "only one input can come from standard input ('-'): {first} and {second} both ask for it"
    )]
    TwoStdin {
        first: &'static str,
        second: &'static str,
    },
    #[error(
        "{url} is a file of a Postman v3 collection: a v3 collection is a folder of YAML files, \
         which one URL cannot give; clone or download the folder and pass its path"
    )]
    V3File { url: String },
    #[error("cannot keep fetched inputs in {}: {source}", path.display())]
    Keep {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The fetched inputs' folder (removed when the run ends) and the name each file stands for.
#[derive(Default)]
pub(super) struct Fetched {
    dir: Option<PathBuf>,
    names: Vec<(PathBuf, String)>,
}

impl Drop for Fetched {
    fn drop(&mut self) {
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// What an input is, for naming its local copy (the loaders choose the format by name).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Collection,
    Environment,
    Globals,
    Data,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::Collection => "the collection",
            Kind::Environment => "the environment",
            Kind::Globals => "the globals",
            Kind::Data => "the iteration data",
        }
    }
}

pub(super) fn is_remote(p: &Path) -> bool {
    let s = p.to_string_lossy();
    s == "-" || s.starts_with("https://") || s.starts_with("http://")
}

impl Fetched {
    /// Replaces every URL or `-` among the run's inputs by a local copy.
    pub(super) fn localize(
        args: &mut RunArgs,
        client: &reqwest::Client,
        runtime: &tokio::runtime::Runtime,
        timeout: Duration,
        limit: u64,
    ) -> Result<Fetched, FetchError> {
        let mut fetched = Fetched::default();
        let mut stdin_taken: Option<&'static str> = None;
        let mut get = |p: &mut PathBuf, kind: Kind, fetched: &mut Fetched| {
            if !is_remote(p) {
                return Ok(());
            }
            let name = p.to_string_lossy().into_owned();
            let bytes = if name == "-" {
                if let Some(first) = stdin_taken {
                    return Err(FetchError::TwoStdin {
                        first,
                        second: kind.what(),
                    });
                }
                stdin_taken = Some(kind.what());
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|source| FetchError::Stdin {
                        what: kind.what(),
                        source,
                    })?;
                buf
            } else {
                runtime.block_on(download(client, &name, timeout, limit))?
            };
            if kind == Kind::Collection && is_v3_file(&bytes) {
                return Err(FetchError::V3File { url: shown(&name) });
            }
            *p = fetched.keep(&shown(&name), kind, &bytes)?;
            Ok(())
        };
        for p in args.paths.iter_mut() {
            get(p, Kind::Collection, &mut fetched)?;
        }
        if let Some(p) = args.environment.as_mut() {
            get(p, Kind::Environment, &mut fetched)?;
        }
        if let Some(p) = args.globals.as_mut() {
            get(p, Kind::Globals, &mut fetched)?;
        }
        if let Some(p) = args.iteration_data.as_mut() {
            get(p, Kind::Data, &mut fetched)?;
        }
        Ok(fetched)
    }

    /// Writes one input into the private folder, named so the loader reads its format.
    fn keep(&mut self, name: &str, kind: Kind, bytes: &[u8]) -> Result<PathBuf, FetchError> {
        let dir = match &self.dir {
            Some(d) => d.clone(),
            None => {
                let d = std::env::temp_dir().join(format!(
                    "conform-inputs-{}-{}",
                    std::process::id(),
                    rand::random::<u32>()
                ));
                std::fs::create_dir_all(&d).map_err(|source| FetchError::Keep {
                    path: d.clone(),
                    source,
                })?;
                self.dir = Some(d.clone());
                d
            }
        };
        let ext = extension(name, kind, bytes);
        let file = dir.join(format!("{}-{}.{ext}", self.names.len(), kind_stem(kind)));
        std::fs::write(&file, bytes).map_err(|source| FetchError::Keep {
            path: file.clone(),
            source,
        })?;
        self.names.push((file.clone(), name.to_string()));
        Ok(file)
    }

    /// The URL (or `-`) a local copy stands for.
    pub(super) fn original(&self, p: &Path) -> Option<&str> {
        self.names
            .iter()
            .find(|(local, _)| local == p)
            .map(|(_, name)| name.as_str())
    }

    /// The local copy of a URL (or `-`).
    pub(super) fn local(&self, name: &Path) -> Option<&Path> {
        self.names
            .iter()
            .find(|(_, n)| Path::new(n) == name)
            .map(|(local, _)| local.as_path())
    }

    /// A load error names the URL, not the private copy.
    pub(super) fn rename(&self, e: LoadError) -> LoadError {
        let swap = |path: PathBuf| self.original(&path).map(PathBuf::from).unwrap_or(path);
        match e {
            LoadError::Read { path, source } => LoadError::Read {
                path: swap(path),
                source,
            },
            LoadError::Encoding { path, message } => LoadError::Encoding {
                path: swap(path),
                message,
            },
            LoadError::Syntax {
                path,
                line,
                column,
                message,
            } => LoadError::Syntax {
                path: swap(path),
                line,
                column,
                message,
            },
            LoadError::Shape { path, message } => LoadError::Shape {
                path: swap(path),
                message,
            },
        }
    }
}

fn kind_stem(kind: Kind) -> &'static str {
    match kind {
        Kind::Collection => "collection.postman_collection",
        Kind::Environment => "environment",
        Kind::Globals => "globals",
        Kind::Data => "data",
    }
}

/// A file of a v3 collection folder (`$kind: collection`, `$kind: http-request`, …) rather
/// than a JSON collection: YAML whose top level names its kind.
fn is_v3_file(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    !text.starts_with('{') && text.lines().any(|l| l.starts_with("$kind:"))
}

/// The extension the loaders expect: from the URL's path when it says, else from the content
/// (JSON starts with `{` or `[`; environments otherwise are v3 YAML, data otherwise CSV).
fn extension(name: &str, kind: Kind, bytes: &[u8]) -> &'static str {
    let path = name
        .split(['?', '#'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    let first = bytes
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
    match kind {
        Kind::Collection => "json",
        Kind::Environment | Kind::Globals => {
            if path.ends_with(".yaml") || path.ends_with(".yml") {
                "yaml"
            } else if path.ends_with(".json") || first == Some(b'{') {
                "json"
            } else {
                "yaml"
            }
        }
        Kind::Data => {
            if path.ends_with(".csv") {
                "csv"
            } else if path.ends_with(".json") || first == Some(b'[') {
                "json"
            } else {
                "csv"
            }
        }
    }
}

/// The URL as messages and reports show it: a password in it and the values of secret-named
/// query parameters (`?access_key=…`, `?token=…`) masked.
fn shown(url: &str) -> String {
    let Ok(mut u) = url::Url::parse(url) else {
        return url.to_string();
    };
    if u.password().is_some() {
        let _ = u.set_password(Some(crate::secrets::MASK));
    }
    if u.query().is_some() {
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let v = if crate::secrets::is_secret_name(&k, &[]) {
                    crate::secrets::MASK.to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    u.to_string()
}

async fn download(
    client: &reqwest::Client,
    url: &str,
    timeout: Duration,
    limit: u64,
) -> Result<Vec<u8>, FetchError> {
    let http = |e: reqwest::Error| FetchError::Http {
        url: shown(url),
        message: crate::exec::send::cause(&e),
    };
    let mut resp = client
        .get(url)
        .timeout(timeout)
        .send()
        .await
        .map_err(http)?;
    if !resp.status().is_success() {
        return Err(FetchError::Status {
            url: shown(url),
            status: resp.status().as_u16(),
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(http)? {
        body.extend_from_slice(&chunk);
        if body.len() as u64 > limit {
            return Err(FetchError::TooLarge {
                url: shown(url),
                limit,
            });
        }
    }
    Ok(body)
}
