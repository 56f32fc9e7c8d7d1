//! The QuickJS runtime of one collection run: loads the sandbox once, compiles each distinct
//! script source once, runs events with a watchdog. Must not know the shape of `pm.*` beyond
//! the few `__sb` entry points sandbox.js exports.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::function::Flat;
use rquickjs::{Context, Ctx, Function, Object, Persistent, Runtime, qjs};

use super::alloc::LimitedAllocator;
use super::libs;
use super::native::{self, Shared, SharedRef};
use super::outcome::{self, Thrown};
use super::{
    EventKind, EventOutcome, SchemaFn, ScriptContext, ScriptError, ScriptOptions, ScriptSource,
    USER_FILE,
};
use crate::vars::VarStore;

/// One file of the sandbox prelude: its source, and the bytecode build.rs compiled from it.
pub(super) struct PreludeFile {
    pub name: &'static str,
    pub source: &'static str,
    pub bytecode: &'static [u8],
}

macro_rules! prelude_file {
    ($name:literal) => {
        PreludeFile {
            name: $name,
            source: include_str!($name),
            bytecode: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".qjsbc")),
        }
    };
}

/// The sandbox prelude, evaluated once per runtime in this order (build.rs lists the same).
const PRELUDE: [PreludeFile; 5] = [
    prelude_file!("chai.js"),
    prelude_file!("http.js"),
    prelude_file!("modules.js"),
    prelude_file!("sandbox.js"),
    prelude_file!("isolation.js"),
];
/// Upper bound on the timer, promise and sendRequest callbacks drained after one script.
const MAX_CALLBACKS: usize = 10_000;
/// Allocation volume between cycle collections; the default (256 KiB) makes every few
/// requests pay for a full mark of the sandbox graph.
const GC_THRESHOLD: usize = 8 * 1024 * 1024;

/// The interrupt handler's view of the current deadline.
#[derive(Default)]
struct Watchdog {
    deadline: Cell<Option<Instant>>,
    fired: Cell<bool>,
    /// Why it fired: the script's own timeout (`None`), or what stopped the whole run.
    stopped_by: Cell<Option<&'static str>>,
    /// Set by the heap allocator when it refuses an allocation.
    out_of_memory: Rc<Cell<bool>>,
    /// Set by the sandbox (`__native.begun`) once `__sb.first` has begun the event: an error
    /// thrown before is the sandbox's, after it the script's.
    begun: Rc<Cell<bool>>,
    /// The heap limit the allocator enforces, set per event (`ScriptOptions::heap_limit`).
    heap_limit: Rc<Cell<usize>>,
    /// Bytes the heap holds, counted by the allocator.
    heap_used: Rc<Cell<usize>>,
}

/// A script source compiled once per run, with whether it may reach the standard objects
/// (`may_touch_globals`, worked out once rather than at every event).
enum Compiled {
    Ready(Persistent<Function<'static>>, bool),
    Broken(Thrown, bool),
}

/// Whether the (already compiled) script may have touched the standard objects.
fn may_touch(cache: &HashMap<Arc<str>, Compiled>, script: &ScriptSource) -> bool {
    match cache.get(&script.code) {
        Some(Compiled::Ready(_, t) | Compiled::Broken(_, t)) => *t,
        None => may_touch_globals(&script.code),
    }
}

/// The sandbox entry points used on every event, looked up once.
struct Entries<F> {
    begin: F,
    first: F,
    run: F,
    end: F,
}

pub struct ScriptEngine {
    // Declared first so JS values are released before the runtime is freed.
    cache: HashMap<Arc<str>, Compiled>,
    entries: Entries<Persistent<Function<'static>>>,
    context: Context,
    runtime: Runtime,
    shared: SharedRef,
    watchdog: Rc<Watchdog>,
    opts: ScriptOptions,
    /// Prelude files whose bytecode QuickJS refused, so their source was parsed instead.
    prelude_parsed: usize,
}

/// Clears the borrowed validator on every exit path of `run_event`.
struct SchemaGuard<'s>(&'s SharedRef);

