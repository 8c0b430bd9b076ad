//! Benchmark of the commit engine: 1,000 suspends against an in-process simulator limited to
//! 600 requests a minute. Prints the pace reached as a fraction of the allowed rate (target ≥ 0.9)
//! and the duplicates in the simulator's action log (must be 0). Asserts nothing about time.
//!
//! Run with `cargo bench --bench batch_commit`.

#[path = "../support/batch.rs"]
mod support;

use dormant::batch::{BatchStore, CancelToken, CommitSettings, PlanOptions, commit};
use dormant::sim::SimConfig;
use dormant::store::Paths;
use std::collections::HashMap;
use std::time::Instant;
use support::SimTarget;

const SUSPENDS: usize = 1_000;
const RATE_PER_MINUTE: u32 = 600;

#[tokio::main]
async fn main() {
    let sim = dormant::sim::start(SimConfig {
        users: 2_400,
        seed: 42,
        rate_limit_per_minute: RATE_PER_MINUTE,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
    let index = target.index().await;
    let plan = SimTarget::plan(&index, SUSPENDS, &PlanOptions::default());
    let acting = plan.acting().count();
    let home = tempfile::tempdir().expect("tempdir");
    let store = BatchStore::new(&Paths::under(home.path()));
    let before = target.client.stats();
    let started = Instant::now();
    let report = commit(
        &target.gateway(),
        plan,
        &SimTarget::safeguard(&index),
        &store,
        &CommitSettings::default(),
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect("commit runs");
    let elapsed = started.elapsed().as_secs_f64();
    let after = target.client.stats();
    let requests = after.requests - before.requests;
    let mut per_account: HashMap<String, usize> = HashMap::new();
    for (account, _) in target.actions().await {
        *per_account.entry(account).or_default() += 1;
    }
    let duplicates: usize = per_account.values().map(|n| n.saturating_sub(1)).sum();
    let minutes = elapsed / 60.0;
    let allowed = f64::from(RATE_PER_MINUTE);
    println!("batch_commit: {acting} planned, {}", report.counts);
    println!(
        "  {elapsed:.1} s; {requests} requests ({} throttled) = {:.0}/min = {:.2} of the {RATE_PER_MINUTE}/min limit",
        after.throttled - before.throttled,
        requests as f64 / minutes,
        requests as f64 / minutes / allowed
    );
    println!(
        "  suspends: {:.0}/min = {:.2} of the limit (each batch of 10 also costs one re-read)",
        report.counts.succeeded as f64 / minutes,
        report.counts.succeeded as f64 / minutes / allowed
    );
    println!("  duplicates in the action log: {duplicates}");
    sim.shutdown().await;
}
