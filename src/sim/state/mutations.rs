//! The changes the simulated APIs can make: suspend/restore (v2 directory), disable/enable (User
//! management lifecycle) and group membership removal. Each request is decided here, applied, and
//! journaled (action always, event when something changed). Must not render responses beyond
//! choosing the refusal.

use super::SimState;
use super::journal::{EventDraft, EventSubject, RequestLine};
use crate::api::assumptions::{
    EVENT_ACTION_ACCOUNT_DEACTIVATED, EVENT_ACTION_ACCOUNT_REACTIVATED, EVENT_ACTION_REMOVED_FROM_GROUP,
    EVENT_ACTION_USER_RESTORED, EVENT_ACTION_USER_SUSPENDED, SUSPEND_REFUSED_ROLE,
    UM_CLOSED_OR_DELETING_REASON,
};
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
}

/// Why User management will not change an account's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleRestriction {
    /// Not a managed account of the org: every User management call answers 403 `forbidden`.
    Unmanaged,
    /// Allowed false with this reason key.
    Unallowed(&'static str),
}

/// The restriction on enabling/disabling `user`, if any (reference §2, §8).
#[must_use]
pub fn lifecycle_restriction(user: &SimUser) -> Option<LifecycleRestriction> {
    if user.claim_status != "managed" {
        Some(LifecycleRestriction::Unmanaged)
    } else if user.management_source.as_deref() == Some("synced") {
        Some(LifecycleRestriction::Unallowed("externalDirectory.scim"))
    } else if user.account_status == "closed" || user.for_deletion {
        Some(LifecycleRestriction::Unallowed(UM_CLOSED_OR_DELETING_REASON))
    } else {
        None
    }
}

