//! Text from a server or a collection made safe for a terminal: control characters (ESC and the
//! rest of C0, DEL, C1) and invisible direction overrides are shown as Rust escapes, so a
//! response cannot clear the screen, retitle the window, plant an OSC 8 link, write the
//! clipboard (OSC 52) or reorder what a reader sees.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character must be shown escaped rather than sent to the terminal.
fn hidden(c: char) -> bool {
    c.is_control()
        // Bidirectional embeddings, overrides and isolates ("Trojan Source"), and the BOM.
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| hidden(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !hidden(c) || keep(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// For a block printed over several lines (a body, a failure message): newlines and tabs stay,
/// every other control character is made visible.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// For a one-line field (a header, a URL, a name): newlines are made visible too, so a value
/// cannot forge a line of its own.
pub fn printable_line(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_keeps_plain_text() {
        let hostile = "ok\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\u{9b}31m\r\u{202e}txt.exe\nnext\tcol\x7f";
        let block = printable(hostile);
        assert!(
            !block
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        );
        assert_eq!(
            block,
            "ok\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{1b}]52;c;ZXZpbA==\\u{7}\\u{9b}31m\\r\\u{202e}txt.exe\nnext\tcol\\u{7f}"
        );
        assert_eq!(printable_line("a\nb"), "a\\nb");
        assert!(matches!(printable("plain ünïcode\n"), Cow::Borrowed(_)));
    }
}
