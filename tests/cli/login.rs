//! `dormant login`'s core against the simulator on loopback, with `keyring_core::mock` as the
//! keychain: a working key is verified, stored and its profile recorded; a wrong, non-admin or
//! wrong-org key is refused and nothing is stored; a keychain failure is reported clearly. Also
//! the settings every command resolves: profile policy plus the persisted exclusions.

use chrono::{DateTime, Utc};
use dormant::cli::login::{self, LoginError};
use dormant::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings};
use dormant::directory::AccountId;
use dormant::sim::{RestrictedKey, RestrictedKind, SimConfig, SimHandle};
use dormant::store::Paths;
use dormant::store::config::ProfileName;
use dormant::store::credentials::{Keychain, KeychainKind};
use dormant::types::Secret;
use keyring_core::{CredentialStore, mock};
use std::path::Path;
use std::sync::Arc;

const NOT_ADMIN_KEY: &str = "restricted-not-an-admin-key";

async fn sim() -> SimHandle {
    dormant::sim::start(SimConfig {
        users: 30,
        restricted_keys: vec![RestrictedKey {
            key: NOT_ADMIN_KEY.to_owned(),
            kind: RestrictedKind::NotOrgAdmin,
        }],
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

fn login_settings(root: &Path, profile: &str, base_url: &str, org: Option<&str>) -> Settings {
    let global = GlobalArgs {
        config: Some(root.join("config.toml")),
        profile: Some(profile.parse().expect("profile name")),
    };
    let api = ApiArgs {
        base_url: Some(base_url.to_owned()),
        org: org.map(|org| org.parse().expect("org id")),
    };
    Settings::load_with(Paths::under(root), &global, &api, ProfileLookup::OrNew).expect("settings")
}

fn mock_keychain() -> (Arc<CredentialStore>, Keychain) {
    let store: Arc<CredentialStore> = mock::Store::new().expect("mock store");
    (store.clone(), Keychain::new(store, KeychainKind::Injected))
}

fn stored(store: &Arc<CredentialStore>, profile: &str) -> Option<Secret> {
    let name: ProfileName = profile.parse().expect("name");
    Keychain::new(store.clone(), KeychainKind::Injected)
        .read(&name)
        .expect("mock read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_working_key_is_verified_stored_and_its_profile_recorded() {
    let sim = sim().await;
    let root = tempfile::tempdir().expect("temp dir");
    let (store, keychain) = mock_keychain();
    let settings = login_settings(root.path(), "acme", sim.base_url.as_str(), None);
    let outcome = login::login(&settings, sim.key.clone(), keychain)
        .await
        .expect("login");
    assert_eq!(outcome.verified.org_id, sim.org_id);
    assert_eq!(
        stored(&store, "acme").as_ref().map(Secret::expose),
        Some(sim.key.expose())
    );
    let text = login::describe(&outcome);
    assert!(
        text.contains("Stored it for profile acme") && text.contains(&sim.org_id),
        "{text}"
    );
    assert!(!text.contains(sim.key.expose()), "the key is never printed");
    let config = std::fs::read_to_string(root.path().join("config.toml")).expect("config written");
    assert!(
        !config.contains(sim.key.expose()),
        "the key never reaches the config"
    );
    // The next run needs no flags: the profile carries org and base URL.
    let global = GlobalArgs {
        config: Some(root.path().join("config.toml")),
        profile: None,
    };
    let again = Settings::load_with(
        Paths::under(root.path()),
        &global,
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect("reloads");
    assert_eq!(again.profile.name.as_str(), "acme");
    assert_eq!(
        again.org_id.as_ref().map(dormant::types::OrgId::as_str),
        Some(sim.org_id.as_str())
    );
    assert_eq!(again.base_url, sim.base_url);
    assert!(again.profile.configured);
    assert_eq!(
        outcome.default_profile.as_str(),
        "acme",
        "the first profile becomes the default"
    );
    // A second org: recorded too, and the message says how to select it.
    let (_, other_keychain) = mock_keychain();
    let beta = login_settings(root.path(), "beta", sim.base_url.as_str(), None);
    let second = login::login(&beta, sim.key.clone(), other_keychain)
        .await
        .expect("login");
    let text = login::describe(&second);
    assert!(
        text.contains("plain `dormant` uses profile acme; add `--profile beta`"),
        "{text}"
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_non_admin_and_wrong_org_keys_are_refused_and_nothing_is_stored() {
    let sim = sim().await;
    let root = tempfile::tempdir().expect("temp dir");
    let (store, keychain) = mock_keychain();
    let base = sim.base_url.as_str();
    let cases = [
        (Secret::new("not-the-key".into()), None, "401"),
        (Secret::new(NOT_ADMIN_KEY.into()), None, "not an admin"),
        (sim.key.clone(), Some("some-other-org"), "does not see org"),
    ];
    for (key, org, says) in cases {
        let settings = login_settings(root.path(), "acme", base, org);
        let error = login::login(&settings, key, keychain.clone())
            .await
            .expect_err("refused");
        assert!(matches!(error, LoginError::Refused(_)), "{error}");
        let message = error.to_string();
        assert!(
            message.contains("NOT stored") && message.contains(says),
            "{says}: {message}"
        );
        assert!(error.is_usage(), "{message}");
    }
    assert!(stored(&store, "acme").is_none());
    assert!(
        !root.path().join("config.toml").exists(),
        "nothing recorded for a refused key"
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keychain_failure_is_reported_and_the_profile_not_recorded() {
    let sim = sim().await;
    let root = tempfile::tempdir().expect("temp dir");
    let (store, keychain) = mock_keychain();
    let entry = keyring_core::Entry::new_in_store(&store, "dormant", "acme").expect("entry");
    let cred: &mock::Cred = entry.as_any().downcast_ref().expect("mock credential");
    cred.set_error(keyring_core::Error::NoStorageAccess(
        "collection is locked".into(),
    ));
    let settings = login_settings(root.path(), "acme", sim.base_url.as_str(), None);
    let error = login::login(&settings, sim.key.clone(), keychain)
        .await
        .expect_err("store failed");
    let message = error.to_string();
    assert!(
        message.contains("works, but was not stored") && message.contains("locked"),
        "{message}"
    );
    assert!(!message.contains(sim.key.expose()));
    assert!(!root.path().join("config.toml").exists());
    sim.shutdown().await;
}

#[test]
fn settings_carry_the_profile_policy_and_the_persisted_exclusions() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        root.path().join("config.toml"),
        "[profiles.acme]\norg_id = \"o-1\"\ncap = 20\nread_only = true\n[profiles.acme.thresholds]\nidle_days = 45\n",
    )
    .expect("config");
    let global = GlobalArgs {
        config: Some(root.path().join("config.toml")),
        profile: Some("acme".parse().expect("name")),
    };
    let paths = Paths::under(root.path());
    let first = Settings::load_with(
        paths.clone(),
        &global,
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect("settings");
    let at = DateTime::<Utc>::UNIX_EPOCH;
    first
        .allowlist_file
        .add(
            AccountId::from("acc-1"),
            "on parental leave",
            Some("Ada".into()),
            at,
        )
        .expect("excluded");
    let settings =
        Settings::load_with(paths, &global, &ApiArgs::default(), ProfileLookup::Existing).expect("settings");
    let (policy, exclusions) = settings.triage_rules();
    assert_eq!(policy.thresholds.idle_days.get(), 45);
    assert_eq!((settings.cap().get(), settings.read_only()), (20, true));
    assert_eq!(
        exclusions
            .get(&AccountId::from("acc-1"))
            .map(|e| e.reason.as_str()),
        Some("on parental leave")
    );
    assert_eq!(settings.base_url.as_str(), "https://api.atlassian.com/");
    assert!(settings.keys().is_empty());
}

#[test]
fn a_config_named_explicitly_must_exist_except_for_login() {
    let root = tempfile::tempdir().expect("temp dir");
    let global = GlobalArgs {
        config: Some(root.path().join("typo.toml")),
        profile: None,
    };
    let paths = Paths::under(root.path());
    let error = Settings::load_with(
        paths.clone(),
        &global,
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect_err("missing explicit config");
    assert!(
        error.to_string().contains("does not exist") && error.is_usage(),
        "{error}"
    );
    assert!(Settings::load_with(paths, &global, &ApiArgs::default(), ProfileLookup::OrNew).is_ok());
}
