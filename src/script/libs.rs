//! The sandbox's big libraries (lodash, crypto-js, moment, cheerio, Node's modules): JS files
//! compiled to bytecode by build.rs like the prelude, but evaluated only when a script first
//! reaches them (`_`, `require('moment')`, …), so a run whose scripts do not use them pays
//! nothing for them at engine start. Owns the list of those files and the `__native.load` entry.

use rquickjs::{Ctx, Function, Object};

use super::engine::{PreludeFile, load_prelude};

macro_rules! lib_file {
    ($name:literal) => {
        PreludeFile {
            name: $name,
            source: include_str!($name),
            bytecode: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".qjsbc")),
        }
    };
}

/// Libraries by the name modules.js asks for, each with its files in load order. build.rs
/// compiles the same files (its `LAZY` list).
const LIBS: [(&str, &[PreludeFile]); 7] = [
    (
        "lodash",
        &[lib_file!("lodash.js"), lib_file!("lodash_more.js")],
    ),
    ("lodash3", &[lib_file!("lodash3.js")]),
    ("crypto-js", &[lib_file!("cryptojs.js")]),
    ("moment", &[lib_file!("moment.js")]),
    (
        "node",
        &[lib_file!("node_buffer.js"), lib_file!("node_modules.js")],
    ),
    ("cheerio", &[lib_file!("cheerio.js")]),
    ("csv-parse", &[lib_file!("csv.js")]),
];

/// Evaluates the files of one library; each stores its exports in `globalThis.__libs`.
fn load<'js>(ctx: Ctx<'js>, name: String) -> rquickjs::Result<()> {
    let Some((_, files)) = LIBS.iter().find(|(n, _)| *n == name) else {
        return Err(rquickjs::Error::new_from_js_message(
            "string",
            "library",
            format!("no sandbox library named '{name}'"),
        ));
    };
    for file in files.iter() {
        load_prelude(&ctx, file)?;
    }
    Ok(())
}

pub(super) fn install<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set("load", Function::new(ctx.clone(), load)?)
}
