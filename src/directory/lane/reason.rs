//! Why a user is in their lane, as data and in words an admin understands. Owns no rules.

use super::usage::{ProductUse, Usage, UseState, ago};
use crate::directory::policy::IdleDays;
use crate::directory::user::{PlatformRole, UserStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One reason; `Display` gives the sentence shown in the table, the report and the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    // Protected.
    AdminRole(PlatformRole),
    ServiceAccount,
    AppAccount,
    CustomerAccount,
    AllowlistedAccount {
        matched: String,
        reason: String,
    },
    AllowlistedGroup {
        group: String,
        reason: String,
    },
    AllowlistedDomain {
        domain: String,
        reason: String,
    },
    Excluded {
        reason: String,
        excluded_at: DateTime<Utc>,
    },
    // Needs review.
    AlreadyInactive(UserStatus),
    UnknownValue {
        field: UnknownField,
        value: String,
    },
    NoProductAccess,
    ActivityUnknown,
    NewJoiner {
        added_days: u32,
        threshold: IdleDays,
    },
    NeverActiveAddedUnknown,
    MixedActivity(Vec<ProductUse>),
    // Cleanup-ready.
    IdleEverywhere(Vec<ProductUse>),
    NeverActive {
        added_days: u32,
        threshold: IdleDays,
    },
    // Active.
    ActiveRecently(Vec<ProductUse>),
    // Warnings (with `require_warning`): why an idle user waits, or why a warning lapsed.
    NotWarnedYet,
    WarnedPending {
        warned_at: DateTime<Utc>,
        deadline: DateTime<Utc>,
    },
    WarningDeadlinePassed {
        warned_at: DateTime<Utc>,
        deadline: DateTime<Utc>,
    },
    ActiveAgainAfterWarning {
        warned_at: DateTime<Utc>,
    },
    // A flag on any lane but protected.
    IdpSynced,
}

/// A field whose value this version of dormant does not know, so billing is unclear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownField {
    AccountType,
    Status,
    AccountStatus,
    MembershipStatus,
    PlatformRole,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::AdminRole(role) => write!(f, "{} ({role})", admin_label(role)),
            Reason::ServiceAccount => f.write_str("service account (@serviceaccount.atlassian.com)"),
            Reason::AppAccount => f.write_str("app or bot account (account type app)"),
            Reason::CustomerAccount => f.write_str("customer account (account type customer, not billable)"),
            Reason::AllowlistedAccount { matched, reason } => {
                write!(f, "allowlisted account {matched}: {reason}")
            }
            Reason::AllowlistedGroup { group, reason } => {
                write!(f, "member of allowlisted group {group}: {reason}")
            }
            Reason::AllowlistedDomain { domain, reason } => {
                write!(f, "allowlisted domain {domain}: {reason}")
            }
            Reason::Excluded { reason, excluded_at } => {
                write!(f, "excluded on {}: {reason}", excluded_at.format("%Y-%m-%d"))
            }
            Reason::AlreadyInactive(status) => f.write_str(inactive_label(status)),
            Reason::UnknownValue { field, value } => write!(f, "{}", unknown_label(*field, value)),
            Reason::NoProductAccess => f.write_str("has access to no product (no seat to free)"),
            Reason::ActivityUnknown => f.write_str("activity unknown (the API returned no activity data)"),
            Reason::NewJoiner {
                added_days,
                threshold,
            }
            | Reason::NeverActive {
                added_days,
                threshold,
            } => {
                write!(
                    f,
                    "never active, added {} (threshold {threshold})",
                    ago(*added_days)
                )
            }
            Reason::NeverActiveAddedUnknown => {
                f.write_str("never active, and the date added to the org is unknown")
            }
            Reason::MixedActivity(uses) | Reason::ActiveRecently(uses) => describe_uses(f, uses),
            Reason::IdleEverywhere(uses) => describe_idle_everywhere(f, uses),
            Reason::NotWarnedYet => f.write_str("not warned yet (warning required before cleanup)"),
            Reason::WarnedPending { warned_at, deadline } => write!(
                f,
                "warned on {}, deadline {}",
                warned_at.format("%Y-%m-%d"),
                deadline.format("%Y-%m-%d")
            ),
            Reason::WarningDeadlinePassed { warned_at, deadline } => write!(
                f,
                "warned on {}, deadline {} passed",
                warned_at.format("%Y-%m-%d"),
                deadline.format("%Y-%m-%d")
            ),
            Reason::ActiveAgainAfterWarning { warned_at } => write!(
                f,
                "active again after warning (warned on {})",
                warned_at.format("%Y-%m-%d")
            ),
            Reason::IdpSynced => f.write_str(
                "synced from the identity provider (account lifecycle changes must be made there)",
            ),
        }
    }
}

