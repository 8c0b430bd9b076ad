//! `SelectionError`: a `--filter` or `--sort` that does not parse, shown as the model's message,
//! the text as typed and a caret line under the offending part. Owns the layout of that message;
//! the wording of the problem and of what is valid stays with `directory`.

use super::sanitize::is_invisible_format;
use crate::directory::{QueryError, SortKeyError};
use std::fmt;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Shown in place of a character that would act on the terminal or be invisible, so the caret
/// still lines up under what was typed.
const STAND_IN: char = '\u{fffd}';

/// A report flag that does not parse: a usage error (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionError {
    /// `text` is the `--filter` value as given.
    Filter { text: String, error: QueryError },
    /// `text` is the `--sort` value as given.
    Sort { text: String, error: SortKeyError },
}

impl SelectionError {
    pub(super) fn filter(text: &str, error: QueryError) -> Self {
        Self::Filter {
            text: text.to_owned(),
            error,
        }
    }

    pub(super) fn sort(text: &str, error: SortKeyError) -> Self {
        Self::Sort {
            text: text.to_owned(),
            error,
        }
    }

    /// The flag the error is about, as spelled on the command line.
    #[must_use]
    pub fn flag(&self) -> &'static str {
        match self {
            Self::Filter { .. } => "--filter",
            Self::Sort { .. } => "--sort",
        }
    }
}

impl fmt::Display for SelectionError {
    /// `invalid --filter: <model message>`, then the text and a caret line, indented two spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, span, message) = match self {
            Self::Filter { text, error } => (text, error.span.clone(), error.to_string()),
            Self::Sort { text, error } => (text, sort_error_span(&error.given), error.to_string()),
        };
        let (line, carets) = underline(text, span);
        write!(f, "invalid {}: {message}\n  {line}\n  {carets}", self.flag())
    }
}

/// The typed text made safe to print, and a line of spaces and `^` under the characters of
/// `span` (character positions), measured in terminal columns. At least one caret, so an empty
/// span (an empty value) still points somewhere.
fn underline(text: &str, span: Range<usize>) -> (String, String) {
    let mut line = String::with_capacity(text.len());
    let (mut before, mut under) = (0, 0);
    for (position, c) in text.chars().enumerate() {
        let shown = match c {
            c if c.is_whitespace() => ' ',
            c if c.is_control() || is_invisible_format(c) => STAND_IN,
            c => c,
        };
        line.push(shown);
        let width = shown.width().unwrap_or(0);
        if position < span.start {
            before += width;
        } else if position < span.end {
            under += width;
        }
    }
    let carets = format!("{}{}", " ".repeat(before), "^".repeat(under.max(1)));
    (line, carets)
}

/// The part of a `--sort` value the error is about: the direction when it is neither `asc` nor
/// `desc`, otherwise the field. Mirrors how `SortKey::parse` splits `FIELD[:DIRECTION]`.
fn sort_error_span(given: &str) -> Range<usize> {
    let leading = given.chars().take_while(|c| c.is_whitespace()).count();
    let trimmed = given.trim();
    let length = trimmed.chars().count();
    match trimmed.rsplit_once(':') {
        Some((field, direction))
            if !direction.eq_ignore_ascii_case("asc") && !direction.eq_ignore_ascii_case("desc") =>
        {
            leading + field.chars().count() + 1..leading + length
        }
        Some((field, _)) => leading..leading + field.chars().count(),
        None => leading..leading + length,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_count_terminal_columns_and_hide_controls() {
        let (line, carets) = underline("山田 x\u{1b}y", 3..6);
        assert_eq!(line, "山田 x\u{fffd}y");
        assert_eq!(carets, "     ^^^");
        assert_eq!(underline("", 0..0), (String::new(), "^".to_owned()));
    }

    #[test]
    fn sort_spans_point_at_the_wrong_part() {
        assert_eq!(sort_error_span("nmae:desc"), 0..4);
        assert_eq!(sort_error_span(" name:down"), 6..10);
        assert_eq!(sort_error_span("nmae"), 0..4);
        assert_eq!(sort_error_span("name:DESC"), 0..4);
    }
}
