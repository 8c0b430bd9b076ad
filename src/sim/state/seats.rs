//! A user's seats as the simulated Atlassian derives them: the roles each site grants the user
//! through group memberships (`group_direct`) and direct assignments (`direct`), and the rule that
//! keeps `product_access` equal to the sites granted (history kept for re-grants). Owns that
//! derivation and the licence count of a site; must not render wire shapes or journal.

use super::SimState;
use super::index::OrgIndex;
use crate::sim::model::{SimGroup, SimOrg, SimProduct, SimProductAccess, SimUser, role};
use std::collections::BTreeSet;

/// Where one role on one site comes from: a group, or `None` for a direct assignment.
#[derive(Debug, Clone, Copy)]
pub struct RoleSource<'o> {
    pub role: &'o str,
    pub group: Option<&'o SimGroup>,
}

/// Every role a user holds on one site, with its sources in membership order, directs last.
#[derive(Debug, Clone)]
pub struct SiteRoles<'o> {
    /// Position of the site in the org's product list.
    pub site_at: usize,
    pub site: &'o SimProduct,
    pub sources: Vec<RoleSource<'o>>,
}

impl<'o> SiteRoles<'o> {
    /// The distinct roles, in first-seen order.
    #[must_use]
    pub fn roles(&self) -> Vec<&'o str> {
        let mut roles: Vec<&'o str> = Vec::with_capacity(self.sources.len());
        for source in &self.sources {
            if !roles.contains(&source.role) {
                roles.push(source.role);
            }
        }
        roles
    }

    /// Whether any role here costs a seat.
    #[must_use]
    pub fn is_billable(&self) -> bool {
        self.sources.iter().any(|source| role::is_billable(source.role))
    }
}

/// The user's roles per site, sites in the org's product order. Grants on unknown sites are skipped.
#[must_use]
pub fn site_roles<'o>(org: &'o SimOrg, index: &OrgIndex, user: &'o SimUser) -> Vec<SiteRoles<'o>> {
    let mut sites: Vec<SiteRoles<'o>> = Vec::new();
    let mut add = |resource_id: &str, source: RoleSource<'o>| {
        let Some(site_at) = index.site_position(resource_id) else {
            return;
        };
        match sites.iter_mut().find(|found| found.site_at == site_at) {
            Some(found) => found.sources.push(source),
            None => {
                if let Some(site) = org.products.get(site_at) {
                    sites.push(SiteRoles {
                        site_at,
                        site,
                        sources: vec![source],
                    });
                }
            }
        }
    };
    for group in user.groups.iter().filter_map(|id| index.group(org, id)) {
        for grant in &group.grants {
            add(
                &grant.resource_id,
                RoleSource {
                    role: &grant.role,
                    group: Some(group),
                },
            );
        }
    }
    for grant in &user.direct_grants {
        add(
            &grant.resource_id,
            RoleSource {
                role: &grant.role,
                group: None,
            },
        );
    }
    sites.sort_by_key(|found| found.site_at);
    sites
}

/// Site positions the given memberships and direct grants give any role on.
fn granted_sites<'u>(
    org: &SimOrg,
    index: &OrgIndex,
    groups: impl Iterator<Item = &'u String>,
    user: &SimUser,
) -> BTreeSet<usize> {
    groups
        .filter_map(|id| index.group(org, id))
        .flat_map(|group| group.grants.iter())
        .chain(user.direct_grants.iter())
        .filter_map(|grant| index.site_position(&grant.resource_id))
        .collect()
}

/// What a membership change did to a user's seats: resource ids lost and gained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatChange {
    pub lost: Vec<String>,
    pub gained: Vec<String>,
}

impl SimState {
    /// Brings the user's `product_access` in line with their grants: a site no group or direct
    /// grant gives a role on moves to `seat_history`; a granted site without an entry comes back
    /// from the history (activity restored) or starts as never used. Entries on sites the org does
    /// not list are left alone.
    pub(super) fn sync_access(&mut self, user_at: usize) -> SeatChange {
        let Some(user) = self.org.users.get(user_at) else {
            return SeatChange::default();
        };
        let granted = granted_sites(&self.org, &self.index, user.groups.iter(), user);
        let held: BTreeSet<usize> = user
            .product_access
            .iter()
            .filter_map(|access| self.index.site_position(&access.id))
            .collect();
        let lost: Vec<usize> = held.difference(&granted).copied().collect();
        let gained: Vec<usize> = granted.difference(&held).copied().collect();
        let site_id = |at: usize| self.org.products.get(at).map(|site| site.id.clone());
        let lost_ids: Vec<String> = lost.iter().filter_map(|&at| site_id(at)).collect();
        let gained_sites: Vec<SimProduct> = gained
            .iter()
            .filter_map(|&at| self.org.products.get(at).cloned())
            .collect();
        let Some(user) = self.org.users.get_mut(user_at) else {
            return SeatChange::default();
        };
        let (kept, dropped): (Vec<_>, Vec<_>) = std::mem::take(&mut user.product_access)
            .into_iter()
            .partition(|access| !lost_ids.contains(&access.id));
        user.product_access = kept;
        for access in dropped {
            user.seat_history.retain(|old| old.id != access.id);
            user.seat_history.push(access);
        }
        for site in &gained_sites {
            let restored = user
                .seat_history
                .iter()
                .position(|old| old.id == site.id)
                .map(|at| user.seat_history.remove(at));
            user.product_access
                .push(restored.unwrap_or_else(|| SimProductAccess {
                    key: site.key.clone(),
                    id: site.id.clone(),
                    last_active: None,
                }));
        }
        let index = &self.index;
        user.product_access
            .sort_by_key(|access| index.site_position(&access.id).unwrap_or(usize::MAX));
        SeatChange {
            lost: lost_ids,
            gained: gained_sites.into_iter().map(|site| site.id).collect(),
        }
    }

    /// Users who count against the site's licence: active, and holding a billable role there.
    #[must_use]
    pub fn billable_holders(&self, site_at: usize) -> usize {
        self.org
            .users
            .iter()
            .filter(|user| counts_for_licence(user))
            .filter(|user| holds_billable(&self.org, &self.index, user, site_at))
            .count()
    }
}

/// Whether a user occupies licences: an active account that is not suspended.
#[must_use]
pub fn counts_for_licence(user: &SimUser) -> bool {
    user.account_status == "active" && user.membership_status == "active"
}

/// Whether `user` holds a billable role on the site at `site_at`.
#[must_use]
pub fn holds_billable(org: &SimOrg, index: &OrgIndex, user: &SimUser, site_at: usize) -> bool {
    user.groups
        .iter()
        .filter_map(|id| index.group(org, id))
        .flat_map(|group| group.grants.iter())
        .chain(user.direct_grants.iter())
        .any(|grant| {
            index.site_position(&grant.resource_id) == Some(site_at) && role::is_billable(&grant.role)
        })
}
