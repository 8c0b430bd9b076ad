//! Crash safety of the real binary: `dormant apply` on a 300-user plan against a `dormant sim`
//! process is killed (SIGKILL) at 10 points (after N journal records, N fixed), then `dormant resume`
//! completes the batch. Each time the simulator's action log shows every planned user suspended
//! exactly once, and the journal agrees. Polls the journal with a deadline; never sleeps to wait.

use crate::support::batch;
use crate::support::crash;

use batch::SimTarget;
use crash::{SimProcess, dormant_against, journal_in, kill_after_records, run};
use dormant::batch::journal::{FinishState, read_journal};
use dormant::batch::{Outcome, PlanOptions};
use std::collections::HashMap;

const PLANNED: usize = 300;
/// Journal records written before the kill: header only, mid-way through the first users, …,
/// near the end (a 300-user batch writes 1 + 2 × 300 + 1 records).
const KILL_AFTER_RECORDS: [usize; 10] = [1, 2, 7, 60, 151, 232, 333, 404, 517, 598];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_ten_points_resume_acts_on_every_user_exactly_once() {
    let sim_home = tempfile::tempdir().expect("tempdir");
    let sim = SimProcess::start(sim_home.path(), 700, 3).await;
    let target = &sim.target;
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
        let apply = dormant_against(
            home.path(),
            target,
            &["apply", plan_path.to_str().expect("utf8"), "--yes"],
        );
        kill_after_records(apply, home.path(), records).await;
        let killed = read_journal(&journal_in(home.path()).expect("journal")).expect("readable after a kill");
        assert!(
            killed.finished.is_none(),
            "kill after {records}: apply had already finished"
        );
        let output = run(dormant_against(home.path(), target, &["resume", "--yes"])).await;
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
    sim.stop().await;
}
