//! The simulator's ground truth (`GET /__sim/dump`) mapped by hand, field by field, to what a
//! load must produce, and the comparison. Independent of `dormant::api::convert` on purpose.

#![allow(dead_code)]

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use dormant::api::{Client, ClientConfig, LoadOptions, LoadOutcome, load_directory};
use dormant::directory::{Activity, Directory, User};
use dormant::sim::model::{SimOrg, SimUser};
use dormant::sim::{SimConfig, SimHandle};
use std::collections::{BTreeMap, BTreeSet};

/// A fixed epoch so every run generates the same org.
pub fn config(users: u32, seed: u64) -> SimConfig {
    SimConfig {
        users,
        seed,
        epoch: Some(
            DateTime::parse_from_rfc3339("2026-04-01T00:00:00Z")
                .expect("epoch")
                .with_timezone(&Utc),
        ),
        ..SimConfig::default()
    }
}

pub fn client(sim: &SimHandle) -> Client {
    let mut config = ClientConfig::new(sim.base_url.clone(), sim.key.clone());
    config.retry.jitter_seed = Some(11);
    Client::new(config).expect("client for the simulator")
}

pub async fn load(client: &Client, org_id: &str, options: &LoadOptions) -> LoadOutcome {
    load_directory(client, org_id, options, &|_| {})
        .await
        .expect("load")
}

pub async fn dump(sim: &SimHandle) -> SimOrg {
    inspect(sim, "__sim/dump").await
}

/// One of the simulator's inspection endpoints (`__sim/dump`, `__sim/stats`, `__sim/actions`).
pub async fn inspect<T: serde::de::DeserializeOwned>(sim: &SimHandle, path: &str) -> T {
    let url = sim.base_url.join(path).expect("inspection url");
    reqwest::Client::new()
        .get(url)
        .bearer_auth(sim.key.expose())
        .send()
        .await
        .unwrap_or_else(|error| panic!("{path} answered: {error}"))
        .error_for_status()
        .unwrap_or_else(|error| panic!("{path} ok: {error}"))
        .json()
        .await
        .unwrap_or_else(|error| panic!("{path} decodes: {error}"))
}

/// `(product key, last active to the second)` as a user's activity must show.
type ProductSet = BTreeSet<(String, Option<DateTime<Utc>>)>;

fn seconds(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(TimeDelta::seconds(1)).expect("truncates")
}

/// What the activity of `user` must be: the search's `productAccess` (every product with access),
/// or, for users the search omits, `last-active-dates` (only products actually used).
fn expected_products(user: &SimUser) -> ProductSet {
    user.product_access
        .iter()
        .filter(|access| !user.search_omits_activity || access.last_active.is_some())
        .map(|access| (access.key.clone(), access.last_active.map(seconds)))
        .collect()
}

fn loaded_products(user: &User) -> ProductSet {
    let Activity::Known(products) = &user.activity else {
        panic!("{} activity unknown", user.account_id)
    };
    products
        .iter()
        .map(|p| (p.product.as_str().to_owned(), p.last_active.map(seconds)))
        .collect()
}

/// Asserts the loaded directory holds exactly the dump's org, users and groups.
pub fn assert_matches(directory: &Directory, truth: &SimOrg) {
    assert_org_facts(directory, truth);
    assert_groups(directory, truth);
    assert_users(directory, truth);
}

fn assert_org_facts(directory: &Directory, truth: &SimOrg) {
    assert_eq!(
        (directory.org.id.as_str(), directory.org.name.as_str()),
        (truth.id.as_str(), truth.name.as_str())
    );
    let directories: BTreeSet<(&str, &str)> = directory
        .directories
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    let truth_directories: BTreeSet<(&str, &str)> = truth
        .directories
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    assert_eq!(directories, truth_directories);
    let domains: BTreeSet<(&str, bool)> = directory
        .domains
        .iter()
        .map(|d| (d.name.as_str(), d.verified))
        .collect();
    let truth_domains: BTreeSet<(&str, bool)> = truth
        .domains
        .iter()
        .map(|d| (d.name.as_str(), d.status == "verified"))
        .collect();
    assert_eq!(domains, truth_domains);
}

