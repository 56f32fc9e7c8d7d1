//! Every form a secret can take in printed text: raw, percent-encoded as each part of a URL or
//! a form body would carry it (upper- and lower-case hex), JSON-string-escaped, and base64
//! (standard and URL-safe, padded or not, alone or at any offset inside a longer blob such as
//! `Basic base64(user:pass)` or a JWT segment).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

/// A base64 run shorter than this is too likely to occur by chance in ordinary text or other
/// base64 to be masked when the secret sits at an unknown offset inside a blob; the secret's
/// own, stand-alone encodings are always masked.
pub const MIN_BASE64_CORE: usize = 6;

/// The shortest and longest cut-off start of a secret (`Pa55…`) that is masked: chai cuts at
/// 40 characters, and shorter starts are too likely to be ordinary text before an ellipsis.
const MIN_TRUNCATED: usize = 3;
const MAX_TRUNCATED: usize = 64;

/// Which bytes one encoder leaves alone (everything else becomes `%XX`).
#[derive(Clone, Copy)]
enum Keep {
    /// Letters and digits only (the strictest encoder).
    Alphanumeric,
    /// RFC 3986 unreserved: `-._~` (our form bodies, most HTTP clients' query encoders).
    Unreserved,
    /// WHATWG form encoding: `*-._` kept, space becomes `+`.
    WhatwgForm,
    /// JavaScript's encodeURIComponent: `-_.!~*'()` kept.
    UriComponent,
    /// Postman's path encoder: printable ASCII but ` "<>`#?{}`.
    Path,
    /// Postman's query-value encoder: printable ASCII but ` "#'<>&` (keys also encode `=`).
    QueryValue,
    QueryKey,
    /// A query value whose `&` and `=` came from a variable: substituted before the query is
    /// split, they go out raw while the rest is encoded.
    QuerySubstituted,
}

impl Keep {
    const ALL: [Keep; 8] = [
        Keep::Alphanumeric,
        Keep::Unreserved,
        Keep::WhatwgForm,
        Keep::UriComponent,
        Keep::Path,
        Keep::QueryValue,
        Keep::QueryKey,
        Keep::QuerySubstituted,
    ];

    fn keeps(self, b: u8) -> bool {
        let printable = (0x21..0x7F).contains(&b);
        match self {
            Keep::Alphanumeric => b.is_ascii_alphanumeric(),
            Keep::Unreserved => b.is_ascii_alphanumeric() || b"-._~".contains(&b),
            Keep::WhatwgForm => b.is_ascii_alphanumeric() || b"*-._".contains(&b),
            Keep::UriComponent => b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b),
            Keep::Path => printable && !b"\"<>`#?{}".contains(&b),
            Keep::QueryValue => printable && !b"\"#'<>&".contains(&b),
            Keep::QueryKey => printable && !b"\"#'<>&=".contains(&b),
            Keep::QuerySubstituted => printable && !b"\"#'<>".contains(&b),
        }
    }
}

fn percent(secret: &[u8], keep: Keep, lower: bool) -> String {
    let mut out = String::with_capacity(secret.len() * 3);
    for &b in secret {
        if keep.keeps(b) {
            out.push(b as char);
        } else if b == b' ' && matches!(keep, Keep::WhatwgForm) {
            out.push('+');
        } else if lower {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The secret as a JSON string's contents.
fn json_escaped(secret: &str) -> String {
    let quoted = serde_json::to_string(secret).unwrap_or_default();
    quoted[1..quoted.len() - 1].to_string()
}

/// The secret inside a single-quoted string as chai's messages quote it (`'O\'Brien'`):
/// backslash, quote and control characters escaped.
fn chai_quoted(secret: &str) -> String {
    let mut out = String::with_capacity(secret.len() + 4);
    for c in secret.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c => out.push(c),
        }
    }
    out
}

/// The secret inside a JSON string (`escaped`, as serde escapes it), as JavaScript and Python
/// would escape it too, and escaped `twice` (a JSON text echoed back inside another JSON string).
fn json_forms(escaped: &str, twice: String, out: &mut Vec<String>) {
    out.push(twice);
    out.push(escaped.to_string());
    // Some encoders escape `/` (PHP) or every non-ASCII character (Python's ensure_ascii).
    out.push(escaped.replace('/', "\\/"));
    let mut lower = String::new();
    let mut upper = String::new();
    for c in escaped.chars() {
        if c.is_ascii() {
            lower.push(c);
            upper.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                lower.push_str(&format!("\\u{u:04x}"));
                upper.push_str(&format!("\\u{u:04X}"));
            }
        }
    }
    out.push(lower);
    out.push(upper);
}

