//! User management lifecycle: who may be disabled or enabled, and the change itself. Must not
//! journal (the caller does) or render anything beyond choosing the refusal.

use super::{Applied, Refused, noop, refused, subject};
use crate::api::assumptions::{
    EVENT_ACTION_ACCOUNT_DEACTIVATED, EVENT_ACTION_ACCOUNT_REACTIVATED, UM_CLOSED_OR_DELETING_REASON,
};
use crate::sim::errors::SimError;
use crate::sim::model::SimUser;
use crate::sim::state::SimState;
use crate::sim::state::journal::EventDraft;
use chrono::{DateTime, Utc};

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

impl SimState {
    pub(super) fn set_lifecycle(
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
            membership: None,
        })
    }
}
