//! Contract of the User management API: permissions, profile, and lifecycle disable/enable with
//! the reference's refusal bodies, the change visible in every read.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::Sim;

fn lifecycle(account: &str, verb: &str) -> String {
    format!("/users/{account}/manage/lifecycle/{verb}")
}

#[tokio::test]
async fn permissions_follow_management_and_the_privileges_filter() {
    let sim = Sim::start(fixture_org()).await;
    let synced = sim
        .get(&format!("/users/{PRIYA}/manage?privileges=lifecycle.enablement"))
        .await;
    assert_eq!(synced.status, StatusCode::OK);
    assert_eq!(
        synced.json,
        json!({ "lifecycle.enablement": { "allowed": false, "reason": { "key": "externalDirectory.scim" } } })
    );
    let all = sim.get(&format!("/users/{IVY_INVITED}/manage")).await.json;
    let keys: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "apiToken.delete",
            "apiToken.read",
            "email.set",
            "lifecycle.delete",
            "lifecycle.enablement",
            "profile.read",
            "profile.write"
        ]
    );
    assert_eq!(all["lifecycle.enablement"], json!({ "allowed": true }));
    assert_eq!(
        all["profile.write"]["extended_profile.job_title"],
        json!({ "allowed": true })
    );
    let two = sim
        .get(&format!(
            "/users/{IVY_INVITED}/manage?privileges=profile.read,email.set"
        ))
        .await
        .json;
    assert_eq!(
        two,
        json!({ "profile.read": { "allowed": true }, "email.set": { "allowed": true } })
    );
    let repeated = sim
        .get(&format!(
            "/users/{IVY_INVITED}/manage?privileges=profile.read&privileges=email.set"
        ))
        .await;
    assert_eq!(repeated.json, two);
    let deleting = sim
        .get(&format!(
            "/users/{DANA_DELETING}/manage?privileges=lifecycle.enablement"
        ))
        .await
        .json;
    assert_eq!(deleting["lifecycle.enablement"]["allowed"], false);

    assert_eq!(
        sim.get(&format!("/users/{JANE}/manage")).await.json,
        json!({ "key": "forbidden" })
    );
    let missing = sim.get("/users/nobody/manage").await;
    assert_eq!(
        (missing.status, missing.json),
        (StatusCode::NOT_FOUND, json!({ "key": "accountNotFound" }))
    );
    let bad = sim
        .get(&format!("/users/{IVY_INVITED}/manage?privileges=root"))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json["key"], "fieldConstraintsViolated");
    assert_eq!(bad.json["context"]["fieldViolations"][0]["field"], "privileges");
}

