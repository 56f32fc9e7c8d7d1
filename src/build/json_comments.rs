//! Comments in raw JSON bodies, removed before sending as Newman does (postman-runtime runs the
//! body through the `strip-json-comments` package with `whitespace: false`): `//` to the end of
//! the line (the line break stays) and `/* … */` go, text inside double-quoted strings stays.

/// Whether a raw body is treated as JSON: its `options.raw.language` is `json`, or it has no
/// language and its Content-Type is JSON (`application/json`, `application/x+json`, as the
/// runtime's `^application/(\S+\+)?json` test, case-sensitive). Neither: sent as written.
pub fn applies(language: Option<&str>, content_type: Option<&str>) -> bool {
    match language.filter(|l| !l.is_empty()) {
        Some(language) => language == "json",
        None => content_type.is_some_and(is_json_type),
    }
}

fn is_json_type(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("application/") else {
        return false;
    };
    if rest.starts_with("json") {
        return true;
    }
    // `(\S+\+)?json`: some non-space text ending in `+`, then `json`.
    rest.char_indices()
        .take_while(|(_, c)| !c.is_whitespace())
        .any(|(i, c)| i > 0 && c == '+' && rest[i + 1..].starts_with("json"))
}

#[derive(Clone, Copy, PartialEq)]
enum Comment {
    None,
    Line,
    Block,
}

/// The text without its comments. A comment left open at the end runs to the end. A `"`
/// toggles string state unless an odd number of backslashes precedes it (wherever it is, as
/// the package counts them), and not inside a comment.
pub fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut comment, mut kept_from) = (false, Comment::None, 0);
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        if comment == Comment::None && b[i] == b'"' && !escaped(b, i) {
            in_string = !in_string;
        }
        if in_string {
            i += 1;
            continue;
        }
        match (comment, b[i], next) {
            (Comment::None, b'/', Some(b'/')) => {
                out.push_str(&text[kept_from..i]);
                comment = Comment::Line;
                i += 1;
            }
            // The `\r` of a CRLF goes with the comment, the `\n` stays.
            (Comment::Line, b'\r', Some(b'\n')) => {
                i += 1;
                comment = Comment::None;
                kept_from = i;
                i += 1;
                continue;
            }
            (Comment::Line, b'\n', _) => {
                comment = Comment::None;
                kept_from = i;
            }
            (Comment::None, b'/', Some(b'*')) => {
                out.push_str(&text[kept_from..i]);
                comment = Comment::Block;
                i += 2;
                continue;
            }
            (Comment::Block, b'*', Some(b'/')) => {
                comment = Comment::None;
                kept_from = i + 2;
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if comment == Comment::None {
        out.push_str(&text[kept_from..]);
    }
    out
}

fn escaped(b: &[u8], quote: usize) -> bool {
    b[..quote].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_block_comments_go_and_strings_stay() {
        assert_eq!(
            strip("{\n  \"u\": \"http://x/y\", // note\n  /* b */ \"n\": 1\n}\n// end"),
            "{\n  \"u\": \"http://x/y\", \n   \"n\": 1\n}\n"
        );
        assert_eq!(strip("// only"), "");
        assert_eq!(strip("{\"a\": 1} /* open"), "{\"a\": 1} ");
        assert_eq!(strip("[1, // x\r\n2]"), "[1, \n2]");
        assert_eq!(strip("{\"q\": \"a\\\"//b\"}//c"), "{\"q\": \"a\\\"//b\"}");
        assert_eq!(strip("{\"p\": \"c:\\\\\"}//c"), "{\"p\": \"c:\\\\\"}");
        assert_eq!(strip("[1 /*/ 2 */, 3]"), "[1 , 3]");
        assert_eq!(strip("/* \"x */ [\"/*\"]"), " [\"/*\"]");
        assert_eq!(strip("{\"é\": \"ü\"} // ö"), "{\"é\": \"ü\"} ");
    }

    #[test]
    fn json_is_the_language_or_without_one_the_content_type() {
        assert!(applies(Some("json"), Some("text/plain")));
        assert!(!applies(Some("text"), Some("application/json")));
        assert!(applies(Some(""), Some("application/json; charset=utf-8")));
        assert!(applies(None, Some("application/vnd.api+json")));
        assert!(!applies(None, Some("application/x json")));
        assert!(!applies(None, Some("Application/JSON")));
        assert!(!applies(None, Some("text/json")));
        assert!(!applies(None, None));
    }
}
