//! crypto-js in the sandbox against values computed independently at authoring time: Python's
//! hashlib/hmac (digests, PBKDF2), OpenSSL 3's `enc` (AES, DES, TripleDES in each mode and the
//! "Salted__" passphrase format), and published Keccak vectors.

use super::*;

/// Evaluates each expression in a test script and compares what it stored.
pub(super) fn assert_exprs(prelude: &str, cases: &[(&str, &str)]) {
    let mut e = engine();
    let mut vars = VarStore::new();
    for (expr, want) in cases {
        // "var a; b; c" runs `var a; b`, then stores c.
        let split = expr
            .starts_with("var ")
            .then(|| expr.rsplit_once("; "))
            .flatten();
        let (stmts, last) = split.unwrap_or(("", expr));
        let code = format!("{prelude} {stmts}; pm.environment.set('out', String({last}));");
        let out = test_event(&mut e, &mut vars, &code, &res(200, "{}"));
        assert!(out.errors.is_empty(), "{expr}: {:?}", out.errors);
        assert_eq!(
            vars.get(Scope::Environment, "out"),
            Some(&json!(want)),
            "{expr}"
        );
    }
}

/// The error a script stops with.
pub(super) fn error_of(code: &str) -> String {
    let mut e = engine();
    let mut vars = VarStore::new();
    let out = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert_eq!(out.errors.len(), 1, "{code}: {:?}", out.errors);
    out.errors[0].clone()
}

const C: &str = "var C = require('crypto-js');";
const FOX: &str = "'The quick brown fox jumps over the lazy dog'";

#[test]
fn digests_and_hmacs_match_hashlib() {
    let hmac384 = format!("C.HmacSHA384({FOX}, 'key').toString().slice(0, 32)");
    assert_exprs(
        C,
        &[
            (
                "C.RIPEMD160('abc')",
                "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
            ),
            (
                "C.SHA224('abc')",
                "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            ),
            (
                "C.SHA384('abc').toString().slice(0, 32)",
                "cb00753f45a35e8bb5a03d699ac65007",
            ),
            (&hmac384, "d7f4727e2c0b39ae0f1e40cc96f60242"),
            // Keccak as crypto-js's SHA3 computes it (the Ethereum vectors for "").
            (
                "C.SHA3('', {outputLength: 256})",
                "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            ),
            (
                "C.SHA3('').toString().slice(0, 32)",
                "0eab42de4c3ceb9235fc91acffe746b2",
            ),
            (
                "C.algo.SHA256.create().update('a').update('bc').finalize()",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                "C.algo.HMAC.create(C.algo.SHA1, 'key').update('The quick brown fox ').finalize('jumps over the lazy dog')",
                "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
            ),
            ("C.enc.Utf16LE.parse('ab').toString()", "61006200"),
            ("C.enc.Utf16.stringify(C.enc.Hex.parse('00610062'))", "ab"),
        ],
    );
}

#[test]
fn pbkdf2_matches_hashlib() {
    assert_exprs(
        C,
        &[
            (
                "C.PBKDF2('password', 'salt')",
                "0c60c80f961f0e71f3a9b524af601206",
            ),
            (
                "C.PBKDF2('password', 'salt', {keySize: 8, iterations: 4096, hasher: C.algo.SHA256})",
                "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
            ),
        ],
    );
}

#[test]
fn ciphers_match_openssl() {
    let key16 = "var k = C.enc.Hex.parse('000102030405060708090a0b0c0d0e0f'), iv = C.enc.Hex.parse('0f0e0d0c0b0a09080706050403020100');";
    let prelude = format!("{C} {key16}");
    assert_exprs(
        &prelude,
        &[
            (
                "C.AES.encrypt('Hello, conform!', k, {iv: iv}).ciphertext",
                "7ffeb1813cb65135293584ab520e1499",
            ),
            (
                "C.AES.encrypt('Hello, conform!', k, {mode: C.mode.ECB}).ciphertext",
                "f91ab4fcda21a246d7647f692a9ccf53",
            ),
            (
                "C.AES.encrypt('Hello, conform!', k, {iv: iv, mode: C.mode.CTR, padding: C.pad.NoPadding}).ciphertext",
                "68cc95fedb607b8b6b719ab31ec3b8",
            ),
            (
                "C.AES.encrypt('Hello, conform!!', k, {iv: iv, mode: C.mode.CFB, padding: C.pad.NoPadding}).ciphertext",
                "68cc95fedb607b8b6b719ab31ec3b84b",
            ),
            (
                "C.AES.encrypt('Hello, conform!!', k, {iv: iv, mode: C.mode.OFB, padding: C.pad.NoPadding}).ciphertext",
                "68cc95fedb607b8b6b719ab31ec3b84b",
            ),
            (
                "C.TripleDES.encrypt('Hello, conform!', C.enc.Hex.parse('000102030405060708090a0b0c0d0e0f1011121314151617'), {iv: C.enc.Hex.parse('0001020304050607')}).ciphertext",
                "b9df355aaeac70293c9072387b93e1a3",
            ),
            (
                "C.DES.encrypt('Hello, conform!', C.enc.Hex.parse('0001020304050607'), {iv: C.enc.Hex.parse('0706050403020100')}).ciphertext",
                "515455439c3e0c1a9f9b0a1821993014",
            ),
            (
                "C.AES.decrypt({ciphertext: C.enc.Hex.parse('7ffeb1813cb65135293584ab520e1499')}, k, {iv: iv}).toString(C.enc.Utf8)",
                "Hello, conform!",
            ),
            // OpenSSL's `enc -md md5 -S 0102030405060708 -k 'my secret'`, in the Salted__ format.
            (
                "C.AES.decrypt('U2FsdGVkX18BAgMEBQYHCIRQLO7jC2z3xzV+agjo9bY=', 'my secret').toString(C.enc.Utf8)",
                "Hello, conform!",
            ),
            (
                "C.TripleDES.decrypt('U2FsdGVkX18BAgMEBQYHCJQOLQvsAqF4cwUBEiPV6lM=', 'my secret').toString(C.enc.Utf8)",
                "Hello, conform!",
            ),
            (
                "C.AES.encrypt('Hello, conform!', 'my secret', {salt: C.enc.Hex.parse('0102030405060708')}).toString()",
                "U2FsdGVkX18BAgMEBQYHCIRQLO7jC2z3xzV+agjo9bY=",
            ),
            // A random salt still round-trips, and the wrong passphrase gives '' (not a throw).
            (
                "C.AES.decrypt(C.AES.encrypt('round trip', 'p').toString(), 'p').toString(C.enc.Utf8)",
                "round trip",
            ),
            (
                "C.AES.encrypt('x', 'p').toString().slice(0, 10)",
                "U2FsdGVkX1",
            ),
        ],
    );
}

#[test]
fn missing_crypto_parts_say_so() {
    assert_eq!(
        error_of("CryptoJS.Rabbit.encrypt('a', 'b');"),
        "test script of 'T', line 1: Error: CryptoJS.Rabbit is not supported by conform"
    );
    assert_eq!(
        error_of("CryptoJS.AES.encrypt('a', 'b', {mode: CryptoJS.mode.GCM});"),
        "test script of 'T', line 1: Error: CryptoJS.mode.GCM is not supported by conform"
    );
    assert_eq!(
        error_of("CryptoJS.AES.encrypt('a', CryptoJS.enc.Hex.parse('0011'));"),
        "test script of 'T', line 1: Error: invalid key length 2 bytes for AES"
    );
}
