//! Benchmark: how many v2 `users/search` pages per second the simulator serves over loopback for a
//! generated org of 100,000 users, paging every user with the cursor; and whether resuming from a
//! cursor deep in the org costs the same as the first page. Prints figures; asserts nothing about time.

// A benchmark: setup failures should abort it loudly.
#![allow(clippy::unwrap_used)]

use chrono::DateTime;
use dormant::sim::clock::fixed_clock;
use dormant::sim::generate::{GenerateOptions, generate};
use dormant::sim::routes::router;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use url::Url;

const USERS: u32 = 100_000;

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
    let rate = pages as f64 / seconds;
    println!("{label:<44} {pages:>5} pages {users:>7} users in {seconds:>6.2} s = {rate:>7.0} pages/s");
}

/// Serves a generated org on loopback; returns the search URLs for `-` and for the first directory.
async fn serve() -> (Url, Url) {
    let epoch = DateTime::parse_from_rfc3339("2026-04-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let org = generate(&GenerateOptions {
        users: USERS,
        seed: 2026,
        epoch,
        hostile: false,
    })
    .unwrap();
    let (total, org_id, directory) = (org.users.len(), org.id.clone(), org.directories[0].id.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let built = Instant::now();
    let app = router(org, base.clone(), fixed_clock(epoch));
    println!(
        "router over {total} users built in {:.0} ms",
        built.elapsed().as_secs_f64() * 1000.0
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let all = base
        .join(&format!("admin/v2/orgs/{org_id}/directories/-/users/search"))
        .unwrap();
    let one = base
        .join(&format!(
            "admin/v2/orgs/{org_id}/directories/{directory}/users/search"
        ))
        .unwrap();
    (all, one)
}

/// Times `rounds` requests of one page and prints the mean.
async fn time_page(http: &reqwest::Client, url: &str, label: &str, body: &Value) {
    let rounds = 300;
    let started = Instant::now();
    for _ in 0..rounds {
        search(http, url, body).await;
    }
    let micros = started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds);
    println!("{label:<44} {micros:>8.0} µs per page");
}

async fn run() {
    let (all, one_directory) = serve().await;
    let (all, one_directory) = (all.as_str(), one_directory.as_str());
    let http = reqwest::Client::new();
    let expand = json!(["productAccess", "platformRoles", "groups"]);

    report(
        "all users, limit 100, no expand",
        page_all(&http, all, &json!({ "limit": 100 })).await,
    );
    report(
        "all users, limit 100, expand all",
        page_all(&http, all, &json!({ "limit": 100, "expand": expand })).await,
    );
    report(
        "first directory, limit 100, expand all",
        page_all(&http, one_directory, &json!({ "limit": 100, "expand": expand })).await,
    );
    report(
        "managed + active, limit 50 (default)",
        page_all(
            &http,
            all,
            &json!({ "claimStatus": "managed", "status": ["active"] }),
        )
        .await,
    );

    // One full page at the start and at the end of the org: equal if resuming is O(page).
    let mut cursors = Vec::new();
    let mut reply = search(&http, all, &json!({ "limit": 100 })).await;
    while let Some(next) = reply["links"]["next"].as_str() {
        cursors.push(next.to_owned());
        reply = search(&http, all, &json!({ "cursor": next })).await;
    }
    let last_full = cursors[cursors.len() - 2].clone();
    time_page(&http, all, "first page of 100", &json!({ "limit": 100 })).await;
    time_page(
        &http,
        all,
        "last full page of 100 (cursor)",
        &json!({ "cursor": last_full }),
    )
    .await;

    let started = Instant::now();
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let (http, url) = (http.clone(), all.to_owned());
            tokio::spawn(async move { page_all(&http, &url, &json!({ "limit": 100 })).await })
        })
        .collect();
    let mut pages = 0;
    for task in tasks {
        pages += task.await.unwrap().0;
    }
    let seconds = started.elapsed().as_secs_f64();
    let label = "4 concurrent clients, limit 100";
    println!(
        "{label:<44} {pages:>5} pages in {seconds:>6.2} s = {:>7.0} pages/s",
        pages as f64 / seconds
    );
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run());
}
