//! Redaction, one mechanism for every output: which names and headers hold secrets, and a
//! redactor that masks every secret value seen in the run wherever it appears. Values become
//! `***` whatever their length.

mod forms;
mod redirect;

pub use forms::{MIN_BASE64_CORE, forms};
pub use redirect::strip_credentials;

use crate::request::{HttpRequest, HttpResponse};
use aho_corasick::{AhoCorasick, MatchKind};

pub const MASK: &str = "***";

const NAME_PATTERNS: [&str; 9] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "authorization",
    "cookie",
];

const NOT_SECRET_SUFFIXES: [&str; 7] = [
    "type",
    "expirydays",
    "expiry",
    "expiresin",
    "expireson",
    "url",
    "endpoint",
];

const SECRET_HEADERS: [&str; 7] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "apikey",
];

/// Whether a variable or JSON field of this name holds a secret (case-insensitive substring).
/// Called for every variable, header and JSON key of every request: compares in place instead
/// of lowercasing a copy of the name (and of each extra name) on every call (issue 17).
pub fn is_secret_name(name: &str, extra: &[String]) -> bool {
    // `tokenType: Bearer`, `secretExpiryDays: 100`, `tokenUrl`: about a secret, not one.
    if NOT_SECRET_SUFFIXES
        .iter()
        .any(|s| ends_with_ignore_case(name, s))
    {
        return false;
    }
    NAME_PATTERNS.iter().any(|p| contains_ignore_case(name, p))
        || contains_ignore_case(name, "session")
        || extra.iter().any(|p| contains_ignore_case(name, p))
}

/// ASCII case-insensitive `haystack.contains(needle)` without allocating.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

fn ends_with_ignore_case(haystack: &str, suffix: &str) -> bool {
    let (h, s) = (haystack.as_bytes(), suffix.as_bytes());
    h.len() >= s.len() && h[h.len() - s.len()..].eq_ignore_ascii_case(s)
}

pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h))
}

/// Masks known secret values, in every form they can take (`forms`), in any text. One
/// multi-pattern automaton, built once per set of secrets, scans each text in one pass; every
/// occurrence is found, overlapping ones included, and their union is masked, so no part of
/// one secret survives because another one overlapped it.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    values: Vec<String>,
    extra_names: Vec<String>,
    /// Built on the first redaction after a secret was learnt.
    matcher: Matchers,
    /// Finds where a JSON body could hold a secret-named key (built on first use).
    names: NameFilter,
}

/// An automaton over the secret name patterns (and the extra names), folded (`fold`), plus
/// `\u`: a key can only name a secret if one of them occurs in the body's bytes (a key
/// spelled with `\u` escapes is caught by the second). Bodies without any of them, which is
/// most large bodies, are not walked at all: the walk parses every byte, several times the
/// cost of this scan.
#[derive(Debug, Default)]
struct NameFilter(std::sync::OnceLock<Option<(AhoCorasick, usize)>>);

/// ASCII letters to lower case, every other byte to some byte, the same for equal bytes: if a
/// text holds a pattern in any case, the folded text holds the folded pattern (the reverse
/// need not hold: a false hit only costs a walk).
fn fold(b: u8) -> u8 {
    b | 0x20
}

impl Clone for NameFilter {
    /// A copy builds its own automaton when it first needs it.
    fn clone(&self) -> Self {
        NameFilter::default()
    }
}

/// The automatons over `values`, in segments whose sizes are the binary digits of its length
/// (13 values: 8 + 4 + 1). Learning one more secret rebuilds only the small segments, so a run
/// that learns a token per request (a login per iteration) builds O(n log n) patterns in all,
/// not O(n²) (10 000 iterations took minutes when one automaton held every secret).
#[derive(Debug, Default)]
struct Matchers(std::sync::Mutex<Vec<Segment>>);

/// One built automaton and the `[start, end)` range of `values` it covers.
type Segment = ((usize, usize), std::sync::Arc<AhoCorasick>);

