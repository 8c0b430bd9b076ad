//! Seat lanes: for each seat of one user, whether it can be freed (reclaimable), only in the
//! identity provider, protected, active, free, or needs a human (ARCHITECTURE rules 14–15). Pure:
//! the clock, the thresholds and whether the user is protected are parameters; must not read the
//! clock, plan batches or price anything.

mod action;

pub use action::{Handoff, Removal, SeatAction, SeatChange, removal, seat_action};

use super::ids::GroupId;
use super::lane::{Usage, UseState, days_since};
use super::policy::{IdleDays, Thresholds};
use super::seat::{GroupsById, Seat, SeatActivity, SeatSource};
use super::user::{User, UserStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What can be done with one seat, most actionable first (the order seat sorts use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatLane {
    /// Billable, idle past the product's threshold (or never used for that long), every billable
    /// grant a group membership the API can remove, the user not protected.
    Reclaimable,
    /// Billable and idle, but at least one billable grant is a group the identity provider
    /// manages: only the `IdP` can free it.
    IdpOnly,
    /// A human decides: activity or site unknown, a direct grant, a new joiner, an account
    /// that is not active (rule 14).
    Review,
    /// Used within the product's threshold.
    Active,
    /// Only free roles (guest, customer, …): costs nothing.
    NotBillable,
    /// The user is protected: never acted on.
    Protected,
}

impl SeatLane {
    pub const ALL: [SeatLane; 6] = [
        SeatLane::Reclaimable,
        SeatLane::IdpOnly,
        SeatLane::Review,
        SeatLane::Active,
        SeatLane::NotBillable,
        SeatLane::Protected,
    ];

    /// The name used by `seats:NAME` in queries and in reports.
    #[must_use]
    pub fn query_name(self) -> &'static str {
        match self {
            SeatLane::Reclaimable => "reclaimable",
            SeatLane::IdpOnly => "idp",
            SeatLane::Review => "review",
            SeatLane::Active => "active",
            SeatLane::NotBillable => "free",
            SeatLane::Protected => "protected",
        }
    }

    /// Whether the seat is billable and unused past its threshold (reclaimable here or in the
    /// `IdP`).
    #[must_use]
    pub fn is_idle_billable(self) -> bool {
        matches!(self, SeatLane::Reclaimable | SeatLane::IdpOnly)
    }
}

impl fmt::Display for SeatLane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SeatLane::Reclaimable => "reclaimable",
            SeatLane::IdpOnly => "only in the IdP",
            SeatLane::Review => "needs review",
            SeatLane::Active => "active",
            SeatLane::NotBillable => "not billable",
            SeatLane::Protected => "protected",
        })
    }
}

/// Why a seat needs review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatReview {
    /// No activity data for this site.
    ActivityUnknown,
    /// The data named the product but not the site.
    SiteUnknown,
    /// A billable role no loaded group explains: a direct assignment the API cannot remove.
    DirectGrant,
    /// Never used, and the user joined within the threshold.
    NewJoiner,
    /// Never used and nothing dates the account.
    NeverUsedUndated,
    /// The account is not active (suspended, deactivated, or a status this version does not know).
    AccountNotActive,
}

impl fmt::Display for SeatReview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SeatReview::ActivityUnknown => "no activity data for this site",
            SeatReview::SiteUnknown => "the data does not say which site",
            SeatReview::DirectGrant => "a direct role assignment the API cannot remove",
            SeatReview::NewJoiner => "never used; joined within the threshold",
            SeatReview::NeverUsedUndated => "never used; nothing dates the account",
            SeatReview::AccountNotActive => "the account is not active",
        })
    }
}

/// The lane of one seat with what explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatVerdict {
    pub lane: SeatLane,
    /// Days unused (a lower bound for never-used seats of undated accounts); `None` unknown.
    pub unused_days: Option<u32>,
    pub threshold: IdleDays,
    /// For `IdpOnly`: the `IdP`-managed groups granting a billable role here.
    pub idp_groups: Vec<GroupId>,
    /// For `Review`: why.
    pub review: Option<SeatReview>,
}

