//! The filter language of the TUI filter bar and `report --filter`: parsing text into a `Query`
//! (an expression of terms with `!`/`NOT`, `AND`, `OR` and parentheses), checking its names
//! against a loaded index, and evaluating it over a `DirectoryIndex`. Pure; evaluation allocates
//! per query node, not per user.
//!
//! The grammar below (`query/grammar.txt`) is also [`GRAMMAR`], which the TUI help and the
//! README quote, so there is one text to keep right.
#![doc = concat!("\n# Grammar\n\n```text\n", include_str!("query/grammar.txt"), "```")]

mod eval;
mod expr;
mod fields;
mod lex;
mod parse;
mod print;
mod resolve;
mod seat_term;
mod warned;

pub use fields::{FIELDS, Field, KEYWORDS, PRODUCT_VALUES, Values, field};

use super::escape::escape_controls;
use super::ids::ProductKey;
use super::index::AccountKind;
use super::lane::Lane;
use super::user::UserStatus;
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;

pub use seat_term::{SeatScope, SeatTerm, SiteName};

/// The query language's grammar and examples, for help screens (plain text, 100 columns).
pub const GRAMMAR: &str = include_str!("query/grammar.txt");

/// A parsed filter; check its names with [`Query::resolve`], evaluate with [`Query::matches`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// `None` for the empty query, which matches everyone.
    pub root: Option<Node>,
}

/// One node of the expression: NOT binds tighter than AND, AND tighter than OR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Term(Term),
    /// `!x` or `NOT x`: exactly the users `x` does not match.
    Not(Box<Node>),
    /// Terms side by side or joined by `AND`: users every part matches.
    All(Vec<Node>),
    /// Parts joined by `OR`, or the values of a list (`lane:ready,review`): users any part matches.
    Any(Vec<Node>),
}

/// One atom (one value of a `FIELD:VALUE,VALUE` list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub matcher: Matcher,
    /// Character positions of the atom in the query text (the whole list for a list's values),
    /// for highlighting.
    pub span: Range<usize>,
    /// The atom as typed, for errors found after parsing (a name the org does not have).
    pub text: String,
}

/// What a term tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// Lower-cased substring of name or email.
    Text(String),
    Idle(DayFilter),
    /// Days since added to the org (`Compare`), or no date added (`Unknown`); never `Never`.
    Added(DayFilter),
    /// The UTC date of the last activity on any product against a date.
    Active(Comparison, NaiveDate),
    /// How many products (distinct keys, as the PRODUCTS column names them) the user can use.
    Products(Comparison, u32),
    /// Activity on one product (a key; aliases and short names resolved).
    Product(ProductKey, DayFilter),
    /// The word the TYPE column shows.
    Type(AccountKind),
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
    /// Where the user stands with their latest recorded warning (`warned:`).
    Warned(WarnedFilter),
    /// A test on the user's seats (`seats:`, `seat-idle:`, `role:`, `site:`).
    Seat(SeatTerm),
}

/// The values of `warned:`: a warning on record or not, and for a warning that still counts
/// whether its grace period has ended, at the instant the index was built (the one lanes are
/// decided at, so the term agrees with the lane and the preview's sections).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarnedFilter {
    /// A warning is on record (whatever became of it).
    Yes,
    /// No warning on record.
    No,
    /// Warned, no product used since, the deadline not passed yet.
    Pending,
    /// Warned, no product used since, the deadline passed: cleanup may go ahead.
    Due,
    /// Warned, then used a product: the warning no longer counts.
    Void,
}

impl WarnedFilter {
    pub const ALL: [WarnedFilter; 5] = [
        WarnedFilter::Yes,
        WarnedFilter::No,
        WarnedFilter::Pending,
        WarnedFilter::Due,
        WarnedFilter::Void,
    ];

    /// The value as the query language spells it (`warned:due`).
    #[must_use]
    pub fn query_name(self) -> &'static str {
        match self {
            WarnedFilter::Yes => "yes",
            WarnedFilter::No => "no",
            WarnedFilter::Pending => "pending",
            WarnedFilter::Due => "due",
            WarnedFilter::Void => "void",
        }
    }
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
        self.orders(days.cmp(&limit))
    }

    /// Whether a value that compares to the limit as `ordering` passes the test.
    #[must_use]
    pub fn orders(self, ordering: Ordering) -> bool {
        match self {
            Comparison::Greater => ordering == Ordering::Greater,
            Comparison::GreaterOrEqual => ordering != Ordering::Less,
            Comparison::Less => ordering == Ordering::Less,
            Comparison::LessOrEqual => ordering != Ordering::Greater,
            Comparison::Equal => ordering == Ordering::Equal,
        }
    }

    /// Whether a lower bound on the days that satisfies the test proves the true value does.
    #[must_use]
    pub fn holds_for_lower_bound(self) -> bool {
        matches!(self, Comparison::Greater | Comparison::GreaterOrEqual)
    }
}

/// A query that does not parse, or names what the org does not have: which term, where, what is
/// wrong and what would be valid. Its message shows control and bidi characters as `\u{..}`
/// escapes: the term is typed or pasted text and the valid list names the org's products and
/// groups, and either must not act on the terminal that prints the error (`report --filter`, the
/// console's filter bar).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct QueryError {
    pub term: String,
    /// 1-based character position of the term's first character.
    pub column: usize,
    /// Character positions of the offending term, for highlighting.
    pub span: Range<usize>,
    pub problem: String,
    pub valid: String,
}

impl fmt::Display for QueryError {
    /// `` `term` (character N): problem. Valid: … `` (no full stop after a question).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = escape_controls(&self.problem);
        let stop = if problem.ends_with('?') { "" } else { "." };
        write!(
            f,
            "`{}` (character {}): {problem}{stop} Valid: {}",
            escape_controls(&self.term),
            self.column,
            escape_controls(&self.valid)
        )
    }
}

impl Query {
    /// Parses `text` (syntax and fixed vocabularies only); `org_products` (from the loaded index)
    /// extends the product field names. Names of groups, domains and products are checked
    /// against an org by [`Query::resolve`]; `DirectoryIndex::parse_query` does both.
    pub fn parse(text: &str, org_products: &[ProductKey]) -> Result<Query, QueryError> {
        let tokens = lex::tokens(text)?;
        expr::parse(&tokens, text.chars().count(), org_products).map(|root| Query { root })
    }

    /// A query that matches no one: what stands in for a filter that no longer holds (it names
    /// what a reloaded org does not have), since evaluating that one could widen a negated term.
    #[must_use]
    pub fn nobody() -> Query {
        Query {
            root: Some(Node::Any(Vec::new())),
        }
    }

    /// The query that matches everyone.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// Every term, in the order typed.
    #[must_use]
    pub fn terms(&self) -> Vec<&Term> {
        fn walk<'a>(node: &'a Node, out: &mut Vec<&'a Term>) {
            match node {
                Node::Term(term) => out.push(term),
                Node::Not(inner) => walk(inner, out),
                Node::All(parts) | Node::Any(parts) => parts.iter().for_each(|part| walk(part, out)),
            }
        }
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            walk(root, &mut out);
        }
        out
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
