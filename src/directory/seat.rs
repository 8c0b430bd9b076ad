//! Seats (API reference 1.14): one product site a user holds a role on, which groups (or a direct
//! assignment) grant it, whether the role is billed, and the user's last activity there. Derived
//! purely from the loaded groups and the user's activity; decides no policy (lanes, actions and
//! prices live elsewhere).

use super::ids::{GroupId, ProductId, ProductKey};
use super::org::Group;
use super::user::{Activity, User};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

crate::open_enum! {
    /// A product role on one site (`roleId`), as group and user role assignments report it.
    pub enum Role {
        User => "atlassian/user",
        Admin => "atlassian/admin",
        Guest => "atlassian/guest",
        Customer => "atlassian/customer",
        UserAccessAdmin => "atlassian/user-access-admin",
        Basic => "atlassian/basic",
        Contributor => "atlassian/contributor",
        Stakeholder => "atlassian/stakeholder",
    }
}

impl Role {
    /// Whether holding this role costs a licence. Roles dormant does not know count as billed:
    /// an unknown role must never make a seat look free (ARCHITECTURE rule 14).
    #[must_use]
    pub fn is_billable(&self) -> bool {
        !matches!(
            self,
            Role::Guest
                | Role::Customer
                | Role::UserAccessAdmin
                | Role::Basic
                | Role::Contributor
                | Role::Stakeholder
        )
    }

    /// Orders roles by what they give, so a seat shows the strongest one it holds.
    fn weight(&self) -> u8 {
        match self {
            Role::Admin => 4,
            Role::User | Role::Other(_) => 3,
            Role::Stakeholder | Role::Contributor | Role::Basic => 2,
            Role::Guest | Role::Customer => 1,
            Role::UserAccessAdmin => 0,
        }
    }
}

/// One product site of the org (a workspace): the resource id roles are granted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// The resource id (`ari:cloud:jira::site/…`), the same as `productAccess[].id`.
    pub id: ProductId,
    pub product: ProductKey,
    /// What admins call the site (the workspace name, e.g. `acme-eu`).
    pub name: String,
    pub host_url: Option<String>,
}

/// A group's role assignment on one site: every member holds these roles there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub site: ProductId,
    pub product: ProductKey,
    /// Empty when the API listed no role: treated as a billed user role (reference 1.14).
    pub roles: Vec<Role>,
}

/// Where one of a seat's roles comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SeatSource {
    /// Membership of this group, whose role assignment covers the site.
    Group(GroupId),
    /// Product access no loaded group explains: a direct (or inferred) user role assignment.
    Direct,
}

/// One role held on a seat, and what grants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatGrant {
    pub source: SeatSource,
    /// `None` when the API did not say which role: counted as billed.
    pub role: Option<Role>,
}

impl SeatGrant {
    #[must_use]
    pub fn is_billable(&self) -> bool {
        self.role.as_ref().is_none_or(Role::is_billable)
    }
}

/// The user's last activity on one seat's site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeatActivity {
    /// No activity data for this site: never a reason to act (rule 14).
    Unknown,
    /// Access reported, never used.
    Never,
    At(DateTime<Utc>),
}

/// One product site the user holds at least one role on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub product: ProductKey,
    /// `None` when the data named the product but not the site (CSV exports, old records).
    pub site: Option<ProductId>,
    /// Every role held here, with its source; never empty.
    pub grants: Vec<SeatGrant>,
    pub activity: SeatActivity,
}

impl Seat {
    /// Whether the seat costs a licence: any of its roles is billed.
    #[must_use]
    pub fn is_billable(&self) -> bool {
        self.grants.iter().any(SeatGrant::is_billable)
    }

    /// The strongest role held (`None`: a role the API did not name, counted as billed).
    #[must_use]
    pub fn role(&self) -> Option<&Role> {
        if self.grants.iter().any(|grant| grant.role.is_none()) {
            return None;
        }
        self.grants
            .iter()
            .filter_map(|grant| grant.role.as_ref())
            .max_by_key(|role| role.weight())
    }

    /// The sources whose removal frees the seat's licence: every grant of a billed role.
    /// Grants of unbilled roles (a guest group) may stay; the user then keeps free access.
    pub fn billable_sources(&self) -> impl Iterator<Item = &SeatSource> {
        self.grants
            .iter()
            .filter(|grant| grant.is_billable())
            .map(|grant| &grant.source)
    }
}

/// The groups of a directory by id, built once and reused for every user's seats.
pub type GroupsById<'a> = HashMap<&'a GroupId, &'a Group>;

/// Indexes `groups` for [`seats_of`].
#[must_use]
pub fn groups_by_id(groups: &[Group]) -> GroupsById<'_> {
    groups.iter().map(|group| (&group.id, group)).collect()
}

/// The user's seats: one per site that a group of theirs grants a role on, plus one per site the
/// activity data reports access to that no group explains (a direct assignment, role unknown).
/// A granted site without activity data is `Unknown` activity, never `Never`.
#[must_use]
pub fn seats_of(user: &User, groups: &GroupsById<'_>) -> Vec<Seat> {
    let mut seats: Vec<Seat> = Vec::new();
    for group in user.groups.iter().filter_map(|id| groups.get(id)) {
        for grant in &group.grants {
            let at = if let Some(at) = seats.iter().position(|s| s.site.as_ref() == Some(&grant.site)) {
                at
            } else {
                seats.push(Seat {
                    product: grant.product.clone(),
                    site: Some(grant.site.clone()),
                    grants: Vec::new(),
                    activity: SeatActivity::Unknown,
                });
                seats.len() - 1
            };
            let source = SeatSource::Group(group.id.clone());
            if grant.roles.is_empty() {
                seats[at].grants.push(SeatGrant {
                    source: source.clone(),
                    role: None,
                });
            }
            for role in &grant.roles {
                seats[at].grants.push(SeatGrant {
                    source: source.clone(),
                    role: Some(role.clone()),
                });
            }
        }
    }
    let Activity::Known(products) = &user.activity else {
        return seats;
    };
    for product in products {
        let activity = product.last_active.map_or(SeatActivity::Never, SeatActivity::At);
        let existing = match &product.product_id {
            Some(site) => seats.iter().position(|s| s.site.as_ref() == Some(site)),
            None => single_seat_of_product(&seats, &product.product),
        };
        match existing {
            Some(at) => seats[at].activity = activity,
            None => seats.push(Seat {
                product: product.product.clone(),
                site: product.product_id.clone(),
                grants: vec![SeatGrant {
                    source: SeatSource::Direct,
                    role: None,
                }],
                activity,
            }),
        }
    }
    seats
}

/// The one seat of `product` when exactly one exists (matching a site-less activity record).
fn single_seat_of_product(seats: &[Seat], product: &ProductKey) -> Option<usize> {
    let mut of_product = seats
        .iter()
        .enumerate()
        .filter(|(_, seat)| &seat.product == product);
    match (of_product.next(), of_product.next()) {
        (Some((at, _)), None) => Some(at),
        _ => None,
    }
}

#[cfg(test)]
#[path = "seat/tests.rs"]
mod tests;
