//! The console's batch effects against the simulator over loopback, without a terminal: a
//! confirmed plan is committed with live progress and every outcome matches the simulator's action
//! log; results export to CSV and JSON (also when asked for right before quitting: closing waits
//! for it), the `IdP` handoff of the synced users it changed next to the journal; the history
//! lists the batch; its undo plan restores.

use crate::support::batch as support;

use dormant::batch::{BatchEnd, PlanOptions};
use dormant::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings};
use dormant::sim::SimConfig;
use dormant::store::Paths;
use dormant::tui::runtime::{Executor, Services};
use dormant::tui::{Effect, Msg};
use std::time::Duration;
use support::SimTarget;
use tokio::sync::mpsc;

async fn next(msgs: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_mins(1), msgs.recv())
        .await
        .expect("an answer in time")
        .expect("channel open")
}

/// Messages until the run ends; returns the progress reports seen and the end.
async fn until_finished(msgs: &mut mpsc::UnboundedReceiver<Msg>) -> (usize, Msg) {
    let mut progress = 0;
    loop {
        match next(msgs).await {
            Msg::CommitProgressed(_) => progress += 1,
            end @ Msg::CommitFinished(_) => return (progress, end),
            _ => {}
        }
    }
}

/// A simulator, the console's services against it in a fresh home, and an executor on them.
struct Setup {
    sim: dormant::sim::SimHandle,
    target: SimTarget,
    _home: tempfile::TempDir,
    executor: Executor,
    msgs: mpsc::UnboundedReceiver<Msg>,
}

