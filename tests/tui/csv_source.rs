//! The console's effects with a CSV source (`dormant --from-csv`), without a terminal or a key:
//! a load reads the sample export into `DirectoryLoaded` with the CSV origin and says which rows
//! it could not read and that the session is read-only; a commit without a key refuses; a file
//! that is not an export fails the load with the reason.

use dormant::batch::{Plan, PlanOptions, Safeguard};
use dormant::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings as RunSettings};
use dormant::directory::{AccountId, DataSource, Exclusions, Lane, Policy};
use dormant::store::Paths;
use dormant::tui::runtime::{Executor, Services};
use dormant::tui::{
    App, Effect, Event, FailureKind, Keymap, Msg, Origin, Prepared, Settings, Theme, render, update,
};
use dormant::types::BatchCap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::mpsc;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/atlassian-export/users.csv"
);

fn services(paths: Paths, csv: PathBuf) -> Services {
    let settings = RunSettings::load_with(
        paths,
        &GlobalArgs::default(),
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect("default settings");
    Services {
        client: None,
        csv_source: Some(csv),
        org_id: Some(dormant::import::unknown_org_id()),
        paths: settings.paths.clone(),
        allowlist: settings.allowlist_file.clone(),
        config_path: settings.config.path().to_path_buf(),
        operator: "tests".to_owned(),
        warn_store: dormant::warn::WarnStore::new(&settings.paths, &settings.profile.name),
        warning_template: dormant::warn::Template::parse(dormant::warn::DEFAULT_TEMPLATE).expect("template"),
        load_options: dormant::api::LoadOptions::default(),
    }
}

fn load(generation: u64) -> Effect {
    Effect::LoadDirectory {
        generation,
        with_cache: true,
        policy: Box::new(Policy::default()),
        exclusions: Exclusions::default(),
        exclusions_revision: 0,
    }
}

async fn next(msgs: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(30), msgs.recv())
        .await
        .expect("a message in time")
        .expect("channel open")
}

/// The first line the console draws once `data` arrives (read-only, as a keyless session is).
fn header_line(data: &Prepared, summary: String) -> String {
    let mut settings = Settings {
        keymap: Keymap::defaults().expect("default keymap"),
        policy: Policy::default(),
        exclusions: Exclusions::default(),
        read_only: true,
        marks_survive_exit: true,
        label: "csv".to_owned(),
        theme: Theme::monochrome(),
        cap: BatchCap::DEFAULT,
        views: dormant::store::config::built_in_views(),
    };
    settings.keymap = settings.keymap.without_dangerous();
    let mut app = App::new(settings, Rect::new(0, 0, 160, 30), chrono::Utc::now());
    let effects = dormant::tui::start(&mut app);
    assert_eq!(effects.len(), 2, "the load and the filter history");
    let generation = app.generation;
    update(
        &mut app,
        Event::Msg(Msg::DirectoryLoaded {
            generation,
            data: Box::new(data.clone()),
            summary,
        }),
    );
    let mut terminal = Terminal::new(TestBackend::new(160, 30)).expect("terminal");
    terminal.draw(|frame| render(&app, frame)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..160).map(|x| buffer[(x, 0)].symbol().to_owned()).collect()
}

#[tokio::test]
async fn the_export_loads_with_the_csv_origin_and_a_keyless_commit_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (sender, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services(Paths::under(dir.path()), FIXTURE.into()), sender);
    executor.run(load(1));
    let Msg::DirectoryLoaded {
        generation: 1,
        data,
        summary,
    } = next(&mut msgs).await
    else {
        panic!("the export loads first, with no snapshot before it");
    };
    assert_eq!(data.index.len(), 50);
    let directory = data.index.directory();
    let DataSource::CsvExport { path, file_date } = &directory.source else {
        panic!("{:?}", directory.source);
    };
    assert_eq!(path, &PathBuf::from(FIXTURE));
    assert_eq!(
        data.origin,
        Origin::CsvExport {
            file_date: *file_date
        }
    );
    assert_eq!(directory.org.id, dormant::import::UNKNOWN_ORG_ID);
    assert!(
        summary.starts_with("read 50 users from the user export"),
        "{summary}"
    );
    assert!(summary.contains("line 10 read in part"), "{summary}");
    assert!(summary.contains("read-only"), "{summary}");
    let header = header_line(&data, summary.clone());
    assert!(header.contains("from CSV export users.csv (dated "), "{header}");

    let ready: Vec<AccountId> = (0..data.index.len() as u32)
        .filter(|&row| data.index.lane(row) == Lane::CleanupReady)
        .map(|row| data.index.user(row).account_id.clone())
        .take(2)
        .collect();
    assert_eq!(ready.len(), 2);
    let plan = Plan::build(&data.index, ready, &PlanOptions::default(), chrono::Utc::now()).expect("plan");
    executor.run(Effect::Commit {
        plan: Box::new(plan),
        safeguard: Box::new(Safeguard::new(data.index.classifier().clone())),
        cap: BatchCap::DEFAULT,
    });
    let Msg::CommitFinished(Err(error)) = next(&mut msgs).await else {
        panic!("a commit without a key cannot run");
    };
    assert!(error.text.contains("no API key"), "{error}");
    assert_eq!(error.kind, FailureKind::NoKey);
    executor.finish().await;
}

#[tokio::test]
async fn a_file_that_is_not_an_export_fails_the_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "Name\nSomeone\n").expect("write");
    let (sender, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services(Paths::under(dir.path()), other), sender);
    executor.run(load(1));
    let Msg::LoadFailed { generation: 1, error } = next(&mut msgs).await else {
        panic!("the load fails");
    };
    assert!(error.text.contains("no user id column"), "{error}");
    assert_eq!(error.kind, FailureKind::BadData);
    executor.finish().await;
}
