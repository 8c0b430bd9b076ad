//! The invariant that matters most: no plan, however built or hand-edited, gets a protected
//! account acted on. Random orgs, random hand edits of the plan file (refusals cleared, kinds
//! and activity rewritten, protected accounts injected), committed against an in-memory org.

use crate::support::users as support;

use dormant::api::MembershipChange;
use dormant::batch::{
    BatchAction, BatchStore, CancelToken, CommitSettings, Gateway, GatewayError, Membership, Plan,
    PlanOptions, Safeguard, commit,
};
use dormant::directory::{
    AccountId, AccountKind, AccountStatus, AccountType, DirectoryIndex, Exclusions, Lane, PlatformRole,
    Policy, User, UserStatus,
};
use dormant::store::Paths;
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use support::{UserBuilder, directory, now};

/// An org in memory that records every change it is asked to make.
#[derive(Clone, Default)]
struct MemoryOrg {
    users: Arc<Mutex<HashMap<AccountId, User>>>,
    changed: Arc<Mutex<Vec<AccountId>>>,
}

impl MemoryOrg {
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

/// One random user: `flavour` picks what may protect it.
fn user(i: usize, flavour: u8, idle_days: i64) -> User {
    let base =
        UserBuilder::new(&format!("u{i:03}"), &format!("User {i}")).products(&[("jira", Some(idle_days))]);
    match flavour % 8 {
        0 => base.role(PlatformRole::OrgAdmin).build(),
        1 => base.email(Some("bot@serviceaccount.atlassian.com")).build(),
        2 => base.account_type(AccountType::App).build(),
        3 => base.account_type(AccountType::Customer).build(),
        4 => base.synced().build(),
        5 => base.unmanaged().build(),
        6 => base.role(PlatformRole::UserAccessAdmin).unmanaged().build(),
        _ => base.build(),
    }
}

fn run_commit(org: &MemoryOrg, plan: Plan, safeguard: &Safeguard) {
    let home = tempfile::tempdir().expect("tempdir");
    let store = BatchStore::new(&Paths::under(home.path()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let settings = CommitSettings {
        concurrency: 3,
        ..CommitSettings::default()
    };
    runtime
        .block_on(commit(
            org,
            plan,
            safeguard,
            &store,
            &settings,
            |_| {},
            &CancelToken::new(),
        ))
        .expect("commit runs");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_plan_gets_a_protected_account_acted_on(
        flavours in proptest::collection::vec((0u8..8, 0i64..400), 1..40),
        clear_refusals in any::<bool>(),
        rewrite_kinds in any::<bool>(),
        forget_activity in any::<bool>(),
        deactivate in any::<bool>(),
    ) {
        let users: Vec<User> = flavours.iter().enumerate().map(|(i, (f, d))| user(i, *f, *d)).collect();
        let index = DirectoryIndex::build(
            Arc::new(directory(users.clone(), Vec::new())),
            &Policy::default(),
            &Exclusions::default(),
            now(),
        );
        let protected: Vec<AccountId> = (0..index.len() as u32)
            .filter(|&row| index.lane(row) == Lane::Protected)
            .map(|row| index.user(row).account_id.clone())
            .collect();
        let options = PlanOptions {
            action: if deactivate { BatchAction::Deactivate } else { BatchAction::Suspend },
            ..PlanOptions::default()
        };
        let ids = users.iter().map(|u| u.account_id.clone());
        let mut plan = Plan::build(&index, ids, &options, now()).expect("plan");
        for entry in &mut plan.entries {
            prop_assert!(!protected.contains(&entry.account_id) || entry.refusal.is_some());
            if clear_refusals { entry.refusal = None; }
            if rewrite_kinds { entry.kind = AccountKind::Invited; entry.idp_synced = false; }
            if forget_activity { entry.last_active = Some(now()); }
        }
        let org = MemoryOrg::default();
        org.users.lock().expect("lock").extend(users.into_iter().map(|u| (u.account_id.clone(), u)));
        let safeguard = Safeguard::new(index.classifier().clone());
        run_commit(&org, plan, &safeguard);
        let changed = org.changed.lock().expect("lock").clone();
        for account in &changed {
            prop_assert!(!protected.contains(account), "{account} is protected but was changed");
        }
    }
}
