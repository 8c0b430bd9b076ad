//! Crash safety of the real binary: `dormant apply` on a 300-user plan against a `dormant sim`
//! process is killed (SIGKILL) at 10 points (after N journal records, N fixed), then `dormant resume`
//! completes the batch. Each time the simulator's action log shows every planned user suspended
//! exactly once, and the journal agrees. Polls the journal with a deadline; never sleeps to wait.

#[path = "support/home.rs"]
mod home;

#[path = "support/batch.rs"]
mod support;

use dormant::batch::journal::{FinishState, read_journal};
use dormant::batch::{Outcome, PlanOptions};
use dormant::store::Secret;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use support::SimTarget;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::time::{Instant, timeout};

const DEADLINE: Duration = Duration::from_mins(2);
const PLANNED: usize = 300;
/// Journal records written before the kill: header only, mid-way through the first users, …,
/// near the end (a 300-user batch writes 1 + 2 × 300 + 1 records).
const KILL_AFTER_RECORDS: [usize; 10] = [1, 2, 7, 60, 151, 232, 333, 404, 517, 598];

fn dormant(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::from(home::dormant_in(home));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

async fn start_sim(home: &Path) -> (Child, SimTarget) {
    let mut child = dormant(
        home,
        &[
            "sim",
            "--users",
            "700",
            "--seed",
            "3",
            "--key",
            "crash-key",
            "--rate-limit",
            "1000000",
        ],
    )
    // Request logs go nowhere: an unread pipe would fill and stall the simulator.
    .stderr(Stdio::null())
    .spawn()
    .expect("sim starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    timeout(DEADLINE, BufReader::new(stdout).read_line(&mut line))
        .await
        .expect("announced in time")
        .expect("reads");
    let announced: serde_json::Value = serde_json::from_str(&line).expect("json line");
    let base = url::Url::parse(announced["base_url"].as_str().expect("base_url")).expect("url");
    let org = announced["org_id"].as_str().expect("org").to_owned();
    (child, SimTarget::new(base, org, Secret::new("crash-key".into())))
}

fn journal_in(home: &Path) -> Option<PathBuf> {
    let dir = home.join("data").join("dormant").join("batches");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|ext| ext == "jsonl"))
}

fn records_in(path: &Path) -> usize {
    std::fs::read(path).map_or(0, |bytes| memchr::memchr_iter(b'\n', &bytes).count())
}

/// Runs `apply` and SIGKILLs it once its journal holds `records` complete records (or lets it
/// finish if it gets there first).
async fn apply_and_kill(home: &Path, target: &SimTarget, plan: &Path, records: usize) {
    let mut child = dormant(home, &["apply", plan.to_str().expect("utf8"), "--yes"])
        .env("DORMANT_API_KEY", target.key.expose())
        .env("DORMANT_BASE_URL", target.base_url.as_str())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("apply starts");
    let started = Instant::now();
    loop {
        assert!(
            started.elapsed() < DEADLINE,
            "apply made no progress to {records} records"
        );
        if journal_in(home).is_some_and(|path| records_in(&path) >= records) {
            break;
        }
        if child.try_wait().expect("status").is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    let pid = Pid::from_raw(i32::try_from(child.id().unwrap_or(0)).expect("pid"));
    if child.try_wait().expect("status").is_none() {
        kill(pid, Signal::SIGKILL).expect("kill");
    }
    timeout(DEADLINE, child.wait())
        .await
        .expect("exits")
        .expect("status");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_ten_points_resume_acts_on_every_user_exactly_once() {
    let sim_home = tempfile::tempdir().expect("tempdir");
    let (mut sim, target) = start_sim(sim_home.path()).await;
    let index = target.index().await;
    let plan = SimTarget::plan(&index, PLANNED, &PlanOptions::default());
    assert_eq!(
        plan.acting().count(),
        PLANNED,
        "the org must have {PLANNED} active unprotected users"
    );
    let plan_path = sim_home.path().join("plan.json");
    std::fs::write(&plan_path, serde_json::to_vec(&plan).expect("json")).expect("plan written");

    for records in KILL_AFTER_RECORDS {
        target.reset().await;
        let home = tempfile::tempdir().expect("tempdir");
        apply_and_kill(home.path(), &target, &plan_path, records).await;
        let killed = read_journal(&journal_in(home.path()).expect("journal")).expect("readable after a kill");
        assert!(
            killed.finished.is_none(),
            "kill after {records}: apply had already finished"
        );
        let output = timeout(
            DEADLINE,
            dormant(home.path(), &["resume"])
                .env("DORMANT_API_KEY", target.key.expose())
                .env("DORMANT_BASE_URL", target.base_url.as_str())
                .output(),
        )
        .await
        .expect("resume finishes")
        .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "kill after {records}: resume failed: {stderr}"
        );

        let journal = read_journal(&journal_in(home.path()).expect("journal")).expect("readable journal");
        assert!(
            matches!(journal.finished, Some((_, FinishState::Completed, _))),
            "kill after {records}: not finished"
        );
        assert!(journal.in_doubt.is_empty());
        let mut actions: HashMap<String, Vec<String>> = HashMap::new();
        for (account, effect) in target.actions().await {
            actions.entry(account).or_default().push(effect);
        }
        for entry in plan.acting() {
            let logged = actions.remove(entry.account_id.as_str()).unwrap_or_default();
            assert_eq!(
                logged,
                ["suspended"],
                "kill after {records}: {}",
                entry.account_id
            );
            let outcome = journal.outcomes.get(&entry.account_id).map(|(_, o)| o);
            assert!(
                matches!(outcome, Some(Outcome::Succeeded { .. })),
                "kill after {records}: journal says {outcome:?} for {}",
                entry.account_id
            );
        }
        assert!(
            actions.is_empty(),
            "kill after {records}: unplanned actions {actions:?}"
        );
    }
    let pid = Pid::from_raw(i32::try_from(sim.id().expect("running")).expect("pid"));
    kill(pid, Signal::SIGTERM).expect("stop sim");
    timeout(DEADLINE, sim.wait())
        .await
        .expect("sim stops")
        .expect("status");
}
