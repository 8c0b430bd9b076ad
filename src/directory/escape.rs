//! Quoting untrusted text inside an error message: control and bidi characters become visible
//! `\u{..}` escapes. Pure; for messages only (the console and reports sanitize their own cells).

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1: what starts ANSI/OSC sequences) and every
/// bidi mark, embedding, override or isolate written as its `\u{..}` escape, so quoted input can
/// neither act on the terminal that prints the message nor hide or reorder it. Borrowed when
/// nothing needed escaping. Shared by the query, journal, plan and config errors.
#[must_use]
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_escapes_and_the_rest_stays() {
        assert_eq!(escape_controls("Zoë 漢字"), Cow::Borrowed("Zoë 漢字"));
        assert_eq!(
            escape_controls("\u{1b}[31mred\u{9b}\n"),
            "\\u{1b}[31mred\\u{9b}\\u{a}"
        );
        assert_eq!(escape_controls("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
    }
}
