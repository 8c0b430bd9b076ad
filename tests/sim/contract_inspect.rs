//! Contract of the `/__sim` endpoints (actions, dump, activity injection, reset) and of the v1
//! events endpoint's paging.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::{Sim, code};

#[tokio::test]
async fn activity_makes_a_user_active_now_on_a_product() {
    let sim = Sim::start(fixture_org()).await;
    sim.set_now(at("2026-03-15T09:30:00Z"));
    let reply = sim
        .post(
            &format!("/__sim/users/{NINA_NEVER}/activity"),
            &json!({ "product": "confluence" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let dates = sim
        .get(&format!(
            "/admin/v1/orgs/{ORG_ID}/directory/users/{NINA_NEVER}/last-active-dates"
        ))
        .await
        .json;
    assert_eq!(
        dates["data"]["product_access"][0]["last_active_timestamp"],
        "2026-03-15T09:30:00Z"
    );
    assert_eq!(dates["data"]["product_access"][0]["last_active"], "2026-03-15");

    // A v1 key works too, and a product the user had no access to is granted.
    let reply = sim
        .post(
            &format!("/__sim/users/{NINA_NEVER}/activity"),
            &json!({ "product": "jira-software" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let found = sim
        .search_all(
            "-",
            &json!({ "accountIds": [NINA_NEVER], "expand": ["productAccess"] }),
        )
        .await;
    assert_eq!(
        found[0]["productAccess"],
        json!([
            { "key": "confluence", "id": format!("ari:cloud:confluence::site/{CLOUD}"), "lastActiveTimestamp": "2026-03-15T09:30:00Z" },
            { "key": "jira", "id": format!("ari:cloud:jira::site/{CLOUD}"), "lastActiveTimestamp": "2026-03-15T09:30:00Z" },
        ])
    );
    assert!(
        sim.actions().await.is_empty(),
        "activity is a simulator control, not an API mutation"
    );

    let unknown_user = sim
        .post("/__sim/users/nobody/activity", &json!({ "product": "jira" }))
        .await;
    assert_eq!(
        (unknown_user.status, code(&unknown_user)),
        (StatusCode::NOT_FOUND, "ADMIN-404-8")
    );
    let unknown_product = sim
        .post(
            &format!("/__sim/users/{PRIYA}/activity"),
            &json!({ "product": "trello" }),
        )
        .await;
    assert_eq!(
        (unknown_product.status, code(&unknown_product)),
        (StatusCode::NOT_FOUND, "ADMIN-404-1")
    );
    let bad = sim
        .post(
            &format!("/__sim/users/{PRIYA}/activity"),
            &json!({ "app": "jira" }),
        )
        .await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
}

#[tokio::test]
async fn reset_restores_the_initial_org_and_clears_the_logs() {
    let sim = Sim::start(fixture_org()).await;
    let initial = sim.get("/__sim/dump").await.json;
    assert_eq!(initial, serde_json::to_value(fixture_org()).unwrap());
    sim.post_empty(&format!(
        "/admin/v2/orgs/{ORG_ID}/directories/-/users/{IVY_INVITED}/suspend"
    ))
    .await;
    sim.post_empty(&format!("/users/{IVY_INVITED}/manage/lifecycle/disable"))
        .await;
    sim.delete(&format!(
        "/admin/v2/orgs/{ORG_ID}/directories/-/groups/{G_TEAM}/memberships/{NINA_NEVER}"
    ))
    .await;
    sim.post(
        &format!("/__sim/users/{NINA_NEVER}/activity"),
        &json!({ "product": "jira" }),
    )
    .await;
    assert_ne!(sim.get("/__sim/dump").await.json, initial);
    assert_eq!(sim.actions().await.len(), 3);

    let since = sim.get("/__sim/actions?since=2").await.json;
    assert_eq!(since["actions"].as_array().unwrap().len(), 1);
    assert_eq!(since["actions"][0]["seq"], 3);

    assert_eq!(
        sim.post_empty("/__sim/reset").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(sim.get("/__sim/dump").await.json, initial);
    assert!(sim.actions().await.is_empty());
    assert_eq!(
        sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events")).await.json["data"],
        json!([])
    );
    let counted = sim
        .post(
            &format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/search"),
            &json!({ "groupIds": [G_TEAM], "expand": ["counts.users"] }),
        )
        .await;
    assert_eq!(
        counted.json["data"][0]["counts"]["users"], 2,
        "indexes are rebuilt on reset"
    );
}

#[tokio::test]
async fn events_page_newest_first_with_full_url_links() {
    let sim = Sim::start(bulk_org(10)).await;
    for i in 0..7 {
        sim.set_now(at(&format!("2026-03-1{i}T10:00:00Z")));
        let verb = if i % 2 == 0 { "suspend" } else { "restore" };
        let reply = sim
            .post_empty(&format!(
                "/admin/v2/orgs/{ORG_ID}/directories/-/users/{}/{verb}",
                bulk_id(1)
            ))
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    let events_url = sim.url(&format!("/admin/v1/orgs/{ORG_ID}/events"));
    let mut times = Vec::new();
    let mut reply = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events?limit=3")).await;
    assert_eq!(reply.json["links"]["self"], format!("{events_url}?limit=3"));
    loop {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.json["meta"]["page_size"], 3);
        for event in reply.json["data"].as_array().unwrap() {
            assert_eq!(event["type"], "events");
            times.push(event["attributes"]["time"].as_str().unwrap().to_owned());
        }
        let Some(next) = reply.json["links"]["next"].as_str() else {
            assert_eq!(reply.json["meta"]["next"], Value::Null);
            break;
        };
        assert!(next.starts_with(&format!("{events_url}?cursor=")), "{next}");
        assert_eq!(
            next,
            format!(
                "{events_url}?cursor={}",
                reply.json["meta"]["next"].as_str().unwrap()
            )
        );
        reply = sim.get(next.strip_prefix(sim.base.as_str()).unwrap()).await;
    }
    let expected: Vec<String> = (0..7)
        .rev()
        .map(|i| format!("2026-03-1{i}T10:00:00.000Z"))
        .collect();
    assert_eq!(times, expected);

    let suspended = sim
        .get(&format!(
            "/admin/v1/orgs/{ORG_ID}/events?action=user_access_suspended"
        ))
        .await
        .json;
    assert_eq!(suspended["data"].as_array().unwrap().len(), 4);
    let from = at("2026-03-13T00:00:00Z").timestamp_millis();
    let to = at("2026-03-15T00:00:00Z").timestamp_millis();
    let window = sim
        .get(&format!("/admin/v1/orgs/{ORG_ID}/events?from={from}&to={to}"))
        .await
        .json;
    assert_eq!(window["data"].as_array().unwrap().len(), 2);

    let bad = sim
        .get(&format!("/admin/v1/orgs/{ORG_ID}/events?cursor=nope"))
        .await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "ADMIN-400-1"));
    let bad = sim
        .get(&format!("/admin/v1/orgs/{ORG_ID}/events?limit=501"))
        .await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
    let bad = sim
        .get(&format!("/admin/v1/orgs/{ORG_ID}/events?from=yesterday"))
        .await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
}
