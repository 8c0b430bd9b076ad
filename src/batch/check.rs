//! The last word before a request changes an account: the account as re-read from the server,
//! checked against every protection rule (whatever the plan file says), the action's own rules,
//! its current state and activity newer than the plan saw, and the preview section the admin
//! confirmed. Also the start-of-commit check: the profile's permission. Pure; the engine supplies
//! the re-read.

use super::access::Membership;
use super::action::BatchAction;
use super::outcome::{Refusal, Skip};
use super::permission::{Permission, ReadOnly};
use super::plan::{Plan, PlanEntry, action_refusal};
use super::section::{Confirmed, Section};
use crate::directory::{AccountStatus, Activity, Classification, Classifier, Lane, User, UserStatus};

/// What to do with one account now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Act,
    Skip(Skip),
    Refuse(Refusal),
}

/// The protection rules a commit enforces: the classifier of the policy, allowlist and
/// exclusions in force (for the TUI, `DirectoryIndex::classifier().clone()`), whether the profile
/// may write at all, and which preview sections the admin confirmed.
#[derive(Debug, Clone)]
pub struct Safeguard {
    classifier: Classifier,
    permission: Permission,
    confirmed: Confirmed,
    /// The lanes the plan being committed includes (set by the engine from the plan).
    include_lanes: Vec<Lane>,
}

impl Safeguard {
    /// Rules of `classifier`, writes allowed, every section confirmed (a caller confirming the
    /// whole preview at once); narrow with [`Safeguard::with_permission`] and
    /// [`Safeguard::confirming`].
    #[must_use]
    pub fn new(classifier: Classifier) -> Self {
        Self {
            classifier,
            permission: Permission::ReadWrite,
            confirmed: Confirmed::all(),
            include_lanes: Vec::new(),
        }
    }

    /// The same rules under the profile's permission: a read-only one refuses every commit.
    #[must_use]
    pub fn with_permission(self, permission: Permission) -> Self {
        Self { permission, ..self }
    }

    /// The same rules acting only on the preview sections the admin confirmed.
    #[must_use]
    pub fn confirming(self, confirmed: Confirmed) -> Self {
        Self { confirmed, ..self }
    }

    /// Refuses a read-only profile: checked before the org is locked or anything is written.
    pub fn check_permission(&self) -> Result<(), ReadOnly> {
        self.permission.check()
    }

    /// The preview sections these rules act on (the rest are refused).
    #[must_use]
    pub fn confirmed(&self) -> Confirmed {
        self.confirmed
    }

    /// The start of a new batch: refuses a read-only profile, stamps the confirmed sections into
    /// the plan (replacing whatever a plan file said) and returns the rules for its accounts.
    pub fn admit_new(&self, plan: &mut Plan) -> Result<Safeguard, ReadOnly> {
        self.permission.check()?;
        plan.confirmed = Some(self.confirmed);
        Ok(self.for_plan(plan, self.confirmed))
    }

    /// The start of a resume: refuses a read-only profile; acts only on the sections confirmed
    /// when the batch started (none for a journal that recorded none) that this caller allows.
    pub fn admit_resumed(&self, plan: &Plan) -> Result<Safeguard, ReadOnly> {
        self.permission.check()?;
        let started = plan.confirmed.unwrap_or_else(|| Confirmed::only([]));
        Ok(self.for_plan(plan, started.and(&self.confirmed)))
    }

    fn for_plan(&self, plan: &Plan, confirmed: Confirmed) -> Safeguard {
        Safeguard {
            classifier: self.classifier.clone(),
            permission: self.permission.clone(),
            confirmed,
            include_lanes: plan.include_lanes.clone(),
        }
    }

