//! Checking a parsed query's names against the loaded org: a group, domain or product that
//! names nothing there is an error naming the closest names (rule 14: a typo must never widen
//! or empty a selection unseen, negated terms included). Pure; reads only the index.

use super::{Matcher, Query, QueryError, Term};
use crate::directory::index::DirectoryIndex;

/// How many close names an error offers.
const SUGGESTIONS: usize = 3;

impl Query {
    /// The first term, in the order typed, whose group, domain or product the org of `index`
    /// does not have, as an error with up to three of the closest names it does have.
    pub fn resolve(&self, index: &DirectoryIndex) -> Result<(), QueryError> {
        self.terms()
            .into_iter()
            .try_for_each(|term| resolve_term(term, index))
    }
}

fn resolve_term(term: &Term, index: &DirectoryIndex) -> Result<(), QueryError> {
    match &term.matcher {
        Matcher::Group { name, id } => {
            let found = index
                .groups
                .iter()
                .any(|group| group.name_lower == *name || group.id.as_str() == id);
            if found {
                return Ok(());
            }
            let names = group_names(index);
            Err(error(
                term,
                format!("no group named `{id}`{}", closest(name, &names, "groups")),
                "group:NAME (exact, case-insensitive), a group id, or group:~PART (name contains PART)",
            ))
        }
        Matcher::GroupContaining(part) => {
            if index
                .groups
                .iter()
                .any(|group| group.name_lower.contains(part.as_str()))
            {
                return Ok(());
            }
            let names = group_names(index);
            Err(error(
                term,
                format!(
                    "no group name contains `{part}`{}",
                    closest(part, &names, "groups")
                ),
                "group:~PART, PART a piece of a group name",
            ))
        }
        Matcher::Domain(domain) => {
            if index.domains.iter().any(|known| known == domain) {
                return Ok(());
            }
            let domains: Vec<(String, String)> = index
                .domains
                .iter()
                .filter(|known| !known.is_empty())
                .map(|known| (known.clone(), known.clone()))
                .collect();
            Err(error(
                term,
                format!(
                    "no user has an email at `{domain}`{}",
                    closest(domain, &domains, "domains")
                ),
                "domain:example.com, the part of the email after @",
            ))
        }
        Matcher::Product(product, _) => {
            if index.products.iter().any(|column| column.key == *product) {
                return Ok(());
            }
            let typed = term.text.split(':').next().unwrap_or_default().to_lowercase();
            let products: Vec<(String, String)> = index
                .products
                .iter()
                .flat_map(|column| {
                    let short = column.key.short_name().to_owned();
                    [
                        (short.clone(), short.clone()),
                        (column.key.as_str().to_lowercase(), short),
                    ]
                })
                .collect();
            Err(error(
                term,
                format!(
                    "no one in this org has {} (`{typed}:`){}",
                    product.display_name(),
                    closest(&typed, &products, "products")
                ),
                "a product of the org as the PRODUCTS column names it",
            ))
        }
        Matcher::Seat(seat) => resolve_seat(term, seat, index),
        Matcher::Text(_)
        | Matcher::Idle(_)
        | Matcher::Added(_)
        | Matcher::Active(..)
        | Matcher::Products(..)
        | Matcher::Type(_)
        | Matcher::Status(_)
        | Matcher::Lane(_)
        | Matcher::Marked
        | Matcher::Excluded
        | Matcher::Warned(_) => Ok(()),
    }
}

fn resolve_seat(term: &Term, seat: &super::SeatTerm, index: &DirectoryIndex) -> Result<(), QueryError> {
    match super::seat_term::unresolved(seat, index) {
        None => Ok(()),
        Some(missing) => {
            let near = closest(&seat_typed(seat), &missing.names, missing.what);
            Err(error(term, format!("{}{near}", missing.problem), missing.valid))
        }
    }
}

