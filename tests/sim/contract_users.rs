//! Contract of single-user and v1 user reads: v2 user details, v1 managed accounts (`snake_case`,
//! full-URL paging, `meta.total`) and `last-active-dates` (ground truth, v1 keys, dates).

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::{Sim, code};
use std::collections::HashSet;

fn details_path(directory: &str, account_id: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/{directory}/users/{account_id}")
}

#[tokio::test]
async fn details_serve_the_user_without_search_only_fields() {
    let sim = Sim::start(fixture_org()).await;
    let reply = sim.get(&details_path("-", PRIYA)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let data = &reply.json["data"];
    assert_eq!(data["accountId"], PRIYA);
    assert_eq!(data["platformRoles"], json!([]));
    assert_eq!(data["counts"], json!({ "resources": 2 }));
    assert_eq!(data["deactivatedOn"], Value::Null);
    for absent in ["productAccess", "groups", "links"] {
        assert!(data.get(absent).is_none(), "{absent}");
    }
    assert_eq!(
        sim.get(&details_path(DIR_IDP, SAM_SYNCED)).await.status,
        StatusCode::OK
    );

    for (directory, account) in [("-", "unknown-account"), (DIR_IDP, TOM)] {
        let missing = sim.get(&details_path(directory, account)).await;
        assert_eq!(
            (missing.status, code(&missing)),
            (StatusCode::NOT_FOUND, "ADMIN-404-8")
        );
        assert_eq!(missing.json["errors"][0]["status"], "404");
    }
    let dir = sim.get(&details_path("nope", PRIYA)).await;
    assert_eq!((dir.status, code(&dir)), (StatusCode::NOT_FOUND, "ADMIN-404-1"));
}

#[tokio::test]
async fn v1_users_lists_managed_accounts_in_snake_case() {
    let sim = Sim::start(fixture_org()).await;
    let reply = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/users")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let data = reply.json["data"].as_array().unwrap();
    let listed: Vec<&str> = data
        .iter()
        .map(|user| user["account_id"].as_str().unwrap())
        .collect();
    assert!(
        !listed.contains(&JANE) && !listed.contains(&HARRY_HOSTILE),
        "unmanaged accounts are not listed"
    );
    assert_eq!(listed.len(), FIXTURE_ACCOUNTS.len() - 2);
    assert_eq!(reply.json["meta"], json!({ "total": listed.len() }));
    assert_eq!(
        reply.json["links"]["self"],
        sim.url(&format!("/admin/v1/orgs/{ORG_ID}/users"))
    );
    assert_eq!(reply.json["links"]["next"], Value::Null);

    let priya = &data[0];
    assert_eq!(priya["account_status"], "active");
    assert_eq!(priya["access_billable"], true);
    assert_eq!(priya["last_active"], "2026-03-02T09:14:27.000Z");
    assert_eq!(
        priya["product_access"],
        json!([
            { "key": "jira-software", "name": "Jira", "url": "acme.atlassian.net", "last_active": "2026-03-02T09:14:27.000Z" },
            { "key": "confluence", "name": "Confluence", "url": "acme.atlassian.net/wiki", "last_active": "2025-11-18T16:40:05.000Z" },
        ])
    );
    assert_eq!(
        priya["links"]["self"],
        sim.url(&format!("/users/{PRIYA}/manage/profile"))
    );
    let tom = data.iter().find(|user| user["account_id"] == TOM).unwrap();
    assert_eq!(tom["account_status"], "inactive");
    assert_eq!(tom["access_billable"], false);
    assert!(tom.get("last_active").is_none());
    let bot = data.iter().find(|user| user["account_id"] == BOT).unwrap();
    assert_eq!(bot["access_billable"], false, "service accounts are not billable");
    assert!(bot["product_access"][0].get("last_active").is_none());
}

#[tokio::test]
async fn v1_users_pages_with_full_url_links_to_the_end() {
    let org = bulk_org(450);
    let sim = Sim::start(org.clone()).await;
    let managed: Vec<String> = org
        .users
        .iter()
        .filter(|u| u.claim_status == "managed")
        .map(|u| u.account_id.clone())
        .collect();
    let mut found = Vec::new();
    let mut url = sim.url(&format!("/admin/v1/orgs/{ORG_ID}/users"));
    let mut pages = 0;
    loop {
        let path = url.strip_prefix(sim.base.as_str()).unwrap().to_owned();
        let reply = sim.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.json["meta"]["total"], managed.len());
        assert_eq!(reply.json["links"]["self"], url);
        found.extend(
            reply.json["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["account_id"].as_str().unwrap().to_owned()),
        );
        pages += 1;
        match reply.json["links"]["next"].as_str() {
            Some(next) => {
                assert!(
                    next.starts_with(sim.base.as_str()) && next.contains("/users?cursor="),
                    "{next}"
                );
                url = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, managed.len().div_ceil(100));
    assert_eq!(found.iter().collect::<HashSet<_>>().len(), found.len());
    assert_eq!(found, managed);

    let bad = sim
        .get(&format!("/admin/v1/orgs/{ORG_ID}/users?cursor=zzz"))
        .await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "ADMIN-400-1"));
    let wrong = sim.get("/admin/v1/orgs/not-the-org/users").await;
    assert_eq!(
        (wrong.status, code(&wrong)),
        (StatusCode::NOT_FOUND, "ADMIN-404-2")
    );
}

fn last_active_path(account_id: &str) -> String {
    format!("/admin/v1/orgs/{ORG_ID}/directory/users/{account_id}/last-active-dates")
}

#[tokio::test]
async fn last_active_dates_serve_ground_truth_with_v1_keys() {
    let sim = Sim::start(fixture_org()).await;
    let priya = sim.get(&last_active_path(PRIYA)).await;
    assert_eq!(priya.status, StatusCode::OK);
    assert_eq!(
        priya.json,
        json!({
            "data": {
                "product_access": [
                    { "id": format!("ari:cloud:jira-software::site/{CLOUD}"), "key": "jira-software", "last_active": "2026-03-02", "last_active_timestamp": "2026-03-02T09:14:27Z" },
                    { "id": format!("ari:cloud:confluence::site/{CLOUD}"), "key": "confluence", "last_active": "2025-11-18", "last_active_timestamp": "2025-11-18T16:40:05Z" },
                ],
                "added_to_org": "2022-05-11",
                "added_to_org_timestamp": "2022-05-11T08:02:44Z",
            },
            "links": {},
        })
    );
    // search_omits_activity does not hide the ground truth here.
    let omar = sim.get(&last_active_path(OMAR_OMITS)).await;
    let keys: Vec<&str> = omar.json["data"]["product_access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["jira-software", "jira-service-desk"]);
    // Never used: empty product_access. Unmanaged members are served too.
    assert_eq!(
        sim.get(&last_active_path(NINA_NEVER)).await.json["data"]["product_access"],
        json!([])
    );
    assert_eq!(sim.get(&last_active_path(JANE)).await.status, StatusCode::OK);

    let missing = sim.get(&last_active_path("nobody")).await;
    assert_eq!(
        (missing.status, code(&missing)),
        (StatusCode::NOT_FOUND, "ADMIN-404-8")
    );
    let cursor = sim.get(&format!("{}?cursor=abc", last_active_path(PRIYA))).await;
    assert_eq!(
        (cursor.status, code(&cursor)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-1")
    );
}
