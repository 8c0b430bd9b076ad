//! The simulator's transport layer over loopback: auth envelopes, rate limits, injected faults,
//! real connection drops, stats, the `/__sim` exemption, loopback binding and shutdown.

// Helpers outside #[test] fns panic too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used)]

#[path = "transport_fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use dormant::api::assumptions::{UNAUTHENTICATED_CODE, UNAUTHENTICATED_TITLE};
use dormant::sim::{Faults, RestrictedKey, RestrictedKind, SimConfig, SimStartError, StatsSnapshot};
use fixture::{Fixture, SUSPEND, eventually, header, start};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn with_faults(faults: Faults) -> SimConfig {
    SimConfig {
        faults,
        ..SimConfig::default()
    }
}

async fn snapshot(fixture: &Fixture) -> StatsSnapshot {
    serde_json::from_value(fixture.stats().await).unwrap()
}

#[tokio::test]
async fn missing_or_wrong_key_gets_401_in_each_apis_envelope() {
    let sim = start(SimConfig::default()).await;
    for path in ["admin/v1/orgs", "__sim/actions"] {
        let missing = sim.http.get(sim.url(path)).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
        header(&missing, "x-ratelimit-limit");
        let body: Value = missing.json().await.unwrap();
        assert_eq!(body["errors"][0]["status"], "401");
        assert_eq!(body["errors"][0]["code"], UNAUTHENTICATED_CODE);
        assert_eq!(body["errors"][0]["title"], UNAUTHENTICATED_TITLE);
        let wrong = sim
            .http
            .get(sim.url(path))
            .bearer_auth("nope")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let profile = "users/acc-1/manage/profile";
    let missing = sim.http.get(sim.url(profile)).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        missing.json::<Value>().await.unwrap(),
        json!({ "key": "unauthorized" })
    );
    let ok = sim.get(profile).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(snapshot(&sim).await.unauthorized_401, 3);
}

#[tokio::test]
async fn restricted_keys_get_scope_and_admin_refusals() {
    let restricted = |key: &str, kind| RestrictedKey {
        key: key.into(),
        kind,
    };
    let sim = start(SimConfig {
        restricted_keys: vec![
            restricted("scoped", RestrictedKind::InsufficientScope),
            restricted("not-admin", RestrictedKind::NotOrgAdmin),
        ],
        ..SimConfig::default()
    })
    .await;
    let send = |key: &'static str, path: &str| sim.http.get(sim.url(path)).bearer_auth(key).send();
    let scoped = send("scoped", "admin/v1/orgs").await.unwrap();
    assert_eq!(scoped.status(), StatusCode::UNAUTHORIZED);
    let expected = r#"{"errors":[{"code":"ADMIN-401-2","status":"401","title":"INSUFFICIENT_SCOPE","detail":"Insufficient scope. Create a new API Key for your Organization https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/"}]}"#;
    let expected: Value = serde_json::from_str(expected).unwrap();
    assert_eq!(scoped.json::<Value>().await.unwrap(), expected);
    let not_admin = send("not-admin", "admin/v1/orgs").await.unwrap();
    assert_eq!(not_admin.status(), StatusCode::FORBIDDEN);
    let body: Value = not_admin.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "ADMIN-403-3");
    assert_eq!(body["errors"][0]["status"], "403");
    let um = send("not-admin", "users/acc-1/manage/profile").await.unwrap();
    assert_eq!(um.status(), StatusCode::FORBIDDEN);
    assert_eq!(um.json::<Value>().await.unwrap(), json!({ "key": "forbidden" }));
}

#[tokio::test]
async fn rate_limit_headers_count_down_then_429_with_retry_after() {
    let sim = start(SimConfig {
        rate_limit_per_minute: 3,
        ..SimConfig::default()
    })
    .await;
    let before = Utc::now();
    for expected_remaining in ["2", "1", "0"] {
        let response = sim.get("admin/v1/orgs").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "x-ratelimit-limit"), "3");
        assert_eq!(header(&response, "x-ratelimit-remaining"), expected_remaining);
    }
    let limited = sim.post(SUSPEND).send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    // 3 per minute: the next token comes 20 s after the last one was spent, the bucket is full a minute on.
    let retry_after: u64 = header(&limited, "retry-after").parse().unwrap();
    assert!((19..=20).contains(&retry_after), "Retry-After {retry_after}");
    assert_eq!(header(&limited, "x-ratelimit-remaining"), "0");
    let reset: DateTime<Utc> = header(&limited, "x-ratelimit-reset").parse().unwrap();
    let full_in = (reset - before).num_seconds();
    assert!((59..=62).contains(&full_in), "bucket full in {full_in} s");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "ADMIN-429-1");
    assert_eq!(body["errors"][0]["status"], "429");
    assert_eq!(sim.applied(), 0, "a rate-limited mutation must not apply");
    let stats = snapshot(&sim).await;
    assert_eq!((stats.total_requests, stats.rate_limited_429), (4, 1));
}

