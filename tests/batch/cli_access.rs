//! `dormant plan --action remove-access` as a script runs it, against the simulator: the product
//! is named as the query language names it; an unknown product or site is a usage error (exit 2)
//! that lists what the org has; the plan file records the target and nothing is changed.

use crate::cli::{Setup, code, stderr};
use serde_json::Value;

#[tokio::test]
async fn an_unknown_product_or_site_is_a_usage_error_naming_the_org_s() {
    let setup = Setup::new().await;
    let unknown = setup
        .run(&[
            "plan",
            "--action",
            "remove-access",
            "--product",
            "jirra",
            "--filter",
            "lane:active",
            "-o",
            "plan.json",
        ])
        .await;
    let text = stderr(&unknown);
    assert_eq!(code(&unknown), 2, "{text}");
    assert!(text.contains("\"jirra\"") && text.contains("jira"), "{text}");
    let site = setup
        .run(&[
            "plan",
            "--action",
            "remove-access",
            "--product",
            "jira",
            "--site",
            "no-such-site",
            "--filter",
            "lane:active",
            "-o",
            "plan.json",
        ])
        .await;
    let text = stderr(&site);
    assert_eq!(code(&site), 2, "{text}");
    assert!(text.contains("--site \"no-such-site\""), "{text}");
    let missing = setup
        .run(&[
            "plan",
            "--action",
            "remove-access",
            "--filter",
            "lane:active",
            "-o",
            "plan.json",
        ])
        .await;
    assert_eq!(code(&missing), 2, "{}", stderr(&missing));
    assert!(stderr(&missing).contains("--product"), "{}", stderr(&missing));
    assert!(
        !setup.home.path().join("plan.json").exists(),
        "nothing was planned"
    );
    assert!(setup.target.actions().await.is_empty(), "nothing was changed");
}

#[tokio::test]
async fn a_remove_access_plan_records_its_product_and_changes_nothing() {
    let setup = Setup::new().await;
    let plan = setup
        .run(&[
            "plan",
            "--action",
            "remove-access",
            "--product",
            "JIRA",
            "--filter",
            "lane:active",
            "-o",
            "plan.json",
        ])
        .await;
    assert_eq!(code(&plan), 0, "{}", stderr(&plan));
    let json: Value =
        serde_json::from_slice(&std::fs::read(setup.home.path().join("plan.json")).expect("plan file"))
            .expect("plan json");
    assert_eq!(json["action"], "remove_access");
    assert_eq!(json["access"]["product"], "jira");
    assert!(
        json["entries"]
            .as_array()
            .is_some_and(|entries| !entries.is_empty())
    );
    assert!(
        setup.target.actions().await.is_empty(),
        "planning changes nothing"
    );
}
