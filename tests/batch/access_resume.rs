//! Remove product access interrupted and undone, against the scripted org (`access_org`): an
//! interrupted batch resumed exactly once; a membership changed but not journalled (the crash
//! matrix's nastiest moment) found by the resume and never sent twice; an undo that adds back
//! exactly what was removed, a licence-limit conflict reported as an outcome.

use crate::access_org::*;
use crate::support::users::{UserBuilder, days_ago, directory, now};
use dormant::batch::{
    BatchAction, BatchEnd, CancelToken, CommitSettings, Confirmed, Outcome, Refusal, commit,
    journal::read_journal, resume, undo_plan,
};
use dormant::directory::{AccountId, Activity, DirectoryIndex, Exclusions, GroupId, Policy};
use std::sync::Arc;

#[tokio::test]
async fn an_interrupted_batch_resumes_exactly_once_and_undo_gives_back_exactly_what_went() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    // u2's removal stops the run with an unusable key, after u1 is done.
    org.script("u2", "svc-wiki", &[Fault::Fatal]);
    let run = Run::new(&index, Confirmed::all());
    let settings = CommitSettings {
        concurrency: 1,
        ..CommitSettings::default()
    };
    let report = commit(
        &org,
        plan(&index, &users),
        &run.safeguard,
        &run.store,
        &settings,
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect("commit runs");
    assert!(
        matches!(report.end, BatchEnd::Interrupted { .. }),
        "{:?}",
        report.end
    );
    let journal = read_journal(&report.journal).expect("journal");
    assert!(journal.in_doubt.contains(&AccountId::from("u2")));
    let resumed = resume(
        &org,
        journal,
        &run.safeguard,
        &run.store,
        &settings,
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect("resume runs");
    assert_eq!(resumed.end, BatchEnd::Completed);
    assert_eq!(org.sends("u1", "agents"), 1);
    assert_eq!(
        org.sends("u2", "svc-wiki"),
        2,
        "the refused-key send changed nothing; one real send"
    );
    assert_eq!(org.groups_of("u2"), ["jira-users"]);

    let journal = read_journal(&resumed.journal).expect("journal");
    let undo = undo_plan(&journal, now()).expect("undo plan");
    assert_eq!(undo.action, BatchAction::RestoreAccess);
    let restored: Vec<(&str, Vec<&str>)> = undo
        .entries
        .iter()
        .map(|e| {
            (
                e.account_id.as_str(),
                e.memberships.iter().map(|m| m.group_id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(restored, [("u1", vec!["agents"]), ("u2", vec!["svc-wiki"])]);
    // The product's user limit refuses u2's re-add: a reported conflict, not a crash.
    org.script("u2", "svc-wiki", &[Fault::LicenceLimit]);
    let undone = run.commit(&org, undo).await;
    assert_eq!(undone.end, BatchEnd::Completed);
    assert_eq!(org.groups_of("u1"), ["agents", "jira-users"]);
    match outcome(&undone, "u2") {
        Outcome::Refused {
            refusal: Refusal::ServerRefused { message },
        } => assert!(message.contains("License Limit"), "{message}"),
        other => panic!("expected the licence conflict, got {other:?}"),
    }
    assert_eq!(org.groups_of("u2"), ["jira-users"]);
}

/// The nastiest moment of the crash matrix for every membership of a two-group removal: the
/// change reached the org but its record never reached the journal. The resume re-reads, records
/// it as this batch's (so its undo gives it back), sends nothing twice, and finishes the rest.
#[tokio::test]
async fn a_membership_changed_but_not_journalled_is_found_by_the_resume_and_never_sent_twice() {
    for dying in ["agents", "svc-extra"] {
        let mut users = vec![
            UserBuilder::new("u1", "Una")
                .groups(&["agents", "svc-extra", "jira-users"])
                .activity(Activity::Known(vec![
                    site("jira-service-desk", JSM, Some(200)),
                    site("jira", JIRA, Some(2)),
                ]))
                .build(),
        ];
        users[0].added_to_org = Some(days_ago(500));
        let groups = vec![
            granting("agents", &[(JSM, "jira-service-desk")]),
            granting("svc-extra", &[(JSM, "jira-service-desk")]),
            granting("jira-users", &[(JIRA, "jira")]),
        ];
        let index = DirectoryIndex::build(
            Arc::new(directory(users.clone(), groups)),
            &Policy::default(),
            &Exclusions::default(),
            now(),
        );
        let plan = plan(&index, &users);
        assert_eq!(entry(&plan, "u1").memberships.len(), 2, "{dying}");
        let org = MembershipOrg::of(&users);
        org.script("u1", dying, &[Fault::ApplyThenDie]);
        let run = Run::new(&index, Confirmed::all());
        let report = run.commit(&org, plan).await;
        assert!(
            matches!(report.end, BatchEnd::Interrupted { .. }),
            "{dying}: {:?}",
            report.end
        );
        let journal = read_journal(&report.journal).expect("journal");
        assert!(journal.in_doubt.contains(&AccountId::from("u1")), "{dying}");
        let settings = CommitSettings::default();
        let resumed = resume(
            &org,
            journal,
            &run.safeguard,
            &run.store,
            &settings,
            |_| {},
            &CancelToken::new(),
        )
        .await
        .expect("resume runs");
        assert_eq!(resumed.end, BatchEnd::Completed, "{dying}");
        assert!(
            matches!(outcome(&resumed, "u1"), Outcome::Succeeded { .. }),
            "{dying}"
        );
        assert_eq!(org.groups_of("u1"), ["jira-users"], "{dying}");
        assert_eq!(org.sends("u1", "agents"), 1, "{dying}");
        assert_eq!(org.sends("u1", "svc-extra"), 1, "{dying}");
        let journal = read_journal(&resumed.journal).expect("journal");
        let mut removed: Vec<&str> = journal.memberships[&AccountId::from("u1")]
            .iter()
            .map(GroupId::as_str)
            .collect();
        removed.sort_unstable();
        assert_eq!(removed, ["agents", "svc-extra"], "{dying}");
        let undone = run.commit(&org, undo_plan(&journal, now()).expect("undo")).await;
        assert_eq!(undone.end, BatchEnd::Completed, "{dying}");
        assert_eq!(
            org.groups_of("u1"),
            ["agents", "jira-users", "svc-extra"],
            "{dying}"
        );
    }
}