impl Drop for SchemaGuard<'_> {
    fn drop(&mut self) {
        self.0.borrow_mut().validator = None;
    }
}

/// Runs one prelude file: its build-time bytecode when QuickJS accepts it, else its source
/// (same effect, ~10 ms slower). Returns whether the source had to be parsed.
pub(super) fn load_prelude(ctx: &Ctx<'_>, file: &PreludeFile) -> rquickjs::Result<bool> {
    let raw = ctx.as_raw().as_ptr();
    let flags = (qjs::JS_READ_OBJ_BYTECODE | qjs::JS_READ_OBJ_ROM_DATA) as i32;
    // SAFETY: the bytes are the output of JS_WriteObject in build.rs from the same rquickjs-sys
    // (QuickJS checks the version tag and refuses others); ROM_DATA is sound because they are
    // 'static. JS_EvalFunction consumes the function; its result is handed to an owning Value.
    unsafe {
        let function =
            qjs::JS_ReadObject(raw, file.bytecode.as_ptr(), file.bytecode.len() as _, flags);
        if qjs::JS_VALUE_GET_TAG(function) != qjs::JS_TAG_EXCEPTION {
            let result = qjs::JS_EvalFunction(raw, function);
            if qjs::JS_VALUE_GET_TAG(result) == qjs::JS_TAG_EXCEPTION {
                return Err(rquickjs::Error::Exception);
            }
            drop(rquickjs::Value::from_raw(ctx.clone(), result));
            return Ok(false);
        }
    }
    // Refused bytecode leaves an exception pending; clear it before parsing the source.
    drop(ctx.catch());
    let mut o = EvalOptions::default();
    o.global = true;
    o.filename = Some(file.name.to_string());
    ctx.eval_with_options::<(), _>(file.source, o)?;
    Ok(true)
}

fn js_err(e: rquickjs::Error) -> ScriptError {
    ScriptError::Runtime(e.to_string().to_lowercase())
}

