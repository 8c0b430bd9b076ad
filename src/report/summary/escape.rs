//! Escaping of org-provided text (names of the org, sites, products, file paths) for the two
//! summary formats. Every string the org or the machine supplies goes through one of these
//! before it is written; figures and dormant's own words do not need to.

use std::borrow::Cow;

/// Text for HTML element content and quoted attribute values: `& < > " '` become entities and
/// control characters (which HTML forbids) become U+FFFD.
#[must_use]
pub fn html(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || is_control(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text for a Markdown table cell: every ASCII punctuation character is backslash-escaped (so
/// nothing can become emphasis, a link, an autolink, HTML, code, or a new cell), and line
/// breaks and control characters become spaces (a cell is one line).
#[must_use]
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if is_control(c) || c == '\n' || c == '\r' || c == '\t' || c == '\u{2028}' || c == '\u{2029}' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// C0 and C1 controls other than tab and line breaks (handled by the callers), and DEL.
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `{:.2}` of `value`, for SVG coordinates (always a dot, never a locale's comma).
#[must_use]
pub fn coordinate(value: f64) -> String {
    format!("{value:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(html("plain"), "plain");
        assert_eq!(html("bell\u{7}"), "bell\u{FFFD}");
    }

    #[test]
    fn markdown_defuses_cells_links_and_markup() {
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(
            markdown("[x](https://e.example)"),
            "\\[x\\]\\(https\\:\\/\\/e\\.example\\)"
        );
        assert_eq!(markdown("**bold**\nline"), "\\*\\*bold\\*\\* line");
        assert_eq!(markdown("<img>"), "\\<img\\>");
        assert_eq!(markdown("Zoë"), "Zoë");
    }
}
