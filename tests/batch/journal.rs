//! The journal on disk: every record is a line, files are private, a torn last line is tolerated
//! (and cut before appending again), any other damage is reported with its line number, and
//! `started` without an outcome is reported as in doubt.

use crate::support::users as support;

use dormant::batch::journal::{JournalReadError, JournalRecord, JournalWriter, read_journal};
use dormant::batch::{Confirmation, Plan, PlanOptions};
use dormant::directory::{AccountId, DirectoryIndex, Exclusions, Policy};
use dormant::types::BatchId;
use std::io::Write as _;
use std::sync::Arc;
use support::{UserBuilder, directory, now};

fn plan() -> Plan {
    let users = vec![
        UserBuilder::new("a", "A")
            .products(&[("jira", Some(300))])
            .build(),
        UserBuilder::new("b", "B")
            .products(&[("jira", Some(300))])
            .build(),
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    Plan::build(
        &index,
        [AccountId::from("a"), AccountId::from("b")],
        &PlanOptions::default(),
        now(),
    )
    .expect("plan")
}

fn write_batch(dir: &std::path::Path) -> (BatchId, std::path::PathBuf) {
    let id = BatchId::new(now());
    let header = JournalRecord::Header {
        format: 1,
        batch_id: id.clone(),
        operator: "test".into(),
        started_at: now(),
        plan_id: None,
        plan: plan(),
    };
    let mut writer = JournalWriter::create(dir, &header, &id).expect("create");
    writer
        .append(&JournalRecord::Started {
            account_id: AccountId::from("a"),
            at: now(),
        })
        .expect("append");
    writer
        .append(&JournalRecord::Succeeded {
            account_id: AccountId::from("a"),
            at: now(),
            confirmed_by: Confirmation::Answer,
        })
        .expect("append");
    writer
        .append(&JournalRecord::Started {
            account_id: AccountId::from("b"),
            at: now(),
        })
        .expect("append");
    (id, writer.path().to_path_buf())
}

#[test]
fn records_read_back_with_in_doubt_accounts_and_private_permissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (id, path) = write_batch(&dir.path().join("batches"));
    let journal = read_journal(&path).expect("reads");
    assert_eq!(journal.batch_id, id);
    assert_eq!(journal.counts().succeeded, 1);
    assert!(journal.in_doubt.contains(&AccountId::from("b")));
    assert!(!journal.torn_tail && journal.finished.is_none());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
            0o600
        );
        let dir_mode = std::fs::metadata(path.parent().expect("dir"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
    }
}

#[test]
fn a_torn_last_line_is_ignored_and_cut_before_appending() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, path) = write_batch(dir.path());
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    file.write_all(br#"{"record":"succeeded","account_id":"b","at":"20"#)
        .expect("torn");
    let journal = read_journal(&path).expect("a torn tail is tolerated");
    assert!(journal.torn_tail);
    assert!(
        journal.in_doubt.contains(&AccountId::from("b")),
        "the torn outcome does not count"
    );
    let mut writer = JournalWriter::reopen(&path, journal.complete_len).expect("reopen");
    writer
        .append(&JournalRecord::Resumed { at: now() })
        .expect("append");
    let again = read_journal(&path).expect("clean again");
    assert!(!again.torn_tail);
}

#[test]
fn a_damaged_line_is_reported_with_its_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, path) = write_batch(dir.path());
    let text = std::fs::read_to_string(&path).expect("read");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[2] = "{not json".to_owned();
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    match read_journal(&path) {
        Err(error @ JournalReadError::Corrupt { line: 3, .. }) => {
            assert!(error.to_string().contains("line 3"), "{error}");
        }
        other => panic!("expected line 3 to be reported, got {other:?}"),
    }
    std::fs::write(
        &path,
        "{\"record\":\"resumed\",\"at\":\"2026-01-01T00:00:00Z\"}\n",
    )
    .expect("write");
    assert!(matches!(
        read_journal(&path),
        Err(JournalReadError::NoHeader { .. })
    ));
}