impl ScriptEngine {
    pub fn new(opts: ScriptOptions) -> Result<ScriptEngine, ScriptError> {
        let watchdog = Rc::new(Watchdog::default());
        watchdog.heap_limit.set(opts.heap_limit(0));
        let heap = LimitedAllocator::new(
            watchdog.heap_used.clone(),
            watchdog.heap_limit.clone(),
            watchdog.out_of_memory.clone(),
        );
        let runtime = Runtime::new_with_alloc(heap).map_err(js_err)?;
        // Deep recursion in a script must become a RangeError, not a crash of the harness.
        runtime.set_max_stack_size(1024 * 1024);
        runtime.set_gc_threshold(GC_THRESHOLD.min(opts.memory_limit / 4));
        let wd = watchdog.clone();
        let run_deadline = opts.run_deadline;
        runtime.set_interrupt_handler(Some(Box::new(move || {
            // Armed only while a script runs.
            let Some(deadline) = wd.deadline.get() else {
                return false;
            };
            let now = Instant::now();
            let stopped_by = if super::interrupted() {
                Some("the run was interrupted")
            } else if run_deadline.is_some_and(|d| now >= d) {
                Some("the run reached its --timeout")
            } else {
                None
            };
            if stopped_by.is_some() || now >= deadline {
                wd.fired.set(true);
                wd.stopped_by.set(stopped_by);
                return true;
            }
            false
        })));
        let context = Context::full(&runtime).map_err(js_err)?;
        let shared: SharedRef = Rc::new(std::cell::RefCell::new(Shared::new()));
        let (entries, prelude_parsed) = context.with(|ctx| -> Result<_, ScriptError> {
            native::install(&ctx, &shared).map_err(js_err)?;
            let n: Object = ctx.globals().get("__native").map_err(js_err)?;
            let begun = watchdog.begun.clone();
            let mark = Function::new(ctx.clone(), move || begun.set(true)).map_err(js_err)?;
            n.set("begun", mark).map_err(js_err)?;
            libs::install(&ctx, &n).map_err(js_err)?;
            let mut parsed = 0;
            for file in &PRELUDE {
                let from_source = load_prelude(&ctx, file).map_err(|e| {
                    let t = outcome::thrown(&ctx, e);
                    ScriptError::Sandbox(format!("{}: {}: {}", file.name, t.name, t.message))
                })?;
                parsed += usize::from(from_source);
            }
            let sb: Object = ctx.globals().get("__sb").map_err(js_err)?;
            let entry = |name: &str| -> Result<Persistent<Function<'static>>, ScriptError> {
                let f: Function = sb.get(name).map_err(js_err)?;
                Ok(Persistent::save(&ctx, f))
            };
            let entries = Entries {
                begin: entry("begin")?,
                first: entry("first")?,
                run: entry("run")?,
                end: entry("end")?,
            };
            Ok((entries, parsed))
        })?;
        Ok(ScriptEngine {
            cache: HashMap::new(),
            entries,
            context,
            runtime,
            shared,
            watchdog,
            opts,
            prelude_parsed,
        })
    }

    /// Sets the heap limit for an event from the bodies it carries. When the heap holds more
    /// than half of a smaller limit than the last one, a collection first frees what the last
    /// (larger) event left unreachable (not on every shrink: a full mark costs).
    fn fit_heap(&self, ctx: &ScriptContext<'_>) {
        let bodies = ctx.request.body.as_ref().map_or(0, Vec::len)
            + ctx.response.map_or(0, |r| r.body.len());
        let limit = self.opts.heap_limit(bodies);
        if limit < self.watchdog.heap_limit.get() && self.watchdog.heap_used.get() > limit / 2 {
            self.runtime.run_gc();
        }
        self.watchdog.heap_limit.set(limit);
    }

    /// Prelude files loaded from source because their build-time bytecode was refused (0 when
    /// the build is consistent; tests hold it to that).
    pub fn prelude_parsed_from_source(&self) -> usize {
        self.prelude_parsed
    }

    /// The jar `pm.cookies` reads and `pm.cookies.jar()` changes: the run's one jar.
    pub fn set_cookie_jar(&mut self, jar: Option<Arc<crate::cookies::CookieJar>>) {
        self.shared.borrow_mut().cookies = jar;
    }

    /// How many distinct script sources this run has compiled.
    pub fn compiled_scripts(&self) -> usize {
        self.cache.len()
    }

    /// How many of the schemas scripts gave to `jsonSchema`, `tv4` or Ajv had to be parsed or
    /// compiled, rather than found in the run's cache.
    pub fn schemas_built(&self) -> usize {
        self.shared.borrow().schemas.built()
    }

    /// Runs one event's scripts in the order given (collection → folders → request); a failing
    /// script is reported in `errors` and the next one still runs, as in Postman.
    pub fn run_event(
        &mut self,
        event: EventKind,
        scripts: &[ScriptSource],
        ctx: &mut ScriptContext<'_>,
    ) -> EventOutcome {
        let mut result = EventOutcome::default();
        if scripts.is_empty() {
            return result;
        }
        {
            let mut st = self.shared.borrow_mut();
            st.vars = std::mem::replace(ctx.vars, VarStore::new());
            // SAFETY: the reference is only reachable through `self.shared`, it is cleared
            // by `_guard` before this function returns, and the native functions that read
            // it only run while this function is on the stack (QuickJS is single-threaded and
            // re-entered only from here).
            let validator: &'static SchemaFn<'static> = unsafe {
                std::mem::transmute::<&SchemaFn<'_>, &'static SchemaFn<'static>>(
                    ctx.validate_schema,
                )
            };
            st.validator = Some(validator);
        }
        let _guard = SchemaGuard(&self.shared);
        self.fit_heap(ctx);
        let js = Js {
            context: &self.context,
            runtime: &self.runtime,
            entries: &self.entries,
            watchdog: &self.watchdog,
            opts: self.opts,
        };
        js.event(event, scripts, ctx, &mut self.cache, &mut result);
        *ctx.vars = std::mem::replace(&mut self.shared.borrow_mut().vars, VarStore::new());
        drop(_guard);
        self.watchdog.deadline.set(None);
        // A runaway promise chain outlives its script: its jobs would run inside every later
        // one, and QuickJS cannot drop them. Start over with a fresh runtime (rare: only after
        // a script was stopped with callbacks still queued).
        if self.runtime.is_job_pending() {
            if let Ok(fresh) = ScriptEngine::new(self.opts) {
                *self = fresh;
            }
            return result;
        }
        // A failed allocation leaves garbage behind; reclaim it before the next request.
        if self.watchdog.out_of_memory.get() {
            self.runtime.run_gc();
        }
        result
    }
}