/// The base64 characters that depend only on the secret's bytes when it starts `offset` bytes
/// into a 3-byte group: the characters mixing its bits with unknown neighbours are cut off.
fn base64_core(secret: &[u8], offset: usize, url_safe: bool) -> Option<String> {
    let mut bytes = vec![0u8; offset];
    bytes.extend_from_slice(secret);
    let engine = if url_safe {
        &URL_SAFE_NO_PAD
    } else {
        &STANDARD_NO_PAD
    };
    let text = engine.encode(&bytes);
    // Characters before the secret's first whole 6 bits: offset 1 mixes 2 prefix bits into
    // the 2nd character, offset 2 mixes 4 into the 3rd.
    let front = [0, 2, 3][offset];
    let back = usize::from(bytes.len() % 3 != 0);
    let core = text.get(front..text.len().checked_sub(back)?)?;
    (core.len() >= MIN_BASE64_CORE || offset == 0 && core.len() >= 4).then(|| core.to_string())
}

/// Every printed form of one secret, deduplicated, raw form first.
pub fn forms(secret: &str) -> Vec<String> {
    let bytes = secret.as_bytes();
    let mut out = vec![secret.to_string()];
    for keep in Keep::ALL {
        out.push(percent(bytes, keep, false));
        out.push(percent(bytes, keep, true));
    }
    // An http URL's path turns `\` into `/` before encoding it.
    if secret.contains('\\') {
        let slashed = secret.replace('\\', "/");
        for lower in [false, true] {
            out.push(percent(slashed.as_bytes(), Keep::Path, lower));
        }
    }
    // chai's messages quote what they show: the secret, or a JSON text holding it (once or
    // twice escaped), as the assertion saw it.
    let once = json_escaped(secret);
    let twice = json_escaped(&once);
    for shown in [secret, &once, &twice] {
        out.push(chai_quoted(shown));
    }
    json_forms(&once, twice, &mut out);
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        out.push(engine.encode(bytes));
    }
    for offset in 0..3 {
        for url_safe in [false, true] {
            out.extend(base64_core(bytes, offset, url_safe));
        }
    }
    // A script's assertion message cuts long strings with `…` (as chai does): the part of
    // the secret before the cut is masked too.
    let chars: Vec<(usize, char)> = secret.char_indices().collect();
    for &(at, _) in chars.iter().skip(MIN_TRUNCATED).take(MAX_TRUNCATED) {
        out.push(format!("{}\u{2026}", &secret[..at]));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| !f.is_empty() && seen.insert(f.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_and_form_encodings() {
        let f = forms("integrator@example.com pw/1");
        for expected in [
            "integrator%40example.com%20pw%2F1",
            "integrator%40example.com+pw%2F1",
            "integrator%40example%2Ecom%20pw%2F1",
            "integrator%40example%2ecom%20pw%2f1",
            "integrator@example.com%20pw/1",
        ] {
            assert!(f.iter().any(|x| x == expected), "{expected} not in {f:?}");
        }
    }

    #[test]
    fn json_escapes() {
        let f = forms("a\"b\\c/é\n");
        for expected in [
            "a\\\"b\\\\c/é\\n",
            "a\\\"b\\\\c\\/é\\n",
            "a\\\"b\\\\c/\\u00e9\\n",
            "a\\\"b\\\\c/\\u00E9\\n",
        ] {
            assert!(f.iter().any(|x| x == expected), "{expected} not in {f:?}");
        }
    }

    #[test]
    fn chai_quoting_double_json_path_and_substituted_query() {
        let f = forms("O'Br\\ien&x=\"1");
        for expected in [
            "O\\'Br\\\\ien&x=\"1",
            "O'Br\\\\\\\\ien&x=\\\\\\\"1",
            "O'Br/ien&x=%221",
            "O%27Br\\ien&x=%221",
        ] {
            assert!(f.iter().any(|x| x == expected), "{expected} not in {f:?}");
        }
    }

    #[test]
    fn base64_at_every_offset() {
        let secret = "s3cr3t-Pa55";
        let f = forms(secret);
        for prefix in ["", "u", "us", "user:", "{\"sub\":\"x\",\"pw\":\""] {
            for suffix in ["", "\"}", "!"] {
                let blob = format!("{prefix}{secret}{suffix}");
                for engine in [&STANDARD, &URL_SAFE_NO_PAD] {
                    let text = engine.encode(blob.as_bytes());
                    assert!(
                        f.iter().any(|p| text.contains(p.as_str()) && p != secret),
                        "no form of the secret found in {text}"
                    );
                }
            }
        }
        assert!(f.iter().any(|x| x == "czNjcjN0LVBhNTU="));
    }
}
