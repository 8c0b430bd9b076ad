//! Remove product access: what one product's seat (on one site, or on every site of it) is
//! freed by. For one user, the exact group memberships to remove and the exact seats that go with
//! them, the seats they would lose without having been chosen (collateral), and the seats only
//! the identity provider can free (naming its groups). Pure: decides from the loaded groups and
//! the user's seats; the plan turns the result into an entry or a refusal.

mod resolve;

pub use resolve::AccessTargetError;

use crate::directory::{
    DirectoryId, GroupId, GroupsById, ProductId, ProductKey, Role, Seat, SeatActivity, SeatContext, SeatLane,
    SeatReview, SeatVerdict, Site, User, removal, seat_lanes, seats_of,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a remove-access plan frees: the seats of one product, on one site or on all its sites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTarget {
    pub product: ProductKey,
    /// `None`: every site of the product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<ProductId>,
    /// The site's name as admins know it, for the preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
}

impl AccessTarget {
    /// Whether `seat` is one the admin chose to free (given that it is billable and idle).
    #[must_use]
    pub fn covers(&self, seat: &Seat) -> bool {
        seat.product == self.product
            && match &self.site {
                None => true,
                Some(site) => seat.site.as_ref() == Some(site),
            }
    }

    /// "Jira Service Management" or "Jira Service Management on acme-eu".
    #[must_use]
    pub fn describe(&self) -> String {
        match (&self.site_name, &self.site) {
            (Some(name), _) => format!("{} on {name}", self.product.display_name()),
            (None, Some(site)) => format!("{} on {site}", self.product.display_name()),
            (None, None) => self.product.display_name().to_owned(),
        }
    }
}

/// One group membership a batch removes (or, undoing it, adds back).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Membership {
    pub group_id: GroupId,
    pub group_name: String,
    /// The directory holding the group (`None`: not reported; every directory is asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_id: Option<DirectoryId>,
}

/// A seat the user loses when the memberships are removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostSeat {
    pub product: ProductKey,
    pub site: Option<ProductId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The strongest role held there (`None`: a role the API did not name, counted as billed).
    pub role: Option<Role>,
    pub billable: bool,
    /// A group the user stays in still grants a free role there (guest, customer): access
    /// stays, the licence goes.
    #[serde(default)]
    pub keeps_free_role: bool,
    /// Chosen by the admin (the product and site asked for, idle); `false`: collateral, taken
    /// away only because a removed group also grants it.
    pub chosen: bool,
    /// The last activity the plan saw there (`None`: never active); newer activity at commit
    /// time on a chosen seat means "active since the load" and the user is skipped.
    pub last_active: Option<DateTime<Utc>>,
}

impl LostSeat {
    /// `Jira Service Management on acme-eu (atlassian/user)`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut text = self.product.display_name().to_owned();
        if let Some(site) = self
            .site_name
            .as_deref()
            .or(self.site.as_ref().map(ProductId::as_str))
        {
            text.push_str(" on ");
            text.push_str(site);
        }
        match &self.role {
            Some(role) => {
                text.push_str(" (");
                text.push_str(role.as_str());
                text.push(')');
            }
            None => text.push_str(" (role not reported)"),
        }
        if !self.billable {
            text.push_str(", not billed");
        }
        if self.keeps_free_role {
            text.push_str(", keeps a free role there");
        }
        text
    }
}

/// What freeing the chosen seats of one user takes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Removal {
    /// The memberships to remove, by group name then id.
    pub memberships: Vec<Membership>,
    /// Every seat the removal takes away, chosen ones first.
    pub seats_lost: Vec<LostSeat>,
    /// IdP-managed groups granting a chosen idle seat: that seat is left to the `IdP` handoff.
    pub idp_groups: Vec<String>,
    /// Chosen idle seats granted directly (no group explains them): not freed by membership.
    pub direct: Vec<LostSeat>,
    /// Billable seats of the target the user holds (idle or not).
    pub billable_targets: usize,
    /// Billable seats of the target kept, with their seat lane (active, review, protected).
    pub kept: Vec<(LostSeat, SeatVerdict)>,
}

