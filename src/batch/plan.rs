//! The plan: for each targeted account, the action or the refusal and its reason, built by a
//! pure function from the loaded directory and saved as JSON. Refusals are decided here so the
//! preview shows them; the commit engine re-checks everything anyway, since a plan file can be
//! edited. Must not do I/O or read the clock.

mod access_entry;
mod entry;

pub use entry::action_refusal;

use super::access::{AccessTarget, LostSeat, Membership};
use super::action::BatchAction;
use super::outcome::Refusal;
use super::permission::{Permission, ReadOnly};
use super::section::{Confirmed, Section};
use crate::directory::{
    AccountId, AccountKind, DirectoryIndex, GroupId, Lane, Marks, ProductKey, Reason, Warning,
};
use crate::types::{BatchCap, BatchId, OrgId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Version of the plan file layout; a plan of another version is refused, not guessed at.
/// 2: entries carry their preview section and lane, the plan its included lanes (a version-1
/// plan has no sections, so nothing in it could be confirmed).
pub const PLAN_FORMAT: u32 = 2;

/// A whole batch, ready to preview, save, and commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub format: u32,
    pub org_id: OrgId,
    pub org_name: String,
    pub action: BatchAction,
    /// Shown at login to deactivated users (deactivate only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the directory the plan was built from was read from the API: the data's age.
    pub data_loaded_at: DateTime<Utc>,
    /// The cap in force when the plan was built (the commit checks its own cap as well).
    pub cap: BatchCap,
    /// Set on plans that undo another batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<BatchId>,
    /// Lanes besides cleanup-ready the admin chose to act on (`--include-lane review,active`);
    /// the commit engine refuses a user of any other lane, whatever the entry says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include_lanes: Vec<Lane>,
    /// What a remove-access plan frees (product, optionally site); `None` for other actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<AccessTarget>,
    /// The preview sections the admin confirmed, stamped by the commit engine when the batch
    /// starts (so `resume` keeps to them); whatever a plan file says here is replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Confirmed>,
    pub entries: Vec<PlanEntry>,
}

/// One account: who, what the plan saw, and whether it is acted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntry {
    pub account_id: AccountId,
    pub name: String,
    pub email: Option<String>,
    pub kind: AccountKind,
    pub idle_days: Option<u32>,
    /// The latest activity the plan saw: anything newer at commit time means "active since the
    /// load" and the account is skipped.
    pub last_active: Option<DateTime<Utc>>,
    /// Whether the plan saw activity data at all.
    pub activity_known: bool,
    /// Products whose seat the action frees (empty when it frees none).
    pub seats: Vec<ProductKey>,
    pub idp_synced: bool,
    /// Names of the `IdP`-synced groups the account is in (for the `IdP` handoff).
    pub synced_groups: Vec<String>,
    /// `None`: the account is acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The preview section an acted-on account is shown (and confirmed) in; `None` when refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Section>,
    /// The lane the plan saw (`None`: not in the directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<Lane>,
    /// Why the lane, for a user acted on though not cleanup-ready (the preview lists them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lane_reasons: Vec<Reason>,
    /// The warning the account was given before this plan (`dormant warn`, `w`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warned: Option<Warning>,
    /// Remove access: the group memberships to remove (restore access: to add back), exactly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memberships: Vec<Membership>,
    /// Remove access: every seat the removal takes away, with whether the admin chose it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats_lost: Vec<LostSeat>,
    /// Remove access: groups the identity provider manages that grant a chosen idle seat; only
    /// the `IdP` can remove those memberships (the handoff names them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub idp_groups: Vec<String>,
}

impl PlanEntry {
    #[must_use]
    pub fn acts(&self) -> bool {
        self.refusal.is_none()
    }
}

/// What the admin asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// `Suspend` or `Deactivate`; restore and enable plans come from `undo` only.
    pub action: BatchAction,
    pub cap: BatchCap,
    pub message: Option<String>,
    /// Lanes besides cleanup-ready to act on (review, active); empty refuses them with their
    /// reasons.
    pub include_lanes: Vec<Lane>,
    /// Whether the profile may change the org at all; a read-only one gets `PlanError::ReadOnly`.
    pub permission: Permission,
    /// Remove access: the product (and optionally site) to free; required by that action only.
    pub access: Option<AccessTarget>,
}

impl Default for PlanOptions {
    /// Suspend, the default cap, no lane included; `ReadWrite` (a command sets the profile's).
    fn default() -> Self {
        Self {
            action: BatchAction::Suspend,
            cap: BatchCap::DEFAULT,
            message: None,
            include_lanes: Vec::new(),
            permission: Permission::ReadWrite,
            access: None,
        }
    }
}

/// Why no plan could be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("nothing is targeted: mark users (or narrow --filter to match some) first")]
    NothingTargeted,
    #[error(
        "{acting} users would be acted on, more than the batch cap of {cap}: narrow the selection, \
         or raise the cap explicitly (--cap N, or `cap` in the profile's section of the config)"
    )]
    OverCap { acting: usize, cap: BatchCap },
    #[error("the loaded org's id cannot name a batch ({0}); load the org again with --org ORG_ID")]
    UnusableOrg(String),
    #[error("{0} plans are made by `dormant undo`, not planned directly; plan suspend or deactivate")]
    NotPlannable(BatchAction),
    #[error("a login message applies to deactivate only; remove it or plan deactivate")]
    MessageWithoutDeactivate,
    #[error(transparent)]
    ReadOnly(#[from] ReadOnly),
    #[error("protected users are never acted on: --include-lane takes review or active")]
    ProtectedIncluded,
    #[error(transparent)]
    Repeated(#[from] RepeatedEntries),
    #[error(
        "remove-access needs the product to free: name it with --product KEY (and optionally --site NAME)"
    )]
    AccessTargetMissing,
    #[error(
        "--product and --site apply to remove-access only; plan --action remove-access or leave them out"
    )]
    AccessTargetWithoutRemoveAccess,
    #[error("remove-access frees seats one by one and includes no lane: leave out --include-lane")]
    LanesWithRemoveAccess,
}

