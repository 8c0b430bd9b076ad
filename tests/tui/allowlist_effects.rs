//! The allowlist worker through the executor, on real files and without a terminal: saving,
//! reading, removing and re-reasoning run in the order asked (a removal never races a save), who
//! added an exclusion is recorded, an entry changed since it was shown is refused with the file as
//! it is now, and a file that cannot be read or written is a typed failure, never a crash.

use dormant::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings};
use dormant::directory::{AccountId, Exclusion};
use dormant::store::Paths;
use dormant::tui::runtime::{Executor, Services};
use dormant::tui::{Effect, FailureKind, Msg};
use std::time::Duration;
use tokio::sync::mpsc;

fn services(paths: Paths) -> Services {
    let settings = Settings::load_with(
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
        load_options: dormant::api::LoadOptions::default(),
        warn_store: dormant::warn::WarnStore::new(&settings.paths, &settings.profile.name),
        warning_template: dormant::warn::Template::parse(dormant::warn::DEFAULT_TEMPLATE).expect("template"),
    }
}

fn exclusion(id: &str, reason: &str) -> Exclusion {
    Exclusion {
        account_id: AccountId::from(id),
        reason: reason.to_owned(),
        excluded_at: chrono::DateTime::UNIX_EPOCH,
        name: Some(format!("name of {id}")),
    }
}

async fn next(msgs: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(30), msgs.recv())
        .await
        .expect("an answer in time")
        .expect("channel open")
}

#[tokio::test]
async fn saves_reads_removes_and_refuses_a_stale_entry_in_the_order_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    let services = services(paths);
    let file = services.allowlist.clone();
    let (sender, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services, sender);
    let (a, b) = (exclusion("a", "on leave"), exclusion("b", "board"));
    let mut stale = b.clone();
    stale.reason = "what another session saw".to_owned();
    // All asked at once: each runs after the one before it.
    executor.run(Effect::SaveExclusions {
        added: vec![a.clone(), b.clone()],
    });
    executor.run(Effect::ReadAllowlist);
    executor.run(Effect::RemoveExclusion { shown: a.clone() });
    executor.run(Effect::EditExclusionReason {
        shown: stale,
        reason: "new".to_owned(),
    });

    assert!(matches!(next(&mut msgs).await, Msg::ExclusionsSaved { count: 2 }));
    let Msg::AllowlistRead(Ok(listing)) = next(&mut msgs).await else {
        panic!("the listing");
    };
    assert_eq!(listing.entries.len(), 2);
    assert!(
        listing
            .entries
            .iter()
            .all(|entry| entry.added_by.as_deref().is_some_and(|by| by.contains(" on "))),
        "{listing:?}"
    );
    let Msg::AllowlistChanged {
        result: Ok(removed),
        listing: Some(after),
    } = next(&mut msgs).await
    else {
        panic!("the removal");
    };
    assert_eq!((removed.before, removed.after), (a, None));
    assert_eq!(after.entries.len(), 1);
    let Msg::AllowlistChanged {
        result: Err(error),
        listing: Some(now),
    } = next(&mut msgs).await
    else {
        panic!("the refused edit");
    };
    assert_eq!(error.kind, FailureKind::Conflict);
    assert!(
        error
            .text
            .starts_with("reason not changed: the exclusion of b changed"),
        "{error}"
    );
    assert_eq!(now.entries[0].reason, "board", "the file as it is");
    let on_disk = file.load().expect("reads");
    assert_eq!(on_disk.get(&AccountId::from("b")), Some(&b));
    assert!(on_disk.get(&AccountId::from("a")).is_none());
    drop(executor.finish().await);
}

#[tokio::test]
async fn a_file_that_cannot_be_read_or_written_is_a_typed_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    let services = services(paths.clone());
    // Then, where the allowlist directory should be, a plain file: nothing below it can be read
    // or made (as another process or a full, read-only disk would leave it mid-session).
    std::fs::create_dir_all(paths.data_dir()).expect("data dir");
    std::fs::write(paths.data_dir().join("allowlist"), b"in the way").expect("blocker");
    let (sender, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services, sender);
    executor.run(Effect::RemoveExclusion {
        shown: exclusion("a", "why"),
    });
    executor.run(Effect::ReadAllowlist);
    let Msg::AllowlistChanged {
        result: Err(error),
        listing: None,
    } = next(&mut msgs).await
    else {
        panic!("a failed removal");
    };
    assert!(
        matches!(error.kind, FailureKind::Io | FailureKind::AccessDenied),
        "{error:?}"
    );
    assert!(
        error.text.starts_with("not removed: ") && error.text.contains("allowlist"),
        "{error}"
    );
    let Msg::AllowlistRead(Err(error)) = next(&mut msgs).await else {
        panic!("a failed read");
    };
    assert!(
        error.text.starts_with("the allowlist cannot be read: "),
        "{error}"
    );
    drop(executor.finish().await);
}
