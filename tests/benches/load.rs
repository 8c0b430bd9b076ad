//! Benchmark of full org loads from the simulator, run as a separate process (the built
//! `dormant sim`) so its memory is not counted. Prints figures; asserts nothing about time.
//!
//! Run with `cargo bench --bench load` (all scenarios) or `-- fast latency rate requests` (some).

use dormant::api::{Client, ClientConfig, LoadOptions, LoadOutcome, load_directory, parse_base_url};
use dormant::types::Secret;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One `dormant sim` child process, killed when dropped.
struct Sim {
    child: Child,
    base_url: url::Url,
    org_id: String,
    key: Secret,
}

impl Sim {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dormant"))
            .arg("sim")
            .args(["--port", "0", "--seed", "42"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start `dormant sim`");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the simulator announces itself");
        let announced: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
        let text = |name: &str| {
            announced[name]
                .as_str()
                .unwrap_or_else(|| panic!("{name} in {line}"))
                .to_owned()
        };
        Self {
            base_url: parse_base_url(&text("base_url")).expect("loopback URL"),
            org_id: text("org_id"),
            key: Secret::new(text("key")),
            child,
        }
    }

    fn client(&self) -> Client {
        Client::new(ClientConfig::new(self.base_url.clone(), self.key.clone())).expect("client")
    }

    async fn stats(&self) -> serde_json::Value {
        let url = self.base_url.join("__sim/stats").expect("stats url");
        let response = reqwest::Client::new()
            .get(url)
            .bearer_auth(self.key.expose())
            .send()
            .await;
        response
            .expect("stats answered")
            .json()
            .await
            .expect("stats decode")
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        // Best effort: the child may already have exited; nothing else to do about it here.
        if self.child.kill().is_ok() {
            let _reaped = self.child.wait();
        }
    }
}

async fn load(sim: &Sim, options: &LoadOptions) -> (LoadOutcome, Duration) {
    let client = sim.client();
    let started = Instant::now();
    let outcome = load_directory(&client, &sim.org_id, options, &|_| {})
        .await
        .expect("load succeeds");
    (outcome, started.elapsed())
}

fn peak_memory_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

fn describe(outcome: &LoadOutcome) -> String {
    let stats = &outcome.stats;
    let two_ended = stats.partitions.iter().filter(|p| p.two_ended).count();
    let pages: u64 = stats.partitions.iter().map(|p| p.pages).sum();
    let directory = &outcome.directory;
    let grants: usize = directory.groups.iter().map(|g| g.grants.len()).sum();
    format!(
        "{} users, {} requests ({} retries, {} throttled): {pages} search pages in {} partitions ({} two-ended, \
         ideal {}), {} last-active calls ({} users without activity, {} not needed), sweep: {}; \
         seats: {} sites, {} of {} groups read ({grants} grants)",
        directory.users.len(),
        stats.requests,
        stats.retries,
        stats.throttled,
        stats.partitions.len(),
        two_ended,
        directory.users.len().div_ceil(100),
        stats.activity.calls,
        stats.activity.missing,
        stats.activity.not_needed,
        if stats.sweep.is_some() { "yes" } else { "no" },
        directory.sites.len(),
        stats.seats.groups_read,
        directory.groups.len(),
    )
}

async fn fast_100k() {
    let sim = Sim::start(&["--users", "100000", "--rate-limit", "1000000"]);
    let (outcome, wall) = load(&sim, &LoadOptions::default()).await;
    println!(
        "100,000 users, no latency: {:.2} s wall, peak memory {:.0} MiB (VmHWM of the loading process)",
        wall.as_secs_f64(),
        peak_memory_mib()
    );
    println!("  {}", describe(&outcome));
}

async fn latency_100k() {
    let sim = Sim::start(&[
        "--users",
        "100000",
        "--latency-ms",
        "100",
        "--rate-limit",
        "1000000",
    ]);
    let (outcome, wall) = load(&sim, &LoadOptions::default()).await;
    let baseline = 1_000.0 * 0.1;
    println!(
        "100,000 users at 100 ms latency: {:.1} s wall vs {baseline:.0} s for 1,000 sequential pages ({:.1}x faster)",
        wall.as_secs_f64(),
        baseline / wall.as_secs_f64()
    );
    println!("  {}", describe(&outcome));
}

async fn rate_limited_10k() {
    let sim = Sim::start(&["--users", "10000", "--rate-limit", "200"]);
    let (outcome, wall) = load(&sim, &LoadOptions::default()).await;
    let served = sim.stats().await;
    let needed = outcome.stats.requests as f64 / (200.0 / 60.0);
    let failed =
        served["rate_limited_429"].as_u64().unwrap_or(0) + served["server_errors_5xx"].as_u64().unwrap_or(0);
    println!(
        "10,000 users at 200 requests/min: {:.1} s wall vs {needed:.1} s = requests ÷ rate ({:.2}x), {failed} failed requests",
        wall.as_secs_f64(),
        wall.as_secs_f64() / needed
    );
    println!("  {}", describe(&outcome));
}

async fn requests_per_10k() {
    let sim = Sim::start(&["--users", "10000", "--rate-limit", "1000000"]);
    let (outcome, _) = load(&sim, &LoadOptions::default()).await;
    // The per-user approach: page the v1 managed-accounts list, then one last-active-dates call
    // per account listed.
    let client = sim.client();
    let mut cursor: Option<String> = None;
    let (mut pages, mut accounts) = (0u64, Vec::new());
    loop {
        let page = client
            .managed_accounts_page(&sim.org_id, cursor.as_deref())
            .await
            .expect("v1 page");
        pages += 1;
        accounts.extend(page.data.into_iter().map(|account| account.account_id));
        match page.links.and_then(|links| links.next_cursor()) {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let before = client.stats().requests;
    for account in &accounts {
        client
            .last_active_dates(&sim.org_id, account)
            .await
            .expect("last-active-dates");
    }
    let per_user = pages + client.stats().requests - before;
    println!(
        "requests per 10,000 users: {} (dormant, {} users) vs {per_user} (v1 list: {pages} pages + {} last-active-dates calls, managed accounts only); {:.0}x fewer",
        outcome.stats.requests,
        outcome.directory.users.len(),
        accounts.len(),
        per_user as f64 / outcome.stats.requests as f64
    );
    println!("  {}", describe(&outcome));
    println!(
        "  at 200 requests/min: {:.1} min vs {:.1} min",
        outcome.stats.requests as f64 / 200.0,
        per_user as f64 / 200.0
    );
}

fn main() {
    // `cargo bench --bench load -- latency rate` runs only the scenarios named.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let runs = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        // First, so VmHWM is this load's peak alone.
        if runs("fast") {
            fast_100k().await;
        }
        if runs("latency") {
            latency_100k().await;
        }
        if runs("rate") {
            rate_limited_10k().await;
        }
        if runs("requests") {
            requests_per_10k().await;
        }
    });
}
