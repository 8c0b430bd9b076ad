//! No test depends on the machine's keychain: every binary a test spawns through
//! `support/home.rs` uses the in-memory store `DORMANT_TEST_KEYCHAIN=memory` selects (debug builds
//! only), never the Secret Service or the kernel keyring. And the message a machine without any
//! keychain gets is checked here deterministically (`DORMANT_TEST_KEYCHAIN=unavailable`), not by
//! whatever keychain the test machine happens to have. The real Secret Service has its own test
//! (`tests/keychain_secret_service.rs`), which `.ci/run` runs in a private D-Bus session.

use crate::support::home;

use dormant::sim::SimConfig;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::io::AsyncWriteExt as _;
use tokio::process::Command;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_mins(1);

/// Words only the platform keychains' descriptions and errors use.
const OS_KEYCHAIN_WORDS: [&str; 4] = ["Secret Service", "kernel", "D-Bus", "keyring"];

async fn dormant(home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::from(home::dormant_in(home));
    command
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().expect("binary starts");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(input.as_bytes()).await.expect("key written");
        drop(pipe);
    }
    timeout(DEADLINE, child.wait_with_output())
        .await
        .expect("finished before the deadline")
        .expect("binary ran")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn assert_no_os_keychain(what: &str, text: &str) {
    for word in OS_KEYCHAIN_WORDS {
        assert!(
            !text.contains(word),
            "{what} reached the machine's keychain ({word:?}): {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spawned_binary_uses_the_test_store_never_the_os_keychain() {
    let sim = dormant::sim::start(SimConfig {
        users: 20,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let home = tempfile::tempdir().expect("temp home");
    let base_url = sim.base_url.to_string();
    let key = format!("{}\n", sim.key.expose());

    let login = dormant(home.path(), &["login", "--base-url", &base_url], Some(&key)).await;
    let login_text = text(&login);
    assert_eq!(login.status.code(), Some(0), "{login_text}");
    assert!(
        login_text.contains("in the injected credential store"),
        "{login_text}"
    );
    assert_no_os_keychain("login", &login_text);

    // A fresh process: the in-memory store starts empty, and says where it looked.
    let status = dormant(home.path(), &["status"], None).await;
    let status_text = text(&status);
    assert_eq!(status.status.code(), Some(2), "{status_text}");
    assert!(
        status_text.contains("no API key is stored for profile default in the injected credential store"),
        "{status_text}"
    );
    assert_no_os_keychain("status", &status_text);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_machine_without_a_keychain_gets_a_usage_error_that_names_the_fix() {
    let home = tempfile::tempdir().expect("temp home");
    let mut command = Command::from(home::dormant_in(home.path()));
    command
        .env(home::TEST_KEYCHAIN, "unavailable")
        .args(["report", "--base-url", "http://127.0.0.1:9"])
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let output = timeout(DEADLINE, command.output())
        .await
        .expect("finished before the deadline")
        .expect("binary ran");
    let text = text(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    for needle in ["no OS keychain is usable", "DORMANT_API_KEY", "dbus-run-session"] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}
