//! Remove product access against a scripted in-memory org: the org (group memberships with
//! scripted faults per account and group, every change request counted), the world of four
//! users the access tests plan for, and the helpers they share. Included by the access test
//! modules of the batch crate.

use crate::support::users::{UserBuilder, days_ago, directory, group, now};
use dormant::api::MembershipChange;
use dormant::batch::{
    AccessTarget, BatchAction, BatchReport, BatchStore, CancelToken, CommitSettings, Confirmed, Gateway,
    GatewayError, Membership, Outcome, Plan, PlanOptions, Safeguard, commit,
};
use dormant::directory::{
    AccountId, Activity, DirectoryIndex, Exclusions, PlatformRole, Policy, ProductActivity, ProductId,
    ProductKey, Role, RoleGrant, User,
};
use dormant::store::Paths;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub(crate) const JSM: &str = "ari:cloud:jira-service-desk::site/one";
pub(crate) const JIRA: &str = "ari:cloud:jira::site/one";
pub(crate) const CONF: &str = "ari:cloud:confluence::site/one";

/// What the org does with the next change of one (account, group).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fault {
    ApplyThenLoseAnswer,
    /// Applies the change, then the run dies before journalling it (the "sent, unjournalled"
    /// kill point of the crash matrix, in process).
    ApplyThenDie,
    Fatal,
    LicenceLimit,
}

/// (account, group).
pub(crate) type Key = (String, String);

#[derive(Clone, Default)]
pub(crate) struct MembershipOrg {
    users: Arc<Mutex<HashMap<AccountId, User>>>,
    faults: Arc<Mutex<HashMap<Key, Vec<Fault>>>>,
    /// Every change request received, adds and removes alike.
    sent: Arc<Mutex<Vec<Key>>>,
}

impl MembershipOrg {
    pub(crate) fn of(users: &[User]) -> Self {
        let org = Self::default();
        org.users
            .lock()
            .expect("lock")
            .extend(users.iter().map(|u| (u.account_id.clone(), u.clone())));
        org
    }

    pub(crate) fn script(&self, account: &str, group: &str, faults: &[Fault]) {
        self.faults.lock().expect("lock").insert(
            (account.to_owned(), group.to_owned()),
            faults.iter().rev().copied().collect(),
        );
    }

    pub(crate) fn groups_of(&self, account: &str) -> Vec<String> {
        let users = self.users.lock().expect("lock");
        let mut groups: Vec<String> = users[&AccountId::from(account)]
            .groups
            .iter()
            .map(ToString::to_string)
            .collect();
        groups.sort();
        groups
    }

    pub(crate) fn sends(&self, account: &str, group: &str) -> usize {
        let sent = self.sent.lock().expect("lock");
        sent.iter().filter(|(a, g)| a == account && g == group).count()
    }

    pub(crate) fn edit(&self, account: &str, change: impl FnOnce(&mut User)) {
        let mut users = self.users.lock().expect("lock");
        change(users.get_mut(&AccountId::from(account)).expect("known user"));
    }

    fn change(
        &self,
        account: &AccountId,
        membership: &Membership,
        add: bool,
    ) -> Result<MembershipChange, GatewayError> {
        let key = (account.to_string(), membership.group_id.to_string());
        self.sent.lock().expect("lock").push(key.clone());
        let fault = self.faults.lock().expect("lock").get_mut(&key).and_then(Vec::pop);
        if let Some(Fault::Fatal) = fault {
            return Err(GatewayError::Fatal {
                message: "the API key was refused".into(),
            });
        }
        if let Some(Fault::LicenceLimit) = fault {
            return Err(GatewayError::Refused {
                message: "409: Product License Limit Exceeded".into(),
            });
        }
        let mut users = self.users.lock().expect("lock");
        let user = users.get_mut(account).expect("known user");
        let member = user.groups.contains(&membership.group_id);
        if add && !member {
            user.groups.push(membership.group_id.clone());
        } else if !add {
            user.groups.retain(|group| *group != membership.group_id);
        }
        if let Some(Fault::ApplyThenLoseAnswer) = fault {
            return Err(GatewayError::Ambiguous {
                message: "connection closed after the change".into(),
            });
        }
        if let Some(Fault::ApplyThenDie) = fault {
            return Err(GatewayError::Fatal {
                message: "the run died after the change".into(),
            });
        }
        Ok(if member == add {
            MembershipChange::AlreadyAsAsked
        } else {
            MembershipChange::Changed
        })
    }
}