fn assert_groups(directory: &Directory, truth: &SimOrg) {
    let mut members: BTreeMap<&str, u64> = BTreeMap::new();
    for user in &truth.users {
        for group in &user.groups {
            *members.entry(group.as_str()).or_default() += 1;
        }
    }
    assert_eq!(directory.groups.len(), truth.groups.len());
    for group in &truth.groups {
        let loaded = directory
            .groups
            .iter()
            .find(|g| g.id.as_str() == group.id)
            .expect("group loaded");
        assert_eq!(loaded.name, group.name);
        assert_eq!(loaded.description, group.description);
        assert_eq!(
            loaded
                .directory_id
                .as_ref()
                .map(dormant::directory::DirectoryId::as_str),
            Some(group.directory_id.as_str())
        );
        assert_eq!(loaded.external_synced, group.external_synced);
        assert_eq!(
            loaded
                .managed_by
                .as_ref()
                .map(dormant::directory::GroupManagedBy::as_str),
            Some(group.managed_by.as_str())
        );
        assert_eq!(
            loaded.user_count,
            Some(members.get(group.id.as_str()).copied().unwrap_or(0)),
            "{}",
            group.name
        );
    }
}

fn assert_users(directory: &Directory, truth: &SimOrg) {
    assert_eq!(directory.users.len(), truth.users.len(), "user count");
    let loaded: BTreeMap<&str, &User> = directory
        .users
        .iter()
        .map(|u| (u.account_id.as_str(), u))
        .collect();
    assert_eq!(loaded.len(), directory.users.len(), "an account appears twice");
    for want in &truth.users {
        let got = loaded
            .get(want.account_id.as_str())
            .unwrap_or_else(|| panic!("{} missing", want.account_id));
        let id = &want.account_id;
        assert_eq!(got.account_type.as_str(), want.account_type, "{id}");
        assert_eq!(got.name, want.name, "{id}");
        assert_eq!(got.nickname.as_deref(), Some(want.nickname.as_str()), "{id}");
        // App accounts have no email: the dump keeps "", the wire leaves the field out.
        let email = Some(want.email.as_str()).filter(|email| !email.is_empty());
        assert_eq!(got.email.as_deref(), email, "{id}");
        assert_eq!(got.claim_status.as_str(), want.claim_status, "{id}");
        assert_eq!(
            got.management_source
                .as_ref()
                .map(dormant::directory::ManagementSource::as_str),
            want.management_source.as_deref(),
            "{id}"
        );
        assert_eq!(got.status.as_str(), want.status(), "{id}");
        assert_eq!(got.account_status.as_str(), want.account_status, "{id}");
        assert_eq!(got.membership_status.as_str(), want.membership_status, "{id}");
        let roles: Vec<&str> = got
            .platform_roles
            .iter()
            .map(dormant::directory::PlatformRole::as_str)
            .collect();
        assert_eq!(roles, want.platform_roles, "{id}");
        // A user the search left without activity, whose activity cannot change their lane or
        // seats, is not looked up: activity unknown, and the join date only if the search had it.
        let skipped = got.activity == Activity::Unknown;
        assert!(!skipped || want.search_omits_activity, "{id}: activity unknown");
        if !skipped || got.added_to_org.is_some() {
            assert_eq!(
                got.added_to_org.map(seconds),
                Some(seconds(want.added_to_org)),
                "{id}"
            );
        }
        let groups: BTreeSet<&str> = got
            .groups
            .iter()
            .map(dormant::directory::GroupId::as_str)
            .collect();
        assert_eq!(groups, want.groups.iter().map(String::as_str).collect(), "{id}");
        let dirs: BTreeSet<&str> = got
            .directories
            .iter()
            .map(dormant::directory::DirectoryId::as_str)
            .collect();
        assert_eq!(
            dirs,
            want.directories.iter().map(String::as_str).collect(),
            "{id}"
        );
        if !skipped {
            assert_eq!(loaded_products(got), expected_products(want), "{id}");
        }
    }
}