/// A plan that lists an account more than once (only a hand edit does that): its figures would
/// count the account twice, so it is refused whole, naming the accounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the plan lists {} user(s) more than once: {}; a plan names each user once: build it again \
     with `dormant plan`",
    accounts.len(),
    accounts.join(", ")
)]
pub struct RepeatedEntries {
    /// `name (account id)` of each repeated account, in plan order.
    pub accounts: Vec<String>,
}

impl Plan {
    /// Builds the plan for `candidates` (marked accounts, in any order; repeats are ignored).
    /// Every candidate gets an entry: acted on, or refused with its reason.
    pub fn build(
        index: &DirectoryIndex,
        candidates: impl IntoIterator<Item = AccountId>,
        options: &PlanOptions,
        now: DateTime<Utc>,
    ) -> Result<Plan, PlanError> {
        options.permission.check()?;
        if options.include_lanes.contains(&Lane::Protected) {
            return Err(PlanError::ProtectedIncluded);
        }
        if !options.action.is_destructive() {
            return Err(PlanError::NotPlannable(options.action));
        }
        if options.message.is_some() && options.action != BatchAction::Deactivate {
            return Err(PlanError::MessageWithoutDeactivate);
        }
        match (options.action, &options.access) {
            (BatchAction::RemoveAccess, None) => return Err(PlanError::AccessTargetMissing),
            (BatchAction::RemoveAccess, Some(_)) if !options.include_lanes.is_empty() => {
                return Err(PlanError::LanesWithRemoveAccess);
            }
            (BatchAction::RemoveAccess, Some(_)) | (_, None) => {}
            (_, Some(_)) => return Err(PlanError::AccessTargetWithoutRemoveAccess),
        }
        let synced_groups: HashMap<&GroupId, &str> = index
            .directory()
            .groups
            .iter()
            .filter(|group| group.external_synced)
            .map(|group| (&group.id, group.name.as_str()))
            .collect();
        let mut seen = HashSet::new();
        let groups = crate::directory::groups_by_id(&index.directory().groups);
        let entries: Vec<PlanEntry> = candidates
            .into_iter()
            .filter(|account| seen.insert(account.clone()))
            .map(|account| {
                let entry = entry::entry(index, &synced_groups, account, options);
                match &options.access {
                    Some(target) => access_entry::refine(index, &groups, target, entry),
                    None => entry,
                }
            })
            .collect();
        if entries.is_empty() {
            return Err(PlanError::NothingTargeted);
        }
        let org_id = OrgId::try_from(index.directory().org.id.clone()).map_err(PlanError::UnusableOrg)?;
        let plan = Plan {
            format: PLAN_FORMAT,
            org_id,
            org_name: index.directory().org.name.clone(),
            action: options.action,
            message: options.message.clone(),
            created_at: now,
            data_loaded_at: index.directory().loaded_at,
            cap: options.cap,
            undo_of: None,
            include_lanes: {
                let mut lanes = options.include_lanes.clone();
                lanes.sort();
                lanes.dedup();
                lanes.retain(|lane| *lane != Lane::CleanupReady);
                lanes
            },
            access: options.access.clone(),
            confirmed: None,
            entries,
        };
        let acting = plan.acting().count();
        if acting > options.cap.get() {
            return Err(PlanError::OverCap {
                acting,
                cap: options.cap,
            });
        }
        Ok(plan)
    }

    /// The plan for the marked accounts, or the cursor row when nothing is marked (rule 5).
    pub fn from_marks(
        index: &DirectoryIndex,
        marks: &Marks,
        cursor: Option<u32>,
        options: &PlanOptions,
        now: DateTime<Utc>,
    ) -> Result<Plan, PlanError> {
        let candidates: Vec<AccountId> = if marks.is_empty() {
            cursor
                .filter(|&row| (row as usize) < index.len())
                .map(|row| index.user(row).account_id.clone())
                .into_iter()
                .collect()
        } else {
            marks.iter().cloned().collect()
        };
        Self::build(index, candidates, options, now)
    }

    /// Refuses a plan naming an account twice: every figure of its preview would count it twice
    /// and the journal would hold two outcomes for one account.
    pub fn check_repeats(&self) -> Result<(), RepeatedEntries> {
        let mut seen = HashSet::new();
        let mut named = HashSet::new();
        let accounts: Vec<String> = self
            .entries
            .iter()
            .filter(|entry| !seen.insert(&entry.account_id) && named.insert(&entry.account_id))
            .map(|entry| format!("{} ({})", entry.name, entry.account_id))
            .collect();
        if accounts.is_empty() {
            Ok(())
        } else {
            Err(RepeatedEntries { accounts })
        }
    }

    /// Entries acted on, in plan order.
    pub fn acting(&self) -> impl Iterator<Item = &PlanEntry> {
        self.entries.iter().filter(|entry| entry.acts())
    }
}
