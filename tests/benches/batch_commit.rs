//! Benchmark of the commit engine: 1,000 suspends against an in-process simulator limited to
//! 600 requests a minute. Prints the pace reached as a fraction of the allowed rate (target ≥ 0.9)
//! and the duplicates in the simulator's action log (must be 0). Asserts nothing about time.
//!
//! Run with `cargo bench --bench batch_commit`, or `-- SUSPENDS RATE` for another size and limit
//! (e.g. `-- 300 120`, the figure).

#[path = "../support/batch.rs"]
mod support;

use dormant::batch::{BatchStore, CancelToken, CommitProgress, CommitSettings, PlanOptions, commit};
use dormant::sim::SimConfig;
use dormant::store::Paths;
use dormant::types::BatchCap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use support::SimTarget;

const DEFAULT_SUSPENDS: usize = 1_000;
const DEFAULT_RATE_PER_MINUTE: u32 = 600;

#[tokio::main]
#[allow(clippy::too_many_lines)] // one measured run, printed step by step
async fn main() {
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let suspends = numbers
        .first()
        .map_or(DEFAULT_SUSPENDS, |&n| usize::try_from(n).expect("a count"));
    let rate_per_minute = numbers
        .get(1)
        .map_or(DEFAULT_RATE_PER_MINUTE, |&n| u32::try_from(n).expect("a rate"));
    // Outcomes after which the pace is measured as steady (the burst is spent well before).
    let steady_from = suspends * 2 / 5;
    let sim = dormant::sim::start(SimConfig {
        users: u32::try_from(suspends * 12 / 5).expect("a size").max(2_400),
        seed: 42,
        rate_limit_per_minute: rate_per_minute,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
    let index = target.index().await;
    // Above the default cap of 500: raised explicitly, as an admin would.
    let cap = BatchCap::explicit(u32::try_from(suspends).expect("cap")).expect("cap");
    let options = PlanOptions {
        cap,
        ..PlanOptions::default()
    };
    let plan = SimTarget::plan(&index, suspends, &options);
    let acting = plan.acting().count();
    let home = tempfile::tempdir().expect("tempdir");
    let store = BatchStore::new(&Paths::under(home.path()));
    // The bucket starts with a burst; what the run may use is that plus the refill.
    let burst = target.remaining_budget().await;
    let before = target.client.stats();
    let started = Instant::now();
    // Where the steady part starts: after the bucket's initial burst has been spent.
    let mark: Arc<Mutex<Option<(Instant, u64)>>> = Arc::default();
    let (marker, client) = (Arc::clone(&mark), target.client.clone());
    let progress = move |progress: CommitProgress| {
        if progress.counts.settled() == steady_from {
            *marker.lock().expect("lock") = Some((Instant::now(), client.stats().requests));
        }
    };
    let report = commit(
        &target.gateway(),
        plan,
        &SimTarget::safeguard(&index),
        &store,
        &CommitSettings {
            cap,
            ..CommitSettings::default()
        },
        progress,
        &CancelToken::new(),
    )
    .await
    .expect("commit runs");
    let finished = Instant::now();
    let elapsed = (finished - started).as_secs_f64();
    let after = target.client.stats();
    let requests = after.requests - before.requests;
    let mut per_account: HashMap<String, usize> = HashMap::new();
    for (account, _) in target.actions().await {
        *per_account.entry(account).or_default() += 1;
    }
    let duplicates: usize = per_account.values().map(|n| n.saturating_sub(1)).sum();
    let minutes = elapsed / 60.0;
    let allowed = f64::from(rate_per_minute);
    println!("batch_commit: {acting} planned, {}", report.counts);
    println!(
        "  {elapsed:.1} s; {requests} requests ({} throttled) = {:.0}/min = {:.2} of the {rate_per_minute}/min limit",
        after.throttled - before.throttled,
        requests as f64 / minutes,
        requests as f64 / minutes / allowed
    );
    let budget = burst as f64 + allowed * minutes;
    println!(
        "  budget used: {requests} of {budget:.0} allowed in the run ({burst} burst + refill) = {:.2} (target >= 0.9)",
        requests as f64 / budget
    );
    println!(
        "  suspends: {:.0}/min = {:.2} of the limit (each batch of 10 also costs one re-read)",
        report.counts.succeeded as f64 / minutes,
        report.counts.succeeded as f64 / minutes / allowed
    );
    if let Some((at, requests_then)) = *mark.lock().expect("lock") {
        let steady_minutes = (finished - at).as_secs_f64() / 60.0;
        let steady_requests = after.requests - requests_then;
        println!(
            "  steady pace (after {steady_from} users): {:.0} requests/min = {:.2} of the limit (target >= 0.9); \
             {:.0} suspends/min",
            steady_requests as f64 / steady_minutes,
            steady_requests as f64 / steady_minutes / allowed,
            (report.counts.settled() - steady_from) as f64 / steady_minutes
        );
    }
    println!("  duplicates in the action log: {duplicates}");
    sim.shutdown().await;
}
