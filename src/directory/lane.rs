//! Classification: every user lands in exactly one lane with every reason for it. Pure; the
//! clock is a parameter, never read here.

mod protection;
mod reason;
mod usage;

pub use protection::SERVICE_ACCOUNT_EMAIL_SUFFIX;
pub use reason::{Reason, UnknownField};
pub use usage::{ProductUse, Usage, UseState, days_since, idle_days, product_uses};

use super::allowlist::Exclusions;
use super::org::Directory;
use super::policy::Policy;
use super::user::{
    AccountStatus, AccountType, ManagementSource, MembershipStatus, PlatformRole, User, UserStatus,
};
use chrono::{DateTime, Utc};
use protection::Protection;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The triage lanes, in the order the table sorts them (most actionable first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    /// Billable, active members idle past the threshold on every product they can use.
    CleanupReady,
    /// A human must look: activity unknown, new joiners, mixed use, nothing to free, unknown values.
    NeedsReview,
    /// Recently active: nothing to clean up. (The three lanes do not cover these users.)
    Active,
    /// Never acted on, whatever is marked.
    Protected,
}

impl Lane {
    pub const ALL: [Lane; 4] = [
        Lane::CleanupReady,
        Lane::NeedsReview,
        Lane::Active,
        Lane::Protected,
    ];

    /// The name used by `lane:NAME` in queries and in reports.
    #[must_use]
    pub fn query_name(self) -> &'static str {
        match self {
            Lane::CleanupReady => "ready",
            Lane::NeedsReview => "review",
            Lane::Active => "active",
            Lane::Protected => "protected",
        }
    }

    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lane::CleanupReady => "cleanup-ready",
            Lane::NeedsReview => "needs review",
            Lane::Active => "active",
            Lane::Protected => "protected",
        })
    }
}

/// The lane of one user and all reasons for it (never empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    pub lane: Lane,
    pub reasons: Vec<Reason>,
    /// Managed by the identity provider: the plan must deprovision through the `IdP`, not here.
    pub idp_synced: bool,
    /// Protected (also) by the allowlist or an exclusion: the `excluded` query term.
    pub allowlisted: bool,
}

/// Classifies users of one directory under one policy at one instant.
pub struct Classifier<'a> {
    policy: &'a Policy,
    protection: Protection<'a>,
    now: DateTime<Utc>,
}

impl<'a> Classifier<'a> {
    #[must_use]
    pub fn new(
        directory: &'a Directory,
        policy: &'a Policy,
        exclusions: &'a Exclusions,
        now: DateTime<Utc>,
    ) -> Self {
        let protection = Protection::new(directory, &policy.allowlist, exclusions);
        Self {
            policy,
            protection,
            now,
        }
    }

    /// Protected beats needs-review beats the activity verdict; the reasons are those of the lane.
    #[must_use]
    pub fn classify(&self, user: &User) -> Classification {
        let mut reasons = Vec::new();
        let allowlisted = self.protection.collect(user, &mut reasons);
        let idp_synced = user.management_source == Some(ManagementSource::Synced);
        if !reasons.is_empty() {
            return Classification {
                lane: Lane::Protected,
                reasons,
                idp_synced,
                allowlisted,
            };
        }
        collect_unclear_billing(user, &mut reasons);
        let verdict = self.activity_verdict(user);
        let lane = match verdict {
            (Lane::NeedsReview, reason) => {
                reasons.push(reason);
                Lane::NeedsReview
            }
            (lane, reason) if reasons.is_empty() => {
                reasons.push(reason);
                lane
            }
            // Suspended, unknown values…: the activity verdict is not a reason for review.
            _ => Lane::NeedsReview,
        };
        if idp_synced {
            reasons.push(Reason::IdpSynced);
        }
        Classification {
            lane,
            reasons,
            idp_synced,
            allowlisted,
        }
    }

    fn activity_verdict(&self, account: &User) -> (Lane, Reason) {
        let Some(uses) = product_uses(account, &self.policy.thresholds, self.now) else {
            return (Lane::NeedsReview, Reason::ActivityUnknown);
        };
        if uses.is_empty() {
            return (Lane::NeedsReview, Reason::NoProductAccess);
        }
        let idle = uses.iter().filter(|u| u.state() == UseState::Idle).count();
        let never_active = uses.iter().all(|u| matches!(u.usage, Usage::NeverUsed { .. }));
        let added_days = account.added_to_org.map(|added| days_since(added, self.now));
        if idle == uses.len() {
            return match (never_active, added_days) {
                (true, Some(added_days)) => {
                    let threshold = uses.iter().map(|u| u.threshold).max().unwrap_or_default();
                    (
                        Lane::CleanupReady,
                        Reason::NeverActive {
                            added_days,
                            threshold,
                        },
                    )
                }
                _ => (Lane::CleanupReady, Reason::IdleEverywhere(uses)),
            };
        }
        if idle == 0 && never_active {
            // Never active and nothing idle: all new joiners, or nothing dates the account.
            return match added_days {
                Some(added_days) => {
                    let threshold = uses.iter().map(|u| u.threshold).min().unwrap_or_default();
                    (
                        Lane::NeedsReview,
                        Reason::NewJoiner {
                            added_days,
                            threshold,
                        },
                    )
                }
                None => (Lane::NeedsReview, Reason::NeverActiveAddedUnknown),
            };
        }
        if idle == 0 {
            return (Lane::Active, Reason::ActiveRecently(uses));
        }
        (Lane::NeedsReview, Reason::MixedActivity(uses))
    }
}

/// Statuses with nothing to free and values this version does not know: a human decides.
fn collect_unclear_billing(user: &User, reasons: &mut Vec<Reason>) {
    match &user.status {
        UserStatus::Active => {}
        UserStatus::Other(value) => reasons.push(unknown(UnknownField::Status, value)),
        inactive => reasons.push(Reason::AlreadyInactive(inactive.clone())),
    }
    if let AccountType::Other(value) = &user.account_type {
        reasons.push(unknown(UnknownField::AccountType, value));
    }
    if let AccountStatus::Other(value) = &user.account_status {
        reasons.push(unknown(UnknownField::AccountStatus, value));
    }
    if let MembershipStatus::Other(value) = &user.membership_status {
        reasons.push(unknown(UnknownField::MembershipStatus, value));
    }
    for role in &user.platform_roles {
        if let PlatformRole::Other(value) = role {
            reasons.push(unknown(UnknownField::PlatformRole, value));
        }
    }
}

fn unknown(field: UnknownField, value: &str) -> Reason {
    Reason::UnknownValue {
        field,
        value: value.to_owned(),
    }
}

/// Classifies every user, in directory order.
#[must_use]
pub fn classify_all(
    directory: &Directory,
    policy: &Policy,
    exclusions: &Exclusions,
    now: DateTime<Utc>,
) -> Vec<Classification> {
    let classifier = Classifier::new(directory, policy, exclusions, now);
    directory
        .users
        .iter()
        .map(|user| classifier.classify(user))
        .collect()
}
