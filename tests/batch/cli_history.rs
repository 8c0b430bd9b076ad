//! What the batch commands know of history: an undo's preview says what it gives back and leaves
//! out a cleanup's lines; `dormant history` marks a batch undone and by which batch, and shows a
//! warning run as "warned N, mailed M". The real binary against the simulator, and the preview
//! as a pure function.

use crate::cli::{Setup, code, stderr};
use crate::support::users::{UserBuilder, directory, now};
use dormant::batch::{BatchAction, Plan, PlanOptions, Preview};
use dormant::directory::{AccountId, DirectoryIndex, Exclusions, Policy, Warning};
use dormant::types::BatchId;
use serde_json::Value;
use std::sync::Arc;

#[test]
fn an_undo_preview_says_what_it_gives_back_and_drops_the_cleanup_lines() {
    let users = vec![
        UserBuilder::new("a", "Ada")
            .products(&[("jira", Some(200))])
            .synced()
            .build(),
        UserBuilder::new("b", "Bo")
            .products(&[("jira", Some(200))])
            .build(),
    ];
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let mut plan = Plan::build(&index, ids, &PlanOptions::default(), now()).expect("plan");
    plan.entries[1].warned = Some(Warning {
        warned_at: now(),
        deadline: now(),
    });
    let prices = Policy::default().prices;
    let cleanup = Preview::of(&plan, &prices, 0, now()).to_string();
    assert!(
        cleanup.contains("IdP-synced") && cleanup.contains("warned before"),
        "{cleanup}"
    );
    let batch = BatchId::parse("20260601T120000Z-0000beef").expect("id");
    plan.action = BatchAction::Restore;
    plan.undo_of = Some(batch.clone());
    let undo = Preview::of(&plan, &prices, 0, now()).to_string();
    let first = undo.lines().next().expect("a first line");
    assert!(
        first.starts_with("Restore 2 users in ")
            && first.ends_with(&format!(": gives back what batch {batch} took")),
        "{undo}"
    );
    assert!(
        !undo.contains("IdP") && !undo.contains("warned before") && !undo.contains("never warned"),
        "{undo}"
    );
}

#[tokio::test]
async fn history_marks_an_undone_batch_by_its_undo_and_a_warning_run_by_who_was_warned() {
    let setup = Setup::new().await;
    let plan = setup
        .run(&["plan", "--filter", "lane:ready", "-o", "plan.json"])
        .await;
    assert_eq!(code(&plan), 0, "{}", stderr(&plan));
    let applied = setup.run(&["apply", "plan.json", "--yes"]).await;
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    let listed = setup.run(&["history", "--format", "json"]).await;
    let listed: Value = serde_json::from_slice(&listed.stdout).expect("json");
    let batch = listed[0]["batch_id"].as_str().expect("id").to_owned();
    let done = listed[0]["counts"]["succeeded"].as_u64().expect("done");

    let undone = setup.run(&["undo", &batch, "--yes"]).await;
    assert_eq!(code(&undone), 0, "{}", stderr(&undone));
    let restores = String::from_utf8_lossy(&undone.stdout).into_owned();
    assert!(
        restores.contains(&format!("restore, what batch {batch} took ({done}):")),
        "{restores}"
    );
    assert!(
        stderr(&undone).contains(&format!(": gives back what batch {batch} took")),
        "{}",
        stderr(&undone)
    );
    let twice = setup.run(&["undo", &batch, "--yes"]).await;
    assert_eq!(code(&twice), 4, "{}", stderr(&twice));
    assert!(
        stderr(&twice).contains("was already undone by batch "),
        "{}",
        stderr(&twice)
    );

    let warned = setup
        .run(&["warn", "--filter", "lane:review", "-o", "notices.csv"])
        .await;
    assert_eq!(code(&warned), 0, "{}", stderr(&warned));

    let listed = setup.run(&["history", "--format", "json"]).await;
    let listed: Value = serde_json::from_slice(&listed.stdout).expect("json");
    let undo = listed[1]["batch_id"].as_str().expect("undo id").to_owned();
    assert_eq!(listed[0]["undone_by"], undo.as_str());
    assert_eq!(listed[1]["undone_by"], Value::Null);
    let warnings = listed[2]["counts"]["planned"].as_u64().expect("warned");
    assert!(warnings > 0, "{listed}");

    let table = setup.run(&["history"]).await;
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    let row = |id: &str| {
        table
            .lines()
            .find(|line| line.starts_with(id))
            .unwrap_or_else(|| panic!("{id} listed: {table}"))
            .to_owned()
    };
    assert!(row(&batch).ends_with(&format!(" · undone by {undo}")), "{table}");
    assert!(row(&undo).ends_with(&format!(" · undoes {batch}")), "{table}");
    let warn_id = listed[2]["batch_id"].as_str().expect("warn id");
    let warn_row = row(warn_id);
    assert!(
        warn_row.contains(&format!("warned {warnings}, mailed 0")) && !warn_row.contains(" skipped"),
        "{warn_row}"
    );
}
