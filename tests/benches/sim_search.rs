//! Benchmark: how many v2 `users/search` pages per second the simulator serves over loopback at
//! 100,000 users, paging every user with the cursor. Prints figures; asserts nothing about time.

// A benchmark: setup failures should abort it loudly.
#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "../support/fixture.rs"]
mod fixture;

use dormant::sim::clock::fixed_clock;
use dormant::sim::routes::router;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use url::Url;

const USERS: usize = 100_000;

async fn search(http: &reqwest::Client, url: &str, body: &Value) -> Value {
    http.post(url)
        .json(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Pages every matching user from `first`; returns (pages, users, elapsed).
async fn page_all(http: &reqwest::Client, url: &str, first: &Value) -> (usize, usize, Duration) {
    let started = Instant::now();
    let (mut pages, mut users) = (0, 0);
    let mut reply = search(http, url, first).await;
    loop {
        pages += 1;
        users += reply["data"].as_array().unwrap().len();
        let Some(next) = reply["links"]["next"].as_str() else {
            break;
        };
        reply = search(http, url, &json!({ "cursor": next })).await;
    }
    (pages, users, started.elapsed())
}

fn report(label: &str, (pages, users, elapsed): (usize, usize, Duration)) {
    let seconds = elapsed.as_secs_f64();
    println!(
        "{label:<44} {pages:>5} pages {users:>7} users in {seconds:>6.2} s = {:>7.0} pages/s",
        pages as f64 / seconds
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let org = fixture::bulk_org(USERS);
        let total = org.users.len();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
        let built = Instant::now();
        let app = router(org, base.clone(), fixed_clock(fixture::now()));
        println!(
            "router over {total} users built in {:.0} ms",
            built.elapsed().as_secs_f64() * 1000.0
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

        let http = reqwest::Client::new();
        let url = base
            .join(&format!(
                "admin/v2/orgs/{}/directories/-/users/search",
                fixture::ORG_ID
            ))
            .unwrap();
        let main_url = base
            .join(&format!(
                "admin/v2/orgs/{}/directories/{}/users/search",
                fixture::ORG_ID,
                fixture::DIR_MAIN
            ))
            .unwrap();
        let expand = json!(["productAccess", "platformRoles", "groups"]);

        report(
            "all users, limit 100, no expand",
            page_all(&http, url.as_str(), &json!({ "limit": 100 })).await,
        );
        report(
            "all users, limit 100, expand all",
            page_all(&http, url.as_str(), &json!({ "limit": 100, "expand": expand })).await,
        );
        report(
            "main directory, limit 100, expand all",
            page_all(
                &http,
                main_url.as_str(),
                &json!({ "limit": 100, "expand": expand }),
            )
            .await,
        );
        report(
            "managed + active, limit 50 (default)",
            page_all(
                &http,
                url.as_str(),
                &json!({ "claimStatus": "managed", "status": ["active"] }),
            )
            .await,
        );

        // Cost of one full page at the start and near the end of the org: equal if resuming is O(page).
        let first = search(&http, url.as_str(), &json!({ "limit": 100 })).await;
        let mut cursors = vec![first["links"]["self"].as_str().unwrap().to_owned()];
        let mut reply = first;
        while let Some(next) = reply["links"]["next"].as_str() {
            cursors.push(next.to_owned());
            reply = search(&http, url.as_str(), &json!({ "cursor": next })).await;
        }
        let near_end = cursors[cursors.len() - 2].clone();
        for (label, body) in [
            ("first page of 100", json!({ "limit": 100 })),
            (
                "page of 100 at user 99,900 (cursor)",
                json!({ "cursor": near_end }),
            ),
        ] {
            let rounds = 300;
            let started = Instant::now();
            for _ in 0..rounds {
                search(&http, url.as_str(), &body).await;
            }
            let micros = started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds);
            println!("{label:<44} {micros:>8.0} µs per page");
        }

        // Four clients paging concurrently.
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (http, url) = (http.clone(), url.to_string());
            tasks.push(tokio::spawn(async move {
                page_all(&http, &url, &json!({ "limit": 100 })).await
            }));
        }
        let mut pages = 0;
        for task in tasks {
            pages += task.await.unwrap().0;
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{:<44} {pages:>5} pages in {seconds:>6.2} s = {:>7.0} pages/s",
            "4 concurrent clients, limit 100",
            pages as f64 / seconds
        );
    });
}
