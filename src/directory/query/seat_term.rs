//! The seat terms of the filter language: `seats:LANE`, `seat-idle:[PRODUCT|SITE]DAYS`,
//! `role:ROLE` and `site:NAME`: parsing their values, checking the products and sites they name
//! against the loaded org, printing them back and evaluating them over the index's seat cells.
//! Kept apart from the user-level terms; must not decide lanes.

use super::{Comparison, parse};
use crate::directory::ids::ProductKey;
use crate::directory::index::{DirectoryIndex, NO_DAYS, ROLE_BITS, SeatCell, SeatSite, role_bit};
use crate::directory::rowset::RowSet;
use crate::directory::seat::Role;
use crate::directory::seat_lane::SeatLane;
use std::fmt;

/// The field names this module owns.
pub(super) const FIELDS: [&str; 4] = ["seats", "seat-idle", "role", "site"];

/// A test on a user's seats: some seat of theirs passes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatTerm {
    /// `seats:reclaimable`: a seat in this lane (a protected user's seats are all protected).
    Lane(SeatLane),
    /// `seat-idle:jsm>90`: a billable seat (of the product or on the site) unused that long.
    Idle {
        scope: SeatScope,
        comparison: Comparison,
        days: u32,
    },
    /// `role:guest`: a seat holding this role.
    Role(Role),
    /// `site:acme-eu`: a seat on this site.
    Site(SiteName),
}

/// Which seats `seat-idle:` looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatScope {
    Any,
    Product(ProductKey),
    Site(SiteName),
}

/// A site as typed: its name (compared lower-cased) or its resource id (compared exactly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteName {
    pub lower: String,
    pub typed: String,
}

impl SiteName {
    fn new(typed: &str) -> Self {
        Self {
            lower: typed.to_lowercase(),
            typed: typed.to_owned(),
        }
    }

    fn names(&self, site: &SeatSite) -> bool {
        site.name
            .as_ref()
            .is_some_and(|name| name.to_lowercase() == self.lower)
            || site.site.as_ref().is_some_and(|id| id.as_str() == self.typed)
    }
}

const LANES: &str = "reclaimable, idp, review, active, free, protected";
const ROLES: &str = "user, admin, guest, customer, user-access-admin, basic, contributor, stakeholder";
const IDLE: &str = "[PRODUCT|SITE]DAYS, e.g. seat-idle:>90, seat-idle:jsm>90, seat-idle:acme-eu>=180";

/// What is valid after one of [`FIELDS`].
pub(super) fn valid_values(field: &str) -> &'static str {
    match field {
        "seats" => LANES,
        "role" => ROLES,
        "site" => "site:NAME, a site (workspace) name of the org or its id",
        _ => IDLE,
    }
}

/// One value of a seat field; `Err` names what kind of value it failed to be.
pub(super) fn parse_value(
    field: &str,
    value: &str,
    org_products: &[ProductKey],
) -> Result<SeatTerm, &'static str> {
    let lower = value.to_lowercase();
    match field {
        "seats" => SeatLane::ALL
            .into_iter()
            .find(|lane| lane.query_name() == lower)
            .or(match lower.as_str() {
                "idp-only" => Some(SeatLane::IdpOnly),
                "not-billable" | "unbilled" => Some(SeatLane::NotBillable),
                _ => None,
            })
            .map(SeatTerm::Lane)
            .ok_or("seat lane"),
        "role" => {
            let name = lower.strip_prefix("atlassian/").unwrap_or(&lower);
            ROLE_BITS
                .iter()
                .find(|role| role.as_str().strip_prefix("atlassian/") == Some(name))
                .cloned()
                .map(SeatTerm::Role)
                .ok_or("role")
        }
        "site" => Ok(SeatTerm::Site(SiteName::new(value))),
        _ => idle(value, org_products).ok_or("seat idle test"),
    }
}

/// `[SCOPE]DAYS`: a scope needs an operator after it, so site names may hold digits.
fn idle(value: &str, org_products: &[ProductKey]) -> Option<SeatTerm> {
    let at = value.find(['<', '>', '=']).unwrap_or(0);
    let (scope, test) = value.split_at(at);
    let Some(super::DayFilter::Compare(comparison, days)) = parse::days(&test.to_lowercase(), false) else {
        return None;
    };
    let scope = if scope.is_empty() {
        SeatScope::Any
    } else if let Some(product) = ProductKey::from_query_name(scope, org_products) {
        SeatScope::Product(product)
    } else {
        SeatScope::Site(SiteName::new(scope))
    };
    Some(SeatTerm::Idle {
        scope,
        comparison,
        days,
    })
}

