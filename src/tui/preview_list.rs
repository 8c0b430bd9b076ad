//! What the preview page lists, as data: the figures of what confirming does now, then every
//! user of the plan grouped by section (each acted-on section, then the refused with their
//! reasons), each row with name, email, lane, days idle, products and the action. Built by
//! `update` whenever the plan or a choice changes; `render` only draws a window of it. Also the
//! page's geometry (wrapping, how far it scrolls), which both share. Must not draw or decide.

mod build;
mod footer;

pub use build::{Context, build};
pub use footer::{footer, hints};

use unicode_width::UnicodeWidthChar;

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Title,
    Plain,
    Dim,
    /// Column headings.
    Heading,
    /// A section confirmed on its own, or a refusal of the key: red.
    Danger,
    Warning,
}

/// One user of the list, as text (made terminal-safe when drawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub name: String,
    pub email: String,
    pub lane: String,
    pub idle: String,
    pub products: String,
    pub action: String,
}

/// One line of the preview page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewLine {
    /// Text that wraps at the page's width (nothing of it is cut).
    Text { text: String, tone: Tone },
    /// A user (or the column headings): one screen line, columns cut to fit.
    Row { row: ListRow, tone: Tone },
}

impl PreviewLine {
    /// Screen lines this line takes at `width` cells.
    #[must_use]
    pub fn height(&self, width: usize) -> usize {
        match self {
            PreviewLine::Text { text, .. } => wrap(text, width).len(),
            PreviewLine::Row { .. } => 1,
        }
    }
}

/// The first line to show so that, from it, the rest of `lines` fills `rows` screen lines at
/// `width`: the furthest the page scrolls.
#[must_use]
pub fn max_scroll(lines: &[PreviewLine], width: usize, rows: usize) -> usize {
    let mut used = 0;
    for (index, line) in lines.iter().enumerate().rev() {
        used += line.height(width);
        if used > rows {
            return index + 1;
        }
    }
    0
}

/// The page's inner area (inside its border) split into the list (width, rows) and the footer
/// of `footer_lines` lines below a rule: the footer always keeps its place.
#[must_use]
pub fn list_size(inner_width: u16, inner_height: u16, footer_lines: usize) -> (usize, usize) {
    let rows = usize::from(inner_height).saturating_sub(footer_lines + 1).max(1);
    (usize::from(inner_width).max(1), rows)
}

/// `text` broken into lines of at most `width` cells, at spaces where it can be (a word longer
/// than the width is cut into pieces); every line keeps the text's indentation. An empty text
/// is one empty line.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    let indent: String = text.chars().take_while(|c| *c == ' ').collect();
    for word in text.trim_start().split(' ') {
        let cells: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        if used > 0 && used + 1 + cells > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used == 0 {
            let lead = if indent.len() < width { indent.as_str() } else { "" };
            line.push_str(lead);
            used = lead.len();
        } else {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("  one two three", 9), ["  one two", "  three"]);
        assert_eq!(wrap("  abcdefghij", 5), ["  abc", "defgh", "ij"]);
        assert!(wrap("a b c d e f g h", 3).iter().all(|line| line.len() <= 3));
    }

    #[test]
    fn the_page_scrolls_until_the_last_line_is_at_the_bottom() {
        let text = |text: &str| PreviewLine::Text {
            text: text.to_owned(),
            tone: Tone::Plain,
        };
        let lines: Vec<PreviewLine> = (0..10).map(|n| text(&n.to_string())).collect();
        assert_eq!(max_scroll(&lines, 20, 4), 6);
        assert_eq!(max_scroll(&lines, 20, 40), 0);
        let mut lines = lines;
        lines.push(text("a long line that wraps over three"));
        assert_eq!(max_scroll(&lines, 12, 4), 9);
    }
}