impl Gateway for MembershipOrg {
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
    async fn suspend(&self, _: &AccountId) -> Result<(), GatewayError> {
        unreachable!("remove-access never suspends")
    }
    async fn restore(&self, _: &AccountId) -> Result<(), GatewayError> {
        unreachable!("remove-access never restores accounts")
    }
    async fn disable(&self, _: &AccountId, _: Option<&str>) -> Result<(), GatewayError> {
        unreachable!("remove-access never deactivates")
    }
    async fn enable(&self, _: &AccountId) -> Result<(), GatewayError> {
        unreachable!("remove-access never enables")
    }
    async fn remove_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        self.change(account, membership, false)
    }
    async fn add_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        self.change(account, membership, true)
    }
}

pub(crate) fn site(product: &str, id: &str, days: Option<i64>) -> ProductActivity {
    ProductActivity {
        product: ProductKey::from(product),
        product_id: Some(ProductId::from(id)),
        last_active: days.map(days_ago),
    }
}

pub(crate) fn granting(id: &str, grants: &[(&str, &str)]) -> dormant::directory::Group {
    let mut group = group(id, &format!("{id}-group"));
    group.grants = grants
        .iter()
        .map(|(site, product)| RoleGrant {
            site: ProductId::from(*site),
            product: ProductKey::from(*product),
            roles: vec![Role::User],
        })
        .collect();
    group
}

/// u1: idle in JSM (agents), busy in Jira (jira-users): loses only the JSM seat.
/// u2: idle in JSM through svc-wiki, which also grants Confluence: collateral.
/// u3: busy in JSM: kept. u4: an org admin: protected.
pub(crate) fn world() -> (Vec<User>, DirectoryIndex) {
    let seats = |jsm: i64| {
        Activity::Known(vec![
            site("jira-service-desk", JSM, Some(jsm)),
            site("jira", JIRA, Some(2)),
            site("confluence", CONF, Some(3)),
        ])
    };
    let users = vec![
        UserBuilder::new("u1", "Una")
            .groups(&["agents", "jira-users"])
            .activity(seats(200))
            .build(),
        UserBuilder::new("u2", "Dos")
            .groups(&["svc-wiki", "jira-users"])
            .activity(seats(300))
            .build(),
        UserBuilder::new("u3", "Tres")
            .groups(&["agents", "jira-users"])
            .activity(seats(3))
            .build(),
        UserBuilder::new("u4", "Cuatro")
            .groups(&["agents"])
            .activity(seats(400))
            .role(PlatformRole::OrgAdmin)
            .build(),
    ];
    let groups = vec![
        granting("agents", &[(JSM, "jira-service-desk")]),
        granting("jira-users", &[(JIRA, "jira")]),
        granting("svc-wiki", &[(JSM, "jira-service-desk"), (CONF, "confluence")]),
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users.clone(), groups)),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    (users, index)
}

pub(crate) fn plan(index: &DirectoryIndex, users: &[User]) -> Plan {
    let target = AccessTarget::resolve(index, "jsm", None).expect("jsm names the product");
    let options = PlanOptions {
        action: BatchAction::RemoveAccess,
        access: Some(target),
        ..PlanOptions::default()
    };
    Plan::build(index, users.iter().map(|u| u.account_id.clone()), &options, now()).expect("plan")
}

pub(crate) struct Run {
    pub(crate) store: BatchStore,
    pub(crate) safeguard: Safeguard,
    _home: tempfile::TempDir,
}

impl Run {
    pub(crate) fn new(index: &DirectoryIndex, confirmed: Confirmed) -> Self {
        let home = tempfile::tempdir().expect("tempdir");
        Self {
            store: BatchStore::new(&Paths::under(home.path())),
            safeguard: Safeguard::new(index.classifier().clone()).confirming(confirmed),
            _home: home,
        }
    }

    pub(crate) async fn commit(&self, org: &MembershipOrg, plan: Plan) -> BatchReport {
        let settings = CommitSettings::default();
        commit(
            org,
            plan,
            &self.safeguard,
            &self.store,
            &settings,
            |_| {},
            &CancelToken::new(),
        )
        .await
        .expect("commit runs")
    }
}

pub(crate) fn outcome<'r>(report: &'r BatchReport, account: &str) -> &'r Outcome {
    &report
        .outcomes
        .iter()
        .find(|o| o.account_id.as_str() == account)
        .expect("an outcome")
        .outcome
}

pub(crate) fn entry<'p>(plan: &'p Plan, account: &str) -> &'p dormant::batch::PlanEntry {
    plan.entries
        .iter()
        .find(|e| e.account_id.as_str() == account)
        .expect("entry")
}
