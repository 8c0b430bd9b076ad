//! Classification: every user lands in exactly one lane with every reason for it. Pure; the
//! clock is a parameter, never read here.

mod protection;
mod reason;
mod sink;
mod usage;
mod warned;

pub use protection::SERVICE_ACCOUNT_EMAIL_SUFFIX;
pub(crate) use protection::{is_admin_role, is_service_email};
pub use reason::{Reason, UnknownField};
pub(crate) use usage::usages;
pub use usage::{ProductUse, Usage, UseState, days_since, idle_days, product_uses};

use super::allowlist::Exclusions;
use super::org::Directory;
use super::policy::{IdleDays, Policy, Thresholds};
use super::user::{
    AccountStatus, AccountType, ManagementSource, MembershipStatus, PlatformRole, User, UserStatus,
};
use super::warning::{WarningPolicy, WarningStanding, Warnings};
use chrono::{DateTime, Utc};
use protection::Protection;
use serde::{Deserialize, Serialize};
use sink::{ReasonSink, Tally};
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

/// The lane of one user and the flags the index keeps, computed without building reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaneVerdict {
    pub lane: Lane,
    pub idp_synced: bool,
    pub allowlisted: bool,
}

/// Classifies users of one directory under one policy and exclusions at one instant. Owns what
/// it needs, so the index can keep it and explain any row on demand.
#[derive(Debug, Clone)]
pub struct Classifier {
    thresholds: Thresholds,
    protection: Protection,
    warning: WarningPolicy,
    warnings: Warnings,
    now: DateTime<Utc>,
}

/// The activity rule's outcome, cheap to compute; turned into a `Reason` only when shown.
#[derive(Debug, Clone, Copy)]
enum ActivityVerdict {
    Unknown,
    NoAccess,
    NeverActive { added_days: u32, threshold: IdleDays },
    IdleEverywhere,
    NewJoiner { added_days: u32, threshold: IdleDays },
    NeverActiveAddedUnknown,
    Mixed,
    Active,
}

impl ActivityVerdict {
    fn lane(self) -> Lane {
        match self {
            ActivityVerdict::NeverActive { .. } | ActivityVerdict::IdleEverywhere => Lane::CleanupReady,
            ActivityVerdict::Active => Lane::Active,
            _ => Lane::NeedsReview,
        }
    }
}

impl Classifier {
    #[must_use]
    pub fn new(directory: &Directory, policy: &Policy, exclusions: &Exclusions, now: DateTime<Utc>) -> Self {
        let protection = Protection::new(directory, &policy.allowlist, exclusions);
        Self {
            thresholds: policy.thresholds.clone(),
            protection,
            warning: policy.warning,
            warnings: Warnings::default(),
            now,
        }
    }

    /// The same classifier, aware of the warnings given so far (none unless this is called).
    #[must_use]
    pub fn with_warnings(self, warnings: Warnings) -> Self {
        Self { warnings, ..self }
    }

    /// The warnings this classifier decides with.
    #[must_use]
    pub fn warnings(&self) -> &Warnings {
        &self.warnings
    }

    /// Why `user` may not be acted on yet under `require_warning`, whatever their lane (not
    /// warned, warned and active again, or the deadline not passed); empty when warnings are not
    /// required or the deadline has passed.
    #[must_use]
    pub fn warning_required(&self, user: &User) -> Vec<Reason> {
        if !self.warning.require {
            return Vec::new();
        }
        let warning = self.warnings.get(&user.account_id);
        match WarningStanding::of(warning, user.activity.last_active(), self.now) {
            WarningStanding::Due(_) => Vec::new(),
            WarningStanding::NotWarned => vec![Reason::NotWarnedYet],
            WarningStanding::ActiveAgain(warning) => vec![
                Reason::ActiveAgainAfterWarning {
                    warned_at: warning.warned_at,
                },
                Reason::NotWarnedYet,
            ],
            WarningStanding::Pending(warning) => vec![Reason::WarnedPending {
                warned_at: warning.warned_at,
                deadline: warning.deadline,
            }],
        }
    }

    /// The lane with every reason for it.
    #[must_use]
    pub fn classify(&self, user: &User) -> Classification {
        let mut reasons = Vec::new();
        let verdict = self.run(user, &mut reasons);
        Classification {
            lane: verdict.lane,
            reasons,
            idp_synced: verdict.idp_synced,
            allowlisted: verdict.allowlisted,
        }
    }

    /// The same lane as `classify`, without allocating (what every load runs over the org).
    #[must_use]
    pub fn verdict(&self, user: &User) -> LaneVerdict {
        self.run(user, &mut Tally::default())
    }