/// Borrowed parts of the engine for one event. Promise jobs can only run outside
/// `Context::with`, so an event enters the context once per step.
struct Js<'e> {
    context: &'e Context,
    runtime: &'e Runtime,
    entries: &'e Entries<Persistent<Function<'static>>>,
    watchdog: &'e Watchdog,
    opts: ScriptOptions,
}

/// Whether a script may have changed a standard object, a prototype or the global object:
/// it names one of them, or a way to reach them (`this`, `constructor`, `eval`...). Putting
/// them back costs ~110 µs, so scripts that cannot have touched them skip it; a global leaked
/// by such a script (`x = 1`) goes at the next restore.
fn may_touch_globals(code: &str) -> bool {
    const NEEDLES: [&str; 33] = [
        "rototype",
        "__proto__",
        "constructor",
        "this",
        "globalThis",
        "eval",
        "Function",
        "Reflect",
        "Object",
        "JSON",
        "Math",
        "Array",
        "String",
        "Number",
        "Boolean",
        "Promise",
        "Date",
        "RegExp",
        "Error",
        "Map",
        "Set",
        "Symbol",
        "parse",
        "URI",
        "escape",
        "atob",
        "btoa",
        "Timeout",
        "Interval",
        "Immediate",
        "isNaN",
        "isFinite",
        "with",
    ];
    NEEDLES.iter().any(|n| code.contains(n))
}

fn sandbox_error(t: &Thrown) -> String {
    format!("script sandbox: {}: {}", t.name, t.message)
}

