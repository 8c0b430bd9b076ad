//! The filter language of the TUI filter bar and `report --filter`: parsing text into a `Query`
//! and evaluating it over a `DirectoryIndex`. Pure; evaluation allocates per query, not per user.
//!
//! The grammar below (`query/grammar.txt`) is also [`GRAMMAR`], which the TUI help and the
//! README quote, so there is one text to keep right.
#![doc = concat!("\n# Grammar\n\n```text\n", include_str!("query/grammar.txt"), "```")]

mod eval;
mod lex;
mod parse;

use super::escape::escape_controls;
use super::ids::ProductKey;
use super::index::Trait;
use super::lane::Lane;
use super::user::UserStatus;
use std::ops::Range;

/// The query language's grammar and examples, for help screens (plain text, 100 columns).
pub const GRAMMAR: &str = include_str!("query/grammar.txt");

/// A parsed filter; evaluate with [`Query::matches`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// One space-separated term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub negated: bool,
    pub matcher: Matcher,
    /// Character positions of the term in the query text, for highlighting.
    pub span: Range<usize>,
}

/// What a term tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// Lower-cased substring of name or email.
    Text(String),
    Idle(DayFilter),
    Product(ProductKey, DayFilter),
    Type(Trait),
    Status(UserStatus),
    Lane(Lane),
    /// Group name, lower-cased, or group id as typed.
    Group {
        name: String,
        id: String,
    },
    GroupContaining(String),
    /// Lower-cased, without a leading `@`.
    Domain(String),
    Marked,
    Excluded,
}

/// A test on a number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayFilter {
    Compare(Comparison, u32),
    Never,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
}

impl Comparison {
    #[must_use]
    pub fn holds(self, days: u32, limit: u32) -> bool {
        match self {
            Comparison::Greater => days > limit,
            Comparison::GreaterOrEqual => days >= limit,
            Comparison::Less => days < limit,
            Comparison::LessOrEqual => days <= limit,
            Comparison::Equal => days == limit,
        }
    }

    /// Whether a lower bound on the days that satisfies the test proves the true value does.
    #[must_use]
    pub fn holds_for_lower_bound(self) -> bool {
        matches!(self, Comparison::Greater | Comparison::GreaterOrEqual)
    }
}

/// A query that does not parse: which term, where, what is wrong and what would be valid.
/// Its message shows control and bidi characters as `\u{..}` escapes: the term is typed or pasted
/// text and the valid list names the org's products, and either must not act on the terminal
/// that prints the error (`report --filter`, the console's filter bar).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{}` (character {column}): {}. Valid: {}",
    escape_controls(term),
    escape_controls(problem),
    escape_controls(valid)
)]
pub struct QueryError {
    pub term: String,
    /// 1-based character position of the term's first character.
    pub column: usize,
    /// Character positions of the offending term, for highlighting.
    pub span: Range<usize>,
    pub problem: String,
    pub valid: String,
}

impl Query {
    /// Parses `text`; `org_products` (from the loaded index) extends the product term names.
    pub fn parse(text: &str, org_products: &[ProductKey]) -> Result<Query, QueryError> {
        let tokens = lex::tokens(text)?;
        let terms = tokens
            .into_iter()
            .map(|token| parse::term(&token, org_products))
            .collect::<Result<_, _>>()?;
        Ok(Query { terms })
    }

    /// The query that matches everyone.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `tests/reliability/fuzz.rs`: an escape sequence in a term reached the terminal raw.
    #[test]
    fn an_error_shows_control_characters_as_escapes() {
        let error = Query::parse("\u{1b}]0;owned\u{7}: \u{202e}x:1", &[]).expect_err("not fields");
        let message = error.to_string();
        assert!(message.contains("\\u{1b}]0;owned\\u{7}"), "{message}");
        assert!(!message.chars().any(char::is_control), "{message}");
        assert_eq!(
            error.term, "\u{1b}]0;owned\u{7}:",
            "the term itself stays as typed, for highlighting"
        );
    }
}
