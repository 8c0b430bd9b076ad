//! The last word before a request changes an account: the account as re-read from the server,
//! checked against every protection rule (whatever the plan file says), the action's own rules,
//! its current state and activity newer than the plan saw. Pure; the engine supplies the re-read.

use super::action::BatchAction;
use super::outcome::{Refusal, Skip};
use super::plan::{PlanEntry, action_refusal};
use crate::directory::{AccountStatus, Activity, Classifier, Lane, User, UserStatus};

/// What to do with one account now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Act,
    Skip(Skip),
    Refuse(Refusal),
}

/// The protection rules a commit enforces: the classifier of the policy, allowlist and
/// exclusions in force (for the TUI, `DirectoryIndex::classifier().clone()`).
#[derive(Debug, Clone)]
pub struct Safeguard {
    classifier: Classifier,
}

impl Safeguard {
    #[must_use]
    pub fn new(classifier: Classifier) -> Self {
        Self { classifier }
    }

    /// Decides for `entry` given its fresh state (`None`: not in the org any more).
    #[must_use]
    pub fn verdict(&self, action: BatchAction, entry: &PlanEntry, fresh: Option<&User>) -> Verdict {
        let Some(user) = fresh else {
            return Verdict::Skip(Skip::Gone);
        };
        if reached(action, user) {
            return Verdict::Skip(Skip::AlreadyDone {
                status: user.status.clone(),
            });
        }
        if !action.is_destructive() {
            return Verdict::Act;
        }
        let classification = self.classifier.classify(user);
        if classification.lane == Lane::Protected {
            return Verdict::Refuse(Refusal::Protected {
                reasons: classification.reasons,
            });
        }
        // A hand-edited plan cannot skip the warning either: the rule is checked on fresh data.
        let holds = self.classifier.warning_holds(&classification);
        if !holds.is_empty() {
            return Verdict::Refuse(Refusal::WarningRequired { reasons: holds });
        }
        match action_refusal(action, user) {
            Some(Refusal::NotActive { status }) => return Verdict::Skip(Skip::NotActive { status }),
            Some(refusal) => return Verdict::Refuse(refusal),
            None => {}
        }
        match &user.activity {
            Activity::Unknown => Verdict::Skip(Skip::ActivityUnknown),
            activity @ Activity::Known(_) => match activity.last_active() {
                Some(last_active) if entry.last_active.is_none_or(|seen| last_active > seen) => {
                    Verdict::Skip(Skip::ActiveSinceLoad { last_active })
                }
                _ => Verdict::Act,
            },
        }
    }
}

/// Whether `user` is already where `action` would bring it.
#[must_use]
pub fn reached(action: BatchAction, user: &User) -> bool {
    match action {
        BatchAction::Suspend => user.status == UserStatus::Suspended,
        BatchAction::Restore => user.status == UserStatus::Active,
        BatchAction::Deactivate => user.account_status == AccountStatus::Inactive,
        BatchAction::Enable => user.account_status == AccountStatus::Active,
    }
}