impl Js<'_> {
    fn with<R>(&self, f: impl FnOnce(&EventRun<'_, '_>) -> Result<R, Thrown>) -> Result<R, Thrown> {
        self.context.with(|js| {
            let run = EventRun {
                entry: self.entries,
                js: js.clone(),
                watchdog: self.watchdog,
                opts: self.opts,
            };
            f(&run)
        })
    }

    fn event(
        &self,
        event: EventKind,
        scripts: &[ScriptSource],
        ctx: &mut ScriptContext<'_>,
        cache: &mut HashMap<Arc<str>, Compiled>,
        result: &mut EventOutcome,
    ) {
        let Some((first, rest)) = scripts.split_first() else {
            return;
        };
        let started = Instant::now();
        // The first script starts in the same call as the event (`__sb.first`), unless it
        // did not compile: then the event begins alone and `script` reports it.
        let launched = {
            let a = outcome::begin_payload(event, ctx);
            self.with(|run| {
                let fields = Flat((
                    a.info,
                    a.request,
                    a.request_body.as_deref(),
                    a.code,
                    &*a.reason,
                    a.time_ms,
                    a.size,
                ));
                let tail = Flat((a.headers, &*a.body));
                match run.compiled(cache, first) {
                    Ok(Some(func)) => {
                        run.arm();
                        self.watchdog.begun.set(false);
                        Ok(Some(run.call_entry::<bool>(
                            &run.entry.first,
                            (func, fields, tail),
                        )))
                    }
                    Ok(None) => {
                        run.arm();
                        run.call_entry::<()>(&run.entry.begin, (fields, tail))
                            .map(|()| None)
                    }
                    Err(t) => Err(t),
                }
            })
        };
        let mut touched = may_touch(cache, first);
        match launched {
            Err(t) => {
                result.errors.push(self.begin_error(&t));
                return;
            }
            Ok(None) => self.script(first, ctx, cache, result),
            Ok(Some(Err(t))) if !self.watchdog.begun.get() => {
                // `begin` itself failed: the event never started.
                result.errors.push(self.begin_error(&t));
                return;
            }
            Ok(Some(pending)) => self.settle(first, ctx, started, pending, result),
        }
        for script in rest {
            self.script(script, ctx, cache, result);
            touched |= may_touch(cache, script);
        }
        match self.with(|run| {
            run.arm();
            run.call_entry::<String>(&run.entry.end, ())
        }) {
            Ok(packed) => outcome::apply_end(&packed, ctx, result),
            Err(t) => result.errors.push(sandbox_error(&t)),
        }
        // The next event starts from the sandbox's loaded state (isolation.js).
        if touched {
            if let Err(t) = self.with(|run| {
                run.arm();
                run.call::<()>("restore", ())
            }) {
                result.errors.push(sandbox_error(&t));
            }
        }
    }

    fn script(
        &self,
        script: &ScriptSource,
        ctx: &mut ScriptContext<'_>,
        cache: &mut HashMap<Arc<str>, Compiled>,
        result: &mut EventOutcome,
    ) {
        let started = Instant::now();
        let first = self.with(|run| {
            let Some(func) = run.compiled(cache, script)? else {
                return Ok(None);
            };
            run.arm();
            Ok(Some(run.call_entry::<bool>(&run.entry.run, (func,))))
        });
        let pending = match first {
            Ok(Some(p)) => p,
            // A script that never compiled has nothing to close.
            Ok(None) => {
                if let Some(Compiled::Broken(t, _)) = cache.get(&script.code) {
                    result.errors.push(self.describe(script, t));
                }
                return;
            }
            Err(t) => {
                result.errors.push(self.describe(script, &t));
                return;
            }
        };
        self.settle(script, ctx, started, pending, result);
    }

    /// What follows a script's synchronous run (`pending`: whether it left callbacks, or what it
    /// threw): its callbacks drained, then the script closed.
    fn settle(
        &self,
        script: &ScriptSource,
        ctx: &mut ScriptContext<'_>,
        started: Instant,
        pending: Result<bool, Thrown>,
        result: &mut EventOutcome,
    ) {
        let failed = match pending {
            Ok(false) if !self.runtime.is_job_pending() => return,
            Ok(_) => self.drain(ctx, started).err(),
            Err(t) => Some(t),
        };
        let closing = match failed {
            Some(t) => {
                result.errors.push(self.describe(script, &t));
                "abort"
            }
            None => "finishScript",
        };
        if let Err(t) = self.with(|run| {
            run.arm();
            run.call::<()>(closing, ())
        }) {
            result.errors.push(self.describe(script, &t));
        }
    }

    /// Runs promise jobs, `pm.sendRequest` round trips and timers until none is left (bounded).
    fn drain(&self, ctx: &mut ScriptContext<'_>, started: Instant) -> Result<(), Thrown> {
        let mut paused = Duration::ZERO;
        for _ in 0..MAX_CALLBACKS {
            if self.runtime.is_job_pending() {
                if self.runtime.execute_pending_job().is_err() {
                    return Err(
                        self.with(|run| Ok(outcome::thrown(&run.js, rquickjs::Error::Exception)))?
                    );
                }
                continue;
            }
            let progressed = self.with(|run| run.step(ctx, started, &mut paused))?;
            if !progressed && !self.runtime.is_job_pending() {
                return Ok(());
            }
        }
        Err(Thrown {
            name: "Error".into(),
            message: format!("more than {MAX_CALLBACKS} timer, promise or sendRequest callbacks"),
            line: None,
            uncatchable: false,
        })
    }

    /// Why the event could not begin. Handing a large body to the sandbox is where a low
    /// --script-memory shows first.
    fn begin_error(&self, t: &Thrown) -> String {
        if self.watchdog.out_of_memory.get() {
            format!("script sandbox: {}", self.out_of_memory())
        } else {
            sandbox_error(t)
        }
    }

    fn out_of_memory(&self) -> String {
        format!(
            "script ran out of memory (limit {} bytes; raise it with --script-memory SIZE)",
            self.watchdog.heap_limit.get()
        )
    }

    fn describe(&self, script: &ScriptSource, t: &Thrown) -> String {
        let label = &script.label;
        if t.uncatchable && self.watchdog.fired.get() {
            if let Some(why) = self.watchdog.stopped_by.get() {
                return format!("{label}: script stopped: {why}");
            }
            return format!(
                "{label}: script timed out after {} ms",
                self.opts.timeout.as_millis()
            );
        }
        if self.watchdog.out_of_memory.get() {
            return format!("{label}: {}", self.out_of_memory());
        }
        match t.line {
            Some(line) => format!("{label}, line {line}: {}: {}", t.name, t.message),
            None => format!("{label}: {}: {}", t.name, t.message),
        }
    }
}

