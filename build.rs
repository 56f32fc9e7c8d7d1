//! Build step: compiles the JS sandbox prelude (src/script/*.js) to QuickJS bytecode, so a run
//! loads it instead of parsing 86 KB of JavaScript at every start (about 10 ms of a one-request
//! run). Owns nothing else; the runtime falls back to the sources if the bytecode is refused.

use std::ffi::CString;
use std::path::Path;

use rquickjs::{Context, Runtime, qjs};

/// Must list the same files, in the same order, as `PRELUDE` in src/script/engine.rs.
const PRELUDE: [&str; 5] = [
    "chai.js",
    "http.js",
    "modules.js",
    "sandbox.js",
    "isolation.js",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let runtime = Runtime::new().expect("a QuickJS runtime for the build step");
    let context = Context::full(&runtime).expect("a QuickJS context for the build step");
    for name in PRELUDE {
        let path = format!("src/script/{name}");
        println!("cargo:rerun-if-changed={path}");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let bytes = context.with(|ctx| compile(&ctx, name, &source));
        let bytes = bytes.unwrap_or_else(|e| panic!("{path}: {e}"));
        std::fs::write(Path::new(&out).join(format!("{name}.qjsbc")), bytes)
            .unwrap_or_else(|e| panic!("{out}/{name}.qjsbc: {e}"));
    }
    println!("cargo:rerun-if-changed=build.rs");
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
