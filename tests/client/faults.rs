//! A load through throttling, server errors and dropped connections still equals the ground
//! truth, and never sends more than the retry budget allows (checked against `/__sim/stats`).

use crate::support::expected;

use dormant::api::LoadOptions;
use dormant::sim::{Faults, StatsSnapshot};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faulty_simulator_still_yields_the_exact_org() {
    let mut config = expected::config(1_200, 5);
    config.faults = Faults {
        throttle_rate: 0.3,
        fail_rate: 0.05,
        drop_rate: 0.01,
        seed: 99,
        ..Faults::default()
    };
    let sim = dormant::sim::start(config).await.expect("simulator starts");
    let client = expected::client(&sim);
    let outcome = expected::load(&client, &sim.org_id, &LoadOptions::default()).await;
    let served = expected::inspect::<StatsSnapshot>(&sim, "__sim/stats").await;
    let truth = expected::dump(&sim).await;
    expected::assert_matches(&outcome.directory, &truth);

    let used = client.stats();
    let policy = client.retry_policy();
    // Every attempt the client made reached the simulator, and nothing else did, except requests
    // cancelled when the two ends of a partition met (they may or may not have left).
    let cancelled: u64 = outcome.stats.partitions.iter().map(|p| p.cancelled).sum();
    assert!(served.total_requests <= used.requests, "{served:?} vs {used:?}");
    assert!(
        used.requests - served.total_requests <= cancelled,
        "{served:?} vs {used:?}"
    );
    assert!(
        served.injected_429 > 0 && served.injected_500 > 0,
        "faults were injected: {served:?}"
    );
    let throttled = served.injected_429 + served.rate_limited_429;
    assert!(
        used.throttled <= throttled && throttled - used.throttled <= cancelled,
        "{served:?} vs {used:?}"
    );
    // No call went beyond its attempts, and all attempts beyond the first are counted retries.
    assert!(used.max_attempts_per_call <= policy.max_attempts(), "{used:?}");
    let calls = used.requests - used.retries;
    assert!(used.requests <= calls * u64::from(policy.max_attempts()));
    assert_eq!(outcome.stats.requests, used.requests);
}
