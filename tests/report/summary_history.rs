//! The summary's quarter and pending sections against a real audit log and real batch journals
//! (written with the store's and the journal's own writers): seats freed equal the journal's
//! successes priced like the preview, user counts equal the audit log's, a batch older than the
//! quarter or undone later counts nothing, warning runs show who was warned and mailed, and an
//! `IdP` handoff is listed with the CSV beside the journal.

use crate::summary::index;
use crate::support::users::{days_ago, now};
use dormant::batch::journal::{JournalRecord, JournalWriter};
use dormant::batch::{BatchStore, Confirmation, Counts, Plan, PlanOptions, Preview};
use dormant::cli::summary::history_facts;
use dormant::directory::{AccountId, Lane};
use dormant::report::summary::{QUARTER_DAYS, Summary};
use dormant::store::{AuditAction, AuditCounts, AuditLog, AuditRecord, AuditState, Paths};
use dormant::types::BatchId;
use std::path::PathBuf;

fn id(text: &str) -> BatchId {
    BatchId::parse(text).expect("batch id")
}

fn record(batch: &str, action: AuditAction, days: i64, counts: AuditCounts, journal: PathBuf) -> AuditRecord {
    AuditRecord {
        batch_id: id(batch),
        who: "admin on test".to_owned(),
        started_at: days_ago(days),
        finished_at: days_ago(days),
        org_id: "org-1".parse().expect("org id"),
        org_name: "Acme".to_owned(),
        action,
        counts,
        state: AuditState::Completed,
        journal,
        undo_of: None,
    }
}

/// Writes a suspend batch of the cleanup-ready users that succeeded on `succeeded` (the rest
/// failed), `days` ago; returns the plan and the journal's path.
fn suspend_batch(store: &BatchStore, batch: &str, days: i64, succeeded: &[&str]) -> (Plan, PathBuf) {
    let index = index();
    let ready = (0..index.len() as u32)
        .filter(|&row| index.lane(row) == Lane::CleanupReady)
        .map(|row| index.user(row).account_id.clone());
    let mut plan = Plan::build(&index, ready, &PlanOptions::default(), days_ago(days)).expect("plan");
    for entry in &mut plan.entries {
        entry.idp_synced = entry.account_id.as_str() == "a-gina";
    }
    let header = JournalRecord::Header {
        format: dormant::batch::journal::JOURNAL_FORMAT,
        batch_id: id(batch),
        operator: "admin on test".to_owned(),
        started_at: days_ago(days),
        plan_id: None,
        plan: plan.clone(),
    };
    let mut journal = JournalWriter::create(store.journals_dir(), &header, &id(batch)).expect("journal");
    let mut counts = Counts {
        planned: plan.entries.len(),
        ..Counts::default()
    };
    for entry in &plan.entries {
        let account_id: AccountId = entry.account_id.clone();
        let at = days_ago(days);
        journal
            .append(&JournalRecord::Started {
                account_id: account_id.clone(),
                at,
            })
            .expect("started");
        let done = if succeeded.contains(&account_id.as_str()) {
            counts.succeeded += 1;
            JournalRecord::Succeeded {
                account_id,
                at,
                confirmed_by: Confirmation::Answer,
            }
        } else {
            counts.failed += 1;
            JournalRecord::Failed {
                account_id,
                at,
                error: "HTTP 500".to_owned(),
            }
        };
        journal.append(&done).expect("outcome");
    }
    journal
        .append(&JournalRecord::Finished {
            at: days_ago(days),
            state: dormant::batch::journal::FinishState::Completed,
            counts,
        })
        .expect("finished");
    let path = journal.path().to_path_buf();
    let audit = AuditCounts {
        planned: counts.planned,
        succeeded: counts.succeeded,
        failed: counts.failed,
        ..AuditCounts::default()
    };
    store
        .audit()
        .append(&record(batch, AuditAction::Suspend, days, audit, path.clone()))
        .expect("audit");
    (plan, path)
}

#[test]
fn the_quarter_counts_what_the_journals_and_the_audit_log_say() {
    let home = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(home.path());
    let store = BatchStore::new(&paths);
    let audit = AuditLog::new(&paths);
    // Outside the quarter: never counted.
    suspend_batch(&store, "20260101T100000Z-00000001", 150, &["a-bob"]);
    // In the quarter: Bob and Gina suspended, the others failed.
    let (plan, journal) = suspend_batch(&store, "20260520T100000Z-00000002", 12, &["a-bob", "a-gina"]);
    std::fs::write(journal.with_extension("idp-handoff.csv"), "name\n").expect("handoff");
    // A batch with no journal that was undone later: listed, never counted.
    let undone = AuditCounts {
        planned: 4,
        succeeded: 4,
        ..AuditCounts::default()
    };
    audit
        .append(&record(
            "20260525T100000Z-00000003",
            AuditAction::Suspend,
            7,
            undone,
            "/gone.jsonl".into(),
        ))
        .expect("audit");
    let mut undo = record(
        "20260526T100000Z-00000004",
        AuditAction::Restore,
        6,
        undone,
        "/gone2.jsonl".into(),
    );
    undo.undo_of = Some(id("20260525T100000Z-00000003"));
    audit.append(&undo).expect("audit");
    let warned = AuditCounts {
        planned: 5,
        succeeded: 3,
        failed: 1,
        ..AuditCounts::default()
    };
    audit
        .append(&record(
            "20260515T100000Z-00000005",
            AuditAction::Warn,
            17,
            warned,
            "/w.json".into(),
        ))
        .expect("audit");

    let facts = history_facts(&store, now() - chrono::Duration::days(QUARTER_DAYS)).expect("history");
    let summary = Summary::build(&index(), &facts, now());
    let quarter = &summary.quarter;
    let ids: Vec<&str> = quarter.batches.iter().map(|b| b.batch_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "20260520T100000Z-00000002",
            "20260525T100000Z-00000003",
            "20260526T100000Z-00000004"
        ]
    );
    // The figures of the counted batch: the audit log's users, the journal's seats.
    assert_eq!(quarter.users_changed, 2);
    let mut changed = plan.clone();
    changed
        .entries
        .retain(|e| ["a-bob", "a-gina"].contains(&e.account_id.as_str()));
    let preview = Preview::of(&changed, &index().policy().prices, 0, now());
    let seats: u64 = preview.seats.iter().map(|p| p.seats).sum();
    assert_eq!(seats, 3, "Bob's Jira and Confluence, Gina's Jira");
    assert_eq!(quarter.seats_freed, seats);
    assert_eq!(quarter.monthly_saved, preview.monthly_estimate);
    assert_eq!(quarter.monthly_saved.cents, 2 * 860 + 605);
    assert_eq!(quarter.unreadable, 0);
    let undone = &quarter.batches[1];
    assert_eq!(
        undone.undone_by.as_ref().map(BatchId::as_str),
        Some("20260526T100000Z-00000004")
    );
    assert!(!undone.counted && undone.seats.is_none());
    assert!(!quarter.batches[2].counted, "a restore frees nothing");
    let warning = &quarter.warnings[0];
    assert_eq!((warning.warned, warning.mailed, warning.not_delivered), (5, 3, 1));

    let handoffs = &summary.pending.handoffs;
    assert_eq!(handoffs.len(), 1);
    assert_eq!(handoffs[0].users, 1, "Gina is IdP-synced");
    assert_eq!(
        handoffs[0].file.as_deref(),
        Some(journal.with_extension("idp-handoff.csv").as_path())
    );
    assert!(summary.pending.unfinished.is_empty());
}
