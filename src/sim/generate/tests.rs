//! Tests of the generated org as a whole: determinism, shares, minimums and referential integrity.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::sim::model::SimUser;

fn epoch() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-04-01T09:30:00Z")
        .unwrap()
        .to_utc()
}

fn options(users: u32, seed: u64, hostile: bool) -> GenerateOptions {
    GenerateOptions {
        users,
        seed,
        epoch: epoch(),
        hostile,
    }
}

/// One 10,000-user org shared by the share tests (generating it is the slow part).
fn ten_thousand() -> &'static SimOrg {
    static ORG: OnceLock<SimOrg> = OnceLock::new();
    ORG.get_or_init(|| generate(&options(10_000, 2026, false)).unwrap())
}

fn share(org: &SimOrg, predicate: impl Fn(&SimUser) -> bool) -> f64 {
    org.users.iter().filter(|user| predicate(user)).count() as f64 / org.users.len() as f64
}

fn assert_near(label: &str, actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{label}: {actual:.4} not within {tolerance} of {expected}"
    );
}

fn idle_days(user: &SimUser) -> Option<i64> {
    let newest = user
        .product_access
        .iter()
        .filter_map(|access| access.last_active)
        .max()?;
    Some((epoch() - newest).num_days())
}

/// Every reference resolves and every date is ordered; also the rules the population promises.
fn assert_integrity(org: &SimOrg) {
    let directories: HashSet<&str> = org
        .directories
        .iter()
        .map(|directory| directory.id.as_str())
        .collect();
    let sites: Vec<&str> = org.products.iter().map(|product| product.id.as_str()).collect();
    let idp = org.directories.iter().find(|directory| directory.idp).unwrap();
    for user in &org.users {
        let id = &user.account_id;
        assert!(
            user.directories
                .iter()
                .all(|directory| directories.contains(directory.as_str())),
            "{id}"
        );
        let mut granted = BTreeSet::new();
        let mut admin_groups = BTreeSet::new();
        for group_id in &user.groups {
            let group = org.groups.iter().find(|group| &group.id == group_id).unwrap();
            assert!(
                user.directories.contains(&group.directory_id),
                "{id} in {} outside its directories",
                group.name
            );
            granted.extend(group.grants.iter().map(|grant| grant.resource_id.as_str()));
            if group.admin {
                admin_groups.insert(group.name.as_str());
            }
        }
        granted.extend(user.direct_grants.iter().map(|grant| grant.resource_id.as_str()));
        let held: Vec<&str> = user
            .product_access
            .iter()
            .map(|access| access.id.as_str())
            .collect();
        let expected: Vec<&str> = sites
            .iter()
            .copied()
            .filter(|site| granted.contains(site))
            .collect();
        assert_eq!(
            held, expected,
            "{id}: access must be the union of grants, in site order"
        );
        assert_eq!(granted.len(), held.len(), "{id}: grants a site the org lacks");
        assert!(user.seat_history.is_empty(), "{id}: generated users lost no seat");
        assert!(user.added_to_org <= epoch(), "{id}");
        for access in &user.product_access {
            if let Some(last) = access.last_active {
                assert!(last > user.added_to_org && last <= epoch(), "{id} {}", access.key);
                assert!(
                    user.deactivated_on.is_none_or(|off| last <= off),
                    "{id} active after deactivation"
                );
            }
        }
        if let Some(off) = user.deactivated_on {
            assert!(off >= user.added_to_org && off <= epoch(), "{id}");
        }
        if user.management_source.as_deref() == Some("synced") {
            assert!(user.directories.contains(&idp.id), "{id}");
            assert!(
                org.groups
                    .iter()
                    .any(|group| group.external_synced && user.groups.contains(&group.id))
            );
        }
        let has_role = |role: &str| user.platform_roles.iter().any(|held| held == role);
        assert_eq!(
            has_role("atlassian/org-admin"),
            admin_groups.contains("org-admins"),
            "{id}"
        );
        assert_eq!(
            has_role("atlassian/site-admin"),
            admin_groups.contains("site-admins"),
            "{id}"
        );
    }
}

