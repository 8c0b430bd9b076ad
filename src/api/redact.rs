//! Making server text safe to show: strips control characters, shortens, and blanks anything
//! that looks like a credential. Owns no error policy; `response` decides what to show.

use crate::types::Secret;

/// Longest server-provided text (an error `detail`, a body snippet) ever put in an error.
pub const MAX_SHOWN_CHARS: usize = 160;
const REDACTED: &str = "<redacted>";
/// JSON member names whose string values are credentials whatever they look like.
const SECRET_NAMES: &[&str] = &["key", "token", "secret", "password", "authorization", "bearer"];

/// Server text made printable: control characters (ANSI escapes, bidi overrides, newlines)
/// become spaces or are dropped, and the result is cut to `MAX_SHOWN_CHARS` characters.
#[must_use]
pub fn printable(text: &str) -> String {
    let mut shown = String::new();
    for (count, ch) in text.chars().enumerate() {
        if count == MAX_SHOWN_CHARS {
            shown.push('…');
            break;
        }
        if ch.is_control() || is_bidi_control(ch) {
            shown.push(' ');
        } else {
            shown.push(ch);
        }
    }
    shown
}

/// A short excerpt of a response body around `column` (1-based, as serde reports it), with the
/// client's own key and any credential-like value blanked, then made printable.
#[must_use]
pub fn snippet(body: &[u8], line: usize, column: usize, key: &Secret) -> String {
    let text = String::from_utf8_lossy(body);
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or(&text);
    let chars: Vec<char> = line_text.chars().collect();
    let centre = column.saturating_sub(1).min(chars.len());
    let start = centre.saturating_sub(MAX_SHOWN_CHARS / 2);
    let end = (start + MAX_SHOWN_CHARS).min(chars.len());
    let excerpt: String = chars[start..end].iter().collect();
    printable(&redact_credentials(&excerpt, key))
}

/// Blanks the client's key wherever it appears, `Bearer <x>` values, and the string values of
/// JSON members named like credentials (`"apiKey": "…"`, `"token": "…"`).
#[must_use]
pub fn redact_credentials(text: &str, key: &Secret) -> String {
    let mut out = if key.is_empty() {
        text.to_owned()
    } else {
        text.replace(key.expose(), REDACTED)
    };
    out = redact_after_marker(&out, "Bearer ");
    out = redact_after_marker(&out, "bearer ");
    redact_secret_members(&out)
}

fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn redact_after_marker(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (before, after) = rest.split_at(at + marker.len());
        out.push_str(before);
        let token_len = after
            .find(|c: char| c.is_whitespace() || c == '"' || c == ',')
            .unwrap_or(after.len());
        if token_len > 0 {
            out.push_str(REDACTED);
        }
        rest = &after[token_len..];
    }
    out.push_str(rest);
    out
}

/// Replaces `"<name>": "<value>"` where `<name>` contains a credential word.
fn redact_secret_members(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(colon) = rest.find("\":") {
        let (head, tail) = rest.split_at(colon + 2);
        out.push_str(head);
        let name_start = head[..colon].rfind('"').map_or(0, |at| at + 1);
        let name = head[name_start..colon].to_ascii_lowercase();
        let value = tail.trim_start();
        let skipped = tail.len() - value.len();
        let is_secret = SECRET_NAMES.iter().any(|word| name.contains(word));
        if is_secret && value.starts_with('"') {
            let close = value[1..].find('"').map_or(value.len(), |at| at + 2);
            out.push_str(&tail[..skipped]);
            out.push('"');
            out.push_str(REDACTED);
            out.push('"');
            rest = &value[close.min(value.len())..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_length_are_tamed() {
        let shown = printable("bad\u{1b}[31mred\u{202e}txt\n");
        assert_eq!(shown, "bad [31mred txt ");
        let long = "x".repeat(400);
        assert_eq!(printable(&long).chars().count(), MAX_SHOWN_CHARS + 1);
    }

    #[test]
    fn credentials_are_blanked() {
        let key = Secret::new("ATATT-very-secret-42".into());
        let text = r#"{"apiKey": "abc123", "name":"x", "auth":"Bearer zzz", "echo":"ATATT-very-secret-42"}"#;
        let shown = redact_credentials(text, &key);
        assert!(!shown.contains("abc123"), "{shown}");
        assert!(!shown.contains("zzz"), "{shown}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(shown.contains(r#""name":"x""#), "{shown}");
    }

    #[test]
    fn snippet_centres_on_the_column() {
        let body = format!(r#"{{"pad":"{}","token":"t0k3n","bad":5}}"#, "p".repeat(300));
        let column = body.find("\"bad\"").expect("present") + 1;
        let shown = snippet(body.as_bytes(), 1, column, &Secret::new(String::new()));
        assert!(shown.contains("\"bad\":5"), "{shown}");
        assert!(!shown.contains("t0k3n"), "{shown}");
        assert!(shown.chars().count() <= MAX_SHOWN_CHARS + 1);
    }
}