impl Removal {
    /// Whether the removal takes away a seat the admin did not choose.
    #[must_use]
    pub fn has_collateral(&self) -> bool {
        self.seats_lost.iter().any(|seat| !seat.chosen)
    }
}

/// Plans freeing `target` for `user` from the seat lanes (`directory::seat_lanes`): each billable
/// seat of the target in lane reclaimable is freed by leaving every group that grants a billed
/// role on it (`directory::removal`); an idle seat only the `IdP` can free names its groups; a
/// direct grant or any other lane keeps the seat. Unbilled seats are never chosen. The seats
/// lost are whatever the remaining groups no longer grant, or no longer grant a billed role on.
#[must_use]
pub fn plan_removal(
    user: &User,
    groups: &GroupsById<'_>,
    sites: &[Site],
    target: &AccessTarget,
    context: SeatContext<'_>,
) -> Removal {
    let seats = seats_of(user, groups);
    let verdicts = seat_lanes(user, &seats, groups, context);
    let mut result = Removal::default();
    let mut idp: BTreeSet<String> = BTreeSet::new();
    for (seat, verdict) in seats.iter().zip(&verdicts) {
        if !target.covers(seat) || !seat.is_billable() {
            continue;
        }
        result.billable_targets += 1;
        match (verdict.lane, verdict.review) {
            (SeatLane::Reclaimable, _) => {}
            (SeatLane::IdpOnly, _) => {
                idp.extend(verdict.idp_groups.iter().map(|id| group_name(groups, id)));
            }
            (SeatLane::Review, Some(SeatReview::DirectGrant)) => {
                result.direct.push(lost(seat, sites, true, false));
            }
            _ => {
                result
                    .kept
                    .push((lost(seat, sites, true, false), verdict.clone()));
            }
        }
    }
    result.idp_groups = idp.into_iter().collect();
    let Some(planned) = removal(user, &seats, &verdicts, groups, |seat| target.covers(seat)) else {
        return result;
    };
    let changes = planned
        .chosen
        .iter()
        .map(|change| (change, true))
        .chain(planned.collateral.iter().map(|change| (change, false)));
    for (change, chosen) in changes {
        if let Some(seat) = seats.iter().find(|seat| seat.site.as_ref() == Some(&change.site)) {
            result
                .seats_lost
                .push(lost(seat, sites, chosen, change.keeps_free_role));
        }
    }
    let mut memberships: Vec<Membership> = planned
        .groups
        .iter()
        .map(|id| Membership {
            group_id: id.clone(),
            group_name: group_name(groups, id),
            directory_id: groups.get(id).and_then(|group| group.directory_id.clone()),
        })
        .collect();
    memberships.sort_by(|a, b| (&a.group_name, &a.group_id).cmp(&(&b.group_name, &b.group_id)));
    result.memberships = memberships;
    result
}

fn group_name(groups: &GroupsById<'_>, id: &GroupId) -> String {
    groups
        .get(id)
        .map_or_else(|| id.to_string(), |group| group.name.clone())
}

fn lost(seat: &Seat, sites: &[Site], chosen: bool, keeps_free_role: bool) -> LostSeat {
    LostSeat {
        product: seat.product.clone(),
        site: seat.site.clone(),
        site_name: seat
            .site
            .as_ref()
            .and_then(|id| sites.iter().find(|site| &site.id == id))
            .map(|site| site.name.clone()),
        role: seat.role().cloned(),
        billable: seat.is_billable(),
        keeps_free_role,
        chosen,
        last_active: match seat.activity {
            SeatActivity::At(at) => Some(at),
            SeatActivity::Never | SeatActivity::Unknown => None,
        },
    }
}

#[cfg(test)]
#[path = "access/tests.rs"]
mod tests;
