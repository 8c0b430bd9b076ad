//! The `dormant` binary as a child process confined to a temporary home: its config, data and
//! cache directories live under `home`, and none of the caller's `DORMANT_*` settings leak in, so
//! every process-level test starts from the same clean slate. Nor does the machine's keychain:
//! `DORMANT_TEST_KEYCHAIN=memory` (honoured by debug builds only) gives each process an empty
//! in-memory credential store. A module of `support` in the test crates that need it.

#![allow(dead_code)]

use std::path::Path;

/// Every variable dormant reads its settings from; tests set the ones they need afterwards.
const SETTINGS_VARS: [&str; 7] = [
    "DORMANT_API_KEY",
    "DORMANT_SMTP_PASSWORD",
    "DORMANT_PROFILE",
    "DORMANT_CONFIG",
    "DORMANT_BASE_URL",
    "DORMANT_ORG_ID",
    "DORMANT_LOG_FILE",
];

/// `dormant` with `home` as its whole world (std; `tokio::process::Command::from` converts it).
pub fn dormant_in(home: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dormant"));
    confine(&mut command, home);
    command
}

/// The debug-only variable that replaces the OS keychain (`src/store/credentials/test_store.rs`).
pub const TEST_KEYCHAIN: &str = "DORMANT_TEST_KEYCHAIN";

/// Points every platform directory of `command` below `home`, clears dormant's settings, and
/// gives it an in-memory keychain instead of the machine's.
pub fn confine(command: &mut std::process::Command, home: &Path) {
    command
        .env(TEST_KEYCHAIN, "memory")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"));
    for var in SETTINGS_VARS {
        command.env_remove(var);
    }
}
