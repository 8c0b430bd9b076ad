//! What happened to the simulated org: every mutation request that reached a handler (actions, for
//! `/__sim/actions`) and every change applied (events, for the audit-log endpoint). Owns the records;
//! must not decide outcomes.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One mutation request and its effect (`suspended`, `noop:already_suspended`, `refused:admin`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRecord {
    /// 1-based, gapless, in the order requests were handled.
    pub seq: u64,
    pub time: DateTime<Utc>,
    pub method: String,
    pub path: String,
    pub account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    pub effect: String,
}

/// The account a change was applied to, as it was at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSubject {
    pub account_id: String,
    pub name: String,
    pub email: String,
}

/// An applied change, rendered by the v1 events endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// 1-based, gapless.
    pub seq: u64,
    pub time: DateTime<Utc>,
    /// The audit-log action key.
    pub action: &'static str,
    pub subject: EventSubject,
    /// `(id, name)` of the group, for membership changes.
    pub group: Option<(String, String)>,
    pub message: String,
}

impl EventRecord {
    /// A stable UUID-shaped id derived from the sequence number.
    #[must_use]
    pub fn id(&self) -> String {
        format!("5e0e0000-0000-4000-8000-{:012x}", self.seq)
    }
}

/// A change about to be recorded as an event; the journal stamps `seq` and `time`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub action: &'static str,
    pub subject: EventSubject,
    pub group: Option<(String, String)>,
    pub message: String,
}

/// One applied group membership change, for `/__sim/memberships`: who, which group, when, and
/// the seats (site resource ids) the user lost or gained by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MembershipRecord {
    /// 1-based, gapless.
    pub seq: u64,
    pub time: DateTime<Utc>,
    pub account_id: String,
    pub group_id: String,
    pub group_name: String,
    /// `added` or `removed`.
    pub change: &'static str,
    pub seats_lost: Vec<String>,
    pub seats_gained: Vec<String>,
}

/// A membership change about to be recorded; the journal stamps `seq` and `time`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipDraft {
    pub account_id: String,
    pub group_id: String,
    pub group_name: String,
    pub change: &'static str,
    pub seats_lost: Vec<String>,
    pub seats_gained: Vec<String>,
}

/// Append-only logs, cleared only by a reset.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    actions: Vec<ActionRecord>,
    events: Vec<EventRecord>,
    memberships: Vec<MembershipRecord>,
}

/// The request line of a mutation, as recorded in the action log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    pub method: String,
    pub path: String,
}

impl Journal {
    pub fn record_action(
        &mut self,
        request: &RequestLine,
        time: DateTime<Utc>,
        account_id: Option<&str>,
        group_id: Option<&str>,
        effect: String,
    ) {
        self.actions.push(ActionRecord {
            seq: self.actions.len() as u64 + 1,
            time,
            method: request.method.clone(),
            path: request.path.clone(),
            account_id: account_id.map(str::to_owned),
            group_id: group_id.map(str::to_owned),
            effect,
        });
    }

    pub fn record_event(&mut self, draft: EventDraft, time: DateTime<Utc>) {
        self.events.push(EventRecord {
            seq: self.events.len() as u64 + 1,
            time,
            action: draft.action,
            subject: draft.subject,
            group: draft.group,
            message: draft.message,
        });
    }

    pub fn record_membership(&mut self, draft: MembershipDraft, time: DateTime<Utc>) {
        self.memberships.push(MembershipRecord {
            seq: self.memberships.len() as u64 + 1,
            time,
            account_id: draft.account_id,
            group_id: draft.group_id,
            group_name: draft.group_name,
            change: draft.change,
            seats_lost: draft.seats_lost,
            seats_gained: draft.seats_gained,
        });
    }

    /// Applied membership changes, oldest first; position `i` holds `seq == i + 1`.
    #[must_use]
    pub fn memberships(&self) -> &[MembershipRecord] {
        &self.memberships
    }

    #[must_use]
    pub fn actions(&self) -> &[ActionRecord] {
        &self.actions
    }

    /// Oldest first; position `i` holds `seq == i + 1`.
    #[must_use]
    pub fn events(&self) -> &[EventRecord] {
        &self.events
    }

    pub fn clear(&mut self) {
        self.actions.clear();
        self.events.clear();
        self.memberships.clear();
    }
}
