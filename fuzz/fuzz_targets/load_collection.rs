//! Bytes → one file → every loader → plan → build every step, with the run's starting
//! variables taken from the collection itself (as `conform run` does).
#![no_main]

use conform::auth::SystemClock;
use conform::build::{self, BuildOptions, Draft};
use conform::vars::{Scope, VarStore};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("conform-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("body.bin"), b"file body").unwrap();
        d
    })
}

// Only regular files inside the work dir: a fuzzed `src` must not read /dev/zero or block on a fifo.
fn read_file(p: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(p)?;
    if !p.starts_with(dir()) || !meta.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "outside the fuzz dir"));
    }
    std::fs::read(p)
}

fuzz_target!(|data: &[u8]| {
    let d = dir();
    let json = d.join("input.json");
    let csv = d.join("input.csv");
    std::fs::write(&json, data).unwrap();
    std::fs::write(&csv, data).unwrap();

    if let Err(e) = conform::postman::load_environment(&json) {
        assert!(e.to_string().contains(&*json.to_string_lossy()));
    }
    for p in [&json, &csv] {
        if let Err(e) = conform::postman::load_iteration_data(p) {
            assert!(e.to_string().contains(&*p.to_string_lossy()));
        }
    }
    let coll = match conform::postman::load_collection(&json) {
        Ok(c) => c,
        Err(e) => {
            assert!(e.to_string().contains(&*json.to_string_lossy()));
            return;
        }
    };
    let mut vars = VarStore::new();
    for v in coll.variables.iter().filter(|v| v.enabled) {
        vars.set_typed(Scope::Collection, &v.key, v.value.clone(), v.is_secret());
    }
    vars.set(Scope::Environment, "host", serde_json::json!("127.0.0.1:9"));
    let suite = conform::plan::suite(coll, json.clone());
    let clock = SystemClock::default();
    for step in &suite.steps {
        let _ = step.display_path();
        let Ok(draft) = Draft::from_step(step) else { continue };
        for allow_unresolved in [true, false] {
            let opts = BuildOptions {
                base_url: None,
                allow_unresolved,
                working_dir: d,
                user_agent: "conform-fuzz",
                clock: &clock,
            };
            match build::finish(&draft, &vars, &opts, &read_file) {
                Ok(built) => {
                    let r = &built.request;
                    assert!(!r.method.bytes().any(|b| b.is_ascii_lowercase()));
                    assert!(r.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("user-agent")));
                }
                Err(e) => {
                    assert!(allow_unresolved.then_some(()).is_none()
                        || !matches!(e, build::BuildError::Unresolved { .. }));
                    let _ = e.to_string();
                }
            }
        }
    }
});
