//! Withdrawing a warning run: its records leave the warnings file in one rewrite, the audit log
//! names it, other runs keep counting, a second withdrawal or an unknown id is refused, and
//! nothing is removed when the withdrawal could not be logged; `dormant warn --withdraw` as a
//! script runs it, with its exit codes.

use crate::support::home;
use crate::support::users as support;

use dormant::directory::{DirectoryIndex, Exclusions, GraceDays, Policy};
use dormant::store::config::ProfileName;
use dormant::store::{AuditAction, AuditLog, Paths};
use dormant::types::{BatchId, OrgId};
use dormant::warn::{Delivery, WarnStore, WarningRun, WithdrawError, Withdrawer, withdraw};
use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::Arc;
use support::{UserBuilder, directory, now};

fn index() -> DirectoryIndex {
    let users = vec![
        UserBuilder::new("u-1", "Ada Lovelace")
            .products(&[("jira", Some(120))])
            .build(),
        UserBuilder::new("u-2", "Bob Idle")
            .products(&[("jira", Some(200))])
            .build(),
    ];
    DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    )
}

fn org() -> OrgId {
    "org-1".parse().expect("org id")
}

/// A store with two runs (Ada and Bob, then Ada again a day later), each with its audit line.
fn two_runs(root: &Path) -> (WarnStore, AuditLog, WarningRun, WarningRun) {
    let paths = Paths::under(root);
    let store = WarnStore::new(&paths, &ProfileName::default_name());
    let audit = AuditLog::new(&paths);
    let index = index();
    let mut first = WarningRun::build(&index, &[0, 1], GraceDays::DEFAULT, now());
    first.records[1].delivery = Delivery::Sent { at: now() };
    let second = WarningRun::build(
        &index,
        &[0],
        GraceDays::DEFAULT,
        now() + chrono::Duration::days(1),
    );
    for run in [&first, &second] {
        store.save(run).expect("save");
        let line = run.audit_record("tester", (&org(), "Acme"), now(), store.path().to_path_buf());
        audit.append(&line).expect("audit");
    }
    (store, audit, first, second)
}

fn by(who: &str) -> Withdrawer<'_> {
    Withdrawer {
        who,
        org: None,
        now: now() + chrono::Duration::days(2),
    }
}

#[test]
fn withdrawing_removes_the_run_logs_it_and_other_runs_still_count() {
    let root = tempfile::tempdir().expect("temp dir");
    let (store, audit, first, second) = two_runs(root.path());
    let withdrawal = withdraw(&store, &audit, &first.batch_id, by("admin")).expect("withdrawn");
    assert_eq!(withdrawal.run, first);
    assert_eq!(withdrawal.run.delivery_counts(), (1, 0), "one mail had gone out");
    assert_eq!(store.runs().expect("read"), vec![second.clone()]);
    // Ada keeps the second run's warning; Bob, warned only by the first, has none.
    assert_eq!(withdrawal.remaining.len(), 1);
    assert!(withdrawal.remaining.get(&second.records[0].account_id).is_some());

    let lines = audit.read_all().expect("audit");
    let last = lines.last().expect("a line");
    assert_eq!(last.action, AuditAction::Withdraw);
    assert_eq!(last.undo_of.as_ref(), Some(&first.batch_id));
    assert_eq!((last.counts.planned, last.org_name.as_str()), (2, "Acme"));
    assert_eq!(last.who, "admin");

    let again = withdraw(&store, &audit, &first.batch_id, by("admin")).expect_err("already gone");
    assert!(matches!(again, WithdrawError::AlreadyWithdrawn { .. }), "{again}");
    assert_eq!(again.exit_code(), 4);
}

#[test]
fn an_unknown_run_is_refused_and_a_run_without_an_org_to_log_stays() {
    let root = tempfile::tempdir().expect("temp dir");
    let (store, audit, _, _) = two_runs(root.path());
    let unknown = BatchId::parse("20260101T000000Z-00000000").expect("id");
    let error = withdraw(&store, &audit, &unknown, by("admin")).expect_err("unknown");
    assert!(matches!(error, WithdrawError::UnknownRun(_)), "{error}");
    assert_eq!(error.exit_code(), 2);

    // A run whose audit line is missing: with no org to log it under, nothing is removed.
    let orphan = WarningRun::build(
        &index(),
        &[1],
        GraceDays::DEFAULT,
        now() + chrono::Duration::days(3),
    );
    store.save(&orphan).expect("save");
    let before = store.runs().expect("read");
    let error = withdraw(&store, &audit, &orphan.batch_id, by("admin")).expect_err("no org");
    assert!(error.to_string().contains("--org"), "{error}");
    assert_eq!(store.runs().expect("read"), before, "nothing removed");
    let org = org();
    let with_org = Withdrawer {
        org: Some((&org, "Acme")),
        ..by("admin")
    };
    withdraw(&store, &audit, &orphan.batch_id, with_org).expect("logged under the given org");
}

fn dormant(home: &Path, args: &[&str]) -> Output {
    home::dormant_in(home)
        .arg("--config")
        .arg(home.join("dormant.toml"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

#[cfg(unix)]
#[test]
fn warn_withdraw_removes_the_run_without_a_key_and_says_mails_stay_sent() {
    let home = tempfile::tempdir().expect("home");
    std::fs::write(home.path().join("dormant.toml"), "").expect("config");
    // The binary's data dir (XDG_DATA_HOME/dormant) is the test store's data dir.
    let files = tempfile::tempdir().expect("files");
    let (store, _, first, second) = two_runs(files.path());
    std::fs::create_dir_all(home.path().join("data")).expect("data");
    std::os::unix::fs::symlink(files.path().join("data"), home.path().join("data/dormant")).expect("link");
    let text = |output: &Output| String::from_utf8_lossy(&output.stderr).into_owned();

    let id = first.batch_id.to_string();
    let withdrawn = dormant(home.path(), &["warn", "--withdraw", &id]);
    assert_eq!(withdrawn.status.code(), Some(0), "{}", text(&withdrawn));
    assert!(
        text(&withdrawn).contains("2 warning(s) removed"),
        "{}",
        text(&withdrawn)
    );
    assert!(text(&withdrawn).contains("1 notice(s) were already mailed and cannot be unsent"));
    assert_eq!(store.runs().expect("read"), vec![second]);

    let history = dormant(home.path(), &["history"]);
    let listing = String::from_utf8_lossy(&history.stdout).into_owned();
    assert!(
        listing.lines().any(|line| line.contains(" withdraw ")),
        "{listing}"
    );

    let again = dormant(home.path(), &["warn", "--withdraw", &id]);
    assert_eq!(again.status.code(), Some(4), "{}", text(&again));
    assert!(text(&again).contains("already withdrawn"), "{}", text(&again));

    let unknown = dormant(home.path(), &["warn", "--withdraw", "20260101T000000Z-00000000"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    assert!(text(&unknown).contains("dormant history"), "{}", text(&unknown));

    let both = dormant(
        home.path(),
        &["warn", "--withdraw", &id, "--filter", "lane:ready"],
    );
    assert_eq!(both.status.code(), Some(2), "{}", text(&both));
    let neither = dormant(home.path(), &["warn"]);
    assert_eq!(neither.status.code(), Some(2), "{}", text(&neither));
}
