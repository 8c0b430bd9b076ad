//! Evaluating a parsed query over the index: one bit set per term, combined by the expression's
//! NOT (complement), AND (intersection) and OR (union). Touches the precomputed columns, and for
//! `added:` and `active:` the users' dates themselves; no lower-casing and no allocation per user.

use super::{Comparison, DayFilter, Matcher, Node, Query};
use crate::directory::index::{
    AccountKind, DirectoryIndex, GroupPosting, NO_DAYS, ProductColumn, status_code,
};
use crate::directory::lane::days_since;
use crate::directory::marks::Marks;
use crate::directory::rowset::RowSet;

impl Query {
    /// The rows the query matches (everyone for the empty query).
    #[must_use]
    pub fn matches(&self, index: &DirectoryIndex, marks: &Marks) -> RowSet {
        match &self.root {
            Some(root) => node_rows(root, index, marks),
            None => RowSet::full(index.len()),
        }
    }
}

/// Recursion is bounded by the parser's nesting limit.
fn node_rows(node: &Node, index: &DirectoryIndex, marks: &Marks) -> RowSet {
    match node {
        Node::Term(term) => matcher_rows(&term.matcher, index, marks),
        Node::Not(inner) => {
            let mut rows = node_rows(inner, index, marks);
            rows.complement();
            rows
        }
        Node::All(parts) => {
            let mut rows = RowSet::full(index.len());
            for part in parts {
                rows.intersect_with(&node_rows(part, index, marks));
            }
            rows
        }
        Node::Any(parts) => {
            let mut rows = RowSet::empty(index.len());
            for part in parts {
                rows.union_with(&node_rows(part, index, marks));
            }
            rows
        }
    }
}

fn matcher_rows(matcher: &Matcher, index: &DirectoryIndex, marks: &Marks) -> RowSet {
    let count = index.len();
    match matcher {
        Matcher::Text(needle) => {
            let mut rows = RowSet::empty(count);
            index.text.search(needle, &mut rows);
            rows
        }
        Matcher::Idle(DayFilter::Compare(comparison, limit)) => {
            let days = &index.idle_days;
            RowSet::from_predicate(count, |row| {
                days[row] != NO_DAYS && comparison.holds(days[row], *limit)
            })
        }
        Matcher::Idle(DayFilter::Never) => index.never_active.clone(),
        Matcher::Idle(DayFilter::Unknown) => index.activity_unknown.clone(),
        Matcher::Added(filter) => added_rows(index, *filter),
        Matcher::Active(comparison, date) => RowSet::from_predicate(count, |row| {
            index
                .user(row as u32)
                .activity
                .last_active()
                .is_some_and(|at| comparison.orders(at.date_naive().cmp(date)))
        }),
        Matcher::Products(comparison, wanted) => products_rows(index, *comparison, *wanted),
        Matcher::Product(product, filter) => index
            .products
            .iter()
            .find(|column| &column.key == product)
            .map_or_else(|| RowSet::empty(count), |column| product_rows(column, *filter)),
        Matcher::Type(wanted) => {
            let traits = &index.traits;
            RowSet::from_predicate(count, |row| AccountKind::from_bits(traits[row]) == *wanted)
        }
        Matcher::Status(status) => {
            let (statuses, code) = (&index.statuses, status_code(status));
            RowSet::from_predicate(count, |row| statuses[row] == code)
        }
        Matcher::Lane(lane) => {
            let lanes = &index.lanes;
            RowSet::from_predicate(count, |row| lanes[row] == *lane)
        }
        Matcher::Group { name, id } => group_rows(index, |group| {
            group.name_lower == *name || group.id.as_str() == id
        }),
        Matcher::GroupContaining(part) => group_rows(index, |group| group.name_lower.contains(part.as_str())),
        Matcher::Domain(domain) => match index.domains.iter().position(|d| d == domain) {
            Some(wanted) => {
                let (domain_of, wanted) = (&index.domain_of, wanted as u32);
                RowSet::from_predicate(count, |row| domain_of[row] == wanted)
            }
            None => RowSet::empty(count),
        },
        Matcher::Marked => {
            let mut rows = RowSet::empty(count);
            for account in marks.iter() {
                if let Some(row) = index.row_of(account) {
                    rows.insert(row as usize);
                }
            }
            rows
        }
        Matcher::Excluded => index.allowlisted.clone(),
        Matcher::Warned(filter) => super::warned::rows(index, *filter, index.as_of()),
        Matcher::Seat(term) => super::seat_term::rows(term, index),
    }
}

fn product_rows(column: &ProductColumn, filter: DayFilter) -> RowSet {
    let count = column.unused_days.len();
    match filter {
        DayFilter::Compare(comparison, limit) => {
            let (days, bound) = (&column.unused_days, &column.lower_bound);
            let bound_proves = comparison.holds_for_lower_bound();
            RowSet::from_predicate(count, |row| {
                days[row] != NO_DAYS
                    && comparison.holds(days[row], limit)
                    && (bound_proves || !bound.contains(row))
            })
        }
        DayFilter::Never => column.never_used.clone(),
        // The parser offers `unknown` only for `idle:`; per product it would mean nothing.
        DayFilter::Unknown => RowSet::empty(count),
    }
}

/// Like `idle:`, a user without a date added matches no number of days, only `unknown`.
fn added_rows(index: &DirectoryIndex, filter: DayFilter) -> RowSet {
    let (count, as_of) = (index.len(), index.as_of());
    let added = |row: usize| index.user(row as u32).added_to_org;
    match filter {
        DayFilter::Compare(comparison, limit) => RowSet::from_predicate(count, |row| {
            added(row).is_some_and(|at| comparison.holds(days_since(at, as_of), limit))
        }),
        DayFilter::Unknown => RowSet::from_predicate(count, |row| added(row).is_none()),
        // The parser refuses `added:never`: a user is always added at some time.
        DayFilter::Never => RowSet::empty(count),
    }
}

/// Counts the product columns a row has access to (used, or never used), as PRODUCTS lists
/// them; a user whose activity is unknown has no count and matches none.
fn products_rows(index: &DirectoryIndex, comparison: Comparison, wanted: u32) -> RowSet {
    let count = index.len();
    let mut access = vec![0_u32; count];
    for column in &index.products {
        for (row, held) in access.iter_mut().enumerate() {
            if column.unused_days[row] != NO_DAYS || column.never_used.contains(row) {
                *held += 1;
            }
        }
    }
    RowSet::from_predicate(count, |row| {
        !index.activity_unknown.contains(row) && comparison.holds(access[row], wanted)
    })
}

fn group_rows(index: &DirectoryIndex, wanted: impl Fn(&GroupPosting) -> bool) -> RowSet {
    let mut rows = RowSet::empty(index.len());
    for group in index.groups.iter().filter(|group| wanted(group)) {
        for &row in &group.members {
            rows.insert(row as usize);
        }
    }
    rows
}
