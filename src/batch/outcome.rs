//! What happened, or will not happen, to one account: refusals (never acted on, with the reason),
//! skips (state changed since the load), and the final outcome of each account in a batch, with
//! the counts the progress line, the results screen and the audit log show. Data only.

use super::action::BatchAction;
use super::section::Section;
use crate::directory::{AccountId, Lane, Reason, UserStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an account is not acted on. Decided before any request that changes it (plan or
/// re-check), except `ServerRefused`, which is the server's own answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// Admin, service, app or customer account, allowlisted or excluded.
    Protected { reasons: Vec<Reason> },
    /// Marked, but not in the loaded directory.
    NotInDirectory,
    /// Not a managed account of the org: deactivating it is not the org's to do.
    UnmanagedAccount,
    /// Provisioned by the identity provider, which owns its lifecycle: deactivate at the source.
    IdpOwnsLifecycle,
    /// Managed, but the API did not say whether the `IdP` syncs it.
    ManagementSourceUnknown,
    /// Suspend and deactivate need an active account; this one is not.
    NotActive { status: UserStatus },
    /// The server answered with a refusal; nothing changed.
    ServerRefused { message: String },
    /// `require_warning` is on and the user was not warned, or the warning's deadline has not
    /// passed: warn first, act after the grace period.
    WarningRequired { reasons: Vec<Reason> },
    /// Lane review or active: acted on only when the plan includes the lane (`--include-lane`)
    /// and the admin confirmed the not-cleanup-ready section.
    NotCleanupReady { lane: Lane, reasons: Vec<Reason> },
    /// The preview showed the user in a section the admin did not confirm (`None`: in no
    /// section at all, as in a hand-edited plan).
    SectionNotConfirmed { section: Option<Section> },
    /// The plan shows the user in one section (`None`: in none, as in a hand-edited plan), but
    /// the user belongs in another now: what the admin confirmed does not describe them.
    SectionNotMatching { shown: Option<Section>, now: Section },
    /// Remove access: the account holds no billable seat of the product (on that site).
    NoSeatToFree { target: String },
    /// Remove access: the seat's lane is not reclaimable (active, needs review, protected):
    /// kept. `lane` and `why` as the seat lanes say them.
    SeatNotReclaimable {
        seat: String,
        lane: String,
        why: Option<String>,
    },
    /// Remove access: the idle seat is granted by groups the identity provider manages, whose
    /// membership the API must not change: remove it in the `IdP` (the handoff names them).
    IdpManagedGroups { groups: Vec<String> },
    /// Remove access: the seat is granted directly to the account, not by a group.
    DirectAssignment { seats: Vec<String> },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Protected { reasons } => {
                f.write_str("protected: ")?;
                write_reasons(f, reasons)
            }
            Refusal::NotInDirectory => f.write_str("not in the loaded directory"),
            Refusal::UnmanagedAccount => {
                f.write_str("unmanaged account: not the org's to deactivate (suspend it instead)")
            }
            Refusal::IdpOwnsLifecycle => f.write_str(
                "synced from the identity provider, which owns its lifecycle: deactivate it there (IdP handoff export)",
            ),
            Refusal::ManagementSourceUnknown => {
                f.write_str("the API did not say whether the identity provider syncs it: suspend it instead")
            }
            Refusal::NotActive { status } => write!(f, "not active (status {status})"),
            Refusal::ServerRefused { message } => write!(f, "refused by the server: {message}"),
            Refusal::WarningRequired { reasons } => {
                f.write_str("warning required first: ")?;
                write_reasons(f, reasons)
            }
            Refusal::NotCleanupReady { lane, reasons } => {
                write!(f, "not cleanup-ready (lane {lane}): ")?;
                write_reasons(f, reasons)?;
                write!(
                    f,
                    "; acted on only if chosen explicitly (`dormant plan --include-lane {}`)",
                    lane.query_name()
                )
            }
            Refusal::SectionNotConfirmed {
                section: Some(Section::Collateral),
            } => write!(
                f,
                "in the preview section \"{}\", which was not accepted (`dormant apply --accept-collateral`)",
                Section::Collateral
            ),
            Refusal::SectionNotConfirmed { section: Some(section) } => {
                write!(f, "in the preview section \"{section}\", which was not confirmed")
            }
            Refusal::SectionNotConfirmed { section: None } => f.write_str(
                "in no preview section (the plan entry was edited): plan it again with `dormant plan`",
            ),
            Refusal::SectionNotMatching { shown: Some(shown), now } => write!(
                f,
                "shown as \"{shown}\" but now \"{now}\", which was not confirmed for them: plan it again"
            ),
            Refusal::SectionNotMatching { shown: None, now } => write!(
                f,
                "\"{now}\" but shown in no preview section (the plan entry was edited): plan it again"
            ),
            Refusal::NoSeatToFree { target } => write!(f, "holds no billable seat of {target}"),
            Refusal::SeatNotReclaimable { seat, lane, why: None } => {
                write!(f, "{seat} is {lane}, not reclaimable: kept")
            }
            Refusal::SeatNotReclaimable {
                seat,
                lane,
                why: Some(why),
            } => write!(f, "{seat} is {lane} ({why}), not reclaimable: kept"),
            Refusal::IdpManagedGroups { groups } => write!(
                f,
                "granted by group(s) the identity provider manages ({}): remove the membership in the \
                 IdP (`dormant plan --idp-handoff FILE` lists them)",
                groups.join(", ")
            ),
            Refusal::DirectAssignment { seats } => write!(
                f,
                "granted directly, not by a group ({}): remove that product role in Atlassian Administration",
                seats.join("; ")
            ),
        }
    }
}

