//! The key stays where it came from (README "Guarantees", promise 4). A full console session (load,
//! mark, preview, commit, undo from the history, quit) runs the real binary in tmux with a
//! recognisable key, debug logging to a file, stderr to a file, and every file dormant writes kept
//! under a temporary home. A second session is made to panic once the org has loaded (a debug-build
//! fault point, `src/test_hooks.rs`). Afterwards no file under that home, the log, stderr and the
//! panic message included, contains the key; every file dormant created is 0600 in 0700
//! directories; and the panic left the terminal restored.

use crate::support::expected;
use crate::support::home;
use crate::support::tmux;

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

/// The id on a results page (`batch ID completed`), if the screen shows one.
fn batch_id(screen: &str) -> Option<&str> {
    screen.lines().find_map(|line| {
        let rest = &line[line.find("│batch ")? + "│batch ".len()..];
        rest.split(' ').next()
    })
}

/// The effect of every mutation the simulator applied, in order.
async fn sim_actions(sim: &dormant::sim::SimHandle) -> Vec<String> {
    let body: serde_json::Value = expected::inspect(sim, "__sim/actions").await;
    body["actions"]
        .as_array()
        .expect("an actions array")
        .iter()
        .map(|action| action["effect"].as_str().expect("an effect").to_owned())
        .collect()
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
    // The shell, not dormant, creates these, so they sit beside the home rather than in it.
    let stderr = root.path().join("stderr.txt");
    let command = |extra: &str, stderr: &Path| {
        format!(
            "env -u DORMANT_PROFILE -u DORMANT_CONFIG {} {extra} {} 2>{}; echo EXIT:$?; read wait_for_kill",
            env.join(" "),
            env!("CARGO_BIN_EXE_dormant"),
            stderr.display()
        )
    };
    let tmux = tmux::Tmux::start("secrets-test", 120, 32, &command("", &stderr));
    commit_then_undo(&tmux);
    tmux.keys(&["q"]);
    tmux.wait_for("the exit", |screen| screen.contains("EXIT:0"));
    drop(tmux);
    let actions = sim_actions(&sim).await;
    assert_eq!(
        actions.iter().filter(|a| a.contains("suspend")).count(),
        2,
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|a| a.contains("restore")).count(),
        2,
        "{actions:?}"
    );

    // A panic once the org has loaded: the terminal comes back and the message holds no key.
    let panic_stderr = root.path().join("panic-stderr.txt");
    let tmux = tmux::Tmux::start(
        "secrets-panic",
        120,
        32,
        &command("DORMANT_TEST_PANIC_AT=console:loaded", &panic_stderr),
    );
    tmux.wait_for("the panic exit", |screen| screen.contains("EXIT:101"));
    assert_eq!(tmux.format("#{alternate_on}"), "0", "left the alternate screen");
    assert_eq!(tmux.format("#{cursor_flag}"), "1", "the cursor is visible again");
    drop(tmux);
    sim.shutdown().await;
    let panic_message = std::fs::read_to_string(&panic_stderr).expect("panic stderr");
    assert!(
        panic_message.contains("forced panic at console:loaded: Services"),
        "the panic printed its message: {panic_message}"
    );
    let session_stderr = std::fs::read_to_string(&stderr).expect("stderr");
    assert!(!session_stderr.contains("panicked"), "{session_stderr}");
    for (name, text) in [("stderr", &session_stderr), ("the panic message", &panic_message)] {
        assert!(!text.contains(KEY), "{name} contains the key: {text}");
    }

    assert_keyless_and_private(&home, &log);
}

/// Load, filter, mark two users, commit their suspension, then undo it from the history page.
fn commit_then_undo(tmux: &tmux::Tmux) {
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
    let results = tmux.wait_for("the results", |screen| screen.contains("batch finished:"));
    let first_batch = batch_id(&results);
    tmux.keys(&["Escape"]);
    // A key sent right behind Escape would arrive as Alt+key: wait for the page to close first.
    tmux.wait_for("the results to close", |screen| !screen.contains("┌ results"));
    tmux.keys(&["H"]);
    tmux.wait_for("the history", |screen| {
        screen.contains("suspend") && screen.contains("2 done")
    });
    tmux.keys(&["u"]);
    tmux.wait_for("the undo preview", |screen| screen.contains("Restore 2 users"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the undo question", |screen| screen.contains("now?"));
    tmux.keys(&["y"]);
    // The first batch's status line is still on screen until the undo ends: wait for its page.
    tmux.wait_for("the undo results", |screen| {
        screen.contains("batch finished: 2 done")
            && batch_id(screen).is_some_and(|id| Some(id) != first_batch)
    });
}

/// Every file under `home` is 0600 without the key, every directory 0700, and the log was written.
fn assert_keyless_and_private(home: &Path, log: &Path) {
    let mut found = Vec::new();
    files_below(home, &mut found);
    let written: Vec<&PathBuf> = found.iter().filter(|path| path.is_file()).collect();
    assert!(
        written.len() >= 4,
        "snapshot, journal, audit and log expected: {written:?}"
    );
    assert!(
        std::fs::metadata(log).expect("log").len() > 0,
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

/// A base URL that would carry the key in clear text (or over anything but HTTPS) is refused by
/// every command that talks to the API, before any request, naming the fix; nothing is written.
#[test]
fn a_base_url_that_is_not_https_is_refused_before_the_key_leaves() {
    let root = tempfile::tempdir().expect("home");
    let commands: [&[&str]; 4] = [
        &["report"],
        &["plan", "--filter", "lane:ready", "--output", "plan.json"],
        &[],
        &["warn", "--filter", "lane:ready"],
    ];
    for (base_url, reason) in [
        ("http://api.example.com", "unencrypted"),
        ("http://10.0.0.1:8080", "unencrypted"),
        ("ftp://api.example.com", "only https://"),
    ] {
        for args in commands {
            let output = home::dormant_in(root.path())
                .current_dir(root.path())
                .args(args)
                .env("DORMANT_API_KEY", KEY)
                .env("DORMANT_BASE_URL", base_url)
                .env("DORMANT_ORG_ID", "org-1")
                .output()
                .expect("dormant runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?} {base_url}: {stderr}");
            assert!(
                stderr.contains(reason) && stderr.contains(base_url),
                "{args:?}: {stderr}"
            );
            assert!(!stderr.contains(KEY) && !String::from_utf8_lossy(&output.stdout).contains(KEY));
        }
    }
    let mut written = Vec::new();
    files_below(root.path(), &mut written);
    assert!(
        written.iter().all(|path| path.is_dir()),
        "refused runs wrote nothing: {written:?}"
    );
}
