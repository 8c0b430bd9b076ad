//! Splitting query text into terms at spaces outside double quotes, keeping character positions.

use super::QueryError;

/// One term as typed (quotes and `!` included) and its character range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) raw: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Token {
    /// An error about this whole term.
    pub(super) fn error(&self, problem: impl Into<String>, valid: impl Into<String>) -> QueryError {
        QueryError {
            term: self.raw.clone(),
            column: self.start + 1,
            span: self.start..self.end,
            problem: problem.into(),
            valid: valid.into(),
        }
    }
}

/// Whitespace (and NUL, which the text index reserves) separates terms outside quotes.
fn separates(c: char) -> bool {
    c.is_whitespace() || c == '\0'
}

pub(super) fn tokens(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut current: Option<Token> = None;
    let mut open_quote: Option<usize> = None;
    for (position, c) in text.chars().enumerate() {
        if open_quote.is_none() && separates(c) {
            tokens.extend(current.take());
            continue;
        }
        let token = current.get_or_insert_with(|| Token {
            raw: String::new(),
            start: position,
            end: position,
        });
        if c == '"' {
            open_quote = if open_quote.is_some() {
                None
            } else {
                Some(position)
            };
        }
        token.raw.push(c);
        token.end = position + 1;
    }
    if let (Some(token), Some(quote)) = (&current, open_quote) {
        return Err(QueryError {
            term: token.raw.clone(),
            column: quote + 1,
            span: token.start..token.end,
            problem: "this quote is never closed".to_owned(),
            valid: "close it with another \" (e.g. group:\"product team\")".to_owned(),
        });
    }
    tokens.extend(current);
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Vec<(String, usize, usize)> {
        tokens(text)
            .expect("lexes")
            .into_iter()
            .map(|t| (t.raw, t.start, t.end))
            .collect()
    }

    #[test]
    fn splits_on_spaces_outside_quotes_with_char_positions() {
        assert_eq!(
            raw("  é idle:>9 group:\"a b\"  "),
            vec![
                ("é".into(), 2, 3),
                ("idle:>9".into(), 4, 11),
                ("group:\"a b\"".into(), 12, 23)
            ]
        );
        assert!(raw(" \t ").is_empty());
    }

    #[test]
    fn an_open_quote_points_at_itself() {
        let error = tokens("ok group:\"a b").expect_err("unterminated");
        assert_eq!(error.column, 10);
        assert_eq!(error.span, 3..13);
        assert!(error.to_string().contains("never closed"), "{error}");
    }
}
