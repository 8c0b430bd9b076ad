//! Group membership changes through the v2 API (reference §1.10, §1.14): remove and add, with their
//! real effect on the user's seats (a site is kept while another group or a direct assignment still
//! grants it; a re-grant restores its activity), IdP-owned groups refused, a product's user limit
//! enforced on add. Must not journal (the caller does).

use super::{Applied, Refused, refused, subject};
use crate::api::assumptions::EVENT_ACTION_REMOVED_FROM_GROUP;
use crate::sim::errors::SimError;
use crate::sim::model::SimGroup;
use crate::sim::state::journal::{EventDraft, MembershipDraft};
use crate::sim::state::seats::{counts_for_licence, holds_billable};
use crate::sim::state::{SeatChange, SimState};

/// The audit-log action of an add (the removal's key is a client assumption in `api::assumptions`).
pub const EVENT_ACTION_ADDED_TO_GROUP: &str = "user_added_to_group";

/// The group and user of a membership request, both resolved.
struct Target {
    group_at: usize,
    group: SimGroup,
    user_at: usize,
}

impl SimState {
    /// Resolves org, directory, group (in the directory) and user; refuses IdP-managed groups.
    fn membership_target(
        &self,
        org_id: &str,
        directory_id: &str,
        group_id: &str,
        account_id: &str,
    ) -> Result<Target, Refused> {
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
        if group.is_idp_managed() {
            return Err(refused("synced_group", SimError::synced_group_refused(group_id)));
        }
        Ok(Target {
            group_at,
            group,
            user_at,
        })
    }

    pub(super) fn remove_membership(
        &mut self,
        org_id: &str,
        directory_id: &str,
        group_id: &str,
        account_id: &str,
    ) -> Result<Applied, Refused> {
        let target = self.membership_target(org_id, directory_id, group_id, account_id)?;
        let group = &target.group;
        if !self.org.users[target.user_at].groups.contains(&group.id) {
            return Err(refused(
                "not_a_member",
                SimError::not_a_member(group_id, account_id),
            ));
        }
        self.org.users[target.user_at].groups.retain(|id| *id != group.id);
        self.index.note_membership_removed(target.group_at);
        let change = self.sync_access(target.user_at);
        let user = &self.org.users[target.user_at];
        Ok(Applied {
            effect: "membership_removed".to_owned(),
            event: Some(EventDraft {
                action: EVENT_ACTION_REMOVED_FROM_GROUP,
                subject: subject(user),
                group: Some((group.id.clone(), group.name.clone())),
                message: format!("Removed {} from group {}", user.name, group.name),
            }),
            membership: Some(draft(&user.account_id, group, "removed", change)),
        })
    }

    pub(super) fn add_membership(
        &mut self,
        org_id: &str,
        directory_id: &str,
        group_id: &str,
        account_id: &str,
    ) -> Result<Applied, Refused> {
        let target = self.membership_target(org_id, directory_id, group_id, account_id)?;
        let group = &target.group;
        let user = &self.org.users[target.user_at];
        if !user.directories.contains(&group.directory_id) {
            return Err(refused("not_in_directory", SimError::user_not_found(account_id)));
        }
        if user.groups.contains(&group.id) {
            return Err(refused(
                "already_member",
                SimError::already_member(group_id, account_id),
            ));
        }
        if counts_for_licence(user) {
            self.check_licence(target.user_at, group)?;
        }
        self.org.users[target.user_at].groups.push(group.id.clone());
        self.index.note_membership_added(target.group_at);
        let change = self.sync_access(target.user_at);
        let user = &self.org.users[target.user_at];
        Ok(Applied {
            effect: "membership_added".to_owned(),
            event: Some(EventDraft {
                action: EVENT_ACTION_ADDED_TO_GROUP,
                subject: subject(user),
                group: Some((group.id.clone(), group.name.clone())),
                message: format!("Added {} to group {}", user.name, group.name),
            }),
            membership: Some(draft(&user.account_id, group, "added", change)),
        })
    }

    /// Refuses an add that would give the user a billable role on a site already at its limit.
    fn check_licence(&self, user_at: usize, group: &SimGroup) -> Result<(), Refused> {
        let user = &self.org.users[user_at];
        for grant in group
            .grants
            .iter()
            .filter(|grant| crate::sim::model::role::is_billable(&grant.role))
        {
            let Some(site_at) = self.index.site_position(&grant.resource_id) else {
                continue;
            };
            let Some(site) = self.org.products.get(site_at) else {
                continue;
            };
            let Some(limit) = site.user_limit else {
                continue;
            };
            if holds_billable(&self.org, &self.index, user, site_at) {
                continue;
            }
            if self.billable_holders(site_at) >= limit as usize {
                return Err(refused(
                    "licence_limit",
                    SimError::licence_limit_exceeded(&site.name, &site.site, limit),
                ));
            }
        }
        Ok(())
    }
}

fn draft(account_id: &str, group: &SimGroup, change: &'static str, seats: SeatChange) -> MembershipDraft {
    MembershipDraft {
        account_id: account_id.to_owned(),
        group_id: group.id.clone(),
        group_name: group.name.clone(),
        change,
        seats_lost: seats.lost,
        seats_gained: seats.gained,
    }
}
