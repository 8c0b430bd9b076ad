//! The crash matrix extended to remove access (issue 18): the real binary is killed (SIGKILL) at
//! seeded users, paused after a membership removal was sent and before the journal recorded it;
//! `dormant resume --yes` then finishes the batch. The simulator's membership log must show
//! every planned membership of every user the batch acted on removed exactly once (the in-doubt
//! one recorded from the re-read, never sent again), and nothing else removed.

use crate::support::crash::kill_at_point;
use crate::support::home;
use dormant::sim::generate::SiteLayout;
use dormant::sim::{SimConfig, SimHandle};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::process::Command;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_mins(2);
/// Acting users (by position among them) the kills land at: first, middle, last-but-one.
const KILL_AT: [usize; 3] = [0, 7, 12];

fn command(sim: &SimHandle, home: &Path, args: &[&str]) -> Command {
    let mut command = Command::from(home::dormant_in(home));
    command
        .args(args)
        .current_dir(home)
        .env("DORMANT_BASE_URL", sim.base_url.as_str())
        .env("DORMANT_API_KEY", sim.key.expose())
        .stdin(Stdio::null())
        .kill_on_drop(true);
    command
}

async fn run(sim: &SimHandle, home: &Path, args: &[&str]) -> Output {
    timeout(DEADLINE, command(sim, home, args).output())
        .await
        .expect("finished before the deadline")
        .expect("binary runs")
}

async fn sim_get(sim: &SimHandle, path: &str) -> Value {
    let url = sim.base_url.join(path).expect("url");
    reqwest::Client::new()
        .get(url)
        .bearer_auth(sim.key.expose())
        .send()
        .await
        .expect("log read")
        .json()
        .await
        .expect("json")
}

/// `(account, group)` of every membership the simulator removed, with how many times.
async fn removals(sim: &SimHandle) -> BTreeMap<(String, String), usize> {
    let body = sim_get(sim, "__sim/memberships").await;
    let mut counted = BTreeMap::new();
    for change in body["memberships"].as_array().expect("log") {
        if change["change"] == "removed" {
            let key = (
                change["accountId"].as_str().expect("account").to_owned(),
                change["groupId"].as_str().expect("group").to_owned(),
            );
            *counted.entry(key).or_insert(0) += 1;
        }
    }
    counted
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_between_a_membership_removal_and_its_journal_resume_removes_each_once() {
    for kill_at in KILL_AT {
        kill_and_resume(kill_at).await;
    }
}

/// The `(account, group)` memberships of every user the plan acts on.
fn planned_memberships(entries: &[Value], acting: &[usize]) -> BTreeSet<(String, String)> {
    let mut expected = BTreeSet::new();
    for &at in acting {
        let account = entries[at]["account_id"].as_str().expect("account");
        for membership in entries[at]["memberships"].as_array().expect("memberships") {
            let group = membership["group_id"].as_str().expect("group");
            expected.insert((account.to_owned(), group.to_owned()));
        }
    }
    expected
}

/// Plans removing every idle (> 90 days) JSM seat in `home`, and returns the plan file.
async fn plan(sim: &SimHandle, home: &Path) -> Value {
    let args = [
        "plan",
        "--action",
        "remove-access",
        "--product",
        "jsm",
        "--filter",
        "seat-idle:jsm>90",
        "-o",
        "plan.json",
    ];
    let planned = run(sim, home, &args).await;
    assert!(
        planned.status.success(),
        "{}",
        String::from_utf8_lossy(&planned.stderr)
    );
    serde_json::from_slice(&std::fs::read(home.join("plan.json")).expect("plan")).expect("json")
}

/// A removal sent again after the kill would reach a non-member: the simulator logs that refusal.
async fn assert_nothing_resent(sim: &SimHandle, position: usize) {
    let actions = sim_get(sim, "__sim/actions").await;
    let resent: Vec<&Value> = actions["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter(|action| {
            action["effect"]
                .as_str()
                .is_some_and(|effect| effect.contains("not_a_member"))
        })
        .collect();
    assert!(
        resent.is_empty(),
        "kill at user {position}: sent again: {resent:?}"
    );
}

async fn kill_and_resume(kill_at: usize) {
    let sim = dormant::sim::start(SimConfig {
        users: 600,
        seed: 18,
        sites: SiteLayout::Multi,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let home = tempfile::tempdir().expect("home");
    let scratch = tempfile::tempdir().expect("scratch");
    let plan = plan(&sim, home.path()).await;
    let entries = plan["entries"].as_array().expect("entries");
    let acting: Vec<usize> = (0..entries.len())
        .filter(|&at| entries[at].get("refusal").is_none())
        .collect();
    assert!(
        acting.len() > KILL_AT[2],
        "enough users to kill among: {}",
        acting.len()
    );
    let position = acting[kill_at];

    let apply = command(&sim, home.path(), &["apply", "plan.json", "--yes"]);
    kill_at_point(
        apply,
        &format!("commit:membership-unjournalled:{position};"),
        scratch.path(),
    )
    .await;
    let killed_account = entries[position]["account_id"]
        .as_str()
        .expect("account")
        .to_owned();
    let sent = removals(&sim).await;
    assert!(
        sent.keys().any(|(account, _)| *account == killed_account),
        "the paused user's removal was sent before the kill"
    );

    let resumed = run(&sim, home.path(), &["resume", "--yes"]).await;
    assert!(
        resumed.status.success(),
        "resume: {}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let removed = removals(&sim).await;
    let expected = planned_memberships(entries, &acting);
    for (key, times) in &removed {
        assert_eq!(
            *times, 1,
            "kill at user {position}: {key:?} removed {times} times"
        );
        assert!(
            expected.contains(key),
            "kill at user {position}: {key:?} was not planned"
        );
    }
    assert_nothing_resent(&sim, position).await;
    // Users left untouched are the ones a direct assignment keeps (refused before any send).
    let untouched: BTreeSet<&String> = expected
        .iter()
        .filter(|key| !removed.contains_key(*key))
        .map(|(account, _)| account)
        .collect();
    assert!(
        untouched.len() <= 2,
        "kill at user {position}: untouched {untouched:?}"
    );
    assert!(
        !untouched.contains(&killed_account),
        "the paused user was acted on"
    );
    sim.shutdown().await;
}