impl fmt::Display for SeatTerm {
    /// The text [`parse_value`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeatTerm::Lane(lane) => write!(f, "seats:{}", lane.query_name()),
            SeatTerm::Idle {
                scope,
                comparison,
                days,
            } => {
                let scope = match scope {
                    SeatScope::Any => "",
                    SeatScope::Product(key) => key.as_str(),
                    SeatScope::Site(site) => &site.typed,
                };
                write!(
                    f,
                    "seat-idle:\"{scope}{}{days}\"",
                    super::print::operator(*comparison)
                )
            }
            SeatTerm::Role(role) => write!(f, "role:{}", role.as_str().trim_start_matches("atlassian/")),
            SeatTerm::Site(site) => write!(f, "site:\"{}\"", site.typed),
        }
    }
}

/// A product or site a term names that the org's seats do not have.
pub(super) struct Unresolved {
    pub(super) problem: String,
    pub(super) valid: &'static str,
    /// (compared, shown) names to suggest from.
    pub(super) names: Vec<(String, String)>,
    /// `products` or `sites`.
    pub(super) what: &'static str,
}

/// The product or site `term` names when the org's seats lack it.
pub(super) fn unresolved(term: &SeatTerm, index: &DirectoryIndex) -> Option<Unresolved> {
    let site = match term {
        SeatTerm::Site(site)
        | SeatTerm::Idle {
            scope: SeatScope::Site(site),
            ..
        } => site,
        SeatTerm::Idle {
            scope: SeatScope::Product(product),
            ..
        } => {
            if index.seat_sites().iter().any(|s| &s.product == product) {
                return None;
            }
            let mut products: Vec<(String, String)> = index
                .seat_products()
                .iter()
                .map(|key| (key.short_name().to_owned(), key.short_name().to_owned()))
                .collect();
            products.dedup();
            return Some(Unresolved {
                problem: format!("no one in this org holds a {} seat", product.display_name()),
                valid: "a product of the org's seats as the PRODUCTS column names it",
                names: products,
                what: "products",
            });
        }
        SeatTerm::Lane(_) | SeatTerm::Role(_) | SeatTerm::Idle { .. } => return None,
    };
    if index.seat_sites().iter().any(|s| site.names(s)) {
        return None;
    }
    let names = index
        .seat_sites()
        .iter()
        .filter_map(|s| s.name.as_ref())
        .map(|name| (name.to_lowercase(), name.clone()))
        .collect();
    Some(Unresolved {
        problem: format!("no seat is on a site named `{}`", site.typed),
        valid: "a site (workspace) name of the org, or its id",
        names,
        what: "sites",
    })
}

/// Rows with at least one seat passing `term`.
pub(super) fn rows(term: &SeatTerm, index: &DirectoryIndex) -> RowSet {
    let sites = index.seat_sites();
    let in_scope: Vec<bool> = sites
        .iter()
        .map(|site| match term {
            SeatTerm::Site(name)
            | SeatTerm::Idle {
                scope: SeatScope::Site(name),
                ..
            } => name.names(site),
            SeatTerm::Idle {
                scope: SeatScope::Product(product),
                ..
            } => &site.product == product,
            _ => true,
        })
        .collect();
    let passes = |cell: SeatCell| -> bool {
        if !in_scope[cell.site as usize] {
            return false;
        }
        match term {
            SeatTerm::Lane(lane) => cell.lane == *lane,
            SeatTerm::Idle { comparison, days, .. } => {
                cell.billable
                    && cell.unused_days != NO_DAYS
                    && comparison.holds(cell.unused_days, *days)
                    && (!cell.lower_bound || comparison.holds_for_lower_bound())
            }
            SeatTerm::Role(role) => cell.roles & role_bit(Some(role)) != 0,
            SeatTerm::Site(_) => true,
        }
    };
    RowSet::from_predicate(index.len(), |row| index.seat_cells(row as u32).any(passes))
}
