//! Contract of v2 user paging: following `links.next` to the end misses and repeats no one (all
//! directories, one directory, with filters, sorted), cursors replay their query and ignore other
//! filters, `links.prev` goes back; the deprecated GET list and `users/count` serve the same data.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::{Sim, code, ids};
use std::collections::HashSet;

const BULK: usize = 1_237;

fn expected(
    org: &dormant::sim::model::SimOrg,
    keep: impl Fn(&dormant::sim::model::SimUser) -> bool,
) -> Vec<String> {
    org.users
        .iter()
        .filter(|user| keep(user))
        .map(|user| user.account_id.clone())
        .collect()
}

fn assert_unique(found: &[String]) {
    let unique: HashSet<&String> = found.iter().collect();
    assert_eq!(unique.len(), found.len(), "a user was repeated");
}

#[tokio::test]
async fn paging_to_the_end_returns_everyone_once_in_stored_order() {
    let org = bulk_org(BULK);
    let sim = Sim::start(org.clone()).await;

    let all = ids(&sim.search_all("-", &json!({ "limit": 100 })).await);
    assert_unique(&all);
    assert_eq!(all, expected(&org, |_| true));

    let main = ids(&sim.search_all(DIR_MAIN, &json!({ "limit": 37 })).await);
    assert_unique(&main);
    assert_eq!(
        main,
        expected(&org, |user| user.directories.iter().any(|d| d == DIR_MAIN))
    );

    let idp_managed = ids(&sim
        .search_all(DIR_IDP, &json!({ "limit": 7, "claimStatus": "managed" }))
        .await);
    assert_eq!(
        idp_managed,
        expected(&org, |user| user.claim_status == "managed"
            && user.directories.iter().any(|d| d == DIR_IDP))
    );

    let default_pages = sim.search("-", &json!({})).await;
    assert_eq!(
        default_pages.json["data"].as_array().unwrap().len(),
        50,
        "default limit"
    );
}

#[tokio::test]
async fn sorting_by_nickname_pages_in_order_both_ways() {
    let org = bulk_org(300);
    let sim = Sim::start(org.clone()).await;
    let mut by_nickname: Vec<(String, usize, String)> = org
        .users
        .iter()
        .enumerate()
        .map(|(at, user)| (user.nickname.to_lowercase(), at, user.account_id.clone()))
        .collect();
    by_nickname.sort();
    let ascending: Vec<String> = by_nickname.into_iter().map(|(_, _, id)| id).collect();
    let sort = |direction: &str| json!({ "limit": 40, "sortBy": [{ "field": "nick_name", "direction": direction }] });
    assert_eq!(ids(&sim.search_all("-", &sort("asc")).await), ascending);
    let mut descending = ascending.clone();
    descending.reverse();
    assert_eq!(ids(&sim.search_all("-", &sort("desc")).await), descending);
    let sorted_subset = ids(&sim.search_all("-", &json!({ "limit": 3, "accountIds": [PRIYA, TOM, JANE], "sortBy": [{ "field": "nick_name", "direction": "asc" }] })).await);
    assert_eq!(sorted_subset, [JANE, PRIYA, TOM]);
}

#[tokio::test]
async fn a_cursor_replays_its_query_and_ignores_other_filters() {
    let org = bulk_org(200);
    let sim = Sim::start(org.clone()).await;
    let managed = expected(&org, |user| user.claim_status == "managed");
    let first = sim
        .search(
            "-",
            &json!({ "limit": 5, "claimStatus": "managed", "expand": ["groups"] }),
        )
        .await;
    assert_eq!(ids(first.json["data"].as_array().unwrap()), managed[..5]);
    let next = first.json["links"]["next"].as_str().unwrap();
    let second = sim
        .search("-", &json!({ "cursor": next, "claimStatus": "unmanaged", "searchTerm": "zzz", "expand": ["productAccess"] }))
        .await;
    assert_eq!(second.status, StatusCode::OK);
    let second_items = second.json["data"].as_array().unwrap();
    assert_eq!(ids(second_items), managed[5..10]);
    assert!(
        second_items
            .iter()
            .all(|item| item.get("groups").is_some() && item.get("productAccess").is_none())
    );

    // An explicit limit still sets the page size.
    let wider = sim.search("-", &json!({ "cursor": next, "limit": 8 })).await;
    assert_eq!(ids(wider.json["data"].as_array().unwrap()), managed[5..13]);

    // prev goes back to the first page; self repeats this page.
    let prev = second.json["links"]["prev"].as_str().unwrap();
    let back = sim.search("-", &json!({ "cursor": prev })).await;
    assert_eq!(ids(back.json["data"].as_array().unwrap()), managed[..5]);
    let this = second.json["links"]["self"].as_str().unwrap();
    let again = sim.search("-", &json!({ "cursor": this })).await;
    assert_eq!(ids(again.json["data"].as_array().unwrap()), managed[5..10]);
}

