//! `dormant` without a command, as a process: the first-run explanation when nothing is set up,
//! and a clear error (not a corrupted terminal) when there is no terminal to draw on.

use crate::support::home;

use std::process::{Command, Stdio};

/// The binary in a new session (`setsid`), so it has no controlling terminal even when the tests
/// run from one: the console must then refuse to start rather than take over the developer's tty.
fn dormant(home: &std::path::Path) -> Command {
    let mut command = Command::new("setsid");
    command
        .args(["--wait", env!("CARGO_BIN_EXE_dormant")])
        .stdin(Stdio::null());
    home::confine(&mut command, home);
    command
}

#[test]
fn with_nothing_set_up_it_explains_the_first_steps() {
    let home = tempfile::tempdir().expect("home");
    let out = dormant(home.path()).output().expect("runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("dormant login") && text.contains("dormant demo"),
        "{text}"
    );
    assert!(text.contains("Settings → API keys"), "{text}");
}

#[tokio::test]
async fn without_a_terminal_the_console_says_so_and_exits_1() {
    let sim = dormant::sim::start(dormant::sim::SimConfig {
        users: 50,
        ..dormant::sim::SimConfig::default()
    })
    .await
    .expect("sim");
    let home = tempfile::tempdir().expect("home");
    let out = dormant(home.path())
        .env("DORMANT_API_KEY", sim.key.expose())
        .env("DORMANT_BASE_URL", sim.base_url.as_str())
        .env("DORMANT_ORG_ID", &sim.org_id)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("interactive terminal"), "{stderr}");
    assert!(!stderr.contains(sim.key.expose()), "the key never appears");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains('\u{1b}'),
        "nothing was drawn"
    );
    sim.shutdown().await;
}