struct EventRun<'js, 'e> {
    js: Ctx<'js>,
    /// Restored when called (`call_entry`): an entry into the engine uses one of them.
    entry: &'e Entries<Persistent<Function<'static>>>,
    watchdog: &'e Watchdog,
    opts: ScriptOptions,
}

impl<'js> EventRun<'js, '_> {
    fn arm(&self) {
        self.watchdog.fired.set(false);
        self.watchdog.stopped_by.set(None);
        self.watchdog.out_of_memory.set(false);
        self.watchdog
            .deadline
            .set(Some(Instant::now() + self.opts.timeout));
    }

    fn call<R: rquickjs::FromJs<'js>>(
        &self,
        name: &str,
        args: impl rquickjs::function::IntoArgs<'js>,
    ) -> Result<R, Thrown> {
        let f: Function = self
            .js
            .globals()
            .get::<_, Object>("__sb")
            .and_then(|o| o.get(name))
            .map_err(|e| outcome::thrown(&self.js, e))?;
        self.call_fn(&f, args)
    }

    fn call_entry<R: rquickjs::FromJs<'js>>(
        &self,
        entry: &Persistent<Function<'static>>,
        args: impl rquickjs::function::IntoArgs<'js>,
    ) -> Result<R, Thrown> {
        let f = entry
            .clone()
            .restore(&self.js)
            .map_err(|e| outcome::thrown(&self.js, e))?;
        self.call_fn(&f, args)
    }

    fn call_fn<R: rquickjs::FromJs<'js>>(
        &self,
        f: &Function<'js>,
        args: impl rquickjs::function::IntoArgs<'js>,
    ) -> Result<R, Thrown> {
        f.call(args).map_err(|e| outcome::thrown(&self.js, e))
    }

    /// The script's compiled function (compiled on first sight); `None` if it does not compile
    /// (the cache keeps why).
    fn compiled(
        &self,
        cache: &mut HashMap<Arc<str>, Compiled>,
        script: &ScriptSource,
    ) -> Result<Option<Function<'js>>, Thrown> {
        let compiled = cache
            .entry(script.code.clone())
            .or_insert_with(|| self.compile(&script.code));
        match compiled {
            Compiled::Ready(p, _) => p
                .clone()
                .restore(&self.js)
                .map(Some)
                .map_err(|e| outcome::thrown(&self.js, e)),
            Compiled::Broken(..) => Ok(None),
        }
    }

    fn compile(&self, code: &str) -> Compiled {
        let mut o = EvalOptions::default();
        o.global = true;
        o.strict = false;
        o.filename = Some(USER_FILE.to_string());
        // Postman runs scripts inside an async function so top-level `await` works; only scripts
        // that mention it pay for the promise machinery here.
        let kind = if code.contains("await") {
            "async function"
        } else {
            "function"
        };
        let wrapped = format!("({kind} () {{\n{code}\n}})");
        self.arm();
        match self.js.eval_with_options::<Function, _>(wrapped, o) {
            Ok(f) => Compiled::Ready(Persistent::save(&self.js, f), may_touch_globals(code)),
            Err(e) => Compiled::Broken(outcome::thrown(&self.js, e), may_touch_globals(code)),
        }
    }

    /// One sendRequest batch or one timer; false when neither is waiting. The script's
    /// deadline does not count time spent waiting for `send`.
    fn step(
        &self,
        ctx: &mut ScriptContext<'_>,
        started: Instant,
        paused: &mut Duration,
    ) -> Result<bool, Thrown> {
        self.watchdog
            .deadline
            .set(Some(started + self.opts.timeout + *paused));
        let sends: String = self.call("takeSends", ())?;
        if !sends.is_empty() {
            for (id, req) in outcome::parse_sends(&sends) {
                let t0 = Instant::now();
                let res = (ctx.send)(req);
                *paused += t0.elapsed();
                self.watchdog
                    .deadline
                    .set(Some(started + self.opts.timeout + *paused));
                let (err, packed, body) = outcome::response_payload(&res);
                self.call::<()>("deliver", (id, err, packed, &*body))?;
            }
            return Ok(true);
        }
        self.call("tick", ())
    }
}

