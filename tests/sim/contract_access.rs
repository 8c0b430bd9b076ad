//! Contract of v2 suspend/restore: the change is visible in every read (search, details, v1 users,
//! dump, events, actions), repeats are harmless no-ops, and refusals carry the org envelope.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use dormant::api::assumptions::V2_MUTATION_SUCCESS_STATUS;
use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::{Sim, code};

fn access(directory: &str, account: &str, verb: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/{directory}/users/{account}/{verb}")
}

async fn v2_user(sim: &Sim, account: &str) -> Value {
    sim.get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/users/{account}"))
        .await
        .json["data"]
        .clone()
}

#[tokio::test]
async fn suspend_and_restore_flip_membership_everywhere() {
    let sim = Sim::start(fixture_org()).await;
    let success = StatusCode::from_u16(V2_MUTATION_SUCCESS_STATUS).unwrap();
    sim.set_now(at("2026-03-11T08:00:00Z"));
    let reply = sim.post_empty(&access(DIR_MAIN, IVY_INVITED, "suspend")).await;
    assert_eq!(reply.status, success);
    assert!(reply.text.is_empty());

    let details = v2_user(&sim, IVY_INVITED).await;
    assert_eq!(
        (details["status"].clone(), details["membershipStatus"].clone()),
        (json!("suspended"), json!("suspended"))
    );
    let found = sim.search_all("-", &json!({ "status": ["suspended"] })).await;
    assert_eq!(server::ids(&found), [JANE, IVY_INVITED]);
    assert_eq!(sim.dump_user(IVY_INVITED).await["membership_status"], "suspended");
    let v1 = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/users")).await;
    let ivy = v1.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account_id"] == IVY_INVITED)
        .unwrap()
        .clone();
    assert_eq!(ivy["access_billable"], false, "suspended users are not billed");

    let again = sim.post_empty(&access("-", IVY_INVITED, "suspend")).await;
    assert_eq!(again.status, success, "repeating is a harmless no-op");
    assert_eq!(
        sim.post_empty(&access("-", IVY_INVITED, "restore")).await.status,
        success
    );
    assert_eq!(v2_user(&sim, IVY_INVITED).await["status"], "active");
    assert_eq!(
        sim.post_empty(&access("-", IVY_INVITED, "restore")).await.status,
        success
    );

    let actions = sim.actions().await;
    let effects: Vec<&str> = actions.iter().map(|a| a["effect"].as_str().unwrap()).collect();
    assert_eq!(
        effects,
        [
            "suspended",
            "noop:already_suspended",
            "restored",
            "noop:already_active"
        ]
    );
    assert_eq!(actions[0]["seq"], 1);
    assert_eq!(actions[0]["method"], "POST");
    assert_eq!(actions[0]["path"], access(DIR_MAIN, IVY_INVITED, "suspend"));
    assert_eq!(actions[0]["accountId"], IVY_INVITED);
    assert_eq!(actions[0]["time"], "2026-03-11T08:00:00Z");

    let events = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events")).await.json;
    let listed = events["data"].as_array().unwrap();
    let kinds: Vec<&str> = listed
        .iter()
        .map(|e| e["attributes"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["user_access_restored", "user_access_suspended"],
        "newest first, no-ops are not events"
    );
    assert_eq!(listed[1]["attributes"]["time"], "2026-03-11T08:00:00.000Z");
    assert_eq!(listed[1]["attributes"]["context"][0]["id"], IVY_INVITED);
    assert_eq!(listed[1]["attributes"]["actor"]["auth"]["authType"], "api-token");
}

#[tokio::test]
async fn unmanaged_users_can_be_restored_and_suspended() {
    let sim = Sim::start(fixture_org()).await;
    assert_eq!(
        sim.post_empty(&access("-", JANE, "restore")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(v2_user(&sim, JANE).await["status"], "active");
    assert_eq!(
        sim.post_empty(&access(DIR_MAIN, JANE, "suspend")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(v2_user(&sim, JANE).await["status"], "suspended");
}

#[tokio::test]
async fn refusals_use_the_org_envelope_and_change_nothing() {
    let sim = Sim::start(fixture_org()).await;
    let admin = sim.post_empty(&access("-", OLGA_ADMIN, "suspend")).await;
    assert_eq!(admin.status, StatusCode::FORBIDDEN);
    assert_eq!(admin.json["errors"][0]["code"], "ADMIN-403-3");
    assert_eq!(admin.json["errors"][0]["status"], "403");
    assert_eq!(v2_user(&sim, OLGA_ADMIN).await["status"], "active");

    let cases = [
        (
            access("-", "nobody", "suspend"),
            StatusCode::NOT_FOUND,
            "ADMIN-404-8",
            "refused:unknown_account",
        ),
        (
            access(DIR_IDP, IVY_INVITED, "suspend"),
            StatusCode::NOT_FOUND,
            "ADMIN-404-8",
            "refused:not_in_directory",
        ),
        (
            access("-", NOAH_NO_MEMBERSHIP, "suspend"),
            StatusCode::NOT_FOUND,
            "ADMIN-404-8",
            "refused:no_membership",
        ),
        (
            access("bogus-dir", IVY_INVITED, "restore"),
            StatusCode::NOT_FOUND,
            "ADMIN-404-1",
            "refused:unknown_directory",
        ),
        (
            format!("/admin/v2/orgs/other/directories/-/users/{IVY_INVITED}/suspend"),
            StatusCode::NOT_FOUND,
            "ADMIN-404-2",
            "refused:unknown_org",
        ),
    ];
    for (path, status, expected_code, _) in &cases {
        let reply = sim.post_empty(path).await;
        assert_eq!((reply.status, code(&reply)), (*status, *expected_code), "{path}");
    }
    let effects: Vec<String> = sim
        .actions()
        .await
        .iter()
        .map(|a| a["effect"].as_str().unwrap().to_owned())
        .collect();
    let mut expected = vec!["refused:admin".to_owned()];
    expected.extend(cases.iter().map(|case| case.3.to_owned()));
    assert_eq!(effects, expected);
    assert_eq!(
        sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events")).await.json["data"],
        json!([])
    );
    assert_eq!(
        sim.get("/__sim/dump").await.json,
        serde_json::to_value(fixture_org()).unwrap()
    );

    let wrong_method = sim.get(&access("-", IVY_INVITED, "suspend")).await;
    assert_eq!(
        (wrong_method.status, code(&wrong_method)),
        (StatusCode::METHOD_NOT_ALLOWED, "ADMIN-405-1")
    );
}