fn admin_label(role: &PlatformRole) -> &'static str {
    match role {
        PlatformRole::OrgAdmin => "org admin",
        PlatformRole::SiteAdmin => "site admin",
        PlatformRole::UserAccessAdmin => "user-access admin",
        PlatformRole::AiAccess | PlatformRole::Other(_) => "role",
    }
}

fn inactive_label(status: &UserStatus) -> &'static str {
    match status {
        UserStatus::Suspended => "already suspended (no seat to free)",
        UserStatus::Deactivated => "account deactivated (no seat to free)",
        UserStatus::ForDeletion => "scheduled for deletion (no seat to free)",
        UserStatus::NotInvited => "not a member of the org (not invited; no seat to free)",
        UserStatus::Active | UserStatus::Other(_) => "inactive",
    }
}

fn unknown_label(field: UnknownField, value: &str) -> String {
    match field {
        UnknownField::AccountType => format!("unknown account type `{value}` (billing unclear)"),
        UnknownField::Status => format!("unknown status `{value}` (billing unclear)"),
        UnknownField::AccountStatus => format!("unknown account status `{value}` (billing unclear)"),
        UnknownField::MembershipStatus => format!("unknown membership status `{value}` (billing unclear)"),
        UnknownField::PlatformRole => format!("unknown platform role `{value}` (may be an admin role)"),
    }
}

/// `active on Confluence 3 days ago, idle 140 days on Jira (threshold 90)`: active products
/// first, one threshold at the end when all agree, else one per product.
fn describe_uses(f: &mut fmt::Formatter<'_>, uses: &[ProductUse]) -> fmt::Result {
    let shared = shared_threshold(uses);
    let recent_first = uses
        .iter()
        .filter(|u| u.state() == UseState::Recent)
        .chain(uses.iter().filter(|u| u.state() != UseState::Recent));
    for (position, product_use) in recent_first.enumerate() {
        if position > 0 {
            f.write_str(", ")?;
        }
        let name = product_use.product.display_name();
        match (product_use.usage, product_use.state()) {
            (Usage::Used { days }, UseState::Recent) => write!(f, "active on {name} {}", ago(days))?,
            (Usage::Used { days }, _) => write!(f, "idle {days} days on {name}")?,
            (
                Usage::NeverUsed {
                    unused_days: Some(days),
                    ..
                },
                UseState::Idle,
            ) => {
                write!(f, "never used {name} in {days} days")?;
            }
            (
                Usage::NeverUsed {
                    unused_days: Some(days),
                    ..
                },
                UseState::New,
            ) => {
                write!(f, "never used {name}, added {}", ago(days))?;
            }
            (Usage::NeverUsed { .. }, _) => write!(f, "never used {name} (date added unknown)")?,
        }
        if shared.is_none() && product_use.state() != UseState::Recent {
            write!(f, " (threshold {})", product_use.threshold)?;
        }
    }
    match shared {
        Some(threshold) if uses.iter().any(|u| u.state() != UseState::Recent) => {
            write!(f, " (threshold {threshold})")
        }
        _ => Ok(()),
    }
}

/// `idle 212 days on every product (threshold 90)`, or per product when thresholds differ.
fn describe_idle_everywhere(f: &mut fmt::Formatter<'_>, uses: &[ProductUse]) -> fmt::Result {
    if let Some(threshold) = shared_threshold(uses) {
        let least = uses
            .iter()
            .filter_map(ProductUse::unused_days)
            .min()
            .unwrap_or_default();
        return write!(f, "idle {least} days on every product (threshold {threshold})");
    }
    f.write_str("idle on every product: ")?;
    for (position, product_use) in uses.iter().enumerate() {
        if position > 0 {
            f.write_str(", ")?;
        }
        let days = product_use.unused_days().unwrap_or_default();
        write!(
            f,
            "{} {days} days (threshold {})",
            product_use.product.display_name(),
            product_use.threshold
        )?;
    }
    Ok(())
}

fn shared_threshold(uses: &[ProductUse]) -> Option<IdleDays> {
    let first = uses.first()?.threshold;
    uses.iter().all(|u| u.threshold == first).then_some(first)
}