#[cfg(test)]
mod prelude_tests {
    use super::*;

    #[test]
    fn prelude_comes_from_build_time_bytecode() {
        let engine = ScriptEngine::new(ScriptOptions::default()).expect("engine starts");
        assert_eq!(engine.prelude_parsed_from_source(), 0);
    }

    #[test]
    fn scripts_that_may_reach_the_standard_objects_are_told_apart() {
        for touching in [
            "Array.prototype.map = null;",
            "[].__proto__.x = 1;",
            "({}).constructor.constructor('return this')().JSON = 1;",
            "JSON = null;",
            "(function () { return this; })().x = 1;",
        ] {
            assert!(may_touch_globals(touching), "{touching}");
        }
        let sahamati = "pm.test(\"ok\", function () { pm.response.to.have.status(200); });\n\
                        pm.environment.set(\"user_token\", pm.response.json().accessToken);";
        assert!(!may_touch_globals(sahamati));
    }

    #[test]
    fn refused_bytecode_falls_back_to_the_source() {
        let runtime = Runtime::new().unwrap();
        let context = Context::full(&runtime).unwrap();
        context.with(|ctx| {
            let file = PreludeFile {
                name: "probe.js",
                source: "globalThis.probe = 6 * 7;",
                bytecode: b"not bytecode",
            };
            assert!(load_prelude(&ctx, &file).expect("source runs"));
            let probe: i32 = ctx.globals().get("probe").unwrap();
            assert_eq!(probe, 42);
            // A prelude file that throws is an error carrying the exception.
            let thrower = PreludeFile {
                name: "throws.js",
                source: "throw new TypeError('from the prelude')",
                bytecode: b"",
            };
            let err = load_prelude(&ctx, &thrower).unwrap_err();
            let t = outcome::thrown(&ctx, err);
            assert_eq!(
                (t.name.as_str(), t.message.as_str()),
                ("TypeError", "from the prelude")
            );
        });
    }
}
