//! The `IdP` handoff of a finished batch (the console's `I` on the results page): the synced users
//! the batch changed, with their synced groups; not those it skipped, refused or failed on, and
//! not the users the `IdP` does not sync.

use crate::support::users::{UserBuilder, directory, group, now};
use dormant::batch::{
    BatchAction, BatchEnd, BatchReport, Confirmation, Counts, Outcome, Plan, PlanOptions, UserOutcome,
    write_batch_handoff,
};
use dormant::directory::{AccountId, DirectoryIndex, Exclusions, Policy};
use dormant::types::BatchId;
use std::sync::Arc;

#[test]
fn the_handoff_of_a_batch_lists_the_synced_users_it_changed() {
    let mut okta = group("g-okta", "okta-engineering");
    okta.external_synced = true;
    let user = |id: &str| {
        UserBuilder::new(id, &format!("User {id}"))
            .products(&[("jira", Some(200))])
            .groups(&["g-okta"])
    };
    let users = vec![
        user("done").synced().build(),
        user("failed").synced().build(),
        user("invited").build(),
    ];
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let index = DirectoryIndex::build(
        Arc::new(directory(users, vec![okta])),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let plan = Plan::build(&index, ids, &PlanOptions::default(), now()).expect("plan");
    let outcome = |id: &str, outcome: Outcome| UserOutcome {
        account_id: AccountId::from(id),
        name: format!("User {id}"),
        email: None,
        action: BatchAction::Suspend,
        outcome,
        at: now(),
    };
    let succeeded = || Outcome::Succeeded {
        confirmed_by: Confirmation::Answer,
    };
    let report = BatchReport {
        batch_id: BatchId::new(now()),
        journal: "/tmp/batch.jsonl".into(),
        action: BatchAction::Suspend,
        end: BatchEnd::Completed,
        counts: Counts::default(),
        outcomes: vec![
            outcome("done", succeeded()),
            outcome(
                "failed",
                Outcome::Failed {
                    error: "HTTP 500".into(),
                },
            ),
            outcome("invited", succeeded()),
        ],
        entries: plan.entries,
        warnings: Vec::new(),
        memberships: std::collections::HashMap::new(),
    };
    let mut csv = Vec::new();
    let rows = write_batch_handoff(&report, &mut csv).expect("csv");
    let text = String::from_utf8(csv).expect("utf8");
    assert_eq!(rows, 1, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "name,email,account_id,idle_days,synced_groups,idp_groups_to_remove"
    );
    assert!(
        lines[1].starts_with("User done,") && lines[1].ends_with(",okta-engineering,"),
        "{text}"
    );
}