impl Clone for Matchers {
    /// A copy builds its own automatons when it first needs them.
    fn clone(&self) -> Self {
        Matchers::default()
    }
}

/// `[start, end)` ranges of `values` a set of `len` secrets is split into, largest first.
fn segments(len: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for bit in (0..usize::BITS).rev() {
        let size = 1usize << bit;
        if len & size != 0 {
            out.push((start, start + size));
            start += size;
        }
    }
    out
}

/// Learnt secrets remembered beyond what the variables hold (see `Redactor::forget_old`).
pub const MAX_REMEMBERED: usize = 128;

/// Values shorter than this are too likely to be ordinary words or digits to mask everywhere.
const MIN_SECRET_LEN: usize = 3;

/// Masking can, in theory, join the text around a mask into another secret's form (`***`
/// next to `*x` when `**x` is a secret): passes repeat until nothing matches. Each pass with a
/// match shortens the text or turns a character into `*`, so this bound is never reached in
/// practice; it only caps the cost of a hostile secret set.
const MAX_PASSES: usize = 64;

/// The byte ranges to mask: every match of every form, overlapping ones merged. Matches never
/// split a UTF-8 character (patterns are whole UTF-8 strings).
fn masked_spans(matchers: &[std::sync::Arc<AhoCorasick>], text: &str) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = matchers
        .iter()
        .flat_map(|ac| ac.find_overlapping_iter(text))
        .map(|m| (m.start(), m.end()))
        .collect();
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for (start, end) in found {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

impl Redactor {
    pub fn new(extra_names: Vec<String>) -> Self {
        Redactor {
            extra_names,
            ..Redactor::default()
        }
    }

    pub fn extra_names(&self) -> &[String] {
        &self.extra_names
    }

    /// Whether this value is masked from now on (long enough, not already known).
    pub fn knows(&self, value: &str) -> bool {
        self.values.iter().any(|v| v == value.trim())
    }

    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        // A value made only of mask characters would mask its own mask for ever.
        if value.len() < MIN_SECRET_LEN
            || value.bytes().all(|b| b == b'*')
            || self.values.iter().any(|v| v == value)
        {
            return;
        }
        self.values.push(value.to_string());
    }

    /// Past `MAX_REMEMBERED` learnt secrets, forgets the oldest ones that `still_held` says no
    /// variable holds any more (a token from many iterations ago), down to half the bound. Each secret costs its
    /// automaton tens of KiB, so a run that learns a token per request would otherwise grow
    /// with every request. What a variable holds, what the environment declared secret and
    /// what an auth block carries (learnt again each time a request uses it) stay masked.
    pub fn forget_old(&mut self, still_held: impl Fn(&str) -> bool) {
        if self.values.len() <= MAX_REMEMBERED {
            return;
        }
        // Down to half the bound at once: the automatons are rebuilt once per half-bound of
        // new secrets, not at every iteration.
        let excess = self.values.len() - MAX_REMEMBERED / 2;
        let mut dropped = 0;
        self.values.retain(|v| {
            if dropped < excess && !still_held(v) {
                dropped += 1;
                false
            } else {
                true
            }
        });
        if dropped > 0 {
            self.matcher = Matchers::default();
        }
    }

    /// Every secret learnt so far, as given (for `--export-environment`).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Learns the secrets a request or response carries in its headers: the whole value of a
    /// credential header, the credential after its scheme (`Bearer x` → `x`), Basic's password,
    /// and each cookie's value (`Set-Cookie: sid=x; Path=/` → `x`).
    pub fn learn_headers(&mut self, headers: &[(String, String)]) {
        for (k, v) in headers {
            let cookie = k.eq_ignore_ascii_case("cookie") || k.eq_ignore_ascii_case("set-cookie");
            if !is_secret_header(k) && !is_secret_name(k, &self.extra_names) {
                continue;
            }
            // The random nonce Postman clients send with every request: masked by its name
            // where it is shown, but no credential to look for everywhere. Learning it made the
            // secret list, and the automaton over it, grow by one per request (issue 17).
            if k.eq_ignore_ascii_case("postman-token") {
                continue;
            }
            self.add(v);
            if cookie {
                let pairs = v.split(';');
                // Set-Cookie's attributes (Path, Expires…) after the first pair are not secret.
                let take = if k.eq_ignore_ascii_case("set-cookie") {
                    1
                } else {
                    usize::MAX
                };
                for pair in pairs.take(take) {
                    if let Some((_, value)) = pair.split_once('=') {
                        self.add(value.trim().trim_matches('"'));
                    }
                }
                continue;
            }
            if let Some((scheme, credential)) = v.split_once(' ') {
                self.add(credential);
                if scheme.eq_ignore_ascii_case("basic") {
                    self.learn_basic(credential.trim());
                }
            }
        }
    }

    /// `Basic base64(user:password)`: the password is a secret on its own.
    fn learn_basic(&mut self, credential: &str) {
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::STANDARD.decode(credential);
        if let Some(pair) = decoded.ok().and_then(|d| String::from_utf8(d).ok()) {
            if let Some((_, password)) = pair.split_once(':') {
                self.add(password);
            }
        }
    }

    /// Learns values of secret-named fields in a JSON body (`accessToken`, `secret`, …). Walks
    /// the text without building a tree: only secret values are copied.
    pub fn learn_json(&mut self, body: &[u8]) {
        // Only an object (or an array of them) has keys: anything else holds no named secret.
        if !matches!(
            body.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        ) {
            return;
        }
        if !self.may_name_a_secret(body) {
            return;
        }
        let mut de = serde_json::Deserializer::from_slice(body);
        let _ = serde::de::DeserializeSeed::deserialize(
            learn::Walk {
                redactor: self,
                depth: 0,
                secret: false,
            },
            &mut de,
        );
    }

    /// Whether a secret name pattern (or a `\u` escape) occurs anywhere in the body.
    fn may_name_a_secret(&self, body: &[u8]) -> bool {
        let filter = self.names.0.get_or_init(|| {
            let mut patterns: Vec<&str> = NAME_PATTERNS.to_vec();
            patterns.push("session");
            patterns.push("\\u");
            patterns.extend(self.extra_names.iter().map(String::as_str));
            let folded: Vec<Vec<u8>> = patterns
                .iter()
                .map(|p| p.bytes().map(fold).collect())
                .collect();
            let longest = folded.iter().map(Vec::len).max().unwrap_or(0);
            // Leftmost-first: only that match kind gets the SIMD (Teddy) prefilter, and any
            // match will do here.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(&folded)
                .ok()
                .map(|ac| (ac, longest))
        });
        // No automaton (it cannot fail on these patterns): walk, as before.
        let Some((ac, longest)) = filter else {
            return true;
        };
        // The body is folded (`fold`) a chunk at a time and searched case-sensitively for the
        // folded patterns: a case-insensitive automaton has no fast prefilter and walked every
        // byte (most of a run's CPU per MiB, issue 17); this one finds its candidates with SIMD.
        // Chunks overlap by a pattern's length, so no occurrence is split.
        const CHUNK: usize = 64 * 1024;
        let mut buf = vec![0u8; (CHUNK + longest).min(body.len())];
        let mut start = 0;
        loop {
            let end = (start + CHUNK + longest.saturating_sub(1)).min(body.len());
            let chunk = &mut buf[..end - start];
            for (d, &b) in chunk.iter_mut().zip(&body[start..end]) {
                *d = fold(b);
            }
            if ac.is_match(&*chunk) {
                return true;
            }
            if end == body.len() {
                return false;
            }
            start += CHUNK;
        }
    }

    /// The automatons for every secret learnt so far (none before the first).
    fn matchers(&self) -> Vec<std::sync::Arc<AhoCorasick>> {
        // A poisoned lock only means a build panicked; the cache is rebuilt from the values.
        let mut cache = self.matcher.0.lock().unwrap_or_else(|p| p.into_inner());
        let wanted = segments(self.values.len());
        cache.retain(|(range, _)| wanted.contains(range));
        for range in &wanted {
            if cache.iter().any(|(r, _)| r == range) {
                continue;
            }
            let patterns: Vec<String> = self.values[range.0..range.1]
                .iter()
                .flat_map(|v| forms(v))
                .collect();
            if let Ok(ac) = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
            {
                cache.push((*range, std::sync::Arc::new(ac)));
            }
        }
        cache
            .iter()
            .map(|(_, ac)| std::sync::Arc::clone(ac))
            .collect()
    }

    pub fn redact(&self, text: &str) -> String {
        let matchers = self.matchers();
        if matchers.is_empty() {
            return text.to_string();
        }
        let mut out = std::borrow::Cow::Borrowed(text);
        for _ in 0..MAX_PASSES {
            let spans = masked_spans(&matchers, out.as_ref());
            if spans.is_empty() {
                break;
            }
            let mut masked = String::with_capacity(out.len());
            let mut at = 0;
            for (start, end) in spans {
                masked.push_str(&out[at..start]);
                masked.push_str(MASK);
                at = end;
            }
            masked.push_str(&out[at..]);
            out = std::borrow::Cow::Owned(masked);
        }
        out.into_owned()
    }

    /// The start of a body as reports show it: at most `keep` bytes (cut on a character
    /// boundary, invalid UTF-8 replaced) of `body` with every secret masked. Only the start of the
    /// body is converted and scanned, so a 100 MiB body costs what its excerpt costs (issue
    /// 17: masking whole bodies that no output ever shows was most of a run's CPU per MiB). A
    /// secret that straddles the cut is masked whole: the scan reaches one longest pattern
    /// past the cut.
    pub fn redact_excerpt(&self, body: &[u8], keep: usize) -> String {
        let matchers = self.matchers();
        let longest = matchers
            .iter()
            .map(|ac| ac.max_pattern_len())
            .max()
            .unwrap_or(0);
        // Text within this of a window's end could be the start of a secret the window cuts
        // (3 more bytes: the window may also end inside a character).
        let margin = longest.saturating_add(3);
        // Windows grow until the masked text reaches `keep` bytes: masks are shorter than
        // most secrets, and the excerpt is as long as a cut of the whole masked body would be
        // (`compare` reads a body of about `keep` bytes as one that was cut).
        let mut window_len = keep.saturating_add(margin);
        loop {
            let whole = window_len >= body.len();
            let text = String::from_utf8_lossy(&body[..body.len().min(window_len)]);
            let mut safe = match whole {
                true => text.len(),
                false => text.len().saturating_sub(margin),
            };
            while !text.is_char_boundary(safe) {
                safe -= 1;
            }
            let mut first = String::with_capacity(safe);
            let mut at = 0;
            if !matchers.is_empty() {
                for (start, end) in masked_spans(&matchers, &text) {
                    if start >= safe {
                        break;
                    }
                    first.push_str(&text[at..start]);
                    first.push_str(MASK);
                    at = end;
                }
            }
            if at < safe {
                first.push_str(&text[at..safe]);
            }
            if whole || first.len() >= keep {
                // Later passes (masks joined into another secret's form) on what is kept;
                // then the cut (a mask astride it is cut too: its characters are ASCII).
                let mut out = match matchers.is_empty() {
                    true => first,
                    false => self.redact(&first),
                };
                let mut end = keep.min(out.len());
                while !out.is_char_boundary(end) {
                    end -= 1;
                }
                out.truncate(end);
                return out;
            }
            window_len = window_len.saturating_mul(2);
        }
    }

    /// Whether any form of any secret is still in this text (what the tests and the fuzz
    /// target assert never holds after `redact`).
    pub fn leaks(&self, text: &str) -> bool {
        self.matchers().iter().any(|ac| ac.is_match(text))
    }

    pub fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(k, v)| {
                let v = if is_secret_header(k) || is_secret_name(k, &self.extra_names) {
                    MASK.to_string()
                } else {
                    self.redact(v)
                };
                (k.clone(), v)
            })
            .collect()
    }

    /// The request as reports show it: URL and headers masked, the body cut to its first
    /// `keep` bytes and masked (`redact_excerpt`).
    pub fn request(&self, req: HttpRequest, keep: usize) -> HttpRequest {
        HttpRequest {
            url: self.redact(&req.url),
            headers: self.headers(&req.headers),
            body: req.body.map(|b| self.redact_excerpt(&b, keep).into_bytes()),
            method: req.method,
        }
    }

    /// The response as reports show it: headers masked, the body cut to its first `keep`
    /// bytes and masked. Takes the response, so its body is never copied whole.
    pub fn response(&self, mut resp: HttpResponse, keep: usize) -> HttpResponse {
        resp.headers = self.headers(&resp.headers);
        resp.reason = self.redact(&resp.reason);
        let body = std::mem::take(&mut resp.body);
        resp.body = self.redact_excerpt(&body, keep).into_bytes();
        resp
    }
}

