//! `dormant plan --include-lane` as a script runs it, against the simulator in a confined home:
//! a filter for active users plans nobody (each refused with the lane and its reasons) and
//! `apply --yes` changes nothing; with `--include-lane active` the plan records the choice and
//! the preview shows the section apart; a plan file hand-edited to act on active users without
//! the choice is refused user by user at commit.

use crate::support::home;

use crate::support::batch as support;

use dormant::sim::{SimConfig, SimHandle};
use serde_json::Value;
use std::process::{Output, Stdio};
use std::time::Duration;
use support::SimTarget;
use tokio::process::Command;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_mins(1);
const ACTIVE: &str = "lane:active idle:<7";

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
        Self {
            sim,
            target,
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    async fn run(&self, args: &[&str]) -> Output {
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

    fn plan_file(&self, name: &str) -> Value {
        serde_json::from_slice(&std::fs::read(self.home.path().join(name)).expect("plan")).expect("json")
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn entries(plan: &Value) -> &Vec<Value> {
    plan["entries"].as_array().expect("entries")
}

#[tokio::test]
async fn active_users_are_refused_unless_included_and_a_hand_edit_cannot_include_them() {
    let setup = Setup::new().await;
    let plain = setup.run(&["plan", "--filter", ACTIVE, "-o", "plain.json"]).await;
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let text = stderr(&plain);
    assert!(text.starts_with("Suspend 0 users"), "{text}");
    assert!(text.contains("refused, not cleanup-ready"), "{text}");
    assert!(text.contains("`dormant plan --include-lane active`"), "{text}");
    let written = setup.plan_file("plain.json");
    assert!(entries(&written).len() > 3, "the filter selects active users");
    assert!(
        entries(&written)
            .iter()
            .all(|entry| entry["refusal"]["kind"] == "not_cleanup_ready")
    );
    let nothing = setup.run(&["apply", "plain.json", "--yes"]).await;
    assert_eq!(nothing.status.code(), Some(4), "{}", stderr(&nothing));

    let included = setup
        .run(&[
            "plan",
            "--filter",
            ACTIVE,
            "--include-lane",
            "active",
            "-o",
            "included.json",
        ])
        .await;
    assert_eq!(included.status.code(), Some(0), "{}", stderr(&included));
    let text = stderr(&included);
    let count = entries(&written).len();
    assert!(
        text.contains(&format!(
            "  {count} not cleanup-ready: {count} active in the last 30 days, most recent"
        )),
        "{text}"
    );
    assert!(text.contains("--include-lane active"), "{text}");
    assert_eq!(
        setup.plan_file("included.json")["include_lanes"],
        serde_json::json!(["active"])
    );

    // The plain plan, edited by hand to act on everyone, as the included plan would.
    let mut edited = written.clone();
    for entry in edited["entries"].as_array_mut().expect("entries") {
        let object = entry.as_object_mut().expect("entry");
        object.remove("refusal");
        object.insert("section".into(), Value::from("not_cleanup_ready"));
    }
    std::fs::write(
        setup.home.path().join("edited.json"),
        serde_json::to_vec(&edited).expect("json"),
    )
    .expect("write");
    let applied = setup
        .run(&["apply", "edited.json", "--yes", "--results", "results.json"])
        .await;
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    assert!(setup.target.actions().await.is_empty(), "nobody was suspended");
    let results: Value =
        serde_json::from_slice(&std::fs::read(setup.home.path().join("results.json")).expect("results"))
            .expect("json");
    let text = results.to_string();
    assert!(text.contains("not_cleanup_ready"), "{text}");
}

#[tokio::test]
async fn include_lane_names_only_review_or_active() {
    let setup = Setup::new().await;
    for (lane, hint) in [
        ("protected", "never acted on"),
        ("ready", "without --include-lane"),
        ("idle", "review, active"),
    ] {
        let output = setup
            .run(&["plan", "--filter", ACTIVE, "--include-lane", lane, "-o", "p.json"])
            .await;
        assert_eq!(output.status.code(), Some(2), "{lane}: {}", stderr(&output));
        assert!(stderr(&output).contains(hint), "{lane}: {}", stderr(&output));
    }
}
