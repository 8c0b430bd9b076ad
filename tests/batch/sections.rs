//! The plan's sections at the seams: users not cleanup-ready are refused with their lane and its
//! reasons unless the lane is included; the preview counts them apart ("N not cleanup-ready: M
//! active in the last 30 days, most recent D days ago"); the commit engine refuses a hand-flipped
//! entry, a section not confirmed, a user of any lane not warned under `require_warning`, and
//! any commit of a read-only session; the confirmed sections are journalled for `resume`.

use crate::support::memory_org;
use crate::support::users as support;

use dormant::batch::{
    BatchReport, BatchStore, CancelToken, CommitError, CommitSettings, Confirmed, Outcome, Permission, Plan,
    PlanError, PlanOptions, Preview, ReadOnly, Refusal, Safeguard, Section, commit, journal::read_journal,
};
use dormant::directory::{AccountId, DirectoryIndex, Exclusions, Lane, Policy, User};
use dormant::store::Paths;
use memory_org::MemoryOrg;
use std::sync::Arc;
use support::{UserBuilder, directory, now};

fn jira(id: &str, idle_days: i64) -> User {
    UserBuilder::new(id, &format!("User {id}"))
        .products(&[("jira", Some(idle_days))])
        .build()
}

/// Two cleanup-ready users and three active ones (2, 5 and 40 days since their last use, the
/// last still under the 90-day threshold).
fn org() -> Vec<User> {
    vec![
        jira("ready-1", 200),
        jira("ready-2", 120),
        jira("active-2", 2),
        jira("active-5", 5),
        jira("active-40", 40),
    ]
}

fn index(users: &[User], policy: &Policy) -> DirectoryIndex {
    DirectoryIndex::build(
        Arc::new(directory(users.to_vec(), Vec::new())),
        policy,
        &Exclusions::default(),
        now(),
    )
}

fn plan(index: &DirectoryIndex, users: &[User], include_lanes: Vec<Lane>) -> Plan {
    let options = PlanOptions {
        include_lanes,
        ..PlanOptions::default()
    };
    Plan::build(index, users.iter().map(|u| u.account_id.clone()), &options, now()).expect("plan")
}

fn refusal<'a>(plan: &'a Plan, id: &str) -> Option<&'a Refusal> {
    plan.entries
        .iter()
        .find(|entry| entry.account_id.as_str() == id)
        .and_then(|entry| entry.refusal.as_ref())
}

async fn run(
    org: &MemoryOrg,
    plan: Plan,
    safeguard: &Safeguard,
    home: &std::path::Path,
) -> Result<BatchReport, CommitError> {
    commit(
        org,
        plan,
        safeguard,
        &BatchStore::new(&Paths::under(home)),
        &CommitSettings::default(),
        |_| {},
        &CancelToken::new(),
    )
    .await
}

fn outcome<'a>(report: &'a BatchReport, id: &str) -> &'a Outcome {
    &report
        .outcomes
        .iter()
        .find(|outcome| outcome.account_id.as_str() == id)
        .expect("an outcome")
        .outcome
}

#[test]
fn active_users_are_refused_with_their_lane_unless_the_lane_is_included() {
    let users = org();
    let index = index(&users, &Policy::default());
    let plan = plan(&index, &users, Vec::new());
    assert_eq!(plan.acting().count(), 2);
    let Some(Refusal::NotCleanupReady { lane, reasons }) = refusal(&plan, "active-2") else {
        panic!("{:?}", refusal(&plan, "active-2"));
    };
    assert_eq!(*lane, Lane::Active);
    assert!(!reasons.is_empty());
    let text = refusal(&plan, "active-2").expect("refused").to_string();
    assert!(
        text.contains("lane active") && text.contains("--include-lane active"),
        "{text}"
    );
    let preview = Preview::of(&plan, &Policy::default().prices, 0, now());
    assert_eq!(preview.all_sections(), Confirmed::only([Section::CleanupReady]));
    assert!(
        preview.to_string().contains("refused, not cleanup-ready (3)"),
        "{preview}"
    );
}

#[test]
fn the_preview_counts_included_users_apart_and_says_how_recently_they_were_active() {
    let users = org();
    let index = index(&users, &Policy::default());
    let plan = plan(&index, &users, vec![Lane::Active]);
    assert_eq!(plan.include_lanes, [Lane::Active]);
    let preview = Preview::of(&plan, &Policy::default().prices, 0, now());
    assert_eq!(preview.acting, 5);
    let ready = preview.section(Section::CleanupReady).expect("cleanup-ready");
    assert_eq!(ready.accounts.len(), 2);
    let not_ready = preview
        .section(Section::NotCleanupReady)
        .expect("not cleanup-ready");
    assert_eq!(
        not_ready.summary(),
        "3 not cleanup-ready: 2 active in the last 30 days, most recent 2 days ago"
    );
    assert!(
        not_ready
            .accounts
            .iter()
            .all(|a| a.lane == Some(Lane::Active) && !a.reasons.is_empty())
    );
    let text = preview.to_string();
    assert!(text.contains("  2 cleanup-ready\n"), "{text}");
    assert!(text.contains("--include-lane active"), "{text}");
    let saved = serde_json::to_value(&plan).expect("json");
    assert_eq!(saved["include_lanes"], serde_json::json!(["active"]));
}