#[test]
fn same_options_give_identical_bytes_and_another_seed_differs() {
    let first = serde_json::to_vec(&generate(&options(2_500, 42, true)).unwrap()).unwrap();
    let second = serde_json::to_vec(&generate(&options(2_500, 42, true)).unwrap()).unwrap();
    let other = serde_json::to_vec(&generate(&options(2_500, 43, true)).unwrap()).unwrap();
    assert!(first == second, "same options must serialize byte-identically");
    assert!(first != other);
}

#[test]
fn user_count_is_validated_with_an_actionable_message() {
    for users in [0, MAX_USERS + 1] {
        let error = generate(&options(users, 1, false)).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("--users") && message.contains(&MAX_USERS.to_string()),
            "{message}"
        );
    }
    let ancient = GenerateOptions {
        epoch: DateTime::<Utc>::MIN_UTC,
        ..options(1, 1, false)
    };
    assert!(matches!(
        generate(&ancient),
        Err(GenerateError::EpochTooEarly { .. })
    ));
}

#[test]
fn tiny_orgs_work_and_keep_integrity() {
    for users in (1..=80).chain([150, 333]) {
        let org = generate(&options(users, u64::from(users), false)).unwrap();
        assert_eq!(org.users.len(), users as usize);
        assert_integrity(&org);
    }
    let single = generate(&options(1, 7, false)).unwrap();
    assert_eq!(
        single.users[0].platform_roles.first().map(String::as_str),
        Some("atlassian/org-admin")
    );
}

#[test]
fn ten_thousand_users_have_the_stated_shares() {
    let org = ten_thousand();
    assert_eq!(org.users.len(), 10_000);
    let source =
        |wanted: &'static str| move |user: &SimUser| user.management_source.as_deref() == Some(wanted);
    assert_near("synced", share(org, source("synced")), 0.55, 0.02);
    assert_near("invited", share(org, source("invited")), 0.15, 0.02);
    let unmanaged = |user: &SimUser| user.claim_status == "unmanaged" && user.account_type == "atlassian";
    assert_near("unmanaged", share(org, unmanaged), 0.20, 0.02);
    let stopped = |user: &SimUser| matches!(user.status(), "suspended" | "deactivated" | "for_deletion");
    assert_near("suspended or deactivated", share(org, stopped), 0.05, 0.01);
    let for_deletion = org.users.iter().filter(|user| user.for_deletion).count();
    assert!((1..=20).contains(&for_deletion), "{for_deletion}");
    let both = |user: &SimUser| user.directories.len() == 2;
    assert_near("both directories", share(org, both), 0.01, 0.005);
    let omitted = |user: &SimUser| user.search_omits_activity && !user.is_service_account();
    assert_near("search omits activity", share(org, omitted), 0.01, 0.005);
    let domains: BTreeSet<&str> = org
        .users
        .iter()
        .filter(|user| unmanaged(user))
        .filter_map(|user| user.email.rsplit('@').next())
        .collect();
    assert!(domains.len() >= 4, "{domains:?}");
}

#[test]
fn activity_has_dormant_never_and_mixed_users() {
    let org = ten_thousand();
    let with_access: Vec<&SimUser> = org
        .users
        .iter()
        .filter(|user| !user.product_access.is_empty() && !user.is_service_account())
        .collect();
    let total = with_access.len() as f64;
    let never = with_access
        .iter()
        .filter(|user| idle_days(user).is_none())
        .count() as f64;
    assert_near("never active", never / total, 0.08, 0.02);
    let dormant = with_access
        .iter()
        .filter(|user| idle_days(user).is_some_and(|days| days > 90))
        .count();
    assert_near("idle > 90 days everywhere", dormant as f64 / total, 0.34, 0.05);
    let recent = |access: &crate::sim::model::SimProductAccess| {
        access
            .last_active
            .is_some_and(|last| epoch() - last <= TimeDelta::days(90))
    };
    let mixed = with_access
        .iter()
        .filter(|user| user.product_access.iter().any(recent) && !user.product_access.iter().all(recent))
        .count();
    assert!(mixed as f64 / total > 0.15, "{mixed}");
    let new_and_unused = with_access
        .iter()
        .filter(|user| epoch() - user.added_to_org <= TimeDelta::days(21) && idle_days(user).is_none())
        .count();
    assert!(new_and_unused >= 50, "{new_and_unused}");
    let oldest = org.users.iter().map(|user| user.added_to_org).min().unwrap();
    assert!(
        epoch() - oldest > TimeDelta::days(5 * 365),
        "history should span years: {oldest}"
    );
}

