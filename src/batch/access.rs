//! Remove product access: what one product's seat (on one site, or on every site of it) is
//! freed by. For one user, the exact group memberships to remove and the exact seats that go with
//! them, the seats they would lose without having been chosen (collateral), and the seats only
//! the identity provider can free (naming its groups). Pure: decides from the loaded groups and
//! the user's seats; the plan turns the result into an entry or a refusal.

mod resolve;

pub use resolve::AccessTargetError;

use crate::directory::{
    DirectoryId, GroupId, GroupsById, ProductId, ProductKey, Role, Seat, SeatActivity, SeatSource, Site,
    User, seats_of,
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
        text
    }
}

/// A chosen seat and whether it may be freed now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatJudgement {
    /// Idle past the product's threshold (or never used): may be freed.
    Idle,
    /// Used within the threshold: kept.
    Active { last_active: DateTime<Utc> },
    /// No activity data for the site: never a reason to act (ARCHITECTURE rule 14).
    Unknown,
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
    /// Billable seats of the target kept because they are in use (or their use is unknown).
    pub kept_in_use: Vec<(LostSeat, SeatJudgement)>,
}

impl Removal {
    /// Whether the removal takes away a seat the admin did not choose.
    #[must_use]
    pub fn has_collateral(&self) -> bool {
        self.seats_lost.iter().any(|seat| !seat.chosen)
    }
}

/// Plans freeing `target` for `user`: each billable seat of the target judged idle by `judge` is
/// freed by removing every group that grants a billable role on it, unless one of them is
/// managed by the `IdP` (then the seat goes to the handoff) or the seat is granted directly.
/// Unbilled seats are never chosen. The seats lost are whatever the user's remaining groups no
/// longer grant at all, or no longer grant a billed role on.
pub fn plan_removal(
    user: &User,
    groups: &GroupsById<'_>,
    sites: &[Site],
    target: &AccessTarget,
    judge: impl Fn(&Seat) -> SeatJudgement,
) -> Removal {
    let seats = seats_of(user, groups);
    let mut removal = Removal::default();
    let mut remove: BTreeSet<&GroupId> = BTreeSet::new();
    let mut chosen_sites: Vec<Option<&ProductId>> = Vec::new();
    let mut idp: BTreeSet<String> = BTreeSet::new();
    for seat in seats
        .iter()
        .filter(|seat| target.covers(seat) && seat.is_billable())
    {
        removal.billable_targets += 1;
        let judgement = judge(seat);
        if judgement != SeatJudgement::Idle {
            removal.kept_in_use.push((lost(seat, sites, true), judgement));
            continue;
        }
        let mut sources: Vec<&GroupId> = Vec::new();
        let mut direct = false;
        let mut managed = Vec::new();
        for source in seat.billable_sources() {
            match source {
                SeatSource::Direct => direct = true,
                SeatSource::Group(id) => match groups.get(id) {
                    Some(group) if group.is_idp_managed() => managed.push(group.name.clone()),
                    Some(_) => sources.push(id),
                    // A group the load did not see cannot be judged: left to the handoff by id.
                    None => managed.push(id.to_string()),
                },
            }
        }
        if direct {
            removal.direct.push(lost(seat, sites, true));
        } else if !managed.is_empty() {
            idp.extend(managed);
        } else {
            remove.extend(sources);
            chosen_sites.push(seat.site.as_ref());
        }
    }
    removal.idp_groups = idp.into_iter().collect();
    if remove.is_empty() {
        return removal;
    }
    // What the remaining groups grant; the activity's access list would still show the seats
    // being removed (it is as of the load), so it is left out, and a seat with a direct
    // assignment is never lost to a membership change.
    let mut remaining = user.clone();
    remaining.groups.retain(|group| !remove.contains(group));
    remaining.activity = crate::directory::Activity::Unknown;
    let after = seats_of(&remaining, groups);
    for seat in &seats {
        if seat.grants.iter().any(|grant| grant.source == SeatSource::Direct) {
            continue;
        }
        let still = after
            .iter()
            .find(|other| other.site == seat.site && other.product == seat.product);
        let lost_now = match still {
            None => true,
            Some(other) => seat.is_billable() && !other.is_billable(),
        };
        if lost_now {
            let chosen = chosen_sites.contains(&seat.site.as_ref()) && target.covers(seat);
            removal.seats_lost.push(lost(seat, sites, chosen));
        }
    }
    removal.seats_lost.sort_by_key(|seat| !seat.chosen);
    let mut memberships: Vec<Membership> = remove
        .into_iter()
        .map(|id| Membership {
            group_id: id.clone(),
            group_name: groups
                .get(id)
                .map_or_else(|| id.to_string(), |group| group.name.clone()),
            directory_id: groups.get(id).and_then(|group| group.directory_id.clone()),
        })
        .collect();
    memberships.sort_by(|a, b| (&a.group_name, &a.group_id).cmp(&(&b.group_name, &b.group_id)));
    removal.memberships = memberships;
    removal
}

fn lost(seat: &Seat, sites: &[Site], chosen: bool) -> LostSeat {
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