#[test]
fn protected_is_never_included() {
    let users = org();
    let index = index(&users, &Policy::default());
    let options = PlanOptions {
        include_lanes: vec![Lane::Protected],
        ..PlanOptions::default()
    };
    let built = Plan::build(
        &index,
        users.iter().map(|u| u.account_id.clone()),
        &options,
        now(),
    );
    assert_eq!(built, Err(PlanError::ProtectedIncluded));
}

#[tokio::test]
async fn a_hand_flipped_entry_without_the_include_choice_is_refused_at_commit() {
    let users = org();
    let index = index(&users, &Policy::default());
    let mut plan = plan(&index, &users, Vec::new());
    for entry in &mut plan.entries {
        entry.refusal = None;
        entry.section = Some(Section::NotCleanupReady);
    }
    let org = MemoryOrg::of(&users);
    let home = tempfile::tempdir().expect("tempdir");
    let safeguard = Safeguard::new(index.classifier().clone());
    let report = run(&org, plan, &safeguard, home.path()).await.expect("runs");
    assert!(org.changed().is_empty(), "{:?}", org.changed());
    assert!(matches!(
        outcome(&report, "active-5"),
        Outcome::Refused {
            refusal: Refusal::NotCleanupReady {
                lane: Lane::Active,
                ..
            }
        }
    ));
    // Cleanup-ready users relabelled into another section are not acted on either.
    assert_eq!(
        outcome(&report, "ready-1"),
        &Outcome::Refused {
            refusal: Refusal::SectionNotMatching {
                shown: Some(Section::NotCleanupReady),
                now: Section::CleanupReady
            }
        }
    );
}

#[tokio::test]
async fn a_section_not_confirmed_is_refused_and_the_confirmation_is_journalled() {
    let users = org();
    let index = index(&users, &Policy::default());
    let plan = plan(&index, &users, vec![Lane::Active]);
    let org = MemoryOrg::of(&users);
    let home = tempfile::tempdir().expect("tempdir");
    let safeguard =
        Safeguard::new(index.classifier().clone()).confirming(Confirmed::only([Section::CleanupReady]));
    let report = run(&org, plan, &safeguard, home.path()).await.expect("runs");
    let changed: Vec<AccountId> = org.changed().into_iter().collect();
    assert_eq!(changed, [AccountId::from("ready-1"), AccountId::from("ready-2")]);
    assert_eq!(
        outcome(&report, "active-40"),
        &Outcome::Refused {
            refusal: Refusal::SectionNotConfirmed {
                section: Some(Section::NotCleanupReady)
            }
        }
    );
    let journal = read_journal(&report.journal).expect("journal");
    assert_eq!(
        journal.plan.confirmed,
        Some(Confirmed::only([Section::CleanupReady]))
    );
}

#[tokio::test]
async fn require_warning_holds_back_an_included_active_user_at_plan_and_at_commit() {
    let users = org();
    let mut policy = Policy::default();
    policy.warning.require = true;
    let index = index(&users, &policy);
    let mut plan = plan(&index, &users, vec![Lane::Active]);
    assert!(
        matches!(refusal(&plan, "active-2"), Some(Refusal::WarningRequired { .. })),
        "{:?}",
        refusal(&plan, "active-2")
    );
    for entry in &mut plan.entries {
        entry.refusal = None;
        entry.section = Some(Section::NotCleanupReady);
    }
    let org = MemoryOrg::of(&users);
    let home = tempfile::tempdir().expect("tempdir");
    let report = run(
        &org,
        plan,
        &Safeguard::new(index.classifier().clone()),
        home.path(),
    )
    .await
    .expect("runs");
    assert!(org.changed().is_empty(), "{:?}", org.changed());
    assert!(matches!(
        outcome(&report, "active-2"),
        Outcome::Refused {
            refusal: Refusal::WarningRequired { .. }
        }
    ));
}

#[tokio::test]
async fn a_read_only_session_cannot_plan_or_commit() {
    let users = org();
    let index = index(&users, &Policy::default());
    let options = PlanOptions {
        permission: Permission::ReadOnly(ReadOnly::Session),
        ..PlanOptions::default()
    };
    let built = Plan::build(
        &index,
        users.iter().map(|u| u.account_id.clone()),
        &options,
        now(),
    );
    assert_eq!(built, Err(PlanError::ReadOnly(ReadOnly::Session)));
    let plan = plan(&index, &users, Vec::new());
    let org = MemoryOrg::of(&users);
    let home = tempfile::tempdir().expect("tempdir");
    let safeguard =
        Safeguard::new(index.classifier().clone()).with_permission(Permission::ReadOnly(ReadOnly::Session));
    let refused = run(&org, plan, &safeguard, home.path()).await;
    assert!(
        matches!(refused, Err(CommitError::ReadOnly(ReadOnly::Session))),
        "{refused:?}"
    );
    assert!(org.changed().is_empty());
    assert!(!home.path().join("data").exists(), "no journal was written");
}
