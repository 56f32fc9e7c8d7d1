//! The engine under stress and over time: endless loops and memory exhaustion it recovers from,
//! errors with the user's line, timers, promises and async tests, compile-once caching.

use super::*;

#[test]
fn a_busy_script_stops_at_the_runs_deadline_before_its_own() {
    let opts = ScriptOptions {
        timeout: std::time::Duration::from_secs(60),
        run_deadline: Some(Instant::now() + std::time::Duration::from_millis(300)),
        ..ScriptOptions::default()
    };
    let mut e = ScriptEngine::new(opts).expect("engine starts");
    let t0 = Instant::now();
    let out = test_event(
        &mut e,
        &mut VarStore::new(),
        "while (true) {}",
        &res(200, "{}"),
    );
    assert_eq!(
        out.errors,
        vec!["test script of 'T': script stopped: the run reached its --timeout"]
    );
    assert!(t0.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn endless_loop_times_out_then_the_engine_still_works() {
    let opts = ScriptOptions {
        timeout: std::time::Duration::from_millis(200),
        ..ScriptOptions::default()
    };
    let mut e = ScriptEngine::new(opts).expect("engine starts");
    let mut vars = VarStore::new();
    let r = res(200, "{}");
    let t0 = Instant::now();
    let out = test_event(&mut e, &mut vars, "while (true) {}", &r);
    assert_eq!(
        out.errors,
        vec!["test script of 'T': script timed out after 200 ms"]
    );
    assert!(t0.elapsed() < std::time::Duration::from_secs(3));

    // The interrupt cannot be swallowed by pm.test's catch.
    let out = test_event(
        &mut e,
        &mut vars,
        "pm.test('spin', function () { for (;;) {} });",
        &r,
    );
    assert_eq!(
        out.errors,
        vec!["test script of 'T': script timed out after 200 ms"]
    );

    let out = test_event(&mut e, &mut vars, "setInterval(function () {}, 10);", &r);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);

    let out = test_event(&mut e, &mut vars, SAHAMATI, &r);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(statuses(&out), vec![("x".to_string(), TestStatus::Passed)]);
}

#[test]
fn out_of_memory_is_reported_and_the_engine_recovers() {
    let opts = ScriptOptions {
        memory_limit: 24 * 1024 * 1024,
        memory_follows_bodies: false,
        ..ScriptOptions::default()
    };
    let mut e = ScriptEngine::new(opts).expect("engine starts");
    let mut vars = VarStore::new();
    let r = res(200, "{}");
    let out = test_event(
        &mut e,
        &mut vars,
        "var a = []; for (;;) { a.push(new Array(100000).fill(1)); }",
        &r,
    );
    assert_eq!(
        out.errors,
        vec![format!(
            "test script of 'T': script ran out of memory (limit {} bytes; raise it with --script-memory SIZE)",
            24 * 1024 * 1024
        )]
    );
    let out = test_event(&mut e, &mut vars, SAHAMATI, &r);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.tests.len(), 1);
}

#[test]
fn errors_carry_the_users_line_and_later_scripts_still_run() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let r = res(200, "{}");
    let thrower = ScriptSource {
        code: "var a = 1;\nvar b = null;\n\nb.x;\n".into(),
        label: "test script of 'User Token'".into(),
    };
    let syntax = ScriptSource {
        code: "var ok = 1;\nif (ok {\n".into(),
        label: "test script of folder 'IAM'".into(),
    };
    let custom = ScriptSource {
        code: "function f() {\n  throw new RangeError('too far');\n}\nf();".into(),
        label: "test script of collection".into(),
    };
    let last = src("pm.test('still runs', function () {});");
    let (out, _) = event(
        &mut e,
        EventKind::Test,
        &mut vars,
        &[thrower, syntax, custom, last],
        Some(&r),
    );
    assert_eq!(out.errors.len(), 3, "{:?}", out.errors);
    assert_eq!(
        out.errors[0],
        "test script of 'User Token', line 4: TypeError: cannot read property 'x' of null"
    );
    assert!(
        out.errors[1].starts_with("test script of folder 'IAM', line 2: SyntaxError: "),
        "{}",
        out.errors[1]
    );
    assert_eq!(
        out.errors[2],
        "test script of collection, line 2: RangeError: too far"
    );
    assert_eq!(
        statuses(&out),
        vec![("still runs".to_string(), TestStatus::Passed)]
    );

    // The cached broken script reports the same error again.
    let out = test_event(&mut e, &mut vars, "var ok = 1;\nif (ok {\n", &r);
    assert!(
        out.errors[0].contains("line 2: SyntaxError"),
        "{:?}",
        out.errors
    );
}