#[tokio::test]
async fn profile_serves_the_account_object() {
    let sim = Sim::start(fixture_org()).await;
    let reply = sim.get(&format!("/users/{PRIYA}/manage/profile")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let account = &reply.json["account"];
    assert_eq!(account["account_id"], PRIYA);
    assert_eq!(account["account_status"], "active");
    assert_eq!(account["zoneinfo"], "Europe/Berlin");
    assert_eq!(
        account["extended_profile"],
        json!({ "job_title": "Software Engineer", "organization": "Acme Corp", "department": "Platform", "location": "Berlin" })
    );
    assert_eq!(account["characteristics"], json!({ "not_mentionable": false }));
    let jane = sim.get(&format!("/users/{JANE}/manage/profile")).await;
    assert_eq!(
        (jane.status, jane.json),
        (StatusCode::FORBIDDEN, json!({ "key": "forbidden" }))
    );
}

#[tokio::test]
async fn disable_and_enable_flip_account_status_everywhere() {
    let sim = Sim::start(fixture_org()).await;
    sim.set_now(at("2026-03-12T15:30:00Z"));
    let disabled = sim
        .post(
            &lifecycle(IVY_INVITED, "disable"),
            &json!({ "message": "Idle for 120 days" }),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::NO_CONTENT);
    assert!(disabled.text.is_empty());

    let v2 = sim
        .get(&format!(
            "/admin/v2/orgs/{ORG_ID}/directories/-/users/{IVY_INVITED}"
        ))
        .await
        .json;
    assert_eq!(v2["data"]["accountStatus"], "inactive");
    assert_eq!(v2["data"]["status"], "deactivated");
    assert_eq!(v2["data"]["deactivatedOn"], "2026-03-12T15:30:00.000Z");
    let v1 = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/users")).await.json;
    let ivy = v1["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account_id"] == IVY_INVITED)
        .unwrap()
        .clone();
    assert_eq!(ivy["account_status"], "inactive");
    let profile = sim
        .get(&format!("/users/{IVY_INVITED}/manage/profile"))
        .await
        .json;
    assert_eq!(profile["account"]["account_status"], "inactive");
    let found = sim
        .search_all("-", &json!({ "accountStatus": ["inactive"] }))
        .await;
    assert_eq!(server::ids(&found), [TOM, IVY_INVITED]);
    assert_eq!(
        sim.dump_user(IVY_INVITED).await["deactivated_on"],
        "2026-03-12T15:30:00Z"
    );

    assert_eq!(
        sim.post_empty(&lifecycle(IVY_INVITED, "disable")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        sim.post_empty(&lifecycle(IVY_INVITED, "enable")).await.status,
        StatusCode::NO_CONTENT
    );
    let v2 = sim
        .get(&format!(
            "/admin/v2/orgs/{ORG_ID}/directories/-/users/{IVY_INVITED}"
        ))
        .await
        .json;
    assert_eq!(
        (v2["data"]["status"].clone(), v2["data"]["deactivatedOn"].clone()),
        (json!("active"), Value::Null)
    );
    assert_eq!(
        sim.post_empty(&lifecycle(IVY_INVITED, "enable")).await.status,
        StatusCode::NO_CONTENT
    );
    // A deactivated account can be enabled.
    assert_eq!(
        sim.post_empty(&lifecycle(TOM, "enable")).await.status,
        StatusCode::NO_CONTENT
    );

    let effects: Vec<String> = sim
        .actions()
        .await
        .iter()
        .map(|a| a["effect"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        effects,
        [
            "disabled",
            "noop:already_disabled",
            "enabled",
            "noop:already_enabled",
            "enabled"
        ]
    );
    let events = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events")).await.json;
    let kinds: Vec<&str> = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["attributes"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["user_reactivated", "user_reactivated", "user_deactivated"]
    );
}

#[tokio::test]
async fn lifecycle_refusals_carry_the_reference_bodies() {
    let sim = Sim::start(fixture_org()).await;
    let cases = [
        (
            lifecycle(JANE, "disable"),
            StatusCode::FORBIDDEN,
            json!({ "key": "forbidden" }),
        ),
        (
            lifecycle(JANE, "enable"),
            StatusCode::FORBIDDEN,
            json!({ "key": "forbidden" }),
        ),
        (
            lifecycle(PRIYA, "disable"),
            StatusCode::FORBIDDEN,
            json!({ "key": "forbidden.action", "context": { "allowed": false, "reason": { "key": "externalDirectory.scim" } } }),
        ),
        (
            lifecycle(DANA_DELETING, "enable"),
            StatusCode::FORBIDDEN,
            json!({ "key": "forbidden.action", "context": { "allowed": false, "reason": { "key": "administrative" } } }),
        ),
        (
            lifecycle("nobody", "disable"),
            StatusCode::NOT_FOUND,
            json!({ "key": "accountNotFound" }),
        ),
    ];
    for (path, status, body) in &cases {
        let reply = sim.post_empty(path).await;
        assert_eq!((reply.status, &reply.json), (*status, body), "{path}");
    }
    let bad = sim
        .post_raw(&lifecycle(IVY_INVITED, "disable"), r#"{"message": 42}"#)
        .await;
    assert_eq!(
        (bad.status, bad.json),
        (StatusCode::BAD_REQUEST, json!({ "key": "bodyParseFailure" }))
    );
    let unknown_route = sim
        .get(&format!("/users/{IVY_INVITED}/manage/nothing-here"))
        .await;
    assert_eq!(
        (unknown_route.status, unknown_route.json),
        (StatusCode::NOT_FOUND, json!({ "key": "notFound" }))
    );

    let effects: Vec<String> = sim
        .actions()
        .await
        .iter()
        .map(|a| a["effect"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        effects,
        [
            "refused:unmanaged",
            "refused:unmanaged",
            "refused:synced",
            "refused:closed_or_deleting",
            "refused:unknown_account",
            "refused:bad_body"
        ]
    );
    assert_eq!(sim.dump_user(PRIYA).await["account_status"], "active");
    assert_eq!(sim.dump_user(IVY_INVITED).await["account_status"], "active");
}