#[tokio::test]
async fn an_empty_bucket_refills_at_the_advertised_pace() {
    let sim = start(SimConfig {
        rate_limit_per_minute: 60,
        ..SimConfig::default()
    })
    .await;
    for _ in 0..60 {
        assert_eq!(
            sim.get("admin/v1/orgs").send().await.unwrap().status(),
            StatusCode::OK
        );
    }
    let limited = sim.get("admin/v1/orgs").send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&limited, "retry-after"), "1");
    let emptied = Instant::now();
    // `/__sim/*` reports the quota without spending it, so polling it watches the refill.
    let refilled = eventually(Duration::from_secs(10), || async {
        let peek = sim.get("__sim/actions").send().await.unwrap();
        header(&peek, "x-ratelimit-remaining") != "0"
    })
    .await;
    assert!(refilled);
    assert!(
        emptied.elapsed() <= Duration::from_secs(2),
        "one token per second"
    );
    assert_eq!(
        sim.get("admin/v1/orgs").send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn sim_endpoints_are_exempt_from_limits_faults_and_stats() {
    let sim = start(SimConfig {
        rate_limit_per_minute: 1,
        faults: Faults {
            drop_rate: 1.0,
            latency_ms: 5_000,
            ..Faults::default()
        },
        ..SimConfig::default()
    })
    .await;
    for _ in 0..20 {
        let response = sim.get("__sim/actions").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "x-ratelimit-remaining"), "1");
    }
    assert_eq!(snapshot(&sim).await, StatsSnapshot::default());
}

#[tokio::test]
async fn fail_rate_one_answers_500_without_applying() {
    let sim = start(with_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    for _ in 0..5 {
        let response = sim.post(SUSPEND).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        header(&response, "x-ratelimit-reset");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "ADMIN-500-1");
    }
    assert_eq!(sim.applied(), 0);
    let stats = snapshot(&sim).await;
    assert_eq!((stats.server_errors_5xx, stats.injected_500), (5, 5));
}

#[tokio::test]
async fn throttle_rate_one_answers_spurious_429s() {
    let sim = start(with_faults(Faults {
        throttle_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    let response = sim.post(SUSPEND).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&response, "retry-after"), "1");
    assert_ne!(header(&response, "x-ratelimit-remaining"), "0", "tokens remain");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "ADMIN-429-1");
    assert_eq!(sim.applied(), 0);
    let stats = snapshot(&sim).await;
    assert_eq!((stats.injected_429, stats.rate_limited_429), (1, 0));
}

#[tokio::test]
async fn drops_are_transport_errors_some_after_the_effect() {
    let sim = start(with_faults(Faults {
        drop_rate: 1.0,
        seed: 5,
        ..Faults::default()
    }))
    .await;
    for _ in 0..40 {
        let error = sim.post(SUSPEND).send().await.unwrap_err();
        assert!(error.status().is_none() && !error.is_builder(), "{error:?}");
    }
    let stats = snapshot(&sim).await;
    assert_eq!(stats.total_requests, 40, "the client must not have retried");
    assert_eq!(stats.drops, 40);
    assert!(
        stats.drops_before_handler > 0 && stats.drops_after_handler > 0,
        "{stats:?}"
    );
    assert_eq!(sim.applied(), stats.drops_after_handler);
}

#[tokio::test]
async fn seeded_fault_rates_repeat_exactly_and_land_near_their_share() {
    let faults = Faults {
        fail_rate: 0.25,
        throttle_rate: 0.1,
        seed: 11,
        ..Faults::default()
    };
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sim = start(with_faults(faults.clone())).await;
        let mut statuses = Vec::new();
        for _ in 0..400 {
            statuses.push(sim.get("admin/v1/orgs").send().await.unwrap().status().as_u16());
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1], "same seed, same request order, same faults");
    let count = |status: u16| runs[0].iter().filter(|s| **s == status).count();
    assert!(
        (70..=130).contains(&count(500)),
        "{} failures of 400 at 0.25",
        count(500)
    );
    assert!(
        (15..=50).contains(&count(429)),
        "{} throttles of 400 at 0.1 of the rest",
        count(429)
    );
}

#[tokio::test]
async fn zero_rates_and_latency_behave() {
    let sim = start(with_faults(Faults {
        latency_ms: 30,
        ..Faults::default()
    }))
    .await;
    for _ in 0..20 {
        let started = Instant::now();
        assert_eq!(
            sim.post(SUSPEND).send().await.unwrap().status(),
            StatusCode::NO_CONTENT
        );
        assert!(started.elapsed() >= Duration::from_millis(30));
    }
    assert_eq!(sim.applied(), 20);
}