impl Refusal {
    /// A short label to group refusals by in the preview.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Refusal::Protected { .. } => "protected",
            Refusal::NotInDirectory => "not in the directory",
            Refusal::UnmanagedAccount => "unmanaged (cannot deactivate)",
            Refusal::IdpOwnsLifecycle => "IdP-synced (deactivate at the IdP)",
            Refusal::ManagementSourceUnknown => "management source unknown",
            Refusal::NotActive { .. } => "not active",
            Refusal::ServerRefused { .. } => "refused by the server",
            Refusal::WarningRequired { .. } => "not warned, or the grace period runs",
            Refusal::NotCleanupReady { .. } => "not cleanup-ready",
            Refusal::SectionNotConfirmed { .. } => "section not confirmed",
            Refusal::SectionNotMatching { .. } => "changed section since the preview",
            Refusal::NoSeatToFree { .. } => "no billable seat of the product",
            Refusal::SeatNotReclaimable { .. } => "seat active or needs review",
            Refusal::IdpManagedGroups { .. } => "granted by an IdP-managed group (IdP handoff)",
            Refusal::DirectAssignment { .. } => "granted directly, not by a group",
        }
    }
}

fn write_reasons(f: &mut fmt::Formatter<'_>, reasons: &[Reason]) -> fmt::Result {
    for (position, reason) in reasons.iter().enumerate() {
        if position > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{reason}")?;
    }
    Ok(())
}

/// Why an account planned for action was left alone at commit time: the re-read showed a state
/// the plan did not see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Skip {
    /// No longer in the org.
    Gone,
    /// Already in the state the action would bring (e.g. already suspended). Journals written
    /// since "already done elsewhere" became its own outcome record that instead.
    AlreadyDone { status: UserStatus },
    /// Active on a product after the activity the plan was built from.
    ActiveSinceLoad { last_active: DateTime<Utc> },
    /// The server sent no activity data, so "idle" cannot be confirmed right now.
    ActivityUnknown,
    /// The account's state no longer allows the action (e.g. deactivated, pending deletion).
    NotActive { status: UserStatus },
    /// Remove or restore access: every membership the plan names is already as the action
    /// would leave it (removed, or back), by someone else: nothing sent.
    MembershipsAlreadyChanged { groups: Vec<String> },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Gone => f.write_str("no longer in the org"),
            Skip::AlreadyDone { status } => write!(f, "already in that state (status {status})"),
            Skip::ActiveSinceLoad { last_active } => write!(
                f,
                "active since the data was loaded (last active {})",
                last_active.format("%Y-%m-%d %H:%M UTC")
            ),
            Skip::ActivityUnknown => f.write_str("activity could not be confirmed right now"),
            Skip::NotActive { status } => write!(f, "no longer active (status {status})"),
            Skip::MembershipsAlreadyChanged { groups } => write!(
                f,
                "already done elsewhere: the memberships of {} were already changed",
                groups.join(", ")
            ),
        }
    }
}

