//! The keychain seam against `keyring_core::mock`, one store per test: save, read, replace,
//! delete, the env → keychain order, and store errors surfaced as clear, key-free messages.

use dormant::store::config::ProfileName;
use dormant::store::credentials::{
    CredentialError, KEYCHAIN_SERVICE, KeySource, Keychain, KeychainKind, resolve_key, resolve_key_async,
};
use dormant::types::Secret;
use keyring_core::{CredentialStore, Entry, mock};
use std::ffi::OsString;
use std::sync::Arc;

const KEY: &str = "ATATT-test-key-value-1234";

fn mock_store() -> Arc<CredentialStore> {
    mock::Store::new().expect("mock store")
}

fn profile(name: &str) -> ProfileName {
    name.parse().expect("profile name")
}

/// Makes the next call on the mock credential of `profile` fail with `error`.
fn fail_next(store: &Arc<CredentialStore>, profile: &ProfileName, error: keyring_core::Error) {
    let entry = Entry::new_in_store(store, KEYCHAIN_SERVICE, profile.as_str()).expect("entry");
    let cred: &mock::Cred = entry.as_any().downcast_ref().expect("a mock credential");
    cred.set_error(error);
}

#[test]
fn save_read_replace_delete() {
    let keychain = Keychain::new(mock_store(), KeychainKind::Injected);
    let acme = profile("acme");
    assert_eq!(keychain.read(&acme).expect("read"), None);
    keychain.save(&acme, &Secret::new(KEY.into())).expect("save");
    assert_eq!(
        keychain.read(&acme).expect("read").as_ref().map(Secret::expose),
        Some(KEY)
    );
    keychain
        .save(&acme, &Secret::new("replacement".into()))
        .expect("replace");
    let replaced = keychain.read(&acme).expect("read");
    assert_eq!(replaced.as_ref().map(Secret::expose), Some("replacement"));
    assert_eq!(
        keychain.read(&profile("other")).expect("read"),
        None,
        "per profile"
    );
    assert!(keychain.delete(&acme).expect("delete"));
    assert!(!keychain.delete(&acme).expect("second delete is a no-op"));
    assert_eq!(keychain.read(&acme).expect("read"), None);
}

#[test]
fn a_locked_store_says_unlock_or_use_the_env_var_and_never_the_key() {
    let store = mock_store();
    let keychain = Keychain::new(store.clone(), KeychainKind::SecretService);
    let acme = profile("acme");
    keychain.save(&acme, &Secret::new(KEY.into())).expect("save");
    fail_next(
        &store,
        &acme,
        keyring_core::Error::NoStorageAccess("collection is locked".into()),
    );
    let error = keychain.read(&acme).expect_err("locked");
    assert!(matches!(error, CredentialError::Locked { .. }));
    let message = error.to_string();
    for needle in ["locked", "unlock", "DORMANT_API_KEY", "Secret Service", "acme"] {
        assert!(message.contains(needle), "{needle:?} missing from {message}");
    }
    assert!(error.is_usage());
    // The failure was one-off: the key is still there.
    assert_eq!(
        keychain.read(&acme).expect("read").as_ref().map(Secret::expose),
        Some(KEY)
    );
}

#[test]
fn stored_bytes_are_never_quoted_back() {
    let store = mock_store();
    let keychain = Keychain::new(store.clone(), KeychainKind::Injected);
    let acme = profile("acme");
    fail_next(
        &store,
        &acme,
        keyring_core::Error::BadEncoding(KEY.as_bytes().to_vec()),
    );
    let error = keychain.read(&acme).expect_err("not text");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(KEY) && !shown.contains("ATATT"), "{shown}");
    assert!(shown.contains("dormant login --profile acme"), "{shown}");
    fail_next(
        &store,
        &acme,
        keyring_core::Error::PlatformFailure("dbus went away".into()),
    );
    let failure = keychain
        .save(&acme, &Secret::new(KEY.into()))
        .expect_err("platform failure");
    let shown = format!("{failure} {failure:?}");
    assert!(
        shown.contains("dbus went away") && shown.contains("save the key"),
        "{shown}"
    );
    assert!(!shown.contains(KEY), "{shown}");
}

#[test]
fn the_environment_wins_and_the_keychain_is_not_even_opened() {
    let acme = profile("acme");
    let resolved = resolve_key(Some(OsString::from("from-env")), &acme, || {
        panic!("the keychain must not be opened when DORMANT_API_KEY is set")
    })
    .expect("env key");
    assert_eq!(
        (resolved.key.expose(), resolved.source),
        ("from-env", KeySource::Environment)
    );
    let empty = resolve_key(Some(OsString::new()), &acme, || panic!("not opened")).expect_err("empty");
    assert!(matches!(empty, CredentialError::EnvEmpty), "{empty}");
}

#[test]
fn without_env_the_keychain_is_used_and_absence_says_how_to_log_in() {
    let store = mock_store();
    let acme = profile("acme");
    let open = || Ok(Keychain::new(store.clone(), KeychainKind::MacosKeychain));
    let missing = resolve_key(None, &acme, open).expect_err("nothing stored");
    let message = missing.to_string();
    assert!(
        message.contains("dormant login --profile acme") && message.contains("macOS"),
        "{message}"
    );
    Keychain::new(store.clone(), KeychainKind::MacosKeychain)
        .save(&acme, &Secret::new(KEY.into()))
        .expect("save");
    let resolved = resolve_key(None, &acme, open).expect("stored key");
    assert_eq!(resolved.source, KeySource::Keychain(KeychainKind::MacosKeychain));
    assert_eq!(resolved.key.expose(), KEY);
    let unusable = resolve_key(None, &acme, || {
        Err(CredentialError::NoKeychain {
            reason: "no D-Bus session bus".into(),
        })
    })
    .expect_err("no keychain");
    let message = unusable.to_string();
    assert!(
        message.contains("no D-Bus session bus") && message.contains("DORMANT_API_KEY"),
        "{message}"
    );
    assert!(message.contains("never keeps the key in a file"), "{message}");
}

#[tokio::test]
async fn async_resolution_runs_off_the_runtime_workers() {
    let store = mock_store();
    let acme = profile("acme");
    Keychain::new(store.clone(), KeychainKind::Injected)
        .save(&acme, &Secret::new(KEY.into()))
        .expect("save");
    let resolved = resolve_key_async(None, acme, move || {
        Ok(Keychain::new(store, KeychainKind::Injected))
    })
    .await
    .expect("resolved");
    assert_eq!(resolved.key.expose(), KEY);
    assert!(!format!("{resolved:?}").contains(KEY));
}
