//! The changes the simulated APIs can make: suspend/restore (v2 directory), disable/enable (User
//! management lifecycle) and group membership add and removal. Each request is decided here, applied, and
//! journaled (action always, event when something changed). Must not render responses beyond
//! choosing the refusal.

mod group_membership;
mod lifecycle;
mod membership;

pub use lifecycle::{LifecycleRestriction, lifecycle_restriction};

use super::SimState;
use super::journal::{EventDraft, EventSubject, MembershipDraft, RequestLine};
use crate::sim::errors::SimError;
use crate::sim::model::SimUser;
use chrono::{DateTime, Utc};

/// One mutation request, with the ids from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    Suspend {
        org_id: String,
        directory_id: String,
        account_id: String,
    },
    Restore {
        org_id: String,
        directory_id: String,
        account_id: String,
    },
    Disable {
        account_id: String,
    },
    Enable {
        account_id: String,
    },
    RemoveMembership {
        org_id: String,
        directory_id: String,
        group_id: String,
        account_id: String,
    },
    AddMembership {
        org_id: String,
        directory_id: String,
        group_id: String,
        account_id: String,
    },
}

struct Applied {
    effect: String,
    event: Option<EventDraft>,
    /// A group membership that changed, for the membership log.
    membership: Option<MembershipDraft>,
}

struct Refused {
    effect: &'static str,
    error: SimError,
}

fn refused(effect: &'static str, error: SimError) -> Refused {
    Refused { effect, error }
}

fn noop(effect: &str) -> Applied {
    Applied {
        effect: format!("noop:{effect}"),
        event: None,
        membership: None,
    }
}

fn subject(user: &SimUser) -> EventSubject {
    EventSubject {
        account_id: user.account_id.clone(),
        name: user.name.clone(),
        email: user.email.clone(),
    }
}

impl SimState {
    /// Decides, applies and journals one mutation. `Ok` means the API answers its success status
    /// (also for a harmless repeat); `Err` is the refusal to serve.
    pub fn apply(
        &mut self,
        mutation: &Mutation,
        request: &RequestLine,
        now: DateTime<Utc>,
    ) -> Result<(), SimError> {
        let (account_id, group_id, outcome) = match mutation {
            Mutation::Suspend {
                org_id,
                directory_id,
                account_id,
            } => (
                account_id,
                None,
                self.set_membership(org_id, directory_id, account_id, true),
            ),
            Mutation::Restore {
                org_id,
                directory_id,
                account_id,
            } => (
                account_id,
                None,
                self.set_membership(org_id, directory_id, account_id, false),
            ),
            Mutation::Disable { account_id } => {
                (account_id, None, self.set_lifecycle(account_id, false, now))
            }
            Mutation::Enable { account_id } => (account_id, None, self.set_lifecycle(account_id, true, now)),
            Mutation::RemoveMembership {
                org_id,
                directory_id,
                group_id,
                account_id,
            } => (
                account_id,
                Some(group_id.as_str()),
                self.remove_membership(org_id, directory_id, group_id, account_id),
            ),
            Mutation::AddMembership {
                org_id,
                directory_id,
                group_id,
                account_id,
            } => (
                account_id,
                Some(group_id.as_str()),
                self.add_membership(org_id, directory_id, group_id, account_id),
            ),
        };
        let (effect, result) = match outcome {
            Ok(applied) => {
                if let Some(event) = applied.event {
                    self.journal.record_event(event, now);
                }
                if let Some(membership) = applied.membership {
                    self.journal.record_membership(membership, now);
                }
                (applied.effect, Ok(()))
            }
            Err(refusal) => (format!("refused:{}", refusal.effect), Err(refusal.error)),
        };
        self.journal
            .record_action(request, now, Some(account_id), group_id, effect);
        result
    }
}

impl SimState {
    /// Journals a mutation request refused before it could be decided (e.g. an unreadable body).
    pub fn record_refusal(
        &mut self,
        request: &RequestLine,
        now: DateTime<Utc>,
        account_id: Option<&str>,
        effect: &str,
    ) {
        self.journal
            .record_action(request, now, account_id, None, format!("refused:{effect}"));
    }
}
