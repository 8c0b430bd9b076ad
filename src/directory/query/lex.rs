//! Splitting query text into tokens: atoms at spaces outside double quotes, parentheses, a
//! leading `!`, and the upper-case operators `AND`, `OR`, `NOT`; keeps character positions.

use super::QueryError;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A term as typed (quotes included).
    Atom,
    Open,
    Close,
    And,
    Or,
    /// `!` (attached to what follows) or `NOT`.
    Not,
}

/// One token as typed and its character range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) raw: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Token {
    /// An error about this whole token.
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

fn single(kind: Kind, c: char, position: usize) -> Token {
    Token {
        kind,
        raw: c.to_string(),
        start: position,
        end: position + 1,
    }
}

/// Ends the atom being read: the bare upper-case words `AND`, `OR` and `NOT` are operators.
fn finish(tokens: &mut Vec<Token>, current: &mut Option<Token>) {
    if let Some(mut token) = current.take() {
        token.kind = match token.raw.as_str() {
            "AND" => Kind::And,
            "OR" => Kind::Or,
            "NOT" => Kind::Not,
            _ => Kind::Atom,
        };
        tokens.push(token);
    }
}

pub(super) fn tokens(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut current: Option<Token> = None;
    let mut open_quote: Option<usize> = None;
    for (position, c) in text.chars().enumerate() {
        if open_quote.is_none() {
            if separates(c) {
                finish(&mut tokens, &mut current);
                continue;
            }
            let kind = match c {
                '(' => Some(Kind::Open),
                ')' => Some(Kind::Close),
                '!' if current.is_none() => Some(Kind::Not),
                _ => None,
            };
            if let Some(kind) = kind {
                finish(&mut tokens, &mut current);
                tokens.push(single(kind, c, position));
                continue;
            }
        }
        let token = current.get_or_insert_with(|| Token {
            kind: Kind::Atom,
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
    finish(&mut tokens, &mut current);
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Vec<(Kind, String, usize, usize)> {
        tokens(text)
            .expect("lexes")
            .into_iter()
            .map(|t| (t.kind, t.raw, t.start, t.end))
            .collect()
    }

    #[test]
    fn splits_on_spaces_outside_quotes_with_char_positions() {
        assert_eq!(
            raw("  é idle:>9 group:\"a b\"  "),
            vec![
                (Kind::Atom, "é".into(), 2, 3),
                (Kind::Atom, "idle:>9".into(), 4, 11),
                (Kind::Atom, "group:\"a b\"".into(), 12, 23)
            ]
        );
        assert!(raw(" \t ").is_empty());
    }

    #[test]
    fn parentheses_bang_and_upper_case_operators_are_tokens_outside_quotes() {
        let kinds = |text: &str| raw(text).into_iter().map(|t| t.0).collect::<Vec<_>>();
        assert_eq!(
            kinds("!(a OR b)AND NOT c"),
            [
                Kind::Not,
                Kind::Open,
                Kind::Atom,
                Kind::Or,
                Kind::Atom,
                Kind::Close,
                Kind::And,
                Kind::Not,
                Kind::Atom
            ]
        );
        assert_eq!(kinds("or And \"OR\" x!y \"(a)\""), [Kind::Atom; 5]);
        assert_eq!(raw("a!b")[0].1, "a!b", "a `!` inside a word is text");
    }

    #[test]
    fn an_open_quote_points_at_itself() {
        let error = tokens("ok group:\"a b").expect_err("unterminated");
        assert_eq!(error.column, 10);
        assert_eq!(error.span, 3..13);
        assert!(error.to_string().contains("never closed"), "{error}");
    }
}
