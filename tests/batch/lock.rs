//! One batch per org at a time, and a record that never lies (issue 19): the real binary against
//! the simulator on loopback. Two `apply` runs of one plan from one home: one acts, the other is
//! refused (exit 4), no user is sent twice. A holder killed with SIGKILL frees the org at once
//! and `resume` completes its batch. Two homes (two machines): every user is "done" in exactly
//! the batch that changed it and "already done elsewhere" in the other, and each undo restores
//! only its own users. `batch::commit` (the console's path) refuses a held org. The engine's side
//! of "already done elsewhere", deterministic, is in `lock_engine.rs`. Polls with
//! deadlines; never sleeps to wait.

use crate::support::batch::SimTarget;
use crate::support::crash::{DEADLINE, dormant_against, journal_in, run, sigkill};
use dormant::batch::journal::{JournalContents, read_journal};
use dormant::batch::{
    BatchStore, CancelToken, CommitError, CommitSettings, LockError, Outcome, Plan, PlanOptions, commit,
    commit_locked,
};
use dormant::sim::{Faults, SimConfig, SimHandle};
use dormant::store::Paths;
use dormant::test_hooks::{PAUSE_AT, PAUSE_FILE};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::process::Child;
use tokio::time::Instant;

const ACTING: usize = 30;

