//! A remove-access entry: the account-level verdict (`entry`) refined seat by seat. An account
//! not refused for who it is (protected, warning hold, not active) gets the exact memberships to
//! remove and seats to lose, its preview section (idle seats only, or losing a seat they did not
//! choose), or the seat-level refusal: no billable seat of the product, seat in use or activity
//! unknown, granted directly, or only the identity provider can remove it. Pure.

use super::PlanEntry;
use crate::batch::access::{AccessTarget, LostSeat, Removal, plan_removal};
use crate::batch::outcome::Refusal;
use crate::batch::section::Section;
use crate::directory::{DirectoryIndex, GroupsById, Lane, SeatContext};

/// Replaces the account-level verdict of `entry` with the seat-level one, unless the account
/// is refused for who it is.
pub(super) fn refine(
    index: &DirectoryIndex,
    groups: &GroupsById<'_>,
    target: &AccessTarget,
    mut entry: PlanEntry,
) -> PlanEntry {
    entry.section = None;
    entry.lane_reasons.clear();
    entry.seats.clear();
    let Some(row) = index.row_of(&entry.account_id) else {
        return entry;
    };
    if entry.refusal.is_some() {
        return entry;
    }
    let user = index.user(row);
    let directory = index.directory();
    let context = SeatContext {
        thresholds: &index.policy().thresholds,
        now: index.as_of(),
        protected: index.lane(row) == Lane::Protected,
    };
    let removal = plan_removal(user, groups, &directory.sites, target, context);
    entry.idp_groups.clone_from(&removal.idp_groups);
    if let Some(refusal) = refusal_of(target, &removal) {
        entry.refusal = Some(refusal);
    } else {
        entry.section = Some(if removal.has_collateral() {
            Section::Collateral
        } else {
            Section::IdleSeats
        });
        entry.seats = removal
            .seats_lost
            .iter()
            .filter(|seat| seat.billable)
            .map(|seat| seat.product.clone())
            .collect();
        entry.memberships = removal.memberships;
        entry.seats_lost = removal.seats_lost;
    }
    entry
}

/// Why nothing can be freed for this account, if nothing can. A removal that frees some chosen
/// seats goes ahead; the seats it cannot free are kept and named in its entry's handoff groups.
fn refusal_of(target: &AccessTarget, removal: &Removal) -> Option<Refusal> {
    if !removal.memberships.is_empty() {
        return None;
    }
    if removal.billable_targets == 0 {
        return Some(Refusal::NoSeatToFree {
            target: target.describe(),
        });
    }
    if !removal.idp_groups.is_empty() {
        return Some(Refusal::IdpManagedGroups {
            groups: removal.idp_groups.clone(),
        });
    }
    if !removal.direct.is_empty() {
        return Some(Refusal::DirectAssignment {
            seats: removal.direct.iter().map(LostSeat::describe).collect(),
        });
    }
    let (seat, verdict) = removal.kept.first()?;
    Some(Refusal::SeatNotReclaimable {
        seat: seat.describe(),
        lane: verdict.lane.to_string(),
        why: verdict.review.map(|review| review.to_string()),
    })
}
