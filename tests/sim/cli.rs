//! `dormant sim` as a user runs it: the real binary announces itself with one JSON line, serves
//! authenticated requests, stops cleanly on SIGINT/SIGTERM, and refuses bad flags clearly.

// Helpers outside #[test] fns panic too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used)]

use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_secs(30);

fn dormant(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dormant"));
    command
        .args(args)
        .env_remove("DORMANT_SIM_KEY")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Starts `dormant sim` and reads its announcement line (within the deadline).
async fn start_sim(extra: &[&str]) -> (Child, Value) {
    let mut args = vec!["sim", "--port", "0", "--users", "40", "--seed", "3"];
    args.extend_from_slice(extra);
    let mut child = dormant(&args).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    timeout(DEADLINE, BufReader::new(stdout).read_line(&mut line))
        .await
        .expect("no announcement line in time")
        .unwrap();
    (child, serde_json::from_str(&line).unwrap())
}

async fn stop_with(mut child: Child, signal: Signal) -> (ExitStatus, String) {
    let mut stderr = child.stderr.take().unwrap();
    let pid = Pid::from_raw(i32::try_from(child.id().unwrap()).unwrap());
    kill(pid, signal).unwrap();
    let status = timeout(DEADLINE, child.wait())
        .await
        .expect("did not stop in time")
        .unwrap();
    let mut log = String::new();
    stderr.read_to_string(&mut log).await.unwrap();
    (status, log)
}

/// Runs a command that must exit by itself; returns its status and stderr.
async fn run_to_exit(args: &[&str]) -> (ExitStatus, String) {
    let output = timeout(DEADLINE, dormant(args).output())
        .await
        .expect("did not exit in time")
        .unwrap();
    (output.status, String::from_utf8(output.stderr).unwrap())
}

#[tokio::test]
async fn announces_serves_and_stops_cleanly_on_sigint() {
    let (child, announced) = start_sim(&["--key", "cli-test-key"]).await;
    let base_url = url::Url::parse(announced["base_url"].as_str().unwrap()).unwrap();
    assert_eq!(base_url.host_str(), Some("127.0.0.1"));
    assert_eq!(announced["key"], "cli-test-key");
    let org_id = announced["org_id"].as_str().unwrap();
    assert!(!org_id.is_empty());

    let http = reqwest::Client::new();
    let org_url = base_url.join("admin/v1/orgs/").unwrap().join(org_id).unwrap();
    let response = http
        .get(org_url.clone())
        .bearer_auth("cli-test-key")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert!(response.headers().contains_key("x-ratelimit-remaining"));
    let unauthenticated = http.get(org_url).send().await.unwrap();
    assert_eq!(unauthenticated.status(), reqwest::StatusCode::UNAUTHORIZED);

    let (status, log) = stop_with(child, Signal::SIGINT).await;
    assert!(status.success(), "{status:?}\n{log}");
    assert!(log.contains("status=200") && log.contains("status=401"), "{log}");
    assert!(!log.contains("cli-test-key"), "the key must never be logged");
}

#[tokio::test]
async fn a_generated_key_is_announced_and_sigterm_stops_cleanly() {
    let (child, announced) = start_sim(&[]).await;
    let key = announced["key"].as_str().unwrap();
    assert!(key.len() >= 32, "{key}");
    let base_url = url::Url::parse(announced["base_url"].as_str().unwrap()).unwrap();
    let response = reqwest::Client::new()
        .get(base_url.join("__sim/stats").unwrap())
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let (status, log) = stop_with(child, Signal::SIGTERM).await;
    assert!(status.success(), "{status:?}\n{log}");
    assert!(!log.contains(key), "the key must never be logged");
}

#[tokio::test]
async fn bad_flags_exit_2_with_a_clear_message() {
    let cases: [(&[&str], &str); 4] = [
        (&["sim", "--fail-rate", "1.5"], "outside 0..=1"),
        (&["sim", "--drop-rate", "often"], "not a number"),
        (&["sim", "--users", "0"], "--users"),
        (&["sim", "--epoch", "01/03/2026"], "YYYY-MM-DD"),
    ];
    for (args, expected) in cases {
        let (status, stderr) = run_to_exit(args).await;
        assert_eq!(status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn a_busy_port_exits_2_naming_the_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (status, stderr) = run_to_exit(&["sim", "--port", &port, "--users", "10"]).await;
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
}