/// Issue 16.8: one long native call (a join over 2^32 - 1 holes allocates nothing, so the memory
/// limit never fires) still stops at --timeout-script; small joins keep their native result.
#[test]
fn a_join_over_billions_of_holes_times_out() {
    let opts = ScriptOptions {
        timeout: std::time::Duration::from_millis(300),
        ..ScriptOptions::default()
    };
    let mut e = ScriptEngine::new(opts).expect("engine starts");
    let mut vars = VarStore::new();
    let r = res(200, "{}");
    let t0 = Instant::now();
    let out = test_event(
        &mut e,
        &mut vars,
        "var s = new Array(2**32 - 1).join('');",
        &r,
    );
    assert_eq!(
        out.errors,
        vec!["test script of 'T': script timed out after 300 ms"]
    );
    assert!(
        t0.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        t0.elapsed()
    );
    let code = "var big = new Array(1048577); big[0] = 'a'; big[1048576] = 'z';
        pm.test('joins', function () {
          pm.expect([1, null, 'x', undefined].join()).to.equal('1,,x,');
          pm.expect(Array.prototype.join.call({length: 2, 0: 'p', 1: 'q'}, '-')).to.equal('p-q');
          var s = big.join('');
          pm.expect(s.length).to.equal(2);
          pm.expect(s).to.equal('az');
          pm.expect(String([1, [2, 3]])).to.equal('1,2,3');
        });";
    // The default timeout: a JS loop over a million holes takes a while in a debug build.
    let out = test_event(&mut engine(), &mut vars, code, &r);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        statuses(&out),
        vec![("joins".to_string(), TestStatus::Passed)]
    );
}

#[test]
fn async_tests_timers_and_console() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let code = r#"
        var order = [];
        pm.test("async", function (done) {
            setTimeout(function () { order.push("t50"); pm.expect(1).to.equal(1); done(); }, 50);
        });
        pm.test("async fails", function (done) {
            setTimeout(function () { done(new Error("late")); }, 10);
        });
        pm.test("never done", function (done) {});
        setTimeout(function () { order.push("t0"); }, 0);
        var n = 0, id = setInterval(function () { if (++n === 3) { clearInterval(id); order.push("i3"); } }, 20);
        setTimeout(function () { console.info(order.join(",")); }, 100);
        pm.test.skip("later");
        console.log("obj", {a: [1, "x"], b: null});
        console.warn("w");
        console.error(new Error("boom"));
    "#;
    let out = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        statuses(&out),
        // In the order they finished (as Newman reports them): the skip at once, the
        // callbacks when they fire, the one never done when the script ends.
        vec![
            ("later".to_string(), TestStatus::Skipped),
            (
                "async fails".to_string(),
                TestStatus::Failed("Error: late".into())
            ),
            ("async".to_string(), TestStatus::Passed),
            (
                "never done".to_string(),
                TestStatus::Failed("test did not call done() before the script ended".into())
            ),
        ]
    );
    let lines: Vec<(ConsoleLevel, &str)> = out
        .console
        .iter()
        .map(|c| (c.level, c.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (ConsoleLevel::Log, "obj { a: [ 1, 'x' ], b: null }"),
            (ConsoleLevel::Warn, "w"),
            (ConsoleLevel::Error, "Error: boom"),
            (ConsoleLevel::Info, "t0,t50,i3"),
        ]
    );
}

#[test]
fn promises_and_async_tests_settle_before_the_script_ends() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let code = r#"
        Promise.resolve(7).then(function (v) { pm.environment.set("p", v); });
        pm.test("async fn passes", async function () {
            var v = await new Promise(function (ok) { setTimeout(function () { ok(2); }, 5); });
            pm.expect(v).to.equal(2);
        });
        pm.test("async fn fails", async function () {
            await null;
            pm.expect(1).to.equal(3);
        });
        pm = null;
        console = null;
    "#;
    let out = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        statuses(&out),
        // "fails" settles a job after its start; "passes" waits for a 5 ms timer.
        vec![
            (
                "async fn fails".to_string(),
                TestStatus::Failed("expected 1 to equal 3".into())
            ),
            ("async fn passes".to_string(), TestStatus::Passed),
        ]
    );
    assert_eq!(vars.get(Scope::Environment, "p"), Some(&json!(7)));
    let code = "var v = await Promise.resolve(41);\npm.environment.set('awaited', v + 1);\nawait null;\nnull.boom;";
    let out = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert_eq!(vars.get(Scope::Environment, "awaited"), Some(&json!(42)));
    assert_eq!(
        out.errors,
        vec!["test script of 'T', line 4: TypeError: cannot read property 'boom' of null"]
    );
    // The sandbox survived the reassignments above.
    let out = test_event(&mut e, &mut vars, SAHAMATI, &res(200, "{}"));
    assert_eq!(statuses(&out), vec![("x".to_string(), TestStatus::Passed)]);
}

#[test]
fn each_distinct_source_is_compiled_once_per_run() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let r = res(200, "{}");
    let a = ScriptSource {
        code: SAHAMATI.into(),
        label: "test script of 'A'".into(),
    };
    let b = ScriptSource {
        code: SAHAMATI.into(),
        label: "test script of 'B'".into(),
    };
    for _ in 0..3 {
        let (out, _) = event(
            &mut e,
            EventKind::Test,
            &mut vars,
            &[a.clone(), b.clone()],
            Some(&r),
        );
        assert_eq!(out.tests.len(), 2);
    }
    assert_eq!(e.compiled_scripts(), 1);
    test_event(&mut e, &mut vars, "var other = 1;", &r);
    assert_eq!(e.compiled_scripts(), 2);
}

#[test]
fn non_assertion_errors_in_a_test_fail_only_that_test() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let code = "pm.test('a', function () { undefined.x; });\npm.test('b', function () { pm.response.json(); });\npm.test('c', function () {});";
    let out = test_event(&mut e, &mut vars, code, &res(200, "not json"));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        out.tests[0].status,
        TestStatus::Failed("TypeError: cannot read property 'x' of undefined".into())
    );
    assert!(
        matches!(&out.tests[1].status, TestStatus::Failed(m) if m.starts_with("SyntaxError: "))
    );
    assert_eq!(out.tests[2].status, TestStatus::Passed);
}
