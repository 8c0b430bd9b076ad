//! How fast the simulator serves v2 `users/search` pages at 100,000 users on loopback, so client
//! benchmarks know it is never their bottleneck. Prints figures; asserts nothing about time.
//! Run: `cargo bench --bench sim_pages`.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use dormant::sim::{SimConfig, SimHandle, start};
use serde_json::{Value, json};

/// Anything that stops the benchmark; it prints and exits non-zero.
type BenchError = Box<dyn std::error::Error + Send + Sync>;

const USERS: u32 = 100_000;
const PAGE: u32 = 100;

/// One paged walk: how many pages and users it got, and how long it took.
struct Walk {
    pages: u64,
    account_ids: Vec<String>,
    elapsed: Duration,
}

fn main() -> Result<(), BenchError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run())
}

async fn run() -> Result<(), BenchError> {
    let generating = Instant::now();
    let sim = start(SimConfig {
        users: USERS,
        seed: 1,
        rate_limit_per_minute: u32::MAX,
        ..SimConfig::default()
    })
    .await?;
    println!(
        "sim_pages: generated and started {USERS} users in {:.2?}",
        generating.elapsed()
    );
    let http = reqwest::Client::new();

    let sequential = walk(&http, &sim, "-", json!({})).await?;
    let distinct: HashSet<&String> = sequential.account_ids.iter().collect();
    report("sequential, all directories", &[&sequential], sequential.elapsed);
    println!(
        "  {} users, {} distinct (expected {USERS})",
        sequential.account_ids.len(),
        distinct.len()
    );

    let directories = directory_ids(&http, &sim).await?;
    let mut partitions = Vec::new();
    for directory in directories.iter().take(2) {
        for claim_status in ["managed", "unmanaged"] {
            partitions.push((directory.clone(), claim_status));
        }
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (directory, claim_status) in partitions {
        let (http, url, key) = (http.clone(), sim.base_url.clone(), sim.key.expose().to_owned());
        let org_id = sim.org_id.clone();
        tasks.spawn(async move {
            let filters = json!({ "claimStatus": claim_status });
            walk_at(&http, &url, &org_id, &key, &directory, filters).await
        });
    }
    let mut walks = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        walks.push(joined??);
    }
    let refs: Vec<&Walk> = walks.iter().collect();
    report(
        &format!("{} concurrent partitions (directory x claimStatus)", walks.len()),
        &refs,
        started.elapsed(),
    );
    sim.shutdown().await;
    Ok(())
}

fn report(label: &str, walks: &[&Walk], elapsed: Duration) {
    let pages: u64 = walks.iter().map(|w| w.pages).sum();
    let users: usize = walks.iter().map(|w| w.account_ids.len()).sum();
    let seconds = elapsed.as_secs_f64();
    println!(
        "sim_pages: {label}: {pages} pages, {users} users in {elapsed:.2?} = {:.0} pages/s, {:.0} users/s",
        pages as f64 / seconds,
        users as f64 / seconds
    );
}

async fn directory_ids(http: &reqwest::Client, sim: &SimHandle) -> Result<Vec<String>, BenchError> {
    let mut url = sim.base_url.clone();
    url.path_segments_mut()
        .map_err(|()| "base URL cannot take a path")?
        .extend(["admin", "v2", "orgs", &sim.org_id, "directories"]);
    let body: Value = http
        .get(url)
        .bearer_auth(sim.key.expose())
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let ids = body["data"]
        .as_array()
        .ok_or("directories: no data array")?
        .iter()
        .filter_map(|d| d["directoryId"].as_str().map(str::to_owned))
        .collect();
    Ok(ids)
}

async fn walk(
    http: &reqwest::Client,
    sim: &SimHandle,
    directory: &str,
    filters: Value,
) -> Result<Walk, BenchError> {
    walk_at(
        http,
        &sim.base_url,
        &sim.org_id,
        sim.key.expose(),
        directory,
        filters,
    )
    .await
}

/// Follows `links.next` from the first page to the end, one request at a time.
async fn walk_at(
    http: &reqwest::Client,
    base_url: &url::Url,
    org_id: &str,
    key: &str,
    directory: &str,
    filters: Value,
) -> Result<Walk, BenchError> {
    let mut url = base_url.clone();
    url.path_segments_mut()
        .map_err(|()| "base URL cannot take a path")?
        .extend([
            "admin",
            "v2",
            "orgs",
            org_id,
            "directories",
            directory,
            "users",
            "search",
        ]);
    let mut body = json!({ "limit": PAGE, "expand": ["productAccess", "platformRoles", "groups"] });
    if let (Some(body), Some(filters)) = (body.as_object_mut(), filters.as_object()) {
        body.extend(filters.clone());
    }
    let started = Instant::now();
    let mut walk = Walk {
        pages: 0,
        account_ids: Vec::new(),
        elapsed: Duration::ZERO,
    };
    loop {
        let page: Value = http
            .post(url.clone())
            .bearer_auth(key)
            .json(&body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        walk.pages += 1;
        let data = page["data"].as_array().ok_or("search page without data")?;
        walk.account_ids.extend(
            data.iter()
                .filter_map(|u| u["accountId"].as_str().map(str::to_owned)),
        );
        match page["links"]["next"].as_str() {
            Some(next) => body = json!({ "cursor": next, "limit": PAGE }),
            None => break,
        }
    }
    walk.elapsed = started.elapsed();
    Ok(walk)
}
