//! The key stays where it came from: a full console session (load, mark, preview, commit, quit)
//! run by the real binary in tmux with a recognisable key, debug logging to a file, and every
//! file dormant writes kept under a temporary home. Afterwards no file under that home, the log
//! included, contains the key, and every file dormant created is 0600 in 0700 directories.

#[path = "support/home.rs"]
mod home;
#[path = "support/tmux.rs"]
mod tmux;

use dormant::sim::SimConfig;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

const KEY: &str = "dormant-test-key-7f3a9c2e-NEVER-WRITE-ME";
fn files_below(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.push(path.clone());
            files_below(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_console_session_writes_the_key_nowhere() {
    let sim = dormant::sim::start(SimConfig {
        users: 300,
        seed: 8,
        key: Some(KEY.to_owned()),
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let root = tempfile::tempdir().expect("home");
    let home = root.path().join("home");
    std::fs::create_dir(&home).expect("home dir");
    let log = home.join("dormant.log");
    // The environment the binary runs with: the confined home, then the session's settings.
    let confined = home::dormant_in(&home);
    let mut env: Vec<String> = confined
        .get_envs()
        .filter_map(|(name, value)| Some(format!("{}={}", name.to_str()?, value?.to_str()?)))
        .collect();
    env.extend([
        format!("DORMANT_API_KEY={KEY}"),
        format!("DORMANT_BASE_URL={}", sim.base_url),
        format!("DORMANT_ORG_ID={}", sim.org_id),
        format!("DORMANT_LOG_FILE={}", log.display()),
        "RUST_LOG=debug".to_owned(),
    ]);
    let command = format!(
        "env -u DORMANT_PROFILE -u DORMANT_CONFIG {} {}; echo EXIT:$?; read wait_for_kill",
        env.join(" "),
        env!("CARGO_BIN_EXE_dormant")
    );
    let tmux = tmux::Tmux::start("secrets-test", 120, 32, &command);
    tmux.wait_for("the load", |screen| screen.contains("loaded 300 users"));
    tmux.keys(&["/"]);
    tmux.literal("lane:ready !type:synced");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the filter", |screen| {
        screen.contains("/ lane:ready !type:synced")
    });
    tmux.keys(&["space"]);
    tmux.keys(&["space"]);
    tmux.wait_for("the marks", |screen| screen.contains("2 marked →"));
    tmux.keys(&["p"]);
    tmux.wait_for("the preview", |screen| screen.contains("Suspend 2 users"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the question", |screen| screen.contains("now?"));
    tmux.keys(&["y"]);
    tmux.wait_for("the results", |screen| screen.contains("batch finished:"));
    tmux.keys(&["q"]);
    tmux.wait_for("the exit", |screen| screen.contains("EXIT:0"));
    drop(tmux);
    sim.shutdown().await;

    let mut found = Vec::new();
    files_below(&home, &mut found);
    let written: Vec<&PathBuf> = found.iter().filter(|path| path.is_file()).collect();
    assert!(
        written.len() >= 4,
        "snapshot, journal, audit and log expected: {written:?}"
    );
    assert!(
        std::fs::metadata(&log).expect("log").len() > 0,
        "debug logging wrote something"
    );
    for path in &found {
        let mode = std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
        if path.is_file() {
            let bytes = std::fs::read(path).expect("readable");
            assert!(
                !String::from_utf8_lossy(&bytes).contains(KEY),
                "{} contains the key",
                path.display()
            );
            assert_eq!(mode, 0o600, "{} is {mode:o}", path.display());
        } else {
            assert_eq!(mode, 0o700, "{} is {mode:o}", path.display());
        }
    }
}
