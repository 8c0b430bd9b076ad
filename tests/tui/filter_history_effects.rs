//! The filter history's effects through the real executor (issue 17, item 1): a save lands in the
//! profile's file and a later session's load reads it back, newest last; a damaged file is
//! reported as bad data and left byte for byte as it was.

use dormant::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings as RunSettings};
use dormant::store::{FilterHistoryFile, Paths};
use dormant::tui::runtime::{Executor, Services};
use dormant::tui::{Effect, FailureKind, Msg};
use std::time::Duration;
use tokio::sync::mpsc;

fn services(paths: Paths) -> Services {
    let settings = RunSettings::load_with(
        paths,
        &GlobalArgs::default(),
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect("default settings");
    Services {
        client: None,
        csv_source: None,
        org_id: None,
        paths: settings.paths.clone(),
        allowlist: settings.allowlist_file.clone(),
        config_path: settings.config.path().to_path_buf(),
        operator: "tests".to_owned(),
        warn_store: dormant::warn::WarnStore::new(&settings.paths, &settings.profile.name),
        warning_template: dormant::warn::Template::parse(dormant::warn::DEFAULT_TEMPLATE).expect("template"),
        load_options: dormant::api::LoadOptions::default(),
    }
}

/// Runs `effects` in a fresh executor, waits for every job, and returns the messages sent.
async fn run(paths: &Paths, effects: Vec<Effect>, wait_for: usize) -> Vec<Msg> {
    let (tx, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services(paths.clone()), tx);
    for effect in effects {
        executor.run(effect);
    }
    let mut got = Vec::new();
    for _ in 0..wait_for {
        let msg = tokio::time::timeout(Duration::from_secs(30), msgs.recv())
            .await
            .expect("a message in time")
            .expect("channel open");
        got.push(msg);
    }
    let finished = executor.finish().await;
    assert!(finished.abandoned.is_empty(), "{:?}", finished.abandoned);
    got.extend(std::iter::from_fn(|| msgs.try_recv().ok()));
    got
}

#[tokio::test]
async fn a_saved_history_is_read_back_by_the_next_session() {
    let root = tempfile::tempdir().expect("root");
    let paths = Paths::under(root.path());
    let saved = vec!["lane:ready".to_owned(), "group:developers".to_owned()];
    let msgs = run(
        &paths,
        vec![Effect::SaveFilterHistory {
            filters: saved.clone(),
        }],
        0,
    )
    .await;
    assert!(msgs.is_empty(), "a save that worked says nothing: {msgs:?}");
    let msgs = run(&paths, vec![Effect::LoadFilterHistory], 1).await;
    assert!(
        matches!(msgs.as_slice(), [Msg::FilterHistoryLoaded(Ok(filters))] if *filters == saved),
        "{msgs:?}"
    );
}

#[tokio::test]
async fn a_damaged_history_is_bad_data_and_stays_as_it_was() {
    let root = tempfile::tempdir().expect("root");
    let paths = Paths::under(root.path());
    let settings = services(paths.clone());
    let file = FilterHistoryFile::new(&paths, settings.allowlist.profile());
    std::fs::create_dir_all(file.path().parent().expect("parent")).expect("dir");
    std::fs::write(file.path(), b"[\"lane:ready\"").expect("write");
    let msgs = run(&paths, vec![Effect::LoadFilterHistory], 1).await;
    let [Msg::FilterHistoryLoaded(Err(error))] = msgs.as_slice() else {
        panic!("an error expected: {msgs:?}");
    };
    assert_eq!(error.kind, FailureKind::BadData);
    assert!(error.text.contains("move it aside"), "{error}");
    assert_eq!(std::fs::read(file.path()).expect("read"), b"[\"lane:ready\"");
}
