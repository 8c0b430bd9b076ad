//! Directory membership changes: v2 suspend/restore and group membership removal (with the product
//! access that only that group granted). Must not journal (the caller does).

use super::{Applied, Refused, noop, refused, subject};
use crate::api::assumptions::{
    EVENT_ACTION_REMOVED_FROM_GROUP, EVENT_ACTION_USER_RESTORED, EVENT_ACTION_USER_SUSPENDED,
    SUSPEND_REFUSED_ROLE,
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
        })
    }

    pub(super) fn remove_membership(
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
