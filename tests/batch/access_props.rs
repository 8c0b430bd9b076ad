//! Remove access never reaches past what the admin saw and meant. For random orgs (groups
//! granting one or two products with billed or free roles, some managed by the `IdP`; users
//! protected or not, idle or busy per site) and random confirmed sections, planned and committed
//! against an in-memory org: no protected user and no `IdP`-managed membership is ever changed,
//! no unbilled seat is ever chosen, every user losing a seat nobody chose is in the collateral
//! section, and only memberships the preview listed for a confirmed section are removed.

use crate::support::memory_org::MemoryOrg;
use crate::support::users::{UserBuilder, directory, group, now};
use dormant::batch::{
    AccessTarget, BatchAction, BatchStore, CancelToken, CommitSettings, Confirmed, Plan, PlanOptions,
    Safeguard, Section, commit,
};
use dormant::directory::{
    AccountId, Activity, DirectoryIndex, Exclusions, GroupId, PlatformRole, Policy, ProductActivity,
    ProductId, ProductKey, Role, RoleGrant, User,
};
use dormant::store::Paths;
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

const SITES: [(&str, &str); 3] = [
    ("ari:cloud:jira-service-desk::site/a", "jira-service-desk"),
    ("ari:cloud:jira::site/a", "jira"),
    ("ari:cloud:confluence::site/a", "confluence"),
];
const ROLES: [Role; 3] = [Role::User, Role::Customer, Role::Admin];

/// Group `g{i}`: grants site `first` (and `second` when different) with a role; maybe IdP-managed.
fn random_group(
    i: usize,
    (first, second, role, managed): (usize, usize, usize, bool),
) -> dormant::directory::Group {
    let mut group = group(&format!("g{i}"), &format!("group {i}"));
    let mut sites = vec![first % 3];
    if second % 3 != first % 3 {
        sites.push(second % 3);
    }
    group.grants = sites
        .into_iter()
        .map(|site| RoleGrant {
            site: ProductId::from(SITES[site].0),
            product: ProductKey::from(SITES[site].1),
            roles: vec![ROLES[role % 3].clone()],
        })
        .collect();
    group.modifiable = Some(!managed);
    group
}

fn random_user(i: usize, groups: &[bool], days: &[i64], protected: bool) -> User {
    let ids: Vec<String> = groups
        .iter()
        .enumerate()
        .filter(|(_, member)| **member)
        .map(|(g, _)| format!("g{g}"))
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let activity = SITES
        .iter()
        .zip(days)
        .map(|((site, product), days)| ProductActivity {
            product: ProductKey::from(*product),
            product_id: Some(ProductId::from(*site)),
            last_active: Some(crate::support::users::days_ago(*days)),
        })
        .collect();
    let builder = UserBuilder::new(&format!("u{i:02}"), &format!("User {i}"))
        .groups(&ids)
        .activity(Activity::Known(activity));
    if protected {
        builder.role(PlatformRole::OrgAdmin).build()
    } else {
        builder.build()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn remove_access_changes_only_what_a_confirmed_section_showed(
        groups in proptest::collection::vec((0usize..3, 0usize..3, 0usize..3, proptest::bool::weighted(0.2)), 1..5),
        users in proptest::collection::vec(
            (proptest::collection::vec(any::<bool>(), 5), proptest::collection::vec(0i64..400, 3), proptest::bool::weighted(0.2)),
            1..12,
        ),
        confirm_idle in any::<bool>(),
        confirm_collateral in any::<bool>(),
    ) {
        let groups: Vec<_> = groups.into_iter().enumerate().map(|(i, g)| random_group(i, g)).collect();
        let users: Vec<User> = users
            .iter()
            .enumerate()
            .map(|(i, (member, days, protected))| random_user(i, &member[..groups.len()], days, *protected))
            .collect();
        let index = DirectoryIndex::build(
            Arc::new(directory(users.clone(), groups.clone())),
            &Policy::default(),
            &Exclusions::default(),
            now(),
        );
        let options = PlanOptions {
            action: BatchAction::RemoveAccess,
            access: Some(AccessTarget::resolve(&index, "jsm", None).expect("jsm")),
            ..PlanOptions::default()
        };
        let plan = Plan::build(&index, users.iter().map(|u| u.account_id.clone()), &options, now()).expect("plan");
        let managed: BTreeSet<&GroupId> = groups.iter().filter(|g| g.is_idp_managed()).map(|g| &g.id).collect();
        for entry in plan.acting() {
            prop_assert!(!entry.memberships.is_empty());
            prop_assert!(entry.seats_lost.iter().filter(|s| s.chosen).all(|s| s.billable));
            prop_assert!(entry.seats_lost.iter().any(|s| s.chosen));
            let collateral = entry.seats_lost.iter().any(|s| !s.chosen);
            prop_assert_eq!(entry.section, Some(if collateral { Section::Collateral } else { Section::IdleSeats }));
            prop_assert!(entry.memberships.iter().all(|m| !managed.contains(&m.group_id)));
        }
        let mut confirmed = Vec::new();
        if confirm_idle { confirmed.push(Section::IdleSeats); }
        if confirm_collateral { confirmed.push(Section::Collateral); }
        let confirmed = Confirmed::only(confirmed);
        let org = MemoryOrg::of(&users);
        let home = tempfile::tempdir().expect("tempdir");
        let store = BatchStore::new(&Paths::under(home.path()));
        let safeguard = Safeguard::new(index.classifier().clone()).confirming(confirmed);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime
            .block_on(commit(&org, plan.clone(), &safeguard, &store, &CommitSettings::default(), |_| {}, &CancelToken::new()))
            .expect("commit runs");
        let after: HashMap<AccountId, User> = org.users.lock().expect("lock").clone();
        for user in &users {
            let now_groups: BTreeSet<&GroupId> = after[&user.account_id].groups.iter().collect();
            let removed: BTreeSet<&GroupId> = user.groups.iter().filter(|g| !now_groups.contains(g)).collect();
            if removed.is_empty() {
                continue;
            }
            let entry = plan.entries.iter().find(|e| e.account_id == user.account_id).expect("entry");
            prop_assert!(user.platform_roles.is_empty(), "a protected user was changed");
            prop_assert!(entry.acts());
            prop_assert!(entry.section.is_some_and(|s| confirmed.contains(s)));
            let listed: BTreeSet<&GroupId> = entry.memberships.iter().map(|m| &m.group_id).collect();
            prop_assert!(removed.iter().all(|g| listed.contains(g) && !managed.contains(g)));
        }
    }
}
