//! An org in memory behind the commit engine's `Gateway`: reads return its users, every change is
//! applied and recorded. For engine tests that need no simulator. Included by `#[path]`.

#![allow(dead_code)]

use dormant::api::MembershipChange;
use dormant::batch::{Gateway, GatewayError, Membership};
use dormant::directory::{AccountId, AccountStatus, User, UserStatus};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// An org in memory that records every change it is asked to make.
#[derive(Clone, Default)]
pub struct MemoryOrg {
    pub users: Arc<Mutex<HashMap<AccountId, User>>>,
    pub changed: Arc<Mutex<Vec<AccountId>>>,
}

impl MemoryOrg {
    pub fn of(users: &[User]) -> Self {
        let org = Self::default();
        org.users
            .lock()
            .expect("lock")
            .extend(users.iter().map(|u| (u.account_id.clone(), u.clone())));
        org
    }

    fn change(&self, account: &AccountId, apply: impl FnOnce(&mut User)) -> Result<(), GatewayError> {
        self.changed.lock().expect("lock").push(account.clone());
        match self.users.lock().expect("lock").get_mut(account) {
            Some(user) => {
                apply(user);
                Ok(())
            }
            None => Err(GatewayError::Refused {
                message: "not found".into(),
            }),
        }
    }

    pub fn changed(&self) -> BTreeSet<AccountId> {
        self.changed.lock().expect("lock").iter().cloned().collect()
    }
}

impl Gateway for MemoryOrg {
    /// This fake org assigns no role directly: groups grant every seat.
    async fn direct_billable_roles(
        &self,
        _account: &AccountId,
        _site: &dormant::directory::ProductId,
    ) -> Result<Vec<String>, GatewayError> {
        Ok(Vec::new())
    }

    fn read_batch_limit(&self) -> usize {
        10
    }
    async fn read_users(&self, accounts: &[AccountId]) -> Result<Vec<User>, GatewayError> {
        let users = self.users.lock().expect("lock");
        Ok(accounts.iter().filter_map(|id| users.get(id).cloned()).collect())
    }
    async fn suspend(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.change(account, |user| user.status = UserStatus::Suspended)
    }
    async fn restore(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.change(account, |user| user.status = UserStatus::Active)
    }
    async fn disable(&self, account: &AccountId, _message: Option<&str>) -> Result<(), GatewayError> {
        self.change(account, |user| user.account_status = AccountStatus::Inactive)
    }
    async fn enable(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.change(account, |user| user.account_status = AccountStatus::Active)
    }
    async fn remove_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        let mut was_member = false;
        self.change(account, |user| {
            was_member = user.groups.contains(&membership.group_id);
            user.groups.retain(|group| *group != membership.group_id);
        })?;
        Ok(if was_member {
            MembershipChange::Changed
        } else {
            MembershipChange::AlreadyAsAsked
        })
    }
    async fn add_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        let mut was_member = false;
        self.change(account, |user| {
            was_member = user.groups.contains(&membership.group_id);
            if !was_member {
                user.groups.push(membership.group_id.clone());
            }
        })?;
        Ok(if was_member {
            MembershipChange::AlreadyAsAsked
        } else {
            MembershipChange::Changed
        })
    }
}
