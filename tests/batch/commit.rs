//! The commit engine against the simulator over loopback: every outcome matches the simulator's
//! action log exactly; under throttling, failures and dropped connections each user is still
//! changed exactly once; a user active after planning is skipped; undo restores the dump.

use crate::support::batch as support;

use dormant::batch::{
    BatchEnd, BatchReport, BatchStore, CancelToken, CommitSettings, Confirmation, Outcome, PlanOptions, Skip,
    commit, undo_plan,
};
use dormant::directory::DirectoryIndex;
use dormant::sim::{Faults, SimConfig, SimHandle};
use dormant::store::Paths;
use std::collections::HashMap;
use support::SimTarget;
use tempfile::TempDir;

struct Setup {
    _sim: SimHandle,
    target: SimTarget,
    home: TempDir,
}

async fn setup(users: u32, faults: Faults) -> Setup {
    let sim = dormant::sim::start(SimConfig {
        users,
        seed: 11,
        faults,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
    Setup {
        _sim: sim,
        target,
        home: tempfile::tempdir().expect("tempdir"),
    }
}

impl Setup {
    fn store(&self) -> BatchStore {
        BatchStore::new(&Paths::under(self.home.path()))
    }

    async fn run(&self, index: &DirectoryIndex, plan: dormant::batch::Plan) -> BatchReport {
        let settings = CommitSettings {
            concurrency: 4,
            ..CommitSettings::default()
        };
        commit(
            &self.target.gateway(),
            plan,
            &SimTarget::safeguard(index),
            &self.store(),
            &settings,
            |_| {},
            &CancelToken::new(),
        )
        .await
        .expect("commit runs")
    }
}

/// Each succeeded user has exactly one action in the log, with `effect`; nobody else has any.
fn assert_log_matches(report: &BatchReport, actions: &[(String, String)], effect: &str) {
    let mut per_account: HashMap<&str, Vec<&str>> = HashMap::new();
    for (account, done) in actions {
        per_account.entry(account).or_default().push(done);
    }
    for outcome in &report.outcomes {
        let logged = per_account
            .remove(outcome.account_id.as_str())
            .unwrap_or_default();
        match &outcome.outcome {
            Outcome::Succeeded { .. } => assert_eq!(logged, [effect], "{}", outcome.account_id),
            other => assert!(
                logged.is_empty(),
                "{}: {other} but logged {logged:?}",
                outcome.account_id
            ),
        }
    }
    assert!(
        per_account.is_empty(),
        "actions on accounts outside the batch: {per_account:?}"
    );
}

#[tokio::test]
async fn every_outcome_matches_the_action_log_and_undo_restores_the_dump() {
    let setup = setup(150, Faults::default()).await;
    let index = setup.target.index().await;
    let plan = SimTarget::plan(&index, 60, &PlanOptions::default());
    let before = setup.target.dump_users().await;
    let report = setup.run(&index, plan).await;
    assert_eq!(report.end, BatchEnd::Completed);
    assert_eq!(report.counts.remaining(), 0);
    assert!(report.counts.succeeded > 40, "{}", report.counts);
    assert_log_matches(&report, &setup.target.actions().await, "suspended");

    let journal = setup.store().read(&report.batch_id).expect("journal");
    let undo = undo_plan(&journal, chrono::Utc::now()).expect("undo plan");
    assert_eq!(undo.entries.len(), report.counts.succeeded);
    let undone = setup.run(&index, undo).await;
    assert_eq!(
        undone.counts.succeeded, report.counts.succeeded,
        "{}",
        undone.counts
    );
    let after = setup.target.dump_users().await;
    for outcome in &report.outcomes {
        let id = outcome.account_id.as_str();
        assert_eq!(after[id], before[id], "{id} differs after undo");
    }
    let history = setup.store().history().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].undo_of.as_ref(), Some(&report.batch_id));
}

#[tokio::test]
async fn a_user_active_after_planning_is_skipped_and_never_touched() {
    let setup = setup(120, Faults::default()).await;
    let index = setup.target.index().await;
    let plan = SimTarget::plan(&index, 30, &PlanOptions::default());
    let woke: Vec<String> = plan.acting().take(3).map(|e| e.account_id.to_string()).collect();
    for account in &woke {
        setup.target.touch(account, "jira").await;
    }
    let report = setup.run(&index, plan).await;
    for outcome in report
        .outcomes
        .iter()
        .filter(|o| woke.contains(&o.account_id.to_string()))
    {
        assert!(
            matches!(
                outcome.outcome,
                Outcome::Skipped {
                    skip: Skip::ActiveSinceLoad { .. }
                }
            ),
            "{}: {}",
            outcome.account_id,
            outcome.outcome
        );
    }
    assert_log_matches(&report, &setup.target.actions().await, "suspended");
}

#[tokio::test]
async fn throttling_failures_and_drops_still_change_each_user_exactly_once() {
    let faults = Faults {
        throttle_rate: 0.3,
        fail_rate: 0.05,
        drop_rate: 0.01,
        seed: 5,
        ..Faults::default()
    };
    let setup = setup(120, faults).await;
    let index = setup.target.index().await;
    let plan = SimTarget::plan(&index, 80, &PlanOptions::default());
    let report = setup.run(&index, plan).await;
    assert_eq!(report.end, BatchEnd::Completed, "{}", report.counts);
    assert_log_matches(&report, &setup.target.actions().await, "suspended");
    let reread = report
        .outcomes
        .iter()
        .filter(|o| {
            matches!(
                o.outcome,
                Outcome::Succeeded {
                    confirmed_by: Confirmation::Reread
                }
            )
        })
        .count();
    assert!(
        report.counts.succeeded > 50,
        "{} ({reread} confirmed by re-reading)",
        report.counts
    );
}

#[tokio::test]
async fn deactivate_with_a_login_message_matches_the_log_and_undo_re_enables() {
    let setup = setup(150, Faults::default()).await;
    let index = setup.target.index().await;
    let options = PlanOptions {
        action: dormant::batch::BatchAction::Deactivate,
        message: Some("Your account was deactivated for inactivity; contact IT".into()),
        ..PlanOptions::default()
    };
    let plan = SimTarget::plan(&index, 120, &options);
    assert!(
        plan.entries.iter().any(|e| e.refusal.is_some()),
        "synced or unmanaged users are refused"
    );
    let before = setup.target.dump_users().await;
    let report = setup.run(&index, plan).await;
    assert_eq!(report.end, BatchEnd::Completed);
    assert!(report.counts.succeeded > 5, "{}", report.counts);
    assert_log_matches(&report, &setup.target.actions().await, "disabled");
    let journal = setup.store().read(&report.batch_id).expect("journal");
    let undone = setup
        .run(&index, undo_plan(&journal, chrono::Utc::now()).expect("undo"))
        .await;
    assert_eq!(undone.counts.succeeded, report.counts.succeeded);
    let after = setup.target.dump_users().await;
    for outcome in &report.outcomes {
        let id = outcome.account_id.as_str();
        assert_eq!(after[id], before[id], "{id} differs after undo");
    }
}
