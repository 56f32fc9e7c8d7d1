//! Buffer, atob/btoa, xml2Json and Node's url, querystring, util, path, events, assert and
//! string_decoder in the sandbox, with Node's results for the same calls.

use super::libs_crypto::{assert_exprs, error_of};

#[test]
fn buffer_encodings_and_methods() {
    assert_exprs(
        "",
        &[
            ("Buffer.from('héllo').toString('base64')", "aMOpbGxv"),
            ("Buffer.from('aMOpbGxv', 'base64').toString()", "héllo"),
            (
                "Buffer.from('user:pass').toString('base64')",
                "dXNlcjpwYXNz",
            ),
            ("Buffer.from('68656c6c6f', 'hex').toString('utf8')", "hello"),
            ("Buffer.from('hi').toString('hex')", "6869"),
            ("Buffer.from([0xfb, 0xff]).toString('base64url')", "-_8"),
            ("Buffer.from('ab', 'utf16le').toString('hex')", "61006200"),
            ("Buffer.byteLength('héllo')", "6"),
            (
                "Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString()",
                "ab",
            ),
            (
                "Buffer.from('abc').equals(Buffer.from('abc')) && Buffer.isBuffer(Buffer.alloc(2))",
                "true",
            ),
            (
                "JSON.stringify(Buffer.from('hi'))",
                r#"{"type":"Buffer","data":[104,105]}"#,
            ),
            ("Buffer.from('hello world').slice(6).toString()", "world"),
            ("Buffer.from('hello').indexOf('ll')", "2"),
            ("Buffer.from([1, 2, 3, 4]).readUInt32BE(0)", "16909060"),
            ("Buffer.from([0xff, 0xfe]).toString()", "\u{fffd}\u{fffd}"),
            ("require('buffer').Buffer === Buffer", "true"),
            ("btoa('hello') + ' ' + atob('aGVsbG8=')", "aGVsbG8= hello"),
        ],
    );
}

#[test]
fn xml2json_has_xml2js_shape() {
    assert_exprs(
        "",
        &[
            (
                r#"JSON.stringify(xml2Json('<?xml version="1.0"?><r a="1"><item id="x">one</item><item>two</item><empty/><n> <v>3</v> </n><t>a &amp; b</t></r>'))"#,
                r#"{"r":{"$":{"a":"1"},"item":[{"_":"one","$":{"id":"x"}},"two"],"empty":"","n":{"v":"3"},"t":"a & b"}}"#,
            ),
            (
                r#"JSON.stringify(xml2Json('<soap:Envelope xmlns:soap="urn:s"><soap:Body><![CDATA[<x>]]></soap:Body></soap:Envelope>'))"#,
                r#"{"soap:Envelope":{"$":{"xmlns:soap":"urn:s"},"soap:Body":"<x>"}}"#,
            ),
        ],
    );
    // Malformed XML is undefined in Newman, not an error.
    assert_exprs("", &[("xml2Json('<a><b></a>')", "undefined")]);
}

#[test]
fn node_modules() {
    assert_exprs(
        "",
        &[
            (
                "var q = require('querystring'); q.stringify({a: [1, 2], b: 'x y'})",
                "a=1&a=2&b=x%20y",
            ),
            (
                "var q = require('querystring'); JSON.stringify(q.parse('a=1&a=2&b=x+y&c'))",
                r#"{"a":["1","2"],"b":"x y","c":""}"#,
            ),
            (
                "var u = require('url').parse('https://user:pw@Example.com:8080/p/a?x=1#h', true); [u.protocol, u.auth, u.hostname, u.port, u.pathname, u.query.x, u.hash].join(' ')",
                "https: user:pw example.com 8080 /p/a 1 #h",
            ),
            (
                "require('url').resolve('http://a.com/b/c', '../d')",
                "http://a.com/d",
            ),
            (
                "require('url').format({protocol: 'http', host: 'a.com', pathname: '/x', query: {y: 1}})",
                "http://a.com/x?y=1",
            ),
            (
                "require('util').format('%s=%d %j %%', 'n', 42, {a: 1})",
                "n=42 {\"a\":1} %",
            ),
            (
                "var p = require('path'); [p.join('/a/b', '../c', 'd.txt'), p.basename('/x/y.json', '.json'), p.extname('f.tar.gz'), p.dirname('/a/b/c')].join(' ')",
                "/a/c/d.txt y .gz /a/b",
            ),
            (
                "var E = require('events'), e = new E(), got = []; e.on('x', function (v) { got.push(v); }); e.once('x', function (v) { got.push('once' + v); }); e.emit('x', 1); e.emit('x', 2); got.join()",
                "1,once1,2",
            ),
            (
                "var a = require('assert'); a.strictEqual(1, 1); a.deepStrictEqual({a: [1]}, {a: [1]}); a.ok(true); 'fine'",
                "fine",
            ),
            (
                "var a = require('assert'), m; try { a.strictEqual(1, 2, 'one is not two'); } catch (e) { m = e.name + ': ' + e.message; }; m",
                "AssertionError: one is not two",
            ),
            (
                "var D = require('string_decoder').StringDecoder, d = new D('utf8'); d.write(Buffer.from([0xe2, 0x82])) + '|' + d.end(Buffer.from([0xac]))",
                "|€",
            ),
            ("typeof require('timers').setTimeout", "function"),
        ],
    );
    assert_eq!(
        error_of("require('util').styleText('red', 'x');"),
        "test script of 'T', line 1: Error: util.styleText is not supported by conform"
    );
}

#[test]
fn libraries_load_on_first_use_only() {
    use super::*;
    let mut e = engine();
    let mut vars = VarStore::new();
    let loaded = |e: &mut ScriptEngine, vars: &mut VarStore, code: &str| {
        let code =
            format!("{code}; pm.environment.set('libs', Object.keys(__libs).sort().join());");
        let out = test_event(e, vars, &code, &res(200, "{}"));
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        vars.get(Scope::Environment, "libs").cloned().unwrap()
    };
    assert_eq!(
        loaded(&mut e, &mut vars, "pm.test('t', function () {})"),
        json!("")
    );
    assert_eq!(
        loaded(&mut e, &mut vars, "typeof CryptoJS"),
        json!("crypto-js")
    );
    assert_eq!(
        loaded(&mut e, &mut vars, "_.pluck([], 'a')"),
        json!("crypto-js,lodash,lodash3")
    );
    assert_eq!(
        loaded(&mut e, &mut vars, "require('moment')"),
        json!("crypto-js,lodash,lodash3,moment")
    );
}
