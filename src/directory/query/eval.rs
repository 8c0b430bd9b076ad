//! Evaluating a parsed query over the index: one bit set per term, intersected. Touches only the
//! precomputed columns; no lower-casing and no allocation per user.

use super::{DayFilter, Matcher, Query};
use crate::directory::index::{DirectoryIndex, GroupPosting, NO_DAYS, ProductColumn, status_code};
use crate::directory::marks::Marks;
use crate::directory::rowset::RowSet;

impl Query {
    /// The rows matching every term (everyone for the empty query).
    #[must_use]
    pub fn matches(&self, index: &DirectoryIndex, marks: &Marks) -> RowSet {
        let mut matched = RowSet::full(index.len());
        for term in &self.terms {
            let mut rows = matcher_rows(&term.matcher, index, marks);
            if term.negated {
                rows.complement();
            }
            matched.intersect_with(&rows);
        }
        matched
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
        Matcher::Product(product, filter) => index
            .products
            .iter()
            .find(|column| &column.key == product)
            .map_or_else(|| RowSet::empty(count), |column| product_rows(column, *filter)),
        Matcher::Type(wanted) => {
            let (traits, bit) = (&index.traits, wanted.bit());
            RowSet::from_predicate(count, |row| traits[row] & bit != 0)
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

fn group_rows(index: &DirectoryIndex, wanted: impl Fn(&GroupPosting) -> bool) -> RowSet {
    let mut rows = RowSet::empty(index.len());
    for group in index.groups.iter().filter(|group| wanted(group)) {
        for &row in &group.members {
            rows.insert(row as usize);
        }
    }
    rows
}