async fn setup(users: u32, seed: u64) -> Setup {
    let sim = dormant::sim::start(SimConfig {
        users,
        seed,
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
    let home = tempfile::tempdir().expect("home");
    let settings = Settings::load_with(
        Paths::under(home.path()),
        &GlobalArgs::default(),
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect("settings");
    let services = Services {
        client: Some(target.client.clone()),
        csv_source: None,
        org_id: Some(sim.org_id.parse().expect("org id")),
        paths: settings.paths.clone(),
        allowlist: settings.allowlist_file.clone(),
        config_path: settings.config.path().to_path_buf(),
        operator: "tests".to_owned(),
        load_options: dormant::api::LoadOptions::default(),
        warn_store: dormant::warn::WarnStore::new(&settings.paths, &settings.profile.name),
        warning_template: dormant::warn::Template::parse(dormant::warn::DEFAULT_TEMPLATE).expect("template"),
    };
    let (sender, msgs) = mpsc::unbounded_channel();
    Setup {
        sim,
        target,
        _home: home,
        executor: Executor::new(services, sender),
        msgs,
    }
}

#[tokio::test]
async fn commit_export_history_and_undo_through_the_console_effects() {
    let Setup {
        sim,
        target,
        _home,
        mut executor,
        mut msgs,
    } = setup(200, 21).await;
    let index = target.index().await;
    let plan = SimTarget::plan(&index, 12, &PlanOptions::default());
    let acting: Vec<String> = plan.acting().map(|entry| entry.account_id.to_string()).collect();
    assert_eq!(acting.len(), 12);
    executor.run(Effect::Commit {
        plan: Box::new(plan),
        safeguard: Box::new(SimTarget::safeguard(&index)),
        cap: dormant::types::BatchCap::DEFAULT,
    });
    let (progress, end) = until_finished(&mut msgs).await;
    assert!(progress >= 1, "progress is reported while it runs");
    let Msg::CommitFinished(Ok(report)) = end else {
        panic!("{end:?}");
    };
    assert_eq!(report.end, BatchEnd::Completed);
    let actions = target.actions().await;
    let mut changed: Vec<String> = actions.iter().map(|(id, _)| id.clone()).collect();
    changed.sort();
    let mut succeeded: Vec<String> = report
        .outcomes
        .iter()
        .filter(|o| matches!(o.outcome, dormant::batch::Outcome::Succeeded { .. }))
        .map(|o| o.account_id.to_string())
        .collect();
    succeeded.sort();
    assert_eq!(
        changed, succeeded,
        "exactly the succeeded accounts changed, once each"
    );

    executor.run(Effect::ExportResults {
        report: report.clone(),
    });
    let Msg::ResultsExported(Ok(paths)) = next(&mut msgs).await else {
        panic!("exported");
    };
    assert_eq!(paths.len(), 2);
    let csv = std::fs::read_to_string(&paths[0]).expect("csv");
    assert_eq!(
        csv.lines().count(),
        report.outcomes.len() + 1,
        "a header and a row per account"
    );

    executor.run(Effect::WriteHandoff {
        report: report.clone(),
    });
    let Msg::HandoffWritten(Ok((path, rows))) = next(&mut msgs).await else {
        panic!("handoff written");
    };
    assert_eq!(path, report.journal.with_extension("idp-handoff.csv"));
    let synced = report
        .entries
        .iter()
        .filter(|entry| entry.idp_synced && succeeded.contains(&entry.account_id.to_string()))
        .count();
    assert!(synced > 0, "the batch changed synced users");
    assert_eq!(rows, synced);
    let handoff = std::fs::read_to_string(&path).expect("handoff");
    assert_eq!(handoff.lines().count(), synced + 1, "{handoff}");

    executor.run(Effect::LoadHistory);
    let Msg::HistoryLoaded(Ok(history)) = next(&mut msgs).await else {
        panic!("history");
    };
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].batch_id, report.batch_id);

    executor.run(Effect::PlanUndo {
        batch_id: report.batch_id.clone(),
    });
    let Msg::UndoPlanned { plan: Ok(undo), .. } = next(&mut msgs).await else {
        panic!("undo plan");
    };
    assert_eq!(undo.acting().count(), succeeded.len());
    executor.run(Effect::Commit {
        plan: undo,
        safeguard: Box::new(SimTarget::safeguard(&index)),
        cap: dormant::types::BatchCap::DEFAULT,
    });
    let (_, end) = until_finished(&mut msgs).await;
    let Msg::CommitFinished(Ok(undone)) = end else {
        panic!("{end:?}");
    };
    assert_eq!(undone.counts.succeeded, succeeded.len());
    executor.run(Effect::FindUnfinished);
    assert!(matches!(next(&mut msgs).await, Msg::UnfinishedFound(Ok(0))));
    executor.finish().await;
    sim.shutdown().await;
}

#[tokio::test]
async fn an_export_asked_for_right_before_quitting_completes_and_is_reported() {
    let Setup {
        sim,
        target,
        _home,
        mut executor,
        mut msgs,
    } = setup(60, 8).await;
    let index = target.index().await;
    executor.run(Effect::Commit {
        plan: Box::new(SimTarget::plan(&index, 3, &PlanOptions::default())),
        safeguard: Box::new(SimTarget::safeguard(&index)),
        cap: dormant::types::BatchCap::DEFAULT,
    });
    let (_, end) = until_finished(&mut msgs).await;
    let Msg::CommitFinished(Ok(report)) = end else {
        panic!("{end:?}");
    };
    let csv = report.journal.with_extension("results.csv");
    let json = report.journal.with_extension("results.json");

    // Quit at once: the export is still running when the console closes.
    executor.run(Effect::ExportResults { report });
    let finished = executor.finish().await;
    assert!(finished.abandoned.is_empty(), "{finished:?}");
    let Ok(Msg::ResultsExported(Ok(paths))) = msgs.try_recv() else {
        panic!("the export reported before `finish` returned");
    };
    assert_eq!(paths, vec![csv.clone(), json.clone()]);
    let rows = std::fs::read_to_string(&csv).expect("csv on disk");
    assert_eq!(rows.lines().count(), 4, "a header and a row per account: {rows}");
    assert!(std::fs::metadata(&json).expect("json on disk").len() > 0);
    sim.shutdown().await;
}