    /// Decides for `entry` given its fresh state (`None`: not in the org any more).
    #[must_use]
    pub fn verdict(&self, action: BatchAction, entry: &PlanEntry, fresh: Option<&User>) -> Verdict {
        let Some(user) = fresh else {
            return Verdict::Skip(Skip::Gone);
        };
        if action.changes_memberships() {
            return self.membership_verdict(action, entry, user);
        }
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
        // A hand-edited plan cannot skip the warning either: the rule is checked on fresh data,
        // for every lane.
        let holds = self.classifier.warning_required(user);
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
                _ => self.section_verdict(entry, classification),
            },
        }
    }

    /// Acts only on a user shown in a confirmed section that is the section they belong to now:
    /// a lane other than cleanup-ready needs the lane included, and a hand-edited section (or a
    /// warning given since the plan) does not move anyone into a confirmed one.
    fn section_verdict(&self, entry: &PlanEntry, classification: Classification) -> Verdict {
        let Some(now) = Section::of(&classification, &self.include_lanes) else {
            return Verdict::Refuse(Refusal::NotCleanupReady {
                lane: classification.lane,
                reasons: classification.reasons,
            });
        };
        match entry.section {
            Some(shown) if shown == now && self.confirmed.contains(shown) => Verdict::Act,
            Some(shown) if shown == now => {
                Verdict::Refuse(Refusal::SectionNotConfirmed { section: Some(shown) })
            }
            _ if now == Section::NotCleanupReady => Verdict::Refuse(Refusal::NotCleanupReady {
                lane: classification.lane,
                reasons: classification.reasons,
            }),
            shown => Verdict::Refuse(Refusal::SectionNotMatching { shown, now }),
        }
    }
}

impl Safeguard {
    /// Remove or restore access, for `entry` given the account as re-read. Restoring gives back
    /// what a batch took and is acted on while any membership is still missing. Removing is
    /// refused for protected accounts and warning holds, skipped when the account is not active,
    /// when a chosen seat was used since the plan (or its activity cannot be read), and acted on
    /// only in the confirmed section the entry's own seats belong in, so a hand edit that hides
    /// a collateral seat is refused.
    fn membership_verdict(&self, action: BatchAction, entry: &PlanEntry, user: &User) -> Verdict {
        if !entry
            .memberships
            .iter()
            .any(|membership| membership_pending(action, user, membership))
        {
            return Verdict::Skip(Skip::MembershipsAlreadyChanged {
                groups: entry.memberships.iter().map(|m| m.group_name.clone()).collect(),
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
        let holds = self.classifier.warning_required(user);
        if !holds.is_empty() {
            return Verdict::Refuse(Refusal::WarningRequired { reasons: holds });
        }
        if user.status != UserStatus::Active {
            return Verdict::Skip(Skip::NotActive {
                status: user.status.clone(),
            });
        }
        let chosen: Vec<_> = entry
            .seats_lost
            .iter()
            .filter(|seat| seat.chosen && seat.billable)
            .collect();
        if chosen.is_empty() {
            return Verdict::Refuse(Refusal::NoSeatToFree {
                target: "the chosen product (the plan entry names no chosen seat)".into(),
            });
        }
        let Activity::Known(products) = &user.activity else {
            return Verdict::Skip(Skip::ActivityUnknown);
        };
        for seat in chosen {
            let fresh = products.iter().find(|product| match &seat.site {
                Some(site) => product.product_id.as_ref() == Some(site),
                None => product.product == seat.product,
            });
            let Some(fresh) = fresh else {
                return Verdict::Skip(Skip::ActivityUnknown);
            };
            if let Some(last_active) = fresh.last_active
                && seat.last_active.is_none_or(|seen| last_active > seen)
            {
                return Verdict::Skip(Skip::ActiveSinceLoad { last_active });
            }
        }
        let now = if entry.seats_lost.iter().any(|seat| !seat.chosen) {
            Section::Collateral
        } else {
            Section::IdleSeats
        };
        match entry.section {
            Some(shown) if shown == now && self.confirmed.contains(now) => Verdict::Act,
            Some(shown) if shown == now => {
                Verdict::Refuse(Refusal::SectionNotConfirmed { section: Some(now) })
            }
            shown => Verdict::Refuse(Refusal::SectionNotMatching { shown, now }),
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
        // Group by group: see `membership_pending`.
        BatchAction::RemoveAccess | BatchAction::RestoreAccess => false,
    }
}

/// Whether the membership is still to change for `action`: the account is still in the group
/// (remove access) or not back in it yet (restore access).
#[must_use]
pub fn membership_pending(action: BatchAction, user: &User, membership: &Membership) -> bool {
    let member = user.groups.contains(&membership.group_id);
    if action == BatchAction::RestoreAccess {
        !member
    } else {
        member
    }
}