async fn simulator(seed: u64) -> (SimHandle, SimTarget) {
    let sim = dormant::sim::start(SimConfig {
        users: 300,
        seed,
        rate_limit_per_minute: 1_000_000,
        faults: Faults {
            latency_ms: 3,
            ..Faults::default()
        },
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
    (sim, target)
}

/// A suspend plan over `ACTING` users, written into `home`.
async fn plan_in(target: &SimTarget, home: &Path) -> (Plan, PathBuf) {
    let plan = SimTarget::plan(&target.index().await, ACTING, &PlanOptions::default());
    assert_eq!(plan.acting().count(), ACTING, "enough active unprotected users");
    let path = home.join("plan.json");
    std::fs::write(&path, serde_json::to_vec(&plan).expect("json")).expect("plan written");
    (plan, path)
}

fn apply_args(plan: &Path) -> Vec<String> {
    [
        "apply",
        &plan.display().to_string(),
        "--yes",
        "--concurrency",
        "1",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn dormant(home: &Path, target: &SimTarget, args: &[String]) -> tokio::process::Command {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    dormant_against(home, target, &args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited")
}

/// Starts `apply` paused right after the send to the third acting user (answered, not yet
/// journalled), holding the org's lock. Returns the paused child.
async fn paused_apply(home: &Path, target: &SimTarget, plan: &Plan, plan_path: &Path) -> Child {
    let position = plan
        .entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| entry.acts())
        .nth(2)
        .expect("three acting users")
        .0;
    let announce = home.join("paused");
    let mut child = dormant(home, target, &apply_args(plan_path))
        .env(PAUSE_AT, format!("commit:sent-unjournalled:{position};"))
        .env(PAUSE_FILE, &announce)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    while std::fs::read_to_string(&announce).map_or(true, |name| name.is_empty()) {
        assert!(
            child.try_wait().expect("status").is_none(),
            "exited before pausing"
        );
        assert!(started.elapsed() < DEADLINE, "never paused");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    child
}

fn journal(home: &Path) -> JournalContents {
    read_journal(&journal_in(home).expect("a journal")).expect("readable")
}

/// The journals `dormant` wrote with `home` as its HOME.
fn journals(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(home.join("data").join("dormant").join("batches"))
        .expect("batches")
        .map(|item| item.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
        .collect()
}

/// Accounts the simulator changed, each with how many mutation requests it got.
async fn sends(target: &SimTarget) -> HashMap<String, usize> {
    let mut sends = HashMap::new();
    for (account, _) in target.actions().await {
        *sends.entry(account).or_default() += 1;
    }
    sends
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_of_one_plan_from_one_home_one_acts_the_other_is_refused() {
    let (_sim, target) = simulator(11).await;
    let home = tempfile::tempdir().expect("home");
    let (_, plan_path) = plan_in(&target, home.path()).await;
    let args = apply_args(&plan_path);
    let (first, second) = tokio::join!(
        run(dormant(home.path(), &target, &args)),
        run(dormant(home.path(), &target, &args))
    );
    let mut codes = [code(&first), code(&second)];
    codes.sort_unstable();
    assert_eq!(codes, [0, 4], "{}\n{}", stderr(&first), stderr(&second));
    let refused = if code(&first) == 4 { &first } else { &second };
    let said = stderr(refused);
    assert!(
        said.contains("is being committed for") && said.contains("wait for it, or stop it")
            || said.contains("is being prepared for")
            || said.contains("already applied as batch"),
        "{said}"
    );
    let sends = sends(&target).await;
    assert_eq!(sends.len(), ACTING, "every planned user changed");
    assert!(
        sends.values().all(|&count| count == 1),
        "no user sent twice: {sends:?}"
    );
    assert!(
        target
            .actions()
            .await
            .iter()
            .all(|(_, effect)| effect == "suspended")
    );
    assert_eq!(journals(home.path()).len(), 1, "one batch");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_holder_frees_the_org_at_once_and_resume_completes_its_batch() {
    let (_sim, target) = simulator(12).await;
    let home = tempfile::tempdir().expect("home");
    let (plan, plan_path) = plan_in(&target, home.path()).await;
    let mut holder = paused_apply(home.path(), &target, &plan, &plan_path).await;
    let batch_id = journal(home.path()).batch_id;
    let holder_pid = holder.id().expect("running");

    let second = run(dormant(home.path(), &target, &apply_args(&plan_path))).await;
    assert_eq!(code(&second), 4, "{}", stderr(&second));
    let expected = format!(
        "batch {batch_id} is being committed for {} by PID {holder_pid} since ",
        target.org_id
    );
    assert!(stderr(&second).contains(&expected), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("; wait for it, or stop it"),
        "{}",
        stderr(&second)
    );
    let resume = ["resume".to_owned(), "--yes".to_owned()];
    let early = run(dormant(home.path(), &target, &resume)).await;
    assert_eq!(
        code(&early),
        4,
        "resume waits for the holder too: {}",
        stderr(&early)
    );
    assert!(stderr(&early).contains(&expected), "{}", stderr(&early));
    assert_eq!(target.actions().await.len(), 3, "only the holder sent anything");

    assert!(sigkill(&mut holder).await, "paused, so still running");
    let resumed = run(dormant(home.path(), &target, &resume)).await;
    assert_eq!(
        code(&resumed),
        0,
        "the lock died with its holder: {}",
        stderr(&resumed)
    );
    let sends = sends(&target).await;
    assert_eq!(sends.len(), ACTING);
    assert!(
        sends.values().all(|&count| count == 1),
        "no user sent twice: {sends:?}"
    );
    let finished = journal(home.path());
    assert!(finished.finished.is_some());
    let done = finished
        .outcomes
        .values()
        .filter(|(_, outcome)| matches!(outcome, Outcome::Succeeded { .. }))
        .count();
    assert_eq!(done, ACTING, "the killed run's own send is its own");

    let again = run(dormant(home.path(), &target, &apply_args(&plan_path))).await;
    assert_eq!(code(&again), 4, "{}", stderr(&again));
    assert!(
        stderr(&again).contains(&format!("already applied as batch {batch_id} on "))
            && stderr(&again).contains(&format!(": {ACTING} done; nothing to confirm")),
        "{}",
        stderr(&again)
    );
    assert_eq!(target.actions().await.len(), ACTING, "a plan runs once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_homes_record_done_only_where_the_change_was_made_and_undo_only_their_own() {
    let (_sim, target) = simulator(13).await;
    let (home_a, home_b) = (tempfile::tempdir().expect("a"), tempfile::tempdir().expect("b"));
    let (plan_a, path_a) = plan_in(&target, home_a.path()).await;
    let (_, path_b) = plan_in(&target, home_b.path()).await;
    let before = target.dump_users().await;

    // A stops mid-batch (its third user sent); B, on another machine, runs the same users.
    let mut a = paused_apply(home_a.path(), &target, &plan_a, &path_a).await;
    let mut args_b = apply_args(&path_b);
    args_b.extend([
        "--results".to_owned(),
        home_b.path().join("results.csv").display().to_string(),
    ]);
    let b = run(dormant(home_b.path(), &target, &args_b)).await;
    assert_eq!(code(&b), 0, "{}", stderr(&b));
    assert!(sigkill(&mut a).await);
    let resumed = run(dormant(
        home_a.path(),
        &target,
        &["resume".to_owned(), "--yes".to_owned()],
    ))
    .await;
    assert_eq!(code(&resumed), 0, "{}", stderr(&resumed));

    let sends = sends(&target).await;
    assert_eq!(sends.len(), ACTING);
    assert!(sends.values().all(|&count| count == 1), "{sends:?}");
    let (journal_a, journal_b) = (journal(home_a.path()), journal(home_b.path()));
    let done = |journal: &JournalContents| -> HashSet<String> {
        journal
            .outcomes
            .iter()
            .filter(|(_, (_, outcome))| matches!(outcome, Outcome::Succeeded { .. }))
            .map(|(account, _)| account.as_str().to_owned())
            .collect()
    };
    let elsewhere = |journal: &JournalContents| -> HashSet<String> {
        journal
            .outcomes
            .iter()
            .filter(|(_, (_, outcome))| matches!(outcome, Outcome::AlreadyDoneElsewhere { .. }))
            .map(|(account, _)| account.as_str().to_owned())
            .collect()
    };
    let (done_a, done_b) = (done(&journal_a), done(&journal_b));
    assert_eq!(
        done_a.len(),
        3,
        "A changed the users it reached before it stopped"
    );
    assert!(done_a.is_disjoint(&done_b), "no user is done by both");
    assert_eq!(done_a.len() + done_b.len(), ACTING);
    assert_eq!(elsewhere(&journal_a), done_b, "A found B's users already done");
    assert_eq!(elsewhere(&journal_b), done_a, "B found A's users already done");
    let results = std::fs::read_to_string(home_b.path().join("results.csv")).expect("results");
    assert_eq!(
        results.matches(",already_done_elsewhere,").count(),
        3,
        "{results}"
    );
    let history = run(dormant(
        home_b.path(),
        &target,
        &["history", "--format", "json"].map(str::to_owned),
    ))
    .await;
    let listed: serde_json::Value = serde_json::from_slice(&history.stdout).expect("json");
    assert_eq!(listed[0]["counts"]["elsewhere"], 3);
    assert_eq!(listed[0]["counts"]["succeeded"], ACTING - 3);

    let undo = |journal: &JournalContents| ["undo", journal.batch_id.as_str(), "--yes"].map(str::to_owned);
    let undone_b = run(dormant(home_b.path(), &target, &undo(&journal_b))).await;
    assert_eq!(code(&undone_b), 0, "{}", stderr(&undone_b));
    let after_b = target.dump_users().await;
    for account in &done_b {
        assert_eq!(
            after_b[account], before[account],
            "{account}: B restored its own user"
        );
    }
    for account in &done_a {
        assert_eq!(
            after_b[account]["membership_status"], "suspended",
            "{account}: A's, left alone"
        );
    }
    let undone_a = run(dormant(home_a.path(), &target, &undo(&journal_a))).await;
    assert_eq!(code(&undone_a), 0, "{}", stderr(&undone_a));
    let after_a = target.dump_users().await;
    for account in done_a.iter().chain(&done_b) {
        assert_eq!(
            after_a[account], before[account],
            "{account} restored once, by its own batch"
        );
    }
    let restores = target.actions().await.len() - ACTING;
    assert_eq!(restores, ACTING, "each user restored by exactly one undo");
}

/// The console commits through `batch::commit`, which takes the same lock: a held org is
/// refused with the same message before any request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_refuses_an_org_another_run_holds_before_any_request() {
    let (_sim, target) = simulator(14).await;
    let home = tempfile::tempdir().expect("home");
    let index = target.index().await;
    let plan = SimTarget::plan(&index, 5, &PlanOptions::default());
    let store = BatchStore::new(&Paths::under(home.path()));
    let held = store.lock_org(&plan.org_id, None).expect("free");
    let refused = commit(
        &target.gateway(),
        plan.clone(),
        &SimTarget::safeguard(&index),
        &store,
        &CommitSettings::default(),
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect_err("held");
    assert!(refused.is_refusal());
    assert!(
        matches!(refused, CommitError::Busy(LockError::Busy(_))),
        "{refused:?}"
    );
    let message = refused.to_string();
    assert!(
        message.starts_with(&format!(
            "a batch is being prepared for {} by PID {}",
            plan.org_id,
            std::process::id()
        )),
        "{message}"
    );
    assert!(target.actions().await.is_empty());
    assert!(
        store.journals().expect("journals").is_empty(),
        "no batch was started"
    );
    drop(held);
    // Free once every copy of the holder's descriptor is closed: a child this test process forks
    // for another test holds one until it execs, so the next holder polls with a deadline.
    let started = Instant::now();
    let lock = loop {
        match store.lock_org(&plan.org_id, None) {
            Ok(lock) => break lock,
            Err(error) => assert!(started.elapsed() < DEADLINE, "never freed: {error}"),
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    };
    let report = commit_locked(
        lock,
        &target.gateway(),
        plan,
        &SimTarget::safeguard(&index),
        &store,
        &CommitSettings::default(),
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect("free again");
    assert_eq!(report.counts.succeeded, 5);
}
