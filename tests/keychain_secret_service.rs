//! The real Secret Service (gnome-keyring over D-Bus), driven through the real binary: `login`
//! stores a verified key, a fresh process reads it back (`status`, `report`), `logout` removes
//! it, and no file under HOME ever contains it. `.ci/run` runs this inside `dbus-run-session`
//! with an unlocked gnome-keyring and `DORMANT_REQUIRE_KEYCHAIN_TEST=1`, so there it must run;
//! elsewhere it skips, saying why, when no D-Bus session bus exists.

#[path = "support/home.rs"]
mod home;

use dormant::sim::SimConfig;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::io::AsyncWriteExt as _;
use tokio::process::Command;
use tokio::time::timeout;

/// Longest any one command may take (a deadline, never a wait).
const DEADLINE: Duration = Duration::from_mins(1);

fn session_bus_available() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|address| !address.is_empty())
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

async fn dormant(home: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::from(home::dormant_in(home));
    command
        // The one test that exists to reach the real keychain.
        .env_remove(home::TEST_KEYCHAIN)
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
    let output = timeout(DEADLINE, child.wait_with_output())
        .await
        .expect("finished before the deadline")
        .expect("binary ran");
    Run::from(output)
}

/// Every file under `root` (recursively) whose bytes contain `needle`.
fn files_containing(root: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(needle.len()).any(|window| window == needle)
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_status_logout_through_the_secret_service() {
    let required = std::env::var_os("DORMANT_REQUIRE_KEYCHAIN_TEST").is_some();
    if !session_bus_available() {
        assert!(
            !required,
            "DORMANT_REQUIRE_KEYCHAIN_TEST is set but DBUS_SESSION_BUS_ADDRESS is not: run this test \
             inside dbus-run-session with an unlocked gnome-keyring-daemon (see .ci/run)"
        );
        eprintln!(
            "SKIPPED keychain_secret_service: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset); \
             .ci/run runs it inside dbus-run-session with gnome-keyring"
        );
        return;
    }
    let sim = dormant::sim::start(SimConfig {
        users: 40,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let home = tempfile::tempdir().expect("temp home");
    let key = sim.key.expose().to_owned();
    // A profile of its own, so a developer's real keyring entries are never touched.
    let profile = format!("keychain-test-{}", std::process::id());
    let base_url = sim.base_url.to_string();
    let home = home.path();

    let login = dormant(
        home,
        &["--profile", &profile, "login", "--base-url", &base_url],
        Some(&format!("{key}\n")),
    )
    .await;
    assert_eq!(
        login.code,
        Some(0),
        "login failed: {}{}",
        login.stdout,
        login.stderr
    );
    assert!(login.stdout.contains("Secret Service"), "{}", login.stdout);
    assert!(login.stdout.contains(&sim.org_id), "{}", login.stdout);

    // A fresh process finds the key in the keyring, and the profile (org, base URL) in the config.
    let status = dormant(home, &["--profile", &profile, "status"], None).await;
    assert_eq!(status.code, Some(0), "{}{}", status.stdout, status.stderr);
    assert!(
        status.stdout.contains("key       in the Secret Service"),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains("works     yes"), "{}", status.stdout);
    let report = dormant(home, &["--profile", &profile, "report", "--format", "csv"], None).await;
    assert_eq!(report.code, Some(0), "{}", report.stderr);
    assert!(report.stdout.lines().count() > 40, "{}", report.stdout);

    let logout = dormant(home, &["--profile", &profile, "logout"], None).await;
    assert_eq!(logout.code, Some(0), "{}", logout.stderr);
    assert!(logout.stdout.contains("Removed the key"), "{}", logout.stdout);
    let after = dormant(home, &["--profile", &profile, "status"], None).await;
    assert_eq!(after.code, Some(2), "{}{}", after.stdout, after.stderr);
    assert!(after.stdout.contains("no API key is stored"), "{}", after.stdout);

    for run in [&login, &status, &report, &logout, &after] {
        assert!(
            !run.stdout.contains(&key) && !run.stderr.contains(&key),
            "the key was printed"
        );
    }
    let leaks = files_containing(home, key.as_bytes());
    assert!(leaks.is_empty(), "the key is in files under HOME: {leaks:?}");
    assert!(
        home.join("config/dormant/config.toml").exists(),
        "profile recorded"
    );
    sim.shutdown().await;
}
