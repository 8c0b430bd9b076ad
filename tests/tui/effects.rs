//! The console's effects against the simulator over loopback, without a terminal: a load reports
//! progress and fresh data and saves a snapshot; the next load shows that snapshot first; marks
//! are saved per org and come back with the next load, exclusions go to the profile's allowlist
//! file; a failing load or save says why, with a kind telling a refused key from the file system.

use dormant::api::{Client, ClientConfig, LoadOptions};
use dormant::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings};
use dormant::directory::{AccountId, Exclusion, Exclusions, Marks, Policy};
use dormant::sim::{SimConfig, SimHandle};
use dormant::store::{MarksStore, Paths};
use dormant::tui::runtime::{Executor, Services};
use dormant::tui::{Effect, FailureKind, Msg, Origin, Prepared};
use dormant::types::Secret;
use std::time::Duration;
use tokio::sync::mpsc;

async fn sim() -> SimHandle {
    dormant::sim::start(SimConfig {
        users: 300,
        seed: 5,
        ..SimConfig::default()
    })
    .await
    .expect("sim")
}

fn services(sim: &SimHandle, paths: Paths) -> Services {
    let settings = Settings::load_with(
        paths,
        &GlobalArgs::default(),
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect("default settings");
    Services {
        client: Some(Client::new(ClientConfig::new(sim.base_url.clone(), sim.key.clone())).expect("client")),
        csv_source: None,
        org_id: None,
        paths: settings.paths.clone(),
        allowlist: settings.allowlist_file.clone(),
        config_path: settings.config.path().to_path_buf(),
        operator: "tests".to_owned(),
        load_options: LoadOptions::default(),
        warn_store: dormant::warn::WarnStore::new(&settings.paths, &settings.profile.name),
        warning_template: dormant::warn::Template::parse(dormant::warn::DEFAULT_TEMPLATE).expect("template"),
    }
}

fn load(generation: u64, with_cache: bool) -> Effect {
    Effect::LoadDirectory {
        generation,
        with_cache,
        policy: Box::new(Policy::default()),
        exclusions: Exclusions::default(),
        exclusions_revision: 0,
    }
}

/// Messages until the load of `generation` ends (fresh data or failure), with a deadline.
async fn until_loaded(msgs: &mut mpsc::UnboundedReceiver<Msg>) -> Vec<Msg> {
    let mut seen = Vec::new();
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), msgs.recv())
            .await
            .expect("the load ends in time")
            .expect("channel open");
        let done = matches!(msg, Msg::DirectoryLoaded { .. } | Msg::LoadFailed { .. });
        seen.push(msg);
        if done {
            return seen;
        }
    }
}

fn fresh(seen: &[Msg]) -> &Prepared {
    seen.iter()
        .find_map(|msg| match msg {
            Msg::DirectoryLoaded { data, .. } => Some(&**data),
            _ => None,
        })
        .expect("fresh data")
}

#[tokio::test]
async fn loads_then_reopens_the_snapshot_first_with_saved_marks_and_exclusions() {
    let sim = sim().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    let (sender, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services(&sim, paths.clone()), sender);

    executor.run(load(1, true));
    let seen = until_loaded(&mut msgs).await;
    assert!(
        seen.iter()
            .any(|m| matches!(m, Msg::LoadProgressed { generation: 1, .. }))
    );
    assert!(
        !seen.iter().any(|m| matches!(m, Msg::CacheOpened { .. })),
        "no snapshot yet"
    );
    let first = fresh(&seen);
    assert_eq!(first.index.len(), 300);
    assert!(matches!(first.origin, Origin::Live { .. }));
    assert!(first.saved_marks.is_none());

    let org_id = first.index.directory().org.id.clone();
    let someone = first.index.user(0).account_id.clone();
    let marks: Marks = serde_json::from_value(serde_json::json!([someone.as_str()])).expect("marks");
    executor.run(Effect::SaveMarks {
        org_id: org_id.parse().expect("org id"),
        marks: marks.clone(),
    });
    let exclusion = Exclusion {
        account_id: AccountId::from("someone-else"),
        reason: "on leave".to_owned(),
        excluded_at: chrono::Utc::now(),
        name: None,
    };
    executor.run(Effect::SaveExclusions {
        added: vec![exclusion],
    });
    let mut saved = 0;
    while saved < 2 {
        match msgs.recv().await.expect("open") {
            Msg::MarksSaved | Msg::ExclusionsSaved { count: 1 } => saved += 1,
            Msg::MarksSaveFailed { error } | Msg::ExclusionsSaveFailed { error } => panic!("{error}"),
            _ => {}
        }
    }
    assert_eq!(
        MarksStore::marks(&paths).load(&org_id).expect("marks file"),
        Some(marks.clone())
    );
    let persisted = services(&sim, paths.clone())
        .allowlist
        .load()
        .expect("allowlist file");
    assert_eq!(
        persisted
            .get(&AccountId::from("someone-else"))
            .map(|e| e.reason.as_str()),
        Some("on leave")
    );

    // The snapshot is written after the fresh data is shown; wait for it (atomic: present = whole).
    let snapshot = dormant::store::SnapshotCache::new(&paths).path_for(&org_id);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !snapshot.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the snapshot was never written"
        );
        tokio::task::yield_now().await;
    }
    executor.run(load(2, true));
    let seen = until_loaded(&mut msgs).await;
    let cached = seen
        .iter()
        .position(|m| matches!(m, Msg::CacheOpened { generation: 2, .. }))
        .expect("the snapshot shows first");
    let live = seen
        .iter()
        .position(|m| matches!(m, Msg::DirectoryLoaded { .. }))
        .expect("then fresh");
    assert!(cached < live);
    let Msg::CacheOpened { data, .. } = &seen[cached] else {
        unreachable!()
    };
    assert!(matches!(data.origin, Origin::Cache { .. }));
    assert_eq!(data.saved_marks.as_ref(), Some(&marks));
    executor.finish().await;
    sim.shutdown().await;
}

