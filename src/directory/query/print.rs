//! A query printed back as canonical text (one space, explicit `OR`, parentheses only where
//! precedence needs them, values quoted) that parses to the same query: the grammar's round trip.
//! Must not evaluate.

use super::{Comparison, DayFilter, Matcher, Node, Query};
use std::fmt::{self, Write as _};

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            Some(root) => node(f, root),
            None => Ok(()),
        }
    }
}

fn node(f: &mut fmt::Formatter<'_>, node_: &Node) -> fmt::Result {
    match node_ {
        Node::Term(term) => matcher(f, &term.matcher),
        Node::Not(inner) => {
            f.write_char('!')?;
            grouped(f, inner, !matches!(**inner, Node::Term(_)))
        }
        Node::All(parts) => joined(f, parts, " ", |part| matches!(part, Node::Any(_))),
        // Only `Query::nobody` has no parts; `()` does not parse: no text means no one.
        Node::Any(parts) if parts.is_empty() => f.write_str("()"),
        Node::Any(parts) => joined(f, parts, " OR ", |_| false),
    }
}

fn joined(
    f: &mut fmt::Formatter<'_>,
    parts: &[Node],
    separator: &str,
    needs_parentheses: impl Fn(&Node) -> bool,
) -> fmt::Result {
    for (at, part) in parts.iter().enumerate() {
        if at > 0 {
            f.write_str(separator)?;
        }
        grouped(f, part, needs_parentheses(part))?;
    }
    Ok(())
}

fn grouped(f: &mut fmt::Formatter<'_>, inner: &Node, parentheses: bool) -> fmt::Result {
    if parentheses {
        f.write_char('(')?;
        node(f, inner)?;
        f.write_char(')')
    } else {
        node(f, inner)
    }
}

fn matcher(f: &mut fmt::Formatter<'_>, matcher: &Matcher) -> fmt::Result {
    match matcher {
        // Quoted, a phrase is always text, even `"marked"` or `"OR"`.
        Matcher::Text(text) => write!(f, "\"{text}\""),
        Matcher::Idle(filter) => write!(f, "idle:{}", days(*filter)),
        Matcher::Added(filter) => write!(f, "added:{}", days(*filter)),
        Matcher::Active(comparison, date) => {
            write!(f, "active:{}{}", operator(*comparison), date.format("%Y-%m-%d"))
        }
        Matcher::Products(comparison, count) => write!(f, "products:{}{count}", operator(*comparison)),
        Matcher::Product(key, filter) => write!(f, "{key}:{}", days(*filter)),
        Matcher::Type(kind) => write!(f, "type:{kind}"),
        Matcher::Status(status) => write!(f, "status:{}", status.as_str()),
        Matcher::Lane(lane) => write!(f, "lane:{}", lane.query_name()),
        // The id as typed: its lower case is the name the group is matched by.
        Matcher::Group { id, .. } => write!(f, "group:\"{id}\""),
        Matcher::GroupContaining(part) => write!(f, "group:\"~{part}\""),
        Matcher::Domain(domain) => write!(f, "domain:\"{domain}\""),
        Matcher::Marked => f.write_str("marked"),
        Matcher::Excluded => f.write_str("excluded"),
        Matcher::Warned(filter) => write!(f, "warned:{}", filter.query_name()),
        Matcher::Seat(term) => write!(f, "{term}"),
    }
}

fn days(filter: DayFilter) -> String {
    match filter {
        DayFilter::Never => "never".to_owned(),
        DayFilter::Unknown => "unknown".to_owned(),
        DayFilter::Compare(comparison, limit) => format!("{}{limit}", operator(comparison)),
    }
}

pub(super) fn operator(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::Greater => ">",
        Comparison::GreaterOrEqual => ">=",
        Comparison::Less => "<",
        Comparison::LessOrEqual => "<=",
        Comparison::Equal => "=",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(text: &str) -> String {
        Query::parse(text, &[]).expect("parses").to_string()
    }

    #[test]
    fn prints_canonical_text_with_parentheses_only_where_precedence_needs_them() {
        assert_eq!(
            printed("a  b OR !(c OR d) lane:ready,review"),
            "\"a\" \"b\" OR !(\"c\" OR \"d\") (lane:ready OR lane:review)"
        );
        assert_eq!(printed("NOT (a AND b) ((c))"), "!(\"a\" \"b\") \"c\"");
        assert_eq!(printed("x OR (y OR z)"), "\"x\" OR \"y\" OR \"z\"");
        assert_eq!(
            printed("IDLE:>=9d jsm:never group:~Eng group:\"Product Team\" domain:@A.example"),
            "idle:>=9 jira-service-desk:never group:\"~eng\" group:\"Product Team\" domain:\"a.example\""
        );
        assert_eq!(
            printed("\"marked\" marked !excluded type:other status:not-invited"),
            "\"marked\" marked !excluded type:other status:not_invited"
        );
        assert_eq!(
            printed("WARNED:Due !warned:pending,void warned:yes,no"),
            "warned:due !(warned:pending OR warned:void) (warned:yes OR warned:no)"
        );
        assert_eq!(
            printed("ADDED:>365d added:unknown Active:2026-01-01 active:<=2025-12-31 products:none,>2"),
            "added:>365 added:unknown active:=2026-01-01 active:<=2025-12-31 (products:=0 OR products:>2)"
        );
        assert_eq!(printed(""), "");
    }
}