struct Applied {
    effect: String,
    event: Option<EventDraft>,
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
        };
        let (effect, result) = match outcome {
            Ok(applied) => {
                if let Some(event) = applied.event {
                    self.journal.record_event(event, now);
                }
                (applied.effect, Ok(()))
            }
            Err(refusal) => (format!("refused:{}", refusal.effect), Err(refusal.error)),
        };
        self.journal
            .record_action(request, now, Some(account_id), group_id, effect);
        result
    }

    fn directory_member_mut(
        &mut self,
        org_id: &str,
        directory_id: &str,
        account_id: &str,
    ) -> Result<&mut SimUser, Refused> {
        self.check_org(org_id)
            .map_err(|error| refused("unknown_org", error))?;
        let scope = self
            .scope(directory_id)
            .map_err(|error| refused("unknown_directory", error))?;
        let at = self
            .index
            .user_position(account_id)
            .ok_or_else(|| refused("unknown_account", SimError::user_not_found(account_id)))?;
        match self.org.users.get_mut(at) {
            Some(user) if scope.contains_user(user) => Ok(user),
            _ => Err(refused("not_in_directory", SimError::user_not_found(account_id))),
        }
    }

    fn set_membership(
        &mut self,
        org_id: &str,
        directory_id: &str,
        account_id: &str,
        suspend: bool,
    ) -> Result<Applied, Refused> {
        let user = self.directory_member_mut(org_id, directory_id, account_id)?;
        if user.membership_status == "no_membership" {
            return Err(refused("no_membership", SimError::user_not_found(account_id)));
        }
        if suspend
            && user
                .platform_roles
                .iter()
                .any(|role| role == SUSPEND_REFUSED_ROLE)
        {
            return Err(refused("admin", SimError::admin_suspension_refused(account_id)));
        }
        let (target, done, action, verb) = if suspend {
            ("suspended", "suspended", EVENT_ACTION_USER_SUSPENDED, "Suspended")
        } else {
            ("active", "restored", EVENT_ACTION_USER_RESTORED, "Restored")
        };
        if user.membership_status == target {
            return Ok(noop(if suspend {
                "already_suspended"
            } else {
                "already_active"
            }));
        }
        target.clone_into(&mut user.membership_status);
        let message = format!("{verb} access of {} to the organization", user.name);
        Ok(Applied {
            effect: done.to_owned(),
            event: Some(EventDraft {
                action,
                subject: subject(user),
                group: None,
                message,
            }),
        })
    }

    fn set_lifecycle(
        &mut self,
        account_id: &str,
        enable: bool,
        now: DateTime<Utc>,
    ) -> Result<Applied, Refused> {
        let at = self
            .index
            .user_position(account_id)
            .ok_or_else(|| refused("unknown_account", SimError::um_account_not_found()))?;
        let Some(user) = self.org.users.get_mut(at) else {
            return Err(refused("unknown_account", SimError::um_account_not_found()));
        };
        match lifecycle_restriction(user) {
            Some(LifecycleRestriction::Unmanaged) => {
                return Err(refused("unmanaged", SimError::um_forbidden()));
            }
            Some(LifecycleRestriction::Unallowed("externalDirectory.scim")) => {
                return Err(refused(
                    "synced",
                    SimError::um_forbidden_action("externalDirectory.scim"),
                ));
            }
            Some(LifecycleRestriction::Unallowed(reason)) if enable => {
                return Err(refused(
                    "closed_or_deleting",
                    SimError::um_forbidden_action(reason),
                ));
            }
            Some(LifecycleRestriction::Unallowed(_)) => return Ok(noop("closed_or_deleting")),
            None => {}
        }
        if enable {
            if user.account_status == "active" {
                return Ok(noop("already_enabled"));
            }
            "active".clone_into(&mut user.account_status);
            user.deactivated_on = None;
        } else {
            if user.account_status == "inactive" {
                return Ok(noop("already_disabled"));
            }
            "inactive".clone_into(&mut user.account_status);
            user.deactivated_on = Some(now);
        }
        let (effect, action, verb) = if enable {
            ("enabled", EVENT_ACTION_ACCOUNT_REACTIVATED, "Reactivated")
        } else {
            ("disabled", EVENT_ACTION_ACCOUNT_DEACTIVATED, "Deactivated")
        };
        let message = format!("{verb} account {}", user.name);
        Ok(Applied {
            effect: effect.to_owned(),
            event: Some(EventDraft {
                action,
                subject: subject(user),
                group: None,
                message,
            }),
        })
    }

    fn remove_membership(
        &mut self,
        org_id: &str,
        directory_id: &str,
        group_id: &str,
        account_id: &str,
    ) -> Result<Applied, Refused> {
        self.check_org(org_id)
            .map_err(|error| refused("unknown_org", error))?;
        let scope = self
            .scope(directory_id)
            .map_err(|error| refused("unknown_directory", error))?;
        let group_at = self
            .index
            .group_position(group_id)
            .filter(|&at| {
                self.org
                    .groups
                    .get(at)
                    .is_some_and(|group| scope.contains_group(group))
            })
            .ok_or_else(|| refused("unknown_group", SimError::group_not_found(group_id)))?;
        let group = self.org.groups[group_at].clone();
        let user_at = self
            .index
            .user_position(account_id)
            .ok_or_else(|| refused("unknown_account", SimError::user_not_found(account_id)))?;
        if group.external_synced {
            return Err(refused("synced_group", SimError::synced_group_refused(group_id)));
        }
        if !self.org.users[user_at].groups.contains(&group.id) {
            return Ok(noop("not_a_member"));
        }
        // Access the group granted goes unless another group of the user still grants the product.
        let still_granted: Vec<&str> = self.org.users[user_at]
            .groups
            .iter()
            .filter(|id| **id != group.id)
            .filter_map(|id| self.index.group(&self.org, id))
            .flat_map(|other| other.grants.iter())
            .filter_map(|key| self.index.product(&self.org, key))
            .map(|product| product.id.as_str())
            .collect();
        let revoked: Vec<(String, String)> = group
            .grants
            .iter()
            .filter_map(|key| self.index.product(&self.org, key))
            .filter(|product| !still_granted.contains(&product.id.as_str()))
            .map(|product| (product.key.clone(), product.v1_key.clone()))
            .collect();
        let user = &mut self.org.users[user_at];
        user.groups.retain(|id| *id != group.id);
        user.product_access.retain(|access| {
            !revoked
                .iter()
                .any(|(key, v1_key)| access.key == *key || access.key == *v1_key)
        });
        self.index.note_membership_removed(group_at);
        let message = format!("Removed {} from group {}", user.name, group.name);
        Ok(Applied {
            effect: "membership_removed".to_owned(),
            event: Some(EventDraft {
                action: EVENT_ACTION_REMOVED_FROM_GROUP,
                subject: subject(user),
                group: Some((group.id.clone(), group.name.clone())),
                message,
            }),
        })
    }
}

impl SimState {
    /// Journals a mutation request refused before it could be decided (e.g. an unreadable body).
    pub fn record_refusal(
        &mut self,
        request: &RequestLine,
        now: DateTime<Utc>,
        account_id: &str,
        effect: &str,
    ) {
        self.journal
            .record_action(request, now, Some(account_id), None, format!("refused:{effect}"));
    }
}
