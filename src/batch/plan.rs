//! The plan: for each targeted account, the action or the refusal and its reason, built by a
//! pure function from the loaded directory and saved as JSON. Refusals are decided here so the
//! preview shows them; the commit engine re-checks everything anyway, since a plan file can be
//! edited. Must not do I/O or read the clock.

use super::action::BatchAction;
use super::outcome::Refusal;
use crate::directory::{
    AccountId, AccountKind, Activity, ClaimStatus, DirectoryIndex, GroupId, Lane, ManagementSource, Marks,
    ProductKey, UserStatus, Warning,
};
use crate::types::{BatchCap, BatchId, OrgId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Version of the plan file layout; a plan of another version is refused, not guessed at.
pub const PLAN_FORMAT: u32 = 1;

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
    /// The warning the account was given before this plan (`dormant warn`, `w`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warned: Option<Warning>,
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
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self {
            action: BatchAction::Suspend,
            cap: BatchCap::DEFAULT,
            message: None,
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
        if !options.action.is_destructive() {
            return Err(PlanError::NotPlannable(options.action));
        }
        if options.message.is_some() && options.action != BatchAction::Deactivate {
            return Err(PlanError::MessageWithoutDeactivate);
        }
        let synced_groups: HashMap<&GroupId, &str> = index
            .directory()
            .groups
            .iter()
            .filter(|group| group.external_synced)
            .map(|group| (&group.id, group.name.as_str()))
            .collect();
        let mut seen = HashSet::new();
        let entries: Vec<PlanEntry> = candidates
            .into_iter()
            .filter(|account| seen.insert(account.clone()))
            .map(|account| entry(index, &synced_groups, account, options.action))
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

    /// Entries acted on, in plan order.
    pub fn acting(&self) -> impl Iterator<Item = &PlanEntry> {
        self.entries.iter().filter(|entry| entry.acts())
    }
}

fn entry(
    index: &DirectoryIndex,
    synced_groups: &HashMap<&GroupId, &str>,
    account: AccountId,
    action: BatchAction,
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
            warned: None,
        };
    };
    let user = index.user(row);
    let classification = index.classification(row);
    let holds = if action.is_destructive() {
        index.classifier().warning_holds(&classification)
    } else {
        Vec::new()
    };
    let refusal = if index.lane(row) == Lane::Protected {
        Some(Refusal::Protected {
            reasons: classification.reasons,
        })
    } else if !holds.is_empty() {
        Some(Refusal::WarningRequired { reasons: holds })
    } else {
        action_refusal(action, user)
    };
    let seats = match (&user.activity, user.status == UserStatus::Active) {
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
        refusal,
        warned: index.classifier().warnings().get(&user.account_id).copied(),
    }
}

/// The per-action rules for an account that is not protected; the commit engine applies the
/// same function to the account as re-read from the server.
#[must_use]
pub fn action_refusal(action: BatchAction, user: &crate::directory::User) -> Option<Refusal> {
    match action {
        BatchAction::Suspend if user.status != UserStatus::Active => Some(Refusal::NotActive {
            status: user.status.clone(),
        }),
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