/// What every seat of one user is measured against.
#[derive(Debug, Clone, Copy)]
pub struct SeatContext<'a> {
    pub thresholds: &'a Thresholds,
    pub now: DateTime<Utc>,
    /// The user is in the protected lane (admins, service accounts, allowlist, exclusions).
    pub protected: bool,
}

/// How long a never-used seat has been unused: days since added, or at least since the user's
/// last use of anything (they were in the org then). Same rule as the user lanes.
struct NeverUsed {
    unused_days: Option<u32>,
    added_known: bool,
}

impl NeverUsed {
    fn of(user: &User, seats: &[Seat], now: DateTime<Utc>) -> Self {
        let added = user.added_to_org.map(|at| days_since(at, now));
        let since_use = seats
            .iter()
            .filter_map(|seat| match seat.activity {
                SeatActivity::At(at) => Some(days_since(at, now)),
                _ => None,
            })
            .max();
        let unused_days = match (added, since_use) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        Self {
            unused_days,
            added_known: added.is_some(),
        }
    }
}

/// The lane of every seat of `user`, in the order of `seats` (from [`super::seats_of`]).
#[must_use]
pub fn seat_lanes(
    user: &User,
    seats: &[Seat],
    groups: &GroupsById<'_>,
    context: SeatContext<'_>,
) -> Vec<SeatVerdict> {
    let never = NeverUsed::of(user, seats, context.now);
    seats
        .iter()
        .map(|seat| seat_lane(user, seat, groups, context, &never))
        .collect()
}

fn seat_lane(
    user: &User,
    seat: &Seat,
    groups: &GroupsById<'_>,
    context: SeatContext<'_>,
    never: &NeverUsed,
) -> SeatVerdict {
    let threshold = context.thresholds.for_product(&seat.product);
    let usage = match seat.activity {
        SeatActivity::Unknown => None,
        SeatActivity::At(at) => Some(Usage::Used {
            days: days_since(at, context.now),
        }),
        SeatActivity::Never => Some(Usage::NeverUsed {
            unused_days: never.unused_days,
            added_known: never.added_known,
        }),
    };
    let verdict = |lane, review| SeatVerdict {
        lane,
        unused_days: usage.and_then(Usage::unused_days),
        threshold,
        idp_groups: Vec::new(),
        review,
    };
    if context.protected {
        return verdict(SeatLane::Protected, None);
    }
    if !seat.is_billable() {
        return verdict(SeatLane::NotBillable, None);
    }
    let review = |why| verdict(SeatLane::Review, Some(why));
    if user.status != UserStatus::Active {
        return review(SeatReview::AccountNotActive);
    }
    if seat.site.is_none() {
        return review(SeatReview::SiteUnknown);
    }
    let Some(usage) = usage else {
        return review(SeatReview::ActivityUnknown);
    };
    match usage.state(threshold) {
        UseState::Recent => return verdict(SeatLane::Active, None),
        UseState::New => return review(SeatReview::NewJoiner),
        UseState::Unclear => return review(SeatReview::NeverUsedUndated),
        UseState::Idle => {}
    }
    let mut idp_groups: Vec<GroupId> = Vec::new();
    for source in seat.billable_sources() {
        match source {
            SeatSource::Direct => return review(SeatReview::DirectGrant),
            SeatSource::Group(id) => {
                // `seats_of` only yields loaded groups; a missing one is ambiguous, never actionable.
                let Some(group) = groups.get(id) else {
                    return review(SeatReview::DirectGrant);
                };
                if group.is_idp_managed() && !idp_groups.contains(id) {
                    idp_groups.push(id.clone());
                }
            }
        }
    }
    if idp_groups.is_empty() {
        verdict(SeatLane::Reclaimable, None)
    } else {
        SeatVerdict {
            idp_groups,
            ..verdict(SeatLane::IdpOnly, None)
        }
    }
}

#[cfg(test)]
#[path = "seat_lane/tests.rs"]
mod tests;
