//! One plan entry: what the plan saw of an account and its verdict: acted on (in which preview
//! section) or refused with the reason. Pure; shares `action_refusal` with the commit's re-check.

use super::{PlanEntry, PlanOptions};
use crate::batch::action::BatchAction;
use crate::batch::outcome::Refusal;
use crate::batch::section::Section;
use crate::directory::{
    AccountId, AccountKind, Activity, ClaimStatus, DirectoryIndex, GroupId, Lane, ManagementSource,
    UserStatus,
};
use std::collections::HashMap;

/// The entry of `account`: refused when protected, held back by `require_warning` (whatever the
/// lane), not allowed by the action, or not cleanup-ready without its lane included.
pub(super) fn entry(
    index: &DirectoryIndex,
    synced_groups: &HashMap<&GroupId, &str>,
    account: AccountId,
    options: &PlanOptions,
) -> PlanEntry {
    let Some(row) = index.row_of(&account) else {
        return PlanEntry {
            account_id: account,
            name: String::new(),
            email: None,
            kind: AccountKind::Other,
            idle_days: None,
            last_active: None,
            activity_known: false,
            seats: Vec::new(),
            idp_synced: false,
            synced_groups: Vec::new(),
            refusal: Some(Refusal::NotInDirectory),
            section: None,
            lane: None,
            lane_reasons: Vec::new(),
            warned: None,
            memberships: Vec::new(),
            seats_lost: Vec::new(),
            idp_groups: Vec::new(),
        };
    };
    let user = index.user(row);
    let classification = index.classification(row);
    let action = options.action;
    let holds = if action.is_destructive() {
        index.classifier().warning_required(user)
    } else {
        Vec::new()
    };
    let section = Section::of(&classification, &options.include_lanes);
    let refusal = if classification.lane == Lane::Protected {
        Some(Refusal::Protected {
            reasons: classification.reasons.clone(),
        })
    } else if !holds.is_empty() {
        Some(Refusal::WarningRequired { reasons: holds })
    } else if let Some(refusal) = action_refusal(action, user) {
        Some(refusal)
    } else if section.is_none() && action != BatchAction::RemoveAccess {
        Some(Refusal::NotCleanupReady {
            lane: classification.lane,
            reasons: classification.reasons.clone(),
        })
    } else {
        None
    };
    // Only an active, billable account acted on frees a seat: a refused user keeps theirs.
    let seats = match (&user.activity, refusal.is_none() && user.holds_billable_seats()) {
        (Activity::Known(products), true) => products.iter().map(|p| p.product.clone()).collect(),
        _ => Vec::new(),
    };
    PlanEntry {
        account_id: user.account_id.clone(),
        name: user.name.clone(),
        email: user.email.clone(),
        kind: index.kind(row),
        idle_days: index.idle_days(row),
        last_active: user.activity.last_active(),
        activity_known: matches!(user.activity, Activity::Known(_)),
        seats,
        idp_synced: user.management_source == Some(ManagementSource::Synced),
        synced_groups: user
            .groups
            .iter()
            .filter_map(|group| synced_groups.get(group).map(|name| (*name).to_owned()))
            .collect(),
        section: if refusal.is_none() { section } else { None },
        lane_reasons: if refusal.is_none() && section == Some(Section::NotCleanupReady) {
            classification.reasons
        } else {
            Vec::new()
        },
        refusal,
        lane: Some(classification.lane),
        warned: index.classifier().warnings().get(&user.account_id).copied(),
        memberships: Vec::new(),
        seats_lost: Vec::new(),
        idp_groups: Vec::new(),
    }
}

/// The per-action rules for an account that is not protected; the commit engine applies the
/// same function to the account as re-read from the server.
#[must_use]
pub fn action_refusal(action: BatchAction, user: &crate::directory::User) -> Option<Refusal> {
    match action {
        BatchAction::Suspend | BatchAction::RemoveAccess if user.status != UserStatus::Active => {
            Some(Refusal::NotActive {
                status: user.status.clone(),
            })
        }
        BatchAction::Deactivate => match (&user.claim_status, &user.management_source) {
            (ClaimStatus::Managed, Some(ManagementSource::Synced)) => Some(Refusal::IdpOwnsLifecycle),
            (ClaimStatus::Managed, Some(ManagementSource::Invited)) => match &user.status {
                UserStatus::Active | UserStatus::Suspended => None,
                other => Some(Refusal::NotActive {
                    status: other.clone(),
                }),
            },
            (ClaimStatus::Managed, _) => Some(Refusal::ManagementSourceUnknown),
            _ => Some(Refusal::UnmanagedAccount),
        },
        _ => None,
    }
}