/// The product or site a seat term names, lower-cased, for suggestions.
fn seat_typed(term: &super::SeatTerm) -> String {
    use super::{SeatScope, SeatTerm};
    match term {
        SeatTerm::Site(site)
        | SeatTerm::Idle {
            scope: SeatScope::Site(site),
            ..
        } => site.lower.clone(),
        SeatTerm::Idle {
            scope: SeatScope::Product(product),
            ..
        } => product.short_name().to_owned(),
        _ => String::new(),
    }
}

fn error(term: &Term, problem: String, valid: &str) -> QueryError {
    QueryError {
        term: term.text.clone(),
        column: term.span.start + 1,
        span: term.span.clone(),
        problem,
        valid: valid.to_owned(),
    }
}

/// Group names (lower case, as compared) as an admin would type them, quoted when needed.
fn group_names(index: &DirectoryIndex) -> Vec<(String, String)> {
    index
        .groups
        .iter()
        .map(|group| (group.name_lower.clone(), typeable(&group.name_lower)))
        .collect()
}

/// `name` as it can be typed as a value: quoted when it holds a space, comma, quote or parenthesis.
fn typeable(name: &str) -> String {
    if name
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '"'))
    {
        format!("\"{}\"", name.replace('"', ""))
    } else {
        name.to_owned()
    }
}

/// "; did you mean `a`, `b` or `c`?" with the closest of `candidates` (compared text, shown
/// text), or a note that the org has none.
fn closest(typed: &str, candidates: &[(String, String)], what: &str) -> String {
    let mut ranked: Vec<(usize, &str)> = candidates
        .iter()
        .map(|(compared, shown)| (distance(typed, compared), shown.as_str()))
        .collect();
    ranked.sort_unstable();
    let mut shown: Vec<String> = Vec::new();
    for (_, name) in ranked {
        let quoted = format!("`{name}`");
        if !shown.contains(&quoted) {
            shown.push(quoted);
        }
        if shown.len() == SUGGESTIONS {
            break;
        }
    }
    match shown.split_last() {
        None => format!(" (this org has no {what})"),
        Some((last, [])) => format!("; did you mean {last}?"),
        Some((last, rest)) => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// Closeness for suggestions: a name that starts with what was typed (or is its start) first,
/// by how much is missing; then the edit distance (insertions, deletions, substitutions).
fn distance(typed: &str, candidate: &str) -> usize {
    if candidate.starts_with(typed) || typed.starts_with(candidate) {
        return candidate.chars().count().abs_diff(typed.chars().count());
    }
    let typed: Vec<char> = typed.chars().collect();
    let mut previous: Vec<usize> = (0..=typed.len()).collect();
    for (i, c) in candidate.chars().enumerate() {
        let mut row = vec![i + 1];
        for (j, t) in typed.iter().enumerate() {
            let substitution = previous[j] + usize::from(*t != c);
            row.push(substitution.min(previous[j + 1] + 1).min(row[j] + 1));
        }
        previous = row;
    }
    // Never closer than a name that shares the typed start.
    previous[typed.len()] + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<(String, String)> {
        list.iter().map(|n| ((*n).to_owned(), typeable(n))).collect()
    }

    #[test]
    fn the_closest_names_come_first_prefixes_before_edits() {
        let groups = names(&["freelancers", "contractors-eu", "staff", "product team", "free"]);
        assert_eq!(
            closest("freelancer", &groups, "groups"),
            "; did you mean `freelancers`, `free` or `staff`?"
        );
        assert_eq!(
            closest("contractors", &groups, "groups"),
            "; did you mean `contractors-eu`, `freelancers` or `staff`?"
        );
        assert!(
            closest("prodct team", &groups, "groups").starts_with("; did you mean `\"product team\"`, "),
            "a name with a space is offered quoted, as it must be typed"
        );
        assert_eq!(closest("x", &[], "groups"), " (this org has no groups)");
        assert_eq!(closest("x", &names(&["y"]), "groups"), "; did you mean `y`?");
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(distance("kitten", "sitting"), 3 + 1);
        assert_eq!(distance("abc", "abcd"), 1);
        assert_eq!(distance("", "ab"), 2);
        assert_eq!(distance("é", "e"), 1 + 1);
    }
}
