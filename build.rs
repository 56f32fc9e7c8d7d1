//! Build step: compiles the JS sandbox prelude (src/script/*.js) to QuickJS bytecode, so a run
//! loads it instead of parsing 86 KB of JavaScript at every start (about 10 ms of a one-request
//! run), and lists the shipped contracts (schemas/<api>/) for the binary to embed, so they
//! apply wherever conform runs. Owns nothing else; the runtime falls back to the sources if the
//! bytecode is refused.

use std::ffi::CString;
use std::path::Path;

use rquickjs::{Context, Runtime, qjs};

/// Must list the same files, in the same order, as `PRELUDE` in src/script/engine.rs.
const PRELUDE: [&str; 4] = ["chai.js", "http.js", "modules.js", "sandbox.js"];
/// The libraries loaded on first use: the files `LIBS` in src/script/libs.rs names.
const LAZY: [&str; 9] = [
    "lodash.js",
    "lodash_more.js",
    "lodash3.js",
    "cryptojs.js",
    "moment.js",
    "node_buffer.js",
    "node_modules.js",
    "cheerio.js",
    "csv.js",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let runtime = Runtime::new().expect("a QuickJS runtime for the build step");
    let context = Context::full(&runtime).expect("a QuickJS context for the build step");
    for name in PRELUDE.iter().chain(LAZY.iter()) {
        let path = format!("src/script/{name}");
        println!("cargo:rerun-if-changed={path}");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let bytes = context.with(|ctx| compile(&ctx, name, &source));
        let bytes = bytes.unwrap_or_else(|e| panic!("{path}: {e}"));
        std::fs::write(Path::new(&out).join(format!("{name}.qjsbc")), bytes)
            .unwrap_or_else(|e| panic!("{out}/{name}.qjsbc: {e}"));
    }
    builtin_schemas(Path::new(&out));
    println!("cargo:rerun-if-changed=build.rs");
}

/// Writes `builtin_schemas.rs`: for each `schemas/<api>/index.json`, the API's folder name, its
/// index and every JSON file beside it, as `include_str!`s (so a changed file rebuilds).
fn builtin_schemas(out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut apis: Vec<_> = std::fs::read_dir(&root)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    apis.retain(|d| d.join("index.json").is_file());
    apis.sort();
    let mut code = String::from("&[\n");
    for dir in apis {
        println!("cargo:rerun-if-changed={}", dir.display());
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 folder name");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("a readable schemas folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x == "json") && f.is_file())
            .collect();
        files.sort();
        code.push_str(&format!("    BuiltinApi {{ name: {name:?}, files: &[\n"));
        for f in files {
            let file = f
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 file name");
            code.push_str(&format!(
                "        ({file:?}, include_str!({:?})),\n",
                f.display().to_string()
            ));
        }
        code.push_str("    ] },\n");
    }
    code.push_str("]\n");
    std::fs::write(out.join("builtin_schemas.rs"), code)
        .unwrap_or_else(|e| panic!("{}/builtin_schemas.rs: {e}", out.display()));
}

/// Compiles a global (non-module) script without running it and serialises the function.
fn compile(ctx: &rquickjs::Ctx<'_>, name: &str, source: &str) -> Result<Vec<u8>, String> {
    let code = CString::new(source).map_err(|_| "a NUL byte in the source".to_string())?;
    let file = CString::new(name).map_err(|_| "a NUL byte in the name".to_string())?;
    let raw = ctx.as_raw().as_ptr();
    let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
    // SAFETY: `code` is NUL-terminated as JS_Eval requires; the returned value is owned here
    // and freed below on every path.
    unsafe {
        let function = qjs::JS_Eval(raw, code.as_ptr(), source.len() as _, file.as_ptr(), flags);
        if qjs::JS_VALUE_GET_TAG(function) == qjs::JS_TAG_EXCEPTION {
            let thrown = ctx.catch();
            return Err(format!("does not compile: {thrown:?}"));
        }
        let mut len: qjs::size_t = 0;
        let buf = qjs::JS_WriteObject(raw, &mut len, function, qjs::JS_WRITE_OBJ_BYTECODE as i32);
        qjs::JS_FreeValue(raw, function);
        if buf.is_null() {
            return Err("QuickJS could not serialise the compiled script".into());
        }
        let bytes = std::slice::from_raw_parts(buf, len as usize).to_vec();
        qjs::js_free(raw, buf.cast());
        Ok(bytes)
    }
}
