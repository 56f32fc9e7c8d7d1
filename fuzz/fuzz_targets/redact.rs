//! Arbitrary secrets × arbitrary text → `Redactor::redact`: no form of a secret that the
//! redactor claims to mask survives (raw; percent-encoded upper/lower hex with and without
//! `-._~`; form-encoded with `+`; JSON-escaped; base64 standard/URL-safe alone, and the part of
//! a longer blob that encodes only the secret's bytes, 6 characters or more). Encoders are
//! written here, independently of src/secrets/forms.rs.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use conform::secrets::Redactor;
use libfuzzer_sys::fuzz_target;

fn percent(s: &str, keep: &dyn Fn(u8) -> bool, plus: bool, lower: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b == b' ' && plus {
            out.push('+');
        } else if keep(b) {
            out.push(b as char);
        } else if lower {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn claimed(s: &str) -> Vec<String> {
    let mut out = vec![s.to_string()];
    for lower in [false, true] {
        out.push(percent(s, &|b: u8| b.is_ascii_alphanumeric(), false, lower));
        out.push(percent(s, &|b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b), false, lower));
        out.push(percent(s, &|b: u8| b.is_ascii_alphanumeric() || b"*-._".contains(&b), true, lower));
    }
    let q = serde_json::to_string(s).unwrap();
    out.push(q[1..q.len() - 1].to_string());
    for e in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        out.push(e.encode(s));
    }
    for p in 1..=3usize {
        for e in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let blob = e.encode(format!("{}{s}!!!", "x".repeat(p)));
            let core = &blob[(8 * p).div_ceil(6)..8 * (p + s.len()) / 6];
            if core.len() >= 6 {
                out.push(core.to_string());
            }
        }
    }
    out
}

/// How a secret is written: one of its claimed forms, or inside a base64 blob.
fn written(s: &str, how: u8, junk: &str) -> String {
    let forms = claimed(s);
    let how = usize::from(how);
    if how < forms.len() {
        return forms[how].clone();
    }
    let prefix: String = junk.chars().take(how % 6).collect();
    let blob = format!("{prefix}{s}{junk}");
    if how % 2 == 0 { STANDARD.encode(blob) } else { URL_SAFE_NO_PAD.encode(blob) }
}

fuzz_target!(|input: (Vec<String>, Vec<(String, u8, u8)>)| {
    let (secrets, pieces) = input;
    let secrets: Vec<String> = secrets
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| s.len() >= 3 && !s.bytes().all(|b| b == b'*'))
        .take(8)
        .collect();
    let mut r = Redactor::new(Vec::new());
    for s in &secrets {
        r.add(s);
    }
    let mut text = String::new();
    for (junk, which, how) in pieces.iter().take(32) {
        text.push_str(junk);
        if !secrets.is_empty() {
            text.push_str(&written(&secrets[usize::from(*which) % secrets.len()], *how, junk));
        }
    }
    let out = r.redact(&text);
    for s in &secrets {
        for form in claimed(s) {
            assert!(!out.contains(&form), "{form:?} (a form of {s:?}) survived in {out:?}");
        }
    }
    if secrets.is_empty() {
        assert_eq!(out, text);
    }
});
