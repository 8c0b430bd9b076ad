//! Contract of v2 membership changes on a multi-site org (reference §1.10, §1.14): remove and add
//! with their real effect on seats (derived access, activity kept for a re-grant), the idempotent
//! codes, IdP-managed refusals, the licence limit, the membership log and seats inspection, and
//! the transport's faults and rate limit on the new endpoints.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::seats_org::*;
use crate::support::fixture::*;
use crate::support::server::{Sim, code};
use dormant::sim::{Faults, SimConfig, UserLimit};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn member(group: &str, account: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/{group}/memberships/{account}")
}

fn members(group: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/{group}/memberships")
}

/// `(resourceId, lastActiveTimestamp)` of the user's `productAccess`.
async fn access(sim: &Sim, account: &str) -> Vec<(String, Value)> {
    let found = sim
        .search_all(
            "-",
            &json!({ "accountIds": [account], "expand": ["productAccess"] }),
        )
        .await;
    found[0]["productAccess"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["id"].as_str().unwrap().to_owned(),
                item["lastActiveTimestamp"].clone(),
            )
        })
        .collect()
}

fn ids(access: &[(String, Value)]) -> Vec<&str> {
    access.iter().map(|(id, _)| id.as_str()).collect()
}

#[tokio::test]
async fn removing_a_group_frees_what_only_it_granted_and_a_readd_restores_it() {
    let sim = Sim::start(seats_org()).await;
    let before = access(&sim, IVY_INVITED).await;
    assert_eq!(before.len(), 5);

    // eu-collaboration grants both EU sites: both seats go, nothing else does.
    let removed = sim.delete(&member(G_EU_BOTH, IVY_INVITED)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    let after = access(&sim, IVY_INVITED).await;
    assert_eq!(
        ids(&after),
        [
            site_id("jira"),
            site_id("confluence"),
            site_id("jira-service-desk")
        ]
    );
    // jsm-agents goes but the direct assignment keeps the JSM seat.
    let agents = sim.delete(&member(G_JSM, IVY_INVITED)).await;
    assert_eq!(agents.status, StatusCode::NO_CONTENT);
    assert!(ids(&access(&sim, IVY_INVITED).await).contains(&site_id("jira-service-desk").as_str()));

    let seats = sim.get(&format!("/__sim/users/{IVY_INVITED}/seats")).await.json;
    let seat_sites: Vec<&str> = seats["seats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|seat| seat["resourceId"].as_str().unwrap())
        .collect();
    assert_eq!(seat_sites, ids(&after));
    let jsm = &seats["seats"][2];
    assert_eq!(
        jsm["sources"],
        json!([{ "role": "atlassian/user", "direct": true }])
    );
    assert_eq!(jsm["billable"], true);
    assert_eq!(seats["history"].as_array().unwrap().len(), 2);

    // Re-adding restores both seats with their activity.
    let added = sim
        .post(&members(G_EU_BOTH), &json!({ "accountId": IVY_INVITED }))
        .await;
    assert_eq!(added.status, StatusCode::NO_CONTENT, "{}", added.text);
    let restored = access(&sim, IVY_INVITED).await;
    assert_eq!(restored, before, "seats and their activity are back");
    let seats = sim.get(&format!("/__sim/users/{IVY_INVITED}/seats")).await.json;
    assert_eq!(seats["history"], json!([]));

    let log = sim.get("/__sim/memberships").await.json["memberships"].clone();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["change"], "removed");
    assert_eq!(log[0]["accountId"], IVY_INVITED);
    assert_eq!(log[0]["groupId"], G_EU_BOTH);
    assert_eq!(log[0]["groupName"], "eu-collaboration");
    assert_eq!(
        log[0]["seatsLost"],
        json!([eu_site("jira"), eu_site("confluence")])
    );
    assert_eq!(log[1]["seatsLost"], json!([]));
    assert_eq!(log[2]["change"], "added");
    assert_eq!(
        log[2]["seatsGained"],
        json!([eu_site("jira"), eu_site("confluence")])
    );
    assert!(log[2]["time"].is_string() && log[2]["seq"] == 3);
    let since = sim.get("/__sim/memberships?since=2").await.json;
    assert_eq!(since["memberships"].as_array().unwrap().len(), 1);

    let effects: Vec<Value> = sim.actions().await.iter().map(|a| a["effect"].clone()).collect();
    assert_eq!(
        effects,
        ["membership_removed", "membership_removed", "membership_added"]
    );
    let events = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events")).await;
    assert_eq!(
        events.json["data"][0]["attributes"]["action"],
        "user_added_to_group"
    );
}

#[tokio::test]
async fn repeats_answer_the_idempotent_codes() {
    let sim = Sim::start(seats_org()).await;
    let already = sim
        .post(&members(G_EU_BOTH), &json!({ "accountId": IVY_INVITED }))
        .await;
    assert_eq!(
        (already.status, code(&already)),
        (StatusCode::CONFLICT, "ADMIN-409-28")
    );
    let detail = already.json["errors"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("already"), "{detail}");
    assert_eq!(already.json["errors"][0]["status"], "409");

    let gone = sim.delete(&member(G_EU_GUESTS, IVY_INVITED)).await;
    assert_eq!((gone.status, code(&gone)), (StatusCode::NOT_FOUND, "ADMIN-404-1"));
    let effects: Vec<Value> = sim.actions().await.iter().map(|a| a["effect"].clone()).collect();
    assert_eq!(effects, ["refused:already_member", "refused:not_a_member"]);
    assert_eq!(sim.get("/__sim/memberships").await.json["memberships"], json!([]));
}

#[tokio::test]
async fn idp_managed_groups_and_unknown_ids_are_refused_in_the_org_envelope() {
    let sim = Sim::start(seats_org()).await;
    for reply in [
        sim.post(&members(G_OKTA), &json!({ "accountId": IVY_INVITED }))
            .await,
        sim.delete(&member(G_OKTA, PRIYA)).await,
    ] {
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let error = &reply.json["errors"][0];
        assert_eq!(error["status"], "403");
        assert_eq!(error["code"], "ADMIN-403-5");
        assert_eq!(error["title"], "FORBIDDEN");
        assert!(error["detail"].as_str().unwrap().contains("identity provider"));
    }
    let unknown_group = sim
        .post(&members("nope"), &json!({ "accountId": IVY_INVITED }))
        .await;
    assert_eq!(
        (unknown_group.status, code(&unknown_group)),
        (StatusCode::NOT_FOUND, "ADMIN-404-10")
    );
    let unknown_user = sim
        .post(&members(G_EU_BOTH), &json!({ "accountId": "nobody" }))
        .await;
    assert_eq!(
        (unknown_user.status, code(&unknown_user)),
        (StatusCode::NOT_FOUND, "ADMIN-404-8")
    );
    let bad_body = sim
        .post(&members(G_EU_BOTH), &json!({ "account_id": IVY_INVITED }))
        .await;
    assert_eq!(
        (bad_body.status, code(&bad_body)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
    let effects: Vec<Value> = sim.actions().await.iter().map(|a| a["effect"].clone()).collect();
    assert_eq!(
        effects,
        [
            "refused:synced_group",
            "refused:synced_group",
            "refused:unknown_group",
            "refused:unknown_account",
            "refused:bad_body"
        ]
    );
    assert_eq!(sim.dump_user(PRIYA).await["groups"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_full_site_refuses_a_new_billable_seat_but_not_a_free_one() {
    let mut org = seats_org();
    let eu_jira = org
        .products
        .iter_mut()
        .find(|site| site.id == eu_site("jira"))
        .unwrap();
    eu_jira.user_limit = Some(1);
    let sim = Sim::start(org).await;
    let full = sim
        .post(&members(G_EU_BOTH), &json!({ "accountId": NINA_NEVER }))
        .await;
    assert_eq!((full.status, code(&full)), (StatusCode::CONFLICT, "ADMIN-409-3"));
    let detail = full.json["errors"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("Product License Limit Exceeded"), "{detail}");
    assert!(!detail.contains("already"));
    assert_eq!(
        ids(&access(&sim, NINA_NEVER).await),
        [site_id("confluence")],
        "nothing changed"
    );

    // Guests are free; and a user who already holds the seat does not take another.
    let guest = sim
        .post(&members(G_EU_GUESTS), &json!({ "accountId": NINA_NEVER }))
        .await;
    assert_eq!(guest.status, StatusCode::NO_CONTENT);
    assert_eq!(
        sim.delete(&member(G_EU_BOTH, IVY_INVITED)).await.status,
        StatusCode::NO_CONTENT
    );
    let readd = sim
        .post(&members(G_EU_BOTH), &json!({ "accountId": IVY_INVITED }))
        .await;
    assert_eq!(
        readd.status,
        StatusCode::NO_CONTENT,
        "the freed seat is available again"
    );
    let workspaces = sim
        .post(&format!("/admin/v2/orgs/{ORG_ID}/workspaces"), &json!({}))
        .await;
    let eu = workspaces.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == eu_site("jira"))
        .unwrap()
        .clone();
    assert_eq!(
        (
            eu["attributes"]["usage"].clone(),
            eu["attributes"]["capacity"].clone()
        ),
        (json!(1), json!(1))
    );
    let effects: Vec<Value> = sim.actions().await.iter().map(|a| a["effect"].clone()).collect();
    assert_eq!(effects[0], "refused:licence_limit");
}

#[tokio::test]
async fn user_limits_come_from_the_config_and_unknown_sites_are_refused() {
    let config = SimConfig {
        user_limits: vec![UserLimit {
            site: eu_site("jira"),
            limit: 7,
        }],
        ..SimConfig::default()
    };
    let sim = dormant::sim::start_with_org(seats_org(), config).await.unwrap();
    let http = reqwest::Client::new();
    let reply: Value = http
        .post(
            sim.base_url
                .join(&format!("admin/v2/orgs/{ORG_ID}/workspaces"))
                .unwrap(),
        )
        .bearer_auth(sim.key.expose())
        .json(&json!({ "query": "acme-eu" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["data"][0]["attributes"]["capacity"], 7);
    let wrong = SimConfig {
        user_limits: vec![UserLimit {
            site: "jira-work-management".into(),
            limit: 1,
        }],
        ..SimConfig::default()
    };
    let error = dormant::sim::start_with_org(seats_org(), wrong)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("jira-work-management") && error.contains(&eu_site("jira")),
        "{error}"
    );
}

#[tokio::test]
async fn faults_and_the_rate_limit_apply_to_the_new_endpoints() {
    let failing = SimConfig {
        faults: Faults {
            fail_rate: 1.0,
            ..Faults::default()
        },
        ..SimConfig::default()
    };
    let sim = dormant::sim::start_with_org(seats_org(), failing).await.unwrap();
    let http = reqwest::Client::new();
    let url = |path: &str| sim.base_url.join(path.trim_start_matches('/')).unwrap();
    let reply = http
        .get(url(&format!(
            "/admin/v2/orgs/{ORG_ID}/directories/-/groups/{G_EU_BOTH}/role-assignments"
        )))
        .bearer_auth(sim.key.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let added = http
        .post(url(&members(G_EU_GUESTS)))
        .bearer_auth(sim.key.expose())
        .json(&json!({ "accountId": NINA_NEVER }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let limited = SimConfig {
        rate_limit_per_minute: 1,
        ..SimConfig::default()
    };
    let sim = dormant::sim::start_with_org(seats_org(), limited).await.unwrap();
    let url = |path: &str| sim.base_url.join(path.trim_start_matches('/')).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let reply = http
            .post(url(&format!("/admin/v2/orgs/{ORG_ID}/workspaces")))
            .bearer_auth(sim.key.expose())
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        statuses.push(reply.status());
    }
    assert_eq!(statuses, [StatusCode::OK, StatusCode::TOO_MANY_REQUESTS]);
}

#[tokio::test]
async fn a_site_limit_set_at_run_time_turns_a_readd_into_a_conflict() {
    let sim = Sim::start(seats_org()).await;
    assert_eq!(
        sim.delete(&member(G_EU_BOTH, IVY_INVITED)).await.status,
        StatusCode::NO_CONTENT
    );
    let limit = sim
        .post(
            "/__sim/sites/limit",
            &json!({ "site": eu_site("confluence"), "limit": 0 }),
        )
        .await;
    assert_eq!(limit.status, StatusCode::NO_CONTENT, "{}", limit.text);
    let readd = sim
        .post(&members(G_EU_BOTH), &json!({ "accountId": IVY_INVITED }))
        .await;
    assert_eq!(
        (readd.status, code(&readd)),
        (StatusCode::CONFLICT, "ADMIN-409-3")
    );
    let lifted = sim
        .post(
            "/__sim/sites/limit",
            &json!({ "site": "confluence", "limit": null }),
        )
        .await;
    assert_eq!(lifted.status, StatusCode::NO_CONTENT);
    let readd = sim
        .post(&members(G_EU_BOTH), &json!({ "accountId": IVY_INVITED }))
        .await;
    assert_eq!(readd.status, StatusCode::NO_CONTENT);
    let unknown = sim
        .post("/__sim/sites/limit", &json!({ "site": "loom", "limit": 1 }))
        .await;
    assert_eq!(
        (unknown.status, code(&unknown)),
        (StatusCode::NOT_FOUND, "ADMIN-404-1")
    );
}
