//! `read_only = true` in a profile, as every batch command meets it: the real binary against an
//! in-process simulator, in a confined home with a read-write and a read-only profile. `plan`,
//! `apply`, `undo`, `resume` and `warn` each refuse with exit 4, naming the profile, the config
//! file and the `read_only` key, and the simulator records no change. `resume` off a terminal
//! also needs `--yes`, as `apply` does.

use crate::support::home;

use crate::support::batch as support;

use chrono::Utc;
use dormant::batch::journal::{JOURNAL_FORMAT, JournalRecord, JournalWriter};
use dormant::batch::{Confirmed, PlanOptions};
use dormant::sim::{SimConfig, SimHandle};
use dormant::types::BatchId;
use std::process::{Output, Stdio};
use std::time::Duration;
use support::SimTarget;
use tokio::process::Command;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_mins(1);

const CONFIG: &str = "[profiles.rw]\ncap = 500\n\n[profiles.ro]\nread_only = true\n";

struct Setup {
    sim: SimHandle,
    target: SimTarget,
    home: tempfile::TempDir,
}

impl Setup {
    async fn new() -> Self {
        let sim = dormant::sim::start(SimConfig {
            users: 120,
            seed: 21,
            ..SimConfig::default()
        })
        .await
        .expect("simulator starts");
        let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::write(home.path().join("dormant.toml"), CONFIG).expect("config");
        Self { sim, target, home }
    }

    async fn run(&self, profile: &str, args: &[&str]) -> Output {
        let home = self.home.path();
        let mut command = Command::from(home::dormant_in(home));
        command
            .arg("--config")
            .arg(home.join("dormant.toml"))
            .arg("--profile")
            .arg(profile)
            .args(args)
            .current_dir(home)
            .env("DORMANT_BASE_URL", self.sim.base_url.as_str())
            .env("DORMANT_API_KEY", self.sim.key.expose())
            .stdin(Stdio::null())
            .kill_on_drop(true);
        timeout(DEADLINE, command.output())
            .await
            .expect("finished before the deadline")
            .expect("binary runs")
    }

    fn config_path(&self) -> String {
        self.home.path().join("dormant.toml").display().to_string()
    }

    /// Exit 4 and a message naming the profile, the config file, the key and the fix.
    fn assert_read_only_refusal(&self, output: &Output, command: &str) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(4), "{command}: {stderr}");
        for needed in [
            "profile ro is read-only",
            "read_only = true",
            "[profiles.ro]",
            &self.config_path(),
            "set `read_only = false` there",
            "`dormant status`",
        ] {
            assert!(stderr.contains(needed), "{command}: no {needed:?} in {stderr}");
        }
    }

    async fn plan_with_rw(&self) {
        let plan = self
            .run("rw", &["plan", "--filter", "lane:ready", "-o", "plan.json"])
            .await;
        assert_eq!(plan.status.code(), Some(0), "{}", stderr(&plan));
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn status_shows_the_mode_the_refusals_point_to() {
    let setup = Setup::new().await;
    let status = setup.run("ro", &["status"]).await;
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(stdout.contains("read-only"), "{stdout}");
    assert!(stdout.contains(&setup.config_path()), "{stdout}");
}

#[tokio::test]
async fn plan_refuses_a_read_only_profile_and_writes_no_plan() {
    let setup = Setup::new().await;
    let output = setup
        .run("ro", &["plan", "--filter", "lane:ready", "-o", "plan.json"])
        .await;
    setup.assert_read_only_refusal(&output, "plan");
    assert!(!setup.home.path().join("plan.json").exists());
}

#[tokio::test]
async fn apply_refuses_a_read_only_profile_with_or_without_yes() {
    let setup = Setup::new().await;
    setup.plan_with_rw().await;
    let with_yes = setup.run("ro", &["apply", "plan.json", "--yes"]).await;
    setup.assert_read_only_refusal(&with_yes, "apply --yes");
    let without = setup.run("ro", &["apply", "plan.json"]).await;
    setup.assert_read_only_refusal(&without, "apply");
    assert!(setup.target.actions().await.is_empty(), "nothing was changed");
    assert!(
        !setup.home.path().join("data/dormant/batches").exists(),
        "no journal was started"
    );
}

#[tokio::test]
async fn undo_refuses_a_read_only_profile() {
    let setup = Setup::new().await;
    setup.plan_with_rw().await;
    let applied = setup.run("rw", &["apply", "plan.json", "--yes"]).await;
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let done = setup.target.actions().await.len();
    assert!(done > 0);
    let history = setup.run("rw", &["history", "--format", "json"]).await;
    let listed: serde_json::Value = serde_json::from_slice(&history.stdout).expect("json");
    let batch_id = listed[0]["batch_id"].as_str().expect("id").to_owned();
    let undone = setup.run("ro", &["undo", &batch_id, "--yes"]).await;
    setup.assert_read_only_refusal(&undone, "undo");
    assert_eq!(setup.target.actions().await.len(), done, "nothing was restored");
}

#[tokio::test]
async fn resume_refuses_a_read_only_profile_and_asks_for_yes_off_a_terminal() {
    let setup = Setup::new().await;
    let index = setup.target.index().await;
    let mut plan = SimTarget::plan(&index, 5, &PlanOptions::default());
    plan.confirmed = Some(Confirmed::all());
    let batch_id = BatchId::new(Utc::now());
    let header = JournalRecord::Header {
        format: JOURNAL_FORMAT,
        batch_id: batch_id.clone(),
        operator: "test".to_owned(),
        started_at: Utc::now(),
        plan_id: None,
        plan,
    };
    let journals = setup.home.path().join("data/dormant/batches");
    drop(JournalWriter::create(&journals, &header, &batch_id).expect("journal"));

    let read_only = setup.run("ro", &["resume", "--yes"]).await;
    setup.assert_read_only_refusal(&read_only, "resume --yes");
    let unasked = setup.run("rw", &["resume"]).await;
    assert_eq!(unasked.status.code(), Some(4), "{}", stderr(&unasked));
    assert!(stderr(&unasked).contains("pass --yes"), "{}", stderr(&unasked));
    assert!(
        stderr(&unasked).contains(batch_id.as_str()),
        "{}",
        stderr(&unasked)
    );
    assert!(setup.target.actions().await.is_empty(), "nothing was resumed");

    let resumed = setup.run("rw", &["resume", "--yes"]).await;
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert_eq!(setup.target.actions().await.len(), 5);
}

#[tokio::test]
async fn warn_refuses_a_read_only_profile_and_records_nothing() {
    let setup = Setup::new().await;
    let output = setup.run("ro", &["warn", "--filter", "lane:ready"]).await;
    setup.assert_read_only_refusal(&output, "warn");
    assert!(!setup.home.path().join("data/dormant/warnings").exists());
}