/// The JSON walk behind `Redactor::learn_json`.
mod learn {
    use super::{Redactor, is_secret_name};
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    /// Values nested deeper than this are read past, not searched.
    const MAX_DEPTH: usize = 32;

    pub(super) struct Walk<'r> {
        pub(super) redactor: &'r mut Redactor,
        pub(super) depth: usize,
        /// The value sits under a secret-named key: a string here is learnt.
        pub(super) secret: bool,
    }

    impl Walk<'_> {
        fn child(&mut self, secret: bool) -> Walk<'_> {
            Walk {
                redactor: &mut *self.redactor,
                depth: self.depth + 1,
                secret,
            }
        }
    }

    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
            if self.depth > MAX_DEPTH {
                return de.deserialize_ignored_any(IgnoredAny).map(drop);
            }
            de.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_str<E>(self, v: &str) -> Result<(), E> {
            if self.secret {
                self.redactor.add(v);
            }
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        // Strings in an array under a secret key are not learnt: only a key's own value is.
        fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(self.child(false))?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
            while let Some(secret) = map.next_key_seed(SecretKey(self.redactor.extra_names()))? {
                map.next_value_seed(self.child(secret))?;
            }
            Ok(())
        }
    }

    /// Reads a key and says whether it names a secret.
    struct SecretKey<'n>(&'n [String]);

    impl<'de> DeserializeSeed<'de> for SecretKey<'_> {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<bool, D::Error> {
            de.deserialize_str(self)
        }
    }

    impl<'de> Visitor<'de> for SecretKey<'_> {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object key")
        }
        fn visit_str<E>(self, key: &str) -> Result<bool, E> {
            Ok(is_secret_name(key, self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_learnt_secrets_no_variable_holds_are_forgotten_past_the_bound() {
        let mut r = Redactor::new(Vec::new());
        let token = |i: usize| format!("tok-{i:06}-secret");
        for i in 0..MAX_REMEMBERED + 100 {
            r.add(&token(i));
        }
        assert!(r.redact(&token(0)).contains("***"));
        // A variable still holds token 5: it stays; the other oldest ones go.
        r.forget_old(|v| v == token(5));
        assert_eq!(r.values().len(), MAX_REMEMBERED / 2);
        assert!(!r.redact(&token(0)).contains("***"), "forgotten");
        assert_eq!(r.redact(&token(5)), "***");
        assert_eq!(r.redact(&token(MAX_REMEMBERED + 99)), "***");
        assert!(
            !r.redact(&token(MAX_REMEMBERED)).contains("***"),
            "forgotten"
        );
        assert_eq!(r.redact(&token(MAX_REMEMBERED + 100 - 63)), "***");
        // Within the bound nothing is forgotten.
        let before = r.values().len();
        r.forget_old(|_| false);
        assert_eq!(r.values().len(), before);
    }

    #[test]
    fn secrets_are_split_into_binary_segments() {
        assert_eq!(segments(0), vec![]);
        assert_eq!(segments(13), vec![(0, 8), (8, 12), (12, 13)]);
        // Learning more keeps masking what was learnt before, across segments.
        let mut r = Redactor::default();
        for i in 0..37 {
            r.add(&format!("token-{i:04}-abcdef"));
            assert_eq!(r.redact(&format!("x token-{i:04}-abcdef y")), "x *** y");
        }
        assert_eq!(r.redact("token-0000-abcdef|token-0036-abcdef"), "***|***");
        assert!(!r.leaks(&r.redact("token-0017-abcdef")));
    }

    #[test]
    fn an_excerpt_masks_a_secret_that_straddles_its_cut() {
        let secret = "s3cr3t-Pa55w0rd";
        let mut r = Redactor::default();
        r.add(secret);
        let keep = 64;
        // The secret (raw and URL-encoded) at every position around the cut.
        for form in [secret.to_string(), "s3cr3t%2DPa55w0rd".to_string()] {
            for before in 40..keep + 4 {
                let body = format!("{}{form}{}", "a".repeat(before), "b".repeat(100));
                let out = r.redact_excerpt(body.as_bytes(), keep);
                assert!(out.len() <= keep, "{before}: {} bytes", out.len());
                assert!(
                    !out.contains("s3c"),
                    "{before}: a piece survived in {out:?}"
                );
                if before < keep {
                    assert!(
                        out.ends_with('*') || out.contains(MASK),
                        "{before}: {out:?}"
                    );
                } else {
                    assert_eq!(out, "a".repeat(keep), "{before}");
                }
            }
        }
        // Masks are shorter than what they hide: the excerpt still fills `keep` bytes.
        let dense = format!("{}{}", format!("{secret} ").repeat(10), "c".repeat(200));
        let out = r.redact_excerpt(dense.as_bytes(), keep);
        assert_eq!(out.len(), keep);
        assert!(out.starts_with("*** *** ") && out.ends_with('c'), "{out}");
        // Short bodies are masked whole; invalid UTF-8 is replaced, never split.
        assert_eq!(r.redact_excerpt(b"x s3cr3t-Pa55w0rd y", keep), "x *** y");
        let mut bytes = "é".repeat(40).into_bytes();
        bytes.push(0xff);
        let out = r.redact_excerpt(&bytes, 63);
        assert_eq!(out, "é".repeat(31));
        // With no secret learnt, the excerpt is the start of the body.
        let plain = Redactor::default();
        assert_eq!(plain.redact_excerpt(&[b'z'; 1000], 10), "z".repeat(10));
    }

    #[test]
    fn bodies_without_a_secret_name_are_not_walked_but_escaped_keys_are() {
        let mut r = Redactor::new(vec!["Pin".into()]);
        r.learn_json(br#"{"a":"tok-1","b":[1,2,3]}"#);
        assert!(r.values().is_empty());
        assert!(!r.may_name_a_secret(br#"{"a":"tok-1"}"#));
        // A key spelled with escapes, a name in another case, an extra name: all learnt.
        r.learn_json(br#"{"\u0074oken":"esc-1","ACCESS_TOKEN":"up-2","userPIN":"9876"}"#);
        assert_eq!(r.values(), ["esc-1", "up-2", "9876"]);
        // Any case, any separator, an extra name, and a key astride a 64 KiB chunk boundary.
        for key in ["newPassWord", "X_API_KEY", "Api-Key", "myPin", "SESSIONID"] {
            assert!(
                r.may_name_a_secret(format!("{{\"{key}\":1}}").as_bytes()),
                "{key}"
            );
        }
        for at in [64 * 1024 - 8, 64 * 1024 - 3, 64 * 1024, 128 * 1024 - 1] {
            let mut body = vec![b' '; at];
            body.extend_from_slice(b"\"ToKeN\":1");
            body.resize(200 * 1024, b' ');
            assert!(r.may_name_a_secret(&body), "{at}");
            body[at + 1..at + 6].copy_from_slice(b"tozen");
            assert!(!r.may_name_a_secret(&body), "{at}");
        }
        // Not an object or array: no key, nothing to learn, and no walk.
        r.learn_json(br#""token""#);
        assert_eq!(r.values().len(), 3);
        assert!(is_secret_name("X-Session-Id", &[]));
        assert!(is_secret_name("my_PIN", &["pin".into()]));
        assert!(!is_secret_name("TOKEN_TYPE", &[]));
        // An empty extra name matches every name, as it always did.
        assert!(is_secret_name("ok", &["".into()]));
    }

    #[test]
    fn the_postman_token_nonce_is_masked_by_name_but_never_learnt() {
        let mut r = Redactor::default();
        for i in 0..100 {
            let nonce = format!("5e1c0a7e-0000-4000-8000-{i:012}");
            r.learn_headers(&[("Postman-Token".into(), nonce.clone())]);
            assert_eq!(r.headers(&[("Postman-Token".into(), nonce)])[0].1, MASK);
        }
        assert!(
            r.values().is_empty(),
            "one secret per request: {}",
            r.values().len()
        );
        r.learn_headers(&[("X-Auth-Token".into(), "abc-123".into())]);
        assert_eq!(r.values(), ["abc-123"]);
    }

    #[test]
    fn masks_known_values_headers_and_json_fields() {
        let mut r = Redactor::new(vec!["pin".into()]);
        r.add("hunter2!");
        r.learn_headers(&[("Authorization".into(), "Bearer eyJabc.def".into())]);
        r.learn_json(br#"{"accessToken":"tok-123","nested":{"userPin":"9876"},"n":"visible"}"#);
        let text = "pw=hunter2%21&t=eyJabc.def tok-123 9876 visible";
        assert_eq!(r.redact(text), "pw=***&t=*** *** *** visible");
        let h = r.headers(&[
            ("Set-Cookie".into(), "sid=1".into()),
            ("X-Tag".into(), "tok-123".into()),
        ]);
        assert_eq!(h[0].1, MASK);
        assert_eq!(h[1].1, MASK);
        assert!(is_secret_name("client_secret", &[]));
        assert!(is_secret_name("user_token", &[]));
        assert!(!is_secret_name("host", &[]));
        assert!(!is_secret_name("tokenType", &[]));
        assert!(!is_secret_name("secretExpiryDays", &[]));
    }

    #[test]
    fn learns_secrets_in_arrays_broken_and_deep_bodies() {
        let mut r = Redactor::new(Vec::new());
        r.learn_json(
            br#"[{"items":[{"client_secret":"cs-1","n":1}]},{"token":{"refresh_token":"rt-2"}}]"#,
        );
        // A body cut short still gives up the secrets before the cut.
        r.learn_json(br#"{"password":"pw-3","rest":[1,2"#);
        r.learn_json(br#"{"tokenType":"Bearer","token":42,"id_token":null}"#);
        assert_eq!(
            r.redact("cs-1 rt-2 pw-3 Bearer 42"),
            "*** *** *** Bearer 42"
        );
        let deep = format!(
            "{}{{\"token\":\"deep-4\"}}{}",
            "[".repeat(20),
            "]".repeat(20)
        );
        r.learn_json(deep.as_bytes());
        assert_eq!(r.redact("deep-4"), MASK);
        let hostile = "[".repeat(100_000);
        r.learn_json(hostile.as_bytes());
        r.learn_json(b"\xff\xfe not json");
    }
}
