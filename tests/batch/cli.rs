//! The batch commands as a script runs them: the real binary against an in-process simulator,
//! with HOME and the XDG directories in a temporary directory. `plan` writes a private plan,
//! `apply` refuses without `--yes` off a terminal (exit 4) and over the cap (exit 4), applies with
//! it, `history` lists the batch, `undo` restores the simulator's state, `resume` finds nothing;
//! a `--cap` outside 1 to 100,000 is a usage error (exit 2).

use crate::support::home;

use crate::support::batch as support;

use dormant::sim::{SimConfig, SimHandle};
use serde_json::Value;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;
use support::SimTarget;
use tokio::process::Command;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_mins(1);

pub(crate) struct Setup {
    pub(crate) sim: SimHandle,
    pub(crate) target: SimTarget,
    pub(crate) home: tempfile::TempDir,
}

impl Setup {
    pub(crate) async fn new() -> Self {
        let sim = dormant::sim::start(SimConfig {
            users: 150,
            seed: 8,
            ..SimConfig::default()
        })
        .await
        .expect("simulator starts");
        let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
        Self {
            sim,
            target,
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub(crate) async fn run(&self, args: &[&str]) -> Output {
        let home = self.home.path();
        let mut command = Command::from(home::dormant_in(home));
        command
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
}

pub(crate) fn code(output: &Output) -> i32 {
    output.status.code().expect("exited")
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn plan_apply_history_undo_resume_end_to_end() {
    let setup = Setup::new().await;
    let plan = setup
        .run(&["plan", "--filter", "lane:ready", "-o", "plan.json"])
        .await;
    assert_eq!(code(&plan), 0, "{}", stderr(&plan));
    let plan_path = setup.home.path().join("plan.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&plan_path).expect("plan").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let written: Value = serde_json::from_slice(&std::fs::read(&plan_path).expect("plan")).expect("json");
    let acting = written["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry.get("refusal").is_none())
        .count();
    assert!(acting > 5, "{acting} acting");

    let unconfirmed = setup.run(&["apply", "plan.json"]).await;
    assert_eq!(code(&unconfirmed), 4, "{}", stderr(&unconfirmed));
    assert!(stderr(&unconfirmed).contains("--yes"), "{}", stderr(&unconfirmed));
    let over_cap = setup.run(&["apply", "plan.json", "--yes", "--cap", "5"]).await;
    assert_eq!(code(&over_cap), 4, "{}", stderr(&over_cap));
    assert!(
        setup.target.actions().await.is_empty(),
        "refused runs changed nothing"
    );

    let before = setup.target.dump_users().await;
    let applied = setup
        .run(&["apply", "plan.json", "--yes", "--results", "results.csv"])
        .await;
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    let results = std::fs::read_to_string(setup.home.path().join("results.csv")).expect("results");
    assert_eq!(
        results.lines().count(),
        written["entries"].as_array().expect("entries").len() + 1
    );
    let actions = setup.target.actions().await;
    assert_eq!(actions.len(), acting);
    assert!(actions.iter().all(|(_, effect)| effect == "suspended"));

    let history = setup.run(&["history", "--format", "json"]).await;
    assert_eq!(code(&history), 0, "{}", stderr(&history));
    let listed: Value = serde_json::from_slice(&history.stdout).expect("json");
    assert_eq!(listed[0]["state"], "completed");
    assert_eq!(listed[0]["counts"]["succeeded"], acting);
    let batch_id = listed[0]["batch_id"].as_str().expect("id").to_owned();
    let table = setup.run(&["history"]).await;
    assert!(String::from_utf8_lossy(&table.stdout).contains(&batch_id));

    let undone = setup.run(&["undo", &batch_id, "--yes"]).await;
    assert_eq!(code(&undone), 0, "{}", stderr(&undone));
    let after = setup.target.dump_users().await;
    for (account, _) in &actions {
        assert_eq!(after[account], before[account], "{account} after undo");
    }

    let resumed = setup.run(&["resume"]).await;
    assert_eq!(code(&resumed), 0, "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains("nothing to resume"),
        "{}",
        stderr(&resumed)
    );
    let bad_id = setup.run(&["undo", "../../etc/passwd", "--yes"]).await;
    assert_eq!(code(&bad_id), 2, "{}", stderr(&bad_id));
    assert!(Path::new(&setup.home.path().join("data/dormant/audit.jsonl")).exists());
}

/// One cap rule for every source: a `--cap` outside 1 to 100,000 is refused before anything is
/// loaded (exit 2), as the config's `cap` is, naming the bound and where a cap is set.
#[tokio::test]
async fn a_cap_outside_the_bound_is_a_usage_error_as_in_the_config() {
    let setup = Setup::new().await;
    for args in [
        &[
            "plan",
            "--filter",
            "lane:ready",
            "-o",
            "plan.json",
            "--cap",
            "200000",
        ][..],
        &["apply", "plan.json", "--yes", "--cap", "0"],
    ] {
        let refused = setup.run(args).await;
        let text = stderr(&refused);
        assert_eq!(code(&refused), 2, "{args:?}: {text}");
        assert!(
            text.contains("from 1 to 100000") && text.contains("--cap") && text.contains("`cap`"),
            "{text}"
        );
    }
    assert!(
        !setup.home.path().join("plan.json").exists(),
        "nothing was planned"
    );
    assert!(setup.target.actions().await.is_empty(), "nothing was changed");
}
