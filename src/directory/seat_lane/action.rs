//! The cheapest correct action for one user from their seat lanes: suspend when every billable
//! seat is idle, remove the idle seats' group memberships when only some are, hand off to the
//! identity provider what only it can change. Pure; decides nothing the batch must re-check.

use super::{SeatLane, SeatVerdict};
use crate::directory::ids::{GroupId, ProductId, ProductKey};
use crate::directory::seat::{GroupsById, Role, Seat, SeatSource};
use crate::directory::user::User;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One seat a removal changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeatChange {
    pub product: ProductKey,
    pub site: ProductId,
    /// The user keeps a free role there (a guest group still covers the site): access stays,
    /// the licence goes. `false`: access to the site goes.
    pub keeps_free_role: bool,
}

/// Group memberships to remove through the API and exactly what the user loses by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// Every group to leave, sorted.
    pub groups: Vec<GroupId>,
    /// The idle seats chosen, freed by leaving `groups`.
    pub chosen: Vec<SeatChange>,
    /// Other seats those groups grant that no remaining group grants: lost too (a group granting
    /// Jira and Confluence). The batch refuses these unless the admin accepts them (rule 13).
    pub collateral: Vec<SeatChange>,
}

/// Idle seats only the identity provider can free, and the groups to remove there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    pub groups: Vec<GroupId>,
    pub seats: Vec<(ProductKey, ProductId)>,
}

/// The cheapest correct action for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatAction {
    /// The user is protected.
    Protected,
    /// No idle billable seat: nothing to free.
    Keep,
    /// Idle or unclear seats, none freeable: a human looks (rule 14).
    Review,
    /// Every billable seat idle: suspend the account (frees them all at once).
    Suspend,
    /// Some billable seats idle: leave these groups; idle seats only the `IdP` can free listed too.
    Remove {
        removal: Removal,
        handoff: Option<Handoff>,
    },
    /// The only idle seats are granted by `IdP`-managed groups: remove them there.
    Handoff(Handoff),
}

/// The cheapest correct action for `user` given `seats` and their `verdicts` (same order).
#[must_use]
pub fn seat_action(
    user: &User,
    seats: &[Seat],
    verdicts: &[SeatVerdict],
    groups: &GroupsById<'_>,
) -> SeatAction {
    if verdicts.iter().any(|v| v.lane == SeatLane::Protected) {
        return SeatAction::Protected;
    }
    let billable = || verdicts.iter().filter(|v| v.lane != SeatLane::NotBillable);
    let count = billable().count();
    let idle = billable().filter(|v| v.lane.is_idle_billable()).count();
    if count > 0 && idle == count {
        return SeatAction::Suspend;
    }
    let handoff = handoff(seats, verdicts);
    let removal = removal(user, seats, verdicts, groups, |_| true);
    match (removal, handoff) {
        (Some(removal), handoff) => SeatAction::Remove { removal, handoff },
        (None, Some(handoff)) => SeatAction::Handoff(handoff),
        (None, None) if billable().any(|v| v.lane == SeatLane::Review) => SeatAction::Review,
        (None, None) => SeatAction::Keep,
    }
}

fn handoff(seats: &[Seat], verdicts: &[SeatVerdict]) -> Option<Handoff> {
    let mut groups: Vec<GroupId> = Vec::new();
    let mut freed = Vec::new();
    for (seat, verdict) in seats.iter().zip(verdicts) {
        if verdict.lane != SeatLane::IdpOnly {
            continue;
        }
        groups.extend(verdict.idp_groups.iter().cloned());
        if let Some(site) = &seat.site {
            freed.push((seat.product.clone(), site.clone()));
        }
    }
    groups.sort();
    groups.dedup();
    (!groups.is_empty()).then_some(Handoff { groups, seats: freed })
}

/// The removal that frees the reclaimable seats `wanted` accepts: every billable group grant of
/// each is left, and whatever else those groups alone granted is listed as collateral. `None`
/// when no reclaimable seat is wanted. The effect is what [`crate::directory::seats_of`] derives
/// from the remaining groups (activity is re-read after the change, so it plays no part).
#[must_use]
pub fn removal(
    user: &User,
    seats: &[Seat],
    verdicts: &[SeatVerdict],
    groups: &GroupsById<'_>,
    wanted: impl Fn(&Seat) -> bool,
) -> Option<Removal> {
    let mut leave: Vec<GroupId> = Vec::new();
    let mut chosen_sites: Vec<&ProductId> = Vec::new();
    for (seat, verdict) in seats.iter().zip(verdicts) {
        if verdict.lane != SeatLane::Reclaimable || !wanted(seat) {
            continue;
        }
        let Some(site) = &seat.site else { continue };
        chosen_sites.push(site);
        for source in seat.billable_sources() {
            if let SeatSource::Group(id) = source {
                leave.push(id.clone());
            }
        }
    }
    if chosen_sites.is_empty() {
        return None;
    }
    leave.sort();
    leave.dedup();
    let before = granted(user.groups.iter(), groups);
    let after = granted(
        user.groups.iter().filter(|id| leave.binary_search(id).is_err()),
        groups,
    );
    let (mut chosen, mut collateral) = (Vec::new(), Vec::new());
    for (site, (product, billable)) in &before {
        let change = match after.get(site) {
            None => SeatChange {
                product: product.clone(),
                site: site.clone(),
                keeps_free_role: false,
            },
            Some((_, still_billable)) if *billable && !still_billable => SeatChange {
                product: product.clone(),
                site: site.clone(),
                keeps_free_role: true,
            },
            Some(_) => continue,
        };
        if chosen_sites.contains(&site) {
            chosen.push(change);
        } else {
            collateral.push(change);
        }
    }
    Some(Removal {
        groups: leave,
        chosen,
        collateral,
    })
}

/// Sites the given memberships grant a role on: (product, whether any role there is billed).
pub(crate) fn granted<'a>(
    memberships: impl Iterator<Item = &'a GroupId>,
    groups: &GroupsById<'_>,
) -> BTreeMap<ProductId, (ProductKey, bool)> {
    let mut sites: BTreeMap<ProductId, (ProductKey, bool)> = BTreeMap::new();
    for group in memberships.filter_map(|id| groups.get(id)) {
        for grant in &group.grants {
            let billable = grant.roles.is_empty() || grant.roles.iter().any(Role::is_billable);
            let entry = sites
                .entry(grant.site.clone())
                .or_insert_with(|| (grant.product.clone(), false));
            entry.1 |= billable;
        }
    }
    sites
}