#[test]
fn minimums_hold_at_sixty_and_ten_thousand() {
    let sixty = generate(&options(60, 5, false)).unwrap();
    for org in [&sixty, ten_thousand()] {
        let admins: Vec<&SimUser> = org
            .users
            .iter()
            .filter(|user| !user.platform_roles.is_empty())
            .collect();
        assert!(admins.len() >= 5);
        assert!(admins.iter().any(|user| {
            user.platform_roles
                .iter()
                .any(|role| role == "atlassian/org-admin")
        }));
        assert!(
            admins
                .iter()
                .any(|user| idle_days(user).is_some_and(|days| days > 60)),
            "idle admins"
        );
        let services: Vec<&SimUser> = org
            .users
            .iter()
            .filter(|user| user.is_service_account())
            .collect();
        assert!(services.len() >= 5);
        for service in &services {
            assert_eq!(service.account_type, "app");
            assert!(service.search_omits_activity && !service.product_access.is_empty());
            assert!(
                service
                    .product_access
                    .iter()
                    .all(|access| access.last_active.is_none())
            );
        }
        let apps = org
            .users
            .iter()
            .filter(|user| user.account_type == "app" && user.email.is_empty())
            .count();
        assert!(apps >= 3);
        assert!(
            org.users
                .iter()
                .filter(|user| user.account_type == "customer")
                .count()
                >= 3
        );
        // Multi-site orgs (from MULTI_SITE_USERS) add the second site's seven groups.
        let groups = if org.products.len() > 4 { 45..=51 } else { 38..=44 };
        assert!(groups.contains(&org.groups.len()), "{}", org.groups.len());
        assert_integrity(org);
    }
}

#[test]
fn account_ids_and_emails_are_unique_and_well_formed() {
    let org = generate(&options(20_000, 8, true)).unwrap();
    let mut ids = HashSet::new();
    let mut emails = HashSet::new();
    let mut legacy = 0;
    for user in &org.users {
        assert!(
            ids.insert(user.account_id.as_str()),
            "duplicate {}",
            user.account_id
        );
        assert!(
            user.email.is_empty() || emails.insert(user.email.as_str()),
            "duplicate {}",
            user.email
        );
        let id = user.account_id.as_str();
        let uuid_like =
            |text: &str| text.len() == 36 && text.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit());
        if id.len() == 24 && id.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            legacy += 1;
        } else if let Some((prefix, rest)) = id.split_once(':') {
            assert!(["712020", "557058", "qm"].contains(&prefix), "{id}");
            assert!(rest.split(':').all(uuid_like), "{id}");
        } else {
            panic!("unexpected account id {id}");
        }
    }
    assert_near(
        "legacy ids",
        f64::from(legacy) / org.users.len() as f64,
        0.10,
        0.02,
    );
    assert_integrity(&org);
}

#[test]
fn user_count_changes_keep_the_org_frame() {
    let small = generate(&options(100, 99, false)).unwrap();
    let large = generate(&options(5_000, 99, false)).unwrap();
    assert_eq!(small.id, large.id);
    assert_eq!(small.groups, large.groups);
    assert_eq!(small.domains, large.domains);
    let verified = small
        .domains
        .iter()
        .filter(|domain| domain.status == "verified")
        .count();
    assert!(
        verified >= 2
            && small
                .domains
                .iter()
                .all(|domain| domain.name.ends_with(".example"))
    );
}

#[test]
fn hostile_mode_only_appends() {
    let plain = generate(&options(3_000, 12, false)).unwrap();
    let hostile = generate(&options(3_000, 12, true)).unwrap();
    assert_eq!(hostile.users.len(), 3_000 + 30);
    assert_eq!(&hostile.users[..3_000], plain.users.as_slice());
    assert_eq!(&hostile.groups[..plain.groups.len()], plain.groups.as_slice());
    assert_eq!(hostile.groups.len(), plain.groups.len() + 1);
    assert_integrity(&hostile);
    assert_eq!(generate(&options(10_000, 1, true)).unwrap().users.len(), 10_100);
}
