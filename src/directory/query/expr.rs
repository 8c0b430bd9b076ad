//! Tokens into an expression: `OR` of `AND`s of optionally negated primaries (a parenthesised
//! expression or an atom). Every misplaced operator or parenthesis is an error at its position;
//! an operator is never read as a search word.

use super::lex::{Kind, Token};
use super::{Node, QueryError, parse};
use crate::directory::ids::ProductKey;

/// Deeper nesting is refused, so evaluation cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

const QUOTE_IT: &str = "quote a word to search for it: \"OR\"";

struct Parser<'a> {
    tokens: &'a [Token],
    next: usize,
    /// Characters in the text, for errors at its end.
    chars: usize,
    org_products: &'a [ProductKey],
}

/// The expression of `tokens`; `None` when there are none.
pub(super) fn parse(
    tokens: &[Token],
    chars: usize,
    org_products: &[ProductKey],
) -> Result<Option<Node>, QueryError> {
    if tokens.is_empty() {
        return Ok(None);
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        chars,
        org_products,
    };
    let root = parser.or(0)?;
    match parser.peek() {
        None => Ok(Some(root)),
        Some(token) if token.kind == Kind::Close => Err(token.error(
            "this `)` closes no `(`",
            "remove it, or open it with `(` earlier: (lane:ready OR lane:review) idle:>90",
        )),
        // `or` stops only at the end or at a `)`.
        Some(token) => Err(token.error("unexpected here", QUOTE_IT)),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn peek_kind(&self) -> Option<Kind> {
        self.peek().map(|token| token.kind)
    }

    fn bump(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.next);
        self.next += 1;
        token
    }

    fn or(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut parts = vec![self.and(depth)?];
        while self.peek_kind() == Some(Kind::Or) {
            let operator = self.bump().cloned();
            self.operand_follows(operator.as_ref())?;
            parts.push(self.and(depth)?);
        }
        Ok(flatten(parts, Joined::Any))
    }

    fn and(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut parts = vec![self.not(depth)?];
        loop {
            match self.peek_kind() {
                None | Some(Kind::Close | Kind::Or) => break,
                Some(Kind::And) => {
                    let operator = self.bump().cloned();
                    self.operand_follows(operator.as_ref())?;
                }
                Some(_) => {}
            }
            parts.push(self.not(depth)?);
        }
        Ok(flatten(parts, Joined::All))
    }

    /// After a binary operator: a term must follow, not the end, a `)` or another operator.
    fn operand_follows(&self, operator: Option<&Token>) -> Result<(), QueryError> {
        let Some(operator) = operator else {
            return Ok(());
        };
        match self.peek_kind() {
            None | Some(Kind::Close | Kind::And | Kind::Or) => Err(operator.error(
                format!("`{}` needs a term on each side", operator.raw),
                format!("e.g. idle:>90 {} lane:review; {QUOTE_IT}", operator.raw),
            )),
            Some(_) => Ok(()),
        }
    }

    fn not(&mut self, depth: usize) -> Result<Node, QueryError> {
        if self.peek_kind() != Some(Kind::Not) {
            return self.primary(depth);
        }
        let Some(negation) = self.bump().cloned() else {
            return self.primary(depth);
        };
        match self.peek() {
            None => Err(negation.error(
                format!("`{}` must be followed by the term it negates", negation.raw),
                "e.g. !type:admin or NOT (lane:ready OR lane:review)",
            )),
            Some(next) if next.kind == Kind::Not => {
                Err(next.error("only one `!` or `NOT` per term", "e.g. !lane:protected"))
            }
            Some(next) if matches!(next.kind, Kind::Close | Kind::And | Kind::Or) => Err(negation.error(
                format!("`{}` must be followed by the term it negates", negation.raw),
                "e.g. !type:admin or NOT (lane:ready OR lane:review)",
            )),
            Some(_) => Ok(Node::Not(Box::new(self.primary(depth)?))),
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Node, QueryError> {
        let Some(token) = self.bump().cloned() else {
            // Callers check for a following term first; this is the end of the text.
            return Err(QueryError {
                term: String::new(),
                column: self.chars.max(1),
                span: self.chars..self.chars,
                problem: "a term is missing at the end".to_owned(),
                valid: "e.g. lane:ready".to_owned(),
            });
        };
        match token.kind {
            Kind::Atom => parse::atom(&token, self.org_products),
            Kind::Open => self.group(&token, depth),
            Kind::Close => Err(token.error(
                "this `)` closes no `(`",
                "remove it, or open it with `(` earlier: (lane:ready OR lane:review) idle:>90",
            )),
            Kind::And | Kind::Or => Err(token.error(
                format!("`{}` needs a term on each side", token.raw),
                format!("e.g. idle:>90 {} lane:review; {QUOTE_IT}", token.raw),
            )),
            Kind::Not => Err(token.error("only one `!` or `NOT` per term", "e.g. !lane:protected")),
        }
    }

    /// After `open`: an expression and its `)`.
    fn group(&mut self, open: &Token, depth: usize) -> Result<Node, QueryError> {
        if depth >= MAX_DEPTH {
            return Err(open.error(
                format!("parentheses nested deeper than {MAX_DEPTH}"),
                "fewer levels of ( )",
            ));
        }
        match self.peek() {
            None => return Err(unclosed(open)),
            Some(close) if close.kind == Kind::Close => {
                return Err(QueryError {
                    term: "()".to_owned(),
                    column: open.start + 1,
                    span: open.start..close.end,
                    problem: "empty parentheses".to_owned(),
                    valid: "a term inside them, e.g. (lane:ready OR lane:review)".to_owned(),
                });
            }
            Some(_) => {}
        }
        let inner = self.or(depth + 1)?;
        match self.bump() {
            Some(close) if close.kind == Kind::Close => Ok(inner),
            _ => Err(unclosed(open)),
        }
    }
}

fn unclosed(open: &Token) -> QueryError {
    open.error(
        "this `(` is never closed",
        "close it with `)`: (lane:ready OR lane:review) idle:>90",
    )
}

/// One part stays itself; more become an AND or an OR node, with the parts of a nested node of
/// the same kind (`a (b c)`, a value list inside `OR`) taken in, so equal queries are equal trees.
fn flatten(parts: Vec<Node>, kind: Joined) -> Node {
    let mut flat = Vec::with_capacity(parts.len());
    for part in parts {
        match (kind, part) {
            (Joined::All, Node::All(inner)) | (Joined::Any, Node::Any(inner)) => flat.extend(inner),
            (_, part) => flat.push(part),
        }
    }
    match (flat.len(), kind) {
        (1, _) => flat.remove(0),
        (_, Joined::All) => Node::All(flat),
        (_, Joined::Any) => Node::Any(flat),
    }
}

#[derive(Debug, Clone, Copy)]
enum Joined {
    All,
    Any,
}