    /// Protected beats needs-review beats the activity verdict; the reasons are those of the lane.
    fn run(&self, user: &User, sink: &mut impl ReasonSink) -> LaneVerdict {
        let allowlisted = self.protection.collect(user, sink);
        let idp_synced = user.management_source == Some(ManagementSource::Synced);
        if sink.count() > 0 {
            return LaneVerdict {
                lane: Lane::Protected,
                idp_synced,
                allowlisted,
            };
        }
        collect_unclear_billing(user, sink);
        let activity = self.activity_verdict(user);
        let explain = || self.explain(activity, user);
        let lane = match activity.lane() {
            Lane::NeedsReview => {
                sink.add(explain);
                Lane::NeedsReview
            }
            lane if sink.count() == 0 => {
                sink.add(explain);
                lane
            }
            // Suspended, unknown values…: the activity verdict is not a reason for review.
            _ => Lane::NeedsReview,
        };
        let lane = warned::gate(
            self.warning,
            self.warnings.get(&user.account_id),
            user,
            lane,
            self.now,
            sink,
        );
        if idp_synced {
            sink.add(|| Reason::IdpSynced);
        }
        LaneVerdict {
            lane,
            idp_synced,
            allowlisted,
        }
    }

    fn activity_verdict(&self, account: &User) -> ActivityVerdict {
        let Some(uses) = usages(account, &self.thresholds, self.now) else {
            return ActivityVerdict::Unknown;
        };
        let (mut total, mut idle, mut unclear, mut never_active) = (0_usize, 0_usize, 0_usize, true);
        let (mut lowest, mut highest) = (IdleDays::MAX, IdleDays::MIN);
        for (_, usage, threshold) in uses {
            total += 1;
            let state = usage.state(threshold);
            idle += usize::from(state == UseState::Idle);
            unclear += usize::from(state == UseState::Unclear);
            never_active &= matches!(usage, Usage::NeverUsed { .. });
            (lowest, highest) = (lowest.min(threshold), highest.max(threshold));
        }
        let added_days = account.added_to_org.map(|added| days_since(added, self.now));
        match (total, idle, never_active, added_days) {
            (0, ..) => ActivityVerdict::NoAccess,
            (total, idle, true, Some(added_days)) if idle == total => ActivityVerdict::NeverActive {
                added_days,
                threshold: highest,
            },
            (total, idle, ..) if idle == total => ActivityVerdict::IdleEverywhere,
            // Never active and nothing idle: all new joiners, or nothing dates the account.
            (_, 0, true, Some(added_days)) => ActivityVerdict::NewJoiner {
                added_days,
                threshold: lowest,
            },
            (_, 0, true, None) => ActivityVerdict::NeverActiveAddedUnknown,
            // A never-used seat that nothing dates, beside recent use elsewhere: worth a look.
            (_, 0, false, _) if unclear > 0 => ActivityVerdict::Mixed,
            (_, 0, false, _) => ActivityVerdict::Active,
            _ => ActivityVerdict::Mixed,
        }
    }

    fn explain(&self, activity: ActivityVerdict, user: &User) -> Reason {
        let listed = || product_uses(user, &self.thresholds, self.now).unwrap_or_default();
        match activity {
            ActivityVerdict::Unknown => Reason::ActivityUnknown,
            ActivityVerdict::NoAccess => Reason::NoProductAccess,
            ActivityVerdict::NeverActive {
                added_days,
                threshold,
            } => Reason::NeverActive {
                added_days,
                threshold,
            },
            ActivityVerdict::IdleEverywhere => Reason::IdleEverywhere(listed()),
            ActivityVerdict::NewJoiner {
                added_days,
                threshold,
            } => Reason::NewJoiner {
                added_days,
                threshold,
            },
            ActivityVerdict::NeverActiveAddedUnknown => Reason::NeverActiveAddedUnknown,
            ActivityVerdict::Mixed => Reason::MixedActivity(listed()),
            ActivityVerdict::Active => Reason::ActiveRecently(listed()),
        }
    }
}

/// Statuses with nothing to free and values this version does not know: a human decides.
fn collect_unclear_billing(user: &User, sink: &mut impl ReasonSink) {
    match &user.status {
        UserStatus::Active => {}
        UserStatus::Other(value) => sink.add(|| unknown(UnknownField::Status, value)),
        inactive => sink.add(|| Reason::AlreadyInactive(inactive.clone())),
    }
    if let AccountType::Other(value) = &user.account_type {
        sink.add(|| unknown(UnknownField::AccountType, value));
    }
    if let AccountStatus::Other(value) = &user.account_status {
        sink.add(|| unknown(UnknownField::AccountStatus, value));
    }
    if let MembershipStatus::Other(value) = &user.membership_status {
        sink.add(|| unknown(UnknownField::MembershipStatus, value));
    }
    for role in &user.platform_roles {
        if let PlatformRole::Other(value) = role {
            sink.add(|| unknown(UnknownField::PlatformRole, value));
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