#[tokio::test]
async fn stats_count_route_templates_and_reset_clears_everything() {
    let sim = start(SimConfig {
        rate_limit_per_minute: 2,
        ..SimConfig::default()
    })
    .await;
    sim.post(SUSPEND).send().await.unwrap();
    sim.get("admin/v1/orgs").send().await.unwrap();
    sim.get("admin/v1/nowhere").send().await.unwrap();
    let stats = snapshot(&sim).await;
    let route = "POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend";
    assert_eq!(stats.requests_by_route[route], 1);
    assert_eq!(stats.requests_by_route["GET /admin/v1/orgs"], 1);
    assert_eq!(stats.requests_by_route["GET <unmatched>"], 1);
    assert_eq!((stats.total_requests, stats.rate_limited_429), (3, 1));
    assert_eq!(sim.applied(), 1);
    let reset = sim.post("__sim/reset").send().await.unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    assert_eq!(snapshot(&sim).await, StatsSnapshot::default());
    assert_eq!(sim.applied(), 0);
    let fresh = sim.get("admin/v1/orgs").send().await.unwrap();
    assert_eq!(
        header(&fresh, "x-ratelimit-remaining"),
        "1",
        "buckets start full again"
    );
}

#[tokio::test]
async fn binds_loopback_only_and_shutdown_frees_the_port() {
    let sim = start(SimConfig::default()).await;
    let addr = sim.sim.local_addr();
    assert!(addr.ip().is_loopback());
    assert_eq!(sim.sim.base_url.host_str(), Some("127.0.0.1"));
    assert_eq!(
        sim.get("admin/v1/orgs").send().await.unwrap().status(),
        StatusCode::OK
    );
    let http = sim.http.clone();
    let url = sim.url("admin/v1/orgs");
    sim.sim.shutdown().await;
    let rebound = tokio::net::TcpListener::bind(addr).await.unwrap();
    drop(rebound);
    assert!(http.get(url).send().await.unwrap_err().is_connect());
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let sim = start(SimConfig::default()).await;
    let http = sim.http.clone();
    let url = sim.url("admin/v1/orgs");
    drop(sim);
    let stopped = eventually(Duration::from_secs(10), || async {
        http.get(url.clone())
            .send()
            .await
            .is_err_and(|error| error.is_connect())
    })
    .await;
    assert!(stopped);
}

#[tokio::test]
async fn a_busy_port_is_a_clear_bind_error() {
    let first = start(SimConfig::default()).await;
    let port = first.sim.local_addr().port();
    let outcome = dormant::sim::start_with_router(
        SimConfig {
            port,
            ..SimConfig::default()
        },
        "org-1".into(),
        |_| axum::Router::new(),
    )
    .await;
    let error = outcome.unwrap_err();
    assert!(matches!(error, SimStartError::Bind { port: p, .. } if p == port));
    assert!(error.to_string().contains("0 for any free"), "{error}");
}

#[tokio::test]
async fn the_real_endpoints_serve_behind_the_transport() {
    let sim = dormant::sim::start(SimConfig {
        users: 60,
        seed: 9,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let mut search = sim.base_url.clone();
    search.path_segments_mut().unwrap().extend([
        "admin",
        "v2",
        "orgs",
        &sim.org_id,
        "directories",
        "-",
        "users",
        "search",
    ]);
    let page = http
        .post(search.clone())
        .bearer_auth(sim.key.expose())
        .json(&json!({ "limit": 10 }))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(header(&page, "x-ratelimit-remaining"), "5999");
    let page: Value = page.json().await.unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 10);
    let unauthenticated = http.post(search).json(&json!({})).send().await.unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);

    let inspect = |path: &str| {
        http.get(sim.base_url.join(path).unwrap())
            .bearer_auth(sim.key.expose())
    };
    let stats: StatsSnapshot = inspect("__sim/stats").send().await.unwrap().json().await.unwrap();
    // Keyed by the routes' own templates (placeholders in braces), not by concrete ids.
    let searches = stats
        .requests_by_route
        .iter()
        .find(|(route, _)| route.starts_with("POST /admin/v2/orgs/{") && route.ends_with("}/users/search"));
    assert_eq!(searches.map(|(_, count)| *count), Some(2), "{stats:?}");
    assert_eq!(stats.unauthorized_401, 1);
    let reset = http
        .post(sim.base_url.join("__sim/reset").unwrap())
        .bearer_auth(sim.key.expose())
        .send()
        .await
        .unwrap();
    assert!(reset.status().is_success(), "{}", reset.status());
    let stats: StatsSnapshot = inspect("__sim/stats").send().await.unwrap().json().await.unwrap();
    assert_eq!(stats, StatsSnapshot::default());
    sim.shutdown().await;
}
