//! Makes untrusted text safe and measurable for a terminal: strips escape sequences and control,
//! bidi and invisible characters, measures display width and truncates by it. Pure; shared by the
//! report table and the TUI. Must not know about users or columns.
//!
//! Names, emails and group names are chosen by the people being audited. Printed raw, a name
//! could move the cursor, recolour or retitle the terminal (CSI, OSC, C1 controls), reverse the
//! text around it (U+202E) or hide characters (zero-width, tag characters).

use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Shown where a lone control character stood, so tampering stays visible.
const REPLACEMENT: char = '\u{fffd}';
/// Marks text cut to fit a column.
pub const ELLIPSIS: char = '…';

/// `text` with every escape sequence removed, layout controls (tab, newline, line separators)
/// turned into spaces, other control characters replaced by U+FFFD, and bidi, zero-width and other
/// invisible format characters removed. Borrowed when nothing needed changing.
#[must_use]
pub fn sanitize_for_terminal(text: &str) -> Cow<'_, str> {
    if is_printable_ascii(text) || !text.chars().any(needs_care) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 introducers that UTF-8 terminals may honour like ESC [, ESC ], ESC P, ESC X, ESC ^, ESC _.
            '\u{9b}' => skip_control_sequence(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_control_string(&mut chars),
            '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => clean.push(' '),
            c if c.is_control() => clean.push(REPLACEMENT),
            c if is_invisible_format(c) => {}
            c => clean.push(c),
        }
    }
    Cow::Owned(clean)
}

/// Columns `text` occupies in a terminal (East Asian wide and emoji count 2, combining marks 0).
/// Meaningful for sanitized text only.
#[must_use]
pub fn display_width(text: &str) -> usize {
    if is_printable_ascii(text) {
        return text.len();
    }
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max_width` columns, ending in `…` when anything was cut. Never splits a
/// character; a wide character that would straddle the limit is dropped whole.
#[must_use]
pub fn truncate_to_width(text: &str, max_width: usize) -> Cow<'_, str> {
    if display_width(text) <= max_width {
        return Cow::Borrowed(text);
    }
    let Some(budget) = max_width.checked_sub(1) else {
        return Cow::Borrowed("");
    };
    let mut end = 0;
    let mut width = 0;
    for (index, c) in text.char_indices() {
        width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width > budget {
            break;
        }
        end = index + c.len_utf8();
    }
    // Some sequences (emoji with a variation selector) are wider together than their characters.
    while display_width(&text[..end]) > budget {
        match text[..end].char_indices().next_back() {
            Some((index, _)) => end = index,
            None => break,
        }
    }
    let mut cut = String::with_capacity(end + ELLIPSIS.len_utf8());
    cut.push_str(&text[..end]);
    cut.push(ELLIPSIS);
    Cow::Owned(cut)
}

/// The common case, checked byte-wise: nothing to strip, one column per byte.
fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|byte| (0x20..0x7f).contains(&byte))
}

fn needs_care(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}' || is_invisible_format(c)
}

/// Format characters (Unicode category Cf) and friends that render as nothing but change how the
/// surrounding text is ordered, joined or read: bidi embeddings, overrides and isolates, zero-width
/// space/joiners, word joiner, BOM, soft hyphen, invisible operators, interlinear annotation and
/// tag characters (used to smuggle hidden ASCII), and variation selectors other than the emoji
/// one (also used to smuggle data).
#[must_use]
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0e}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: consumes the rest of the sequence, whatever its kind (ECMA-48).
fn skip_escape_sequence(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_control_sequence(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_control_string(chars);
        }
        // nF sequences (ESC ( B …): intermediates, then one final byte.
        Some('\u{20}'..='\u{2f}') => {
            while chars.next_if(|c| ('\u{20}'..='\u{2f}').contains(c)).is_some() {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        // Two-character sequences (ESC c resets the terminal, ESC 7 saves the cursor, …).
        Some('\u{30}'..='\u{7e}') => {
            chars.next();
        }
        _ => {}
    }
}

/// After CSI: parameter and intermediate bytes, then one final byte. A control character ends the
/// sequence early and is left for the caller, as a terminal would execute it.
fn skip_control_sequence(chars: &mut Chars<'_>) {
    while chars.next_if(|c| ('\u{20}'..='\u{3f}').contains(c)).is_some() {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// After OSC, DCS, SOS, PM or APC: everything up to BEL or the string terminator (ESC \ or
/// U+009C), which terminals swallow too.
fn skip_control_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}
