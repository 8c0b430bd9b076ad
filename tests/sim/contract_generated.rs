//! The simulator endpoints over a generated org (seeded, hostile records included): every user is
//! paged exactly once per scope, counts agree with the ground truth, every product the data names
//! renders with its instance id, and the lifecycle rules hold for the generated populations.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use dormant::sim::generate::{GenerateOptions, generate};
use dormant::sim::model::SimOrg;
use reqwest::StatusCode;
use serde_json::json;
use server::{Sim, ids};
use std::collections::HashSet;

fn generated() -> SimOrg {
    let options = GenerateOptions {
        users: 2_000,
        seed: 11,
        epoch: fixture::at("2026-04-01T00:00:00Z"),
        hostile: true,
    };
    generate(&options).unwrap()
}

#[tokio::test]
async fn every_user_pages_once_per_scope_with_every_expansion() {
    let org = generated();
    let sim = Sim::start(org.clone()).await;
    let expand = json!(["productAccess", "platformRoles", "groups", "counts.resources"]);
    let items = sim
        .search_all("-", &json!({ "limit": 100, "expand": expand }))
        .await;
    let all: Vec<String> = org.users.iter().map(|user| user.account_id.clone()).collect();
    assert_eq!(ids(&items), all);
    for item in &items {
        if let Some(products) = item.get("productAccess") {
            for product in products.as_array().unwrap() {
                assert!(
                    product["id"].as_str().unwrap().starts_with("ari:cloud:"),
                    "{product}"
                );
            }
        }
    }
    let with_extra = org.users.iter().filter(|user| !user.extra.is_empty()).count();
    assert!(with_extra > 0, "hostile mode adds extra fields");
    assert_eq!(
        items
            .iter()
            .filter(|item| item.get("riskScore").is_some())
            .count(),
        with_extra
    );

    for directory in &org.directories {
        let members: Vec<String> = org
            .users
            .iter()
            .filter(|user| user.directories.contains(&directory.id))
            .map(|user| user.account_id.clone())
            .collect();
        let paged = ids(&sim.search_all(&directory.id, &json!({ "limit": 97 })).await);
        assert_eq!(paged.iter().collect::<HashSet<_>>().len(), paged.len());
        assert_eq!(paged, members, "directory {}", directory.name);
        let count = sim
            .get(&format!(
                "/admin/v2/orgs/{}/directories/{}/users/count",
                org.id, directory.id
            ))
            .await;
        assert_eq!(count.json["count"], members.len());
    }
}

#[tokio::test]
async fn counts_and_v1_listings_agree_with_the_ground_truth() {
    let org = generated();
    let sim = Sim::start(org.clone()).await;
    let groups = sim
        .post(
            &format!("/admin/v2/orgs/{}/directories/-/groups/search", org.id),
            &json!({ "limit": 100, "expand": ["counts.users", "counts.resources"] }),
        )
        .await;
    let listed = groups.json["data"].as_array().unwrap();
    assert_eq!(listed.len(), org.groups.len());
    for (group, item) in org.groups.iter().zip(listed) {
        let members = org
            .users
            .iter()
            .filter(|user| user.groups.contains(&group.id))
            .count();
        assert_eq!(item["counts"]["users"], members, "{}", group.name);
        assert_eq!(item["counts"]["resources"], group.grants.len());
        assert_eq!(item["externalSynced"], group.external_synced);
    }
    let managed = org
        .users
        .iter()
        .filter(|user| user.claim_status == "managed")
        .count();
    let v1 = sim.get(&format!("/admin/v1/orgs/{}/users", org.id)).await;
    assert_eq!(v1.json["meta"]["total"], managed);
    for user in org.users.iter().step_by(97) {
        let dates = sim
            .get(&format!(
                "/admin/v1/orgs/{}/directory/users/{}/last-active-dates",
                org.id, user.account_id
            ))
            .await;
        assert_eq!(dates.status, StatusCode::OK, "{}", user.account_id);
        let active = user
            .product_access
            .iter()
            .filter(|access| access.last_active.is_some())
            .count();
        assert_eq!(
            dates.json["data"]["product_access"].as_array().unwrap().len(),
            active
        );
    }
    assert_eq!(
        sim.get("/__sim/dump").await.json,
        serde_json::to_value(&org).unwrap()
    );
}

#[tokio::test]
async fn lifecycle_rules_hold_for_the_generated_populations() {
    let org = generated();
    let sim = Sim::start(org.clone()).await;
    let synced = org
        .users
        .iter()
        .find(|u| u.claim_status == "managed" && u.management_source.as_deref() == Some("synced"))
        .unwrap();
    let invited = org
        .users
        .iter()
        .find(|u| {
            u.management_source.as_deref() == Some("invited")
                && u.account_status == "active"
                && !u.for_deletion
        })
        .unwrap();
    let unmanaged = org.users.iter().find(|u| u.claim_status == "unmanaged").unwrap();
    let disable = |id: &str| format!("/users/{id}/manage/lifecycle/disable");
    let reply = sim.post_empty(&disable(&synced.account_id)).await;
    assert_eq!(reply.json["key"], "forbidden.action");
    assert_eq!(
        sim.post_empty(&disable(&unmanaged.account_id)).await.json,
        json!({ "key": "forbidden" })
    );
    assert_eq!(
        sim.post_empty(&disable(&invited.account_id)).await.status,
        StatusCode::NO_CONTENT
    );
    let admin = org
        .users
        .iter()
        .find(|u| u.platform_roles.iter().any(|r| r == "atlassian/org-admin"))
        .unwrap();
    let suspend = sim
        .post_empty(&format!(
            "/admin/v2/orgs/{}/directories/-/users/{}/suspend",
            org.id, admin.account_id
        ))
        .await;
    assert_eq!(suspend.status, StatusCode::FORBIDDEN);
}