#[tokio::test]
async fn a_refused_key_and_an_unwritable_file_fail_as_different_kinds_with_their_reasons() {
    let sim = sim().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    let mut services = services(&sim, paths.clone());
    services.client = Some(
        Client::new(ClientConfig::new(
            sim.base_url.clone(),
            Secret::new("wrong-key".to_owned()),
        ))
        .expect("client"),
    );
    // A file where the marks directory belongs: every save of marks fails in the file system.
    let marks_file = MarksStore::marks(&paths).path_for("org-1");
    let marks_dir = marks_file.parent().expect("a directory");
    std::fs::create_dir_all(marks_dir.parent().expect("its parent")).expect("parent");
    std::fs::write(marks_dir, "not a directory").expect("blocker");
    let (sender, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services, sender);
    executor.run(load(1, true));
    let seen = until_loaded(&mut msgs).await;
    let Some(Msg::LoadFailed { generation: 1, error }) = seen.last() else {
        panic!("{seen:?}");
    };
    assert_eq!(error.kind, FailureKind::KeyRefused, "{error}");
    assert!(error.text.contains("401"), "{error}");
    assert!(
        !error.text.contains("wrong-key"),
        "the key never appears in a message"
    );

    executor.run(Effect::SaveMarks {
        org_id: "org-1".parse().expect("org id"),
        marks: Marks::default(),
    });
    let saved = loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), msgs.recv())
            .await
            .expect("the save ends in time")
            .expect("channel open");
        match msg {
            Msg::MarksSaveFailed { error } => break error,
            Msg::MarksSaved => panic!("saved through a file"),
            _ => {}
        }
    };
    assert_eq!(saved.kind, FailureKind::Io, "{saved}");
    assert!(saved.text.contains(&marks_dir.display().to_string()), "{saved}");
    assert!(executor.finish().await.abandoned.is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn recording_warnings_writes_the_run_its_notices_and_an_audit_line_and_the_next_load_uses_them() {
    let sim = sim().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    let (sender, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services(&sim, paths.clone()), sender);
    executor.run(load(1, false));
    let seen = until_loaded(&mut msgs).await;
    let index = &fresh(&seen).index;
    let run = dormant::warn::WarningRun::build(
        index,
        &[0, 1, 2],
        dormant::directory::GraceDays::DEFAULT,
        chrono::Utc::now(),
    );
    let org = index.directory().org.clone();
    executor.run(Effect::RecordWarnings {
        run: Box::new(run.clone()),
        org_id: org.id.parse().expect("org id"),
        org_name: org.name.clone(),
    });
    let notices = loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), msgs.recv())
            .await
            .expect("recorded in time")
            .expect("channel open");
        match msg {
            Msg::WarningsRecorded {
                run: recorded,
                notices,
            } => {
                assert_eq!(*recorded, run);
                break notices;
            }
            Msg::WarningsFailed { error } => panic!("{error}"),
            _ => {}
        }
    };
    let csv = std::fs::read_to_string(&notices).expect("notices CSV");
    assert_eq!(csv.matches("\"Hello ").count(), 3, "{csv}");
    let store = dormant::warn::WarnStore::new(&paths, &dormant::store::config::ProfileName::default_name());
    assert_eq!(store.runs().expect("runs"), vec![run.clone()]);
    let audit = dormant::store::AuditLog::new(&paths).read_all().expect("audit");
    assert_eq!(audit.last().map(|record| record.action.as_str()), Some("warn"));

    executor.run(load(2, false));
    let seen = until_loaded(&mut msgs).await;
    let reloaded = &fresh(&seen).index;
    assert_eq!(reloaded.classifier().warnings().len(), 3);
    executor.finish().await;
}
