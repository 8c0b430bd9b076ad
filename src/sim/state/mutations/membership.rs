//! Directory membership changes: v2 suspend/restore. Must not journal (the caller does).

use super::{Applied, Refused, noop, refused, subject};
use crate::api::assumptions::{
    EVENT_ACTION_USER_RESTORED, EVENT_ACTION_USER_SUSPENDED, SUSPEND_REFUSED_ROLE,
};
use crate::sim::errors::SimError;
use crate::sim::model::SimUser;
use crate::sim::state::SimState;
use crate::sim::state::journal::EventDraft;

impl SimState {
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

    pub(super) fn set_membership(
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
            membership: None,
        })
    }
}
