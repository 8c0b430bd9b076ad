//! Advice that names something real but must also help, checked by running the binary: a config
//! error does not suggest `--offline` (which fails the same way), `status` against a host that
//! does not answer says so instead of "no usable API key", and a restore does not suggest undoing
//! itself. Also what the audit log records about who ran a batch.

use crate::support::home;

use dormant::sim::{SimConfig, SimHandle};
use serde_json::Value;
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::process::Command;
use tokio::time::timeout;

/// Longest any one run may take before the test fails (a deadline, never a wait).
const DEADLINE: Duration = Duration::from_mins(2);

async fn run(home: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::from(home::dormant_in(home));
    command
        .args(args)
        .current_dir(home)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    for (name, value) in env {
        command.env(name, value);
    }
    timeout(DEADLINE, command.output())
        .await
        .expect("finished before the deadline")
        .expect("binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn a_config_error_does_not_suggest_offline_which_fails_the_same_way() {
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("broken.toml");
    std::fs::write(&config, "[thresholds]\nidle_days = \"ninety\"\n").expect("config");
    let config = config.to_str().expect("utf-8 path");
    let env = [("DORMANT_CONFIG", config), ("DORMANT_API_KEY", "not-used")];
    let online = run(home.path(), &["report"], &env).await;
    assert_eq!(online.status.code(), Some(2), "{}", stderr(&online));
    assert!(stderr(&online).contains("idle_days"), "{}", stderr(&online));
    assert!(!stderr(&online).contains("--offline"), "{}", stderr(&online));
    // What the old advice led to: the same error.
    let offline = run(home.path(), &["report", "--offline"], &env).await;
    assert_eq!(offline.status.code(), Some(2), "{}", stderr(&offline));
    assert!(stderr(&offline).contains("idle_days"), "{}", stderr(&offline));
}

#[tokio::test]
async fn a_missing_key_still_suggests_offline() {
    let home = tempfile::tempdir().expect("tempdir");
    let output = run(home.path(), &["report", "--org", "5e1a7c02-9b3d"], &[]).await;
    assert_ne!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("--offline"), "{}", stderr(&output));
}

#[tokio::test]
async fn status_against_a_host_that_does_not_answer_says_so() {
    let home = tempfile::tempdir().expect("tempdir");
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let env = [
        ("DORMANT_API_KEY", "ATCTT3xFfGN0-an-api-key-that-is-never-checked"),
        ("DORMANT_BASE_URL", url.as_str()),
    ];
    let output = run(home.path(), &["status"], &env).await;
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(!text.contains("no usable API key"), "{text}");
    assert!(text.contains("could not reach the API at"), "{text}");
    assert!(text.contains("base_url"), "{text}");
    assert!(stdout(&output).contains("not checked"), "{}", stdout(&output));
}

struct Sim {
    sim: SimHandle,
    home: tempfile::TempDir,
}

impl Sim {
    async fn start() -> Self {
        let sim = dormant::sim::start(SimConfig {
            users: 80,
            seed: 16,
            ..SimConfig::default()
        })
        .await
        .expect("simulator starts");
        Self {
            sim,
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    async fn run(&self, args: &[&str]) -> Output {
        let url = self.sim.base_url.to_string();
        let key = self.sim.key.expose().to_owned();
        let env = [
            ("DORMANT_BASE_URL", url.as_str()),
            ("DORMANT_API_KEY", key.as_str()),
            ("USER", "ada"),
        ];
        run(self.home.path(), args, &env).await
    }
}

#[tokio::test]
async fn a_restore_does_not_suggest_undoing_itself_and_the_audit_log_says_who() {
    let setup = Sim::start().await;
    let plan = setup
        .run(&[
            "plan",
            "--filter",
            "lane:ready",
            "--cap",
            "100",
            "-o",
            "plan.json",
        ])
        .await;
    assert_eq!(plan.status.code(), Some(0), "{}", stderr(&plan));
    let applied = setup.run(&["apply", "plan.json", "--yes", "--cap", "100"]).await;
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let history = setup.run(&["history", "--format", "json"]).await;
    let listed: Value = serde_json::from_slice(&history.stdout).expect("json");
    let batch_id = listed[0]["batch_id"].as_str().expect("id").to_owned();
    assert!(
        stderr(&applied).contains(&format!("(undo with `dormant undo {batch_id}`)")),
        "{}",
        stderr(&applied)
    );
    let undone = setup.run(&["undo", &batch_id, "--yes"]).await;
    assert_eq!(undone.status.code(), Some(0), "{}", stderr(&undone));
    assert!(stderr(&undone).contains("restored"), "{}", stderr(&undone));
    assert!(!stderr(&undone).contains("undo with"), "{}", stderr(&undone));

    let audit =
        std::fs::read_to_string(setup.home.path().join("data/dormant/audit.jsonl")).expect("audit log");
    let records: Vec<Value> = audit
        .lines()
        .map(|line| serde_json::from_str(line).expect("json line"))
        .collect();
    assert_eq!(records.len(), 2, "{audit}");
    let host = dormant::store::Operator::current_host();
    for record in &records {
        let who = record["who"].as_str().expect("who");
        assert!(who.contains("ada"), "the OS user: {who}");
        assert!(who.contains(&host), "the host: {who}");
        assert!(who.contains("profile default"), "the profile: {who}");
        assert!(who.contains("DORMANT_API_KEY"), "where the key came from: {who}");
    }
    setup.sim.shutdown().await;
}