#[tokio::test]
async fn the_last_page_has_no_next_and_an_empty_result_is_an_empty_page() {
    let sim = Sim::start(fixture_org()).await;
    let page = sim.search("-", &json!({ "limit": FIXTURE_ACCOUNTS.len() })).await;
    assert_eq!(page.json["links"]["next"], Value::Null);
    let none = sim.search("-", &json!({ "searchTerm": "no such person" })).await;
    assert_eq!(none.json["data"], json!([]));
    assert_eq!(none.json["links"]["next"], Value::Null);
    assert_eq!(none.json["links"]["prev"], Value::Null);
}

fn list_path(directory: &str, query: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/{directory}/users?{query}")
}

#[tokio::test]
async fn the_deprecated_list_serves_the_same_users_with_either_array_encoding() {
    let org = bulk_org(150);
    let sim = Sim::start(org.clone()).await;
    let repeated = sim
        .get(&list_path("-", "status=suspended&status=deactivated&limit=100"))
        .await;
    let comma = sim
        .get(&list_path("-", "status=suspended,deactivated&limit=100"))
        .await;
    assert_eq!(repeated.status, StatusCode::OK);
    let repeated_ids = ids(repeated.json["data"].as_array().unwrap());
    assert_eq!(repeated_ids, ids(comma.json["data"].as_array().unwrap()));
    assert_eq!(
        repeated_ids,
        expected(&org, |user| matches!(user.status(), "suspended" | "deactivated"))
    );

    // Paging with ?cursor= to the end.
    let mut found = Vec::new();
    let mut reply = sim.get(&list_path(DIR_MAIN, "limit=30")).await;
    loop {
        found.extend(ids(reply.json["data"].as_array().unwrap()));
        let Some(next) = reply.json["links"]["next"].as_str() else {
            break;
        };
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("cursor", next)
            .finish();
        reply = sim.get(&list_path(DIR_MAIN, &query)).await;
    }
    assert_eq!(
        found,
        expected(&org, |user| user.directories.iter().any(|d| d == DIR_MAIN))
    );

    let bad = sim.get(&list_path("-", "limit=500")).await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
    let bad = sim.get(&list_path("-", "cursor=nope")).await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "ADMIN-400-1"));
    let bad = sim.get(&list_path("-", "mfaEnabled=maybe")).await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
}

#[tokio::test]
async fn count_takes_the_same_filters() {
    let org = bulk_org(150);
    let sim = Sim::start(org.clone()).await;
    let count = |query: &'static str, directory: &'static str| {
        let sim = &sim;
        async move {
            sim.get(&format!(
                "/admin/v2/orgs/{ORG_ID}/directories/{directory}/users/count?{query}"
            ))
            .await
        }
    };
    let all = count("", "-").await;
    assert_eq!(all.json, json!({ "count": org.users.len() }));
    assert_eq!(
        count("claimStatus=managed", "-").await.json["count"],
        expected(&org, |u| u.claim_status == "managed").len()
    );
    assert_eq!(count("accountIds=", "-").await.json["count"], org.users.len());
    assert_eq!(
        count("status=deactivated", "-").await.json["count"],
        expected(&org, |u| u.status() == "deactivated").len()
    );
    assert_eq!(
        count("groupIds=g-team-platform,g-jsm-agents", DIR_MAIN)
            .await
            .json["count"],
        3,
        "Nina, Omar, Ivy"
    );
    let idp = expected(&org, |u| u.directories.iter().any(|d| d == DIR_IDP)).len();
    assert_eq!(count("", DIR_IDP).await.json["count"], idp);
    let bad = count("status=bogus", "-").await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
}