/// How a success is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// The server answered the change with success.
    Answer,
    /// The answer was lost (or dormant was interrupted); a re-read showed the change applied.
    Reread,
}

/// The final word on one account of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    Succeeded {
        confirmed_by: Confirmation,
    },
    Skipped {
        skip: Skip,
    },
    Refused {
        refusal: Refusal,
    },
    /// Nothing changed as far as dormant can tell (the change was not applied, or the read
    /// before it failed).
    Failed {
        error: String,
    },
    /// The account was already where the action brings it when this batch got there (the
    /// re-read right before the send, or the one after a refused send, showed it): someone else
    /// (another admin, another machine, the `IdP`) did it. Not changed by this batch, so its
    /// undo leaves it alone.
    AlreadyDoneElsewhere {
        status: UserStatus,
    },
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Succeeded {
                confirmed_by: Confirmation::Answer,
            } => f.write_str("done"),
            Outcome::Succeeded {
                confirmed_by: Confirmation::Reread,
            } => f.write_str("done (confirmed by re-reading the account)"),
            Outcome::Skipped { skip } => write!(f, "skipped: {skip}"),
            Outcome::Refused { refusal } => write!(f, "refused: {refusal}"),
            Outcome::Failed { error } => write!(f, "failed: {error}"),
            Outcome::AlreadyDoneElsewhere { status } => write!(
                f,
                "already done elsewhere: status {status} when this batch got there, not changed by it"
            ),
        }
    }
}

/// One account's outcome with what identifies it to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserOutcome {
    pub account_id: AccountId,
    pub name: String,
    pub email: Option<String>,
    pub action: BatchAction,
    pub outcome: Outcome,
    pub at: DateTime<Utc>,
}

/// Outcomes so far, by kind. `remaining` = planned minus all the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    pub planned: usize,
    pub succeeded: usize,
    pub skipped: usize,
    pub refused: usize,
    pub failed: usize,
    /// Found already done when this batch got there (see `Outcome::AlreadyDoneElsewhere`).
    #[serde(default)]
    pub elsewhere: usize,
}

impl Counts {
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Succeeded { .. } => self.succeeded += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::Refused { .. } => self.refused += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::AlreadyDoneElsewhere { .. } => self.elsewhere += 1,
        }
    }

    #[must_use]
    pub fn settled(&self) -> usize {
        self.succeeded + self.skipped + self.refused + self.failed + self.elsewhere
    }

    #[must_use]
    pub fn remaining(&self) -> usize {
        self.planned.saturating_sub(self.settled())
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} done, ", self.succeeded)?;
        if self.elsewhere > 0 {
            write!(f, "{} already done elsewhere, ", self.elsewhere)?;
        }
        write!(
            f,
            "{} skipped, {} refused, {} failed, {} remaining of {}",
            self.skipped,
            self.refused,
            self.failed,
            self.remaining(),
            self.planned
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn already_done_elsewhere_is_counted_apart_from_done_and_said_so() {
        let mut counts = Counts {
            planned: 3,
            ..Counts::default()
        };
        counts.add(&Outcome::Succeeded {
            confirmed_by: Confirmation::Answer,
        });
        let elsewhere = Outcome::AlreadyDoneElsewhere {
            status: UserStatus::Suspended,
        };
        counts.add(&elsewhere);
        assert_eq!(
            (counts.succeeded, counts.elsewhere, counts.remaining()),
            (1, 1, 1)
        );
        assert_eq!(
            counts.to_string(),
            "1 done, 1 already done elsewhere, 0 skipped, 0 refused, 0 failed, 1 remaining of 3"
        );
        assert!(
            elsewhere
                .to_string()
                .starts_with("already done elsewhere: status suspended"),
            "{elsewhere}"
        );
        let json = serde_json::to_value(&elsewhere).expect("json");
        assert_eq!(json["result"], "already_done_elsewhere");
        // Counts written before the outcome existed read back with none of it.
        let old: Counts =
            serde_json::from_str(r#"{"planned":2,"succeeded":1,"skipped":1,"refused":0,"failed":0}"#)
                .expect("old counts");
        assert_eq!(old.elsewhere, 0);
        assert_eq!(
            old.to_string(),
            "1 done, 1 skipped, 0 refused, 0 failed, 0 remaining of 2"
        );
    }
}
