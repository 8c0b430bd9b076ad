//! The client against a scripted loopback server on paused tokio time: retries and backoff on
//! 5xx and transport failures, `Retry-After` on 429, pacing from `X-RateLimit-*`, bounded
//! attempts, and the typed errors each refusal becomes.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, Response, StatusCode};
use dormant::api::{ApiError, Client, ClientConfig, RetryPolicy, parse_base_url};
use dormant::types::Secret;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: body.to_owned(),
    }
}

/// Replies in order; the last one repeats. Logs when (virtual time) and what was asked.
#[derive(Default)]
struct Script {
    replies: Mutex<VecDeque<Reply>>,
    log: Mutex<Vec<(Instant, String)>>,
}

impl Script {
    fn times(&self) -> Vec<Duration> {
        let log = self.log.lock().expect("log");
        let start = log.first().map(|(at, _)| *at).expect("at least one request");
        log.iter().map(|(at, _)| *at - start).collect()
    }
    fn count(&self) -> usize {
        self.log.lock().expect("log").len()
    }
}

async fn serve(State(script): State<Arc<Script>>, request: Request<Body>) -> Response<Body> {
    script
        .log
        .lock()
        .expect("log")
        .push((Instant::now(), request.uri().path().to_owned()));
    let next = {
        let mut replies = script.replies.lock().expect("replies");
        if replies.len() > 1 {
            replies.pop_front()
        } else {
            replies.front().cloned()
        }
    }
    .unwrap_or_else(|| reply(500, "no script"));
    let mut response = Response::builder().status(StatusCode::from_u16(next.status).expect("status"));
    for (name, value) in next.headers {
        response = response.header(name, value);
    }
    response.body(Body::from(next.body)).expect("response")
}

async fn start(replies: Vec<Reply>) -> (Client, Arc<Script>) {
    let script = Arc::new(Script {
        replies: Mutex::new(replies.into()),
        log: Mutex::default(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("address");
    let app = Router::new().fallback(serve).with_state(Arc::clone(&script));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let base = parse_base_url(&format!("http://{address}")).expect("loopback url");
    (
        client_for(
            base,
            RetryPolicy {
                jitter_seed: Some(3),
                ..RetryPolicy::default()
            },
        ),
        script,
    )
}

fn client_for(base: url::Url, retry: RetryPolicy) -> Client {
    let mut config = ClientConfig::new(base, Secret::new("test-key-not-real".into()));
    config.retry = retry;
    config.request_timeout = Duration::from_hours(1);
    config.connect_timeout = Duration::from_hours(1);
    Client::new(config).expect("client")
}

const ONE_ORG: &str = r#"{"data":[{"id":"org-1","type":"orgs","attributes":{"name":"Acme"}}],"links":{}}"#;

#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_with_growing_backoff() {
    let (client, script) = start(vec![reply(500, ""), reply(503, ""), reply(200, ONE_ORG)]).await;
    assert_eq!(client.discover_org().await.expect("third try works"), "org-1");
    let stats = client.stats();
    assert_eq!((stats.requests, stats.retries, stats.server_errors), (3, 2, 2));
    let times = script.times();
    // Atlassian's defaults: 5 s then 10 s, each jittered ×0.7–1.3.
    assert!(
        times[1] >= Duration::from_millis(3500) && times[1] < Duration::from_millis(6500),
        "{times:?}"
    );
    let second = times[2].saturating_sub(times[1]);
    assert!(
        second >= Duration::from_secs(7) && second < Duration::from_secs(13),
        "{times:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn server_errors_stop_after_the_retry_budget() {
    let body =
        r#"{"errors":[{"status":"500","code":"ADMIN-500-1","title":"Internal error","detail":"boom"}]}"#;
    let (client, script) = start(vec![reply(500, body)]).await;
    let err = client.discover_org().await.expect_err("always failing");
    assert!(
        matches!(
            err,
            ApiError::Server {
                status: 500,
                attempts: 5,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("ADMIN-500-1") && err.to_string().contains("boom"),
        "{err}"
    );
    assert_eq!(script.count(), 5);
    assert_eq!(client.stats().max_attempts_per_call, 5);
}

#[tokio::test(start_paused = true)]
async fn throttling_waits_for_retry_after() {
    let mut throttled = reply(429, r#"{"errors":[{"status":"429","code":"ADMIN-429-1"}]}"#);
    throttled.headers.push(("retry-after", "30".into()));
    let (client, script) = start(vec![throttled, reply(200, ONE_ORG)]).await;
    client.discover_org().await.expect("after the wait");
    let times = script.times();
    assert!(
        times[1] >= Duration::from_secs(30) && times[1] < Duration::from_secs(34),
        "{times:?}"
    );
    assert_eq!(client.stats().throttled, 1);
}

#[tokio::test(start_paused = true)]
async fn endless_throttling_becomes_rate_limited() {
    let mut throttled = reply(429, "");
    throttled.headers.push(("retry-after", "2".into()));
    let (client, script) = start(vec![throttled]).await;
    let err = client.discover_org().await.expect_err("never lets up");
    let attempts = 1 + client.retry_policy().max_throttle_retries;
    assert!(
        matches!(err, ApiError::RateLimited { attempts: a, .. } if a == attempts),
        "{err}"
    );
    assert_eq!(script.count() as u32, attempts);
}

#[tokio::test(start_paused = true)]
async fn a_low_budget_spreads_requests_until_the_reset() {
    let reset = (chrono::Utc::now() + chrono::Duration::seconds(10)).to_rfc3339();
    let mut paced = reply(200, r#"{"data":[],"links":{}}"#);
    paced.headers = vec![
        ("x-ratelimit-limit", "100".into()),
        ("x-ratelimit-remaining", "5".into()),
        ("x-ratelimit-reset", reset),
    ];
    let (client, script) = start(vec![paced]).await;
    for _ in 0..5 {
        client.orgs_page(None).await.expect("page");
    }
    let times = script.times();
    // Each answer says 5 left until ~10 s from now: the budget is shared out over that time
    // (gaps of 10 s / 5 minus elapsed), never a burst, and nothing waits past the reset.
    for pair in times[1..].windows(2) {
        let gap = pair[1].saturating_sub(pair[0]);
        assert!(
            gap >= Duration::from_millis(1200) && gap <= Duration::from_millis(2100),
            "{times:?}"
        );
    }
    assert!(
        times[4] >= Duration::from_secs(5) && times[4] <= Duration::from_secs(10),
        "{times:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn unreachable_servers_are_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let base = parse_base_url(&format!("http://{address}")).expect("url");
    let client = client_for(
        base,
        RetryPolicy {
            jitter_seed: Some(1),
            ..RetryPolicy::loopback()
        },
    );
    let err = client.discover_org().await.expect_err("nobody listens");
    assert!(matches!(err, ApiError::Transport { attempts: 5, .. }), "{err}");
    assert_eq!(client.stats().transport_errors, 5);
    assert!(!format!("{err} {err:?}").contains("test-key-not-real"));
}

#[tokio::test(start_paused = true)]
async fn refusals_are_not_retried_and_say_what_to_do() {
    let cases: Vec<(Reply, &str)> = vec![
        (
            reply(
                401,
                r#"{"errors":[{"status":"401","code":"ADMIN-401-1","title":"Unauthorized"}]}"#,
            ),
            "Settings → API keys",
        ),
        (
            reply(
                401,
                r#"{"errors":[{"code":"ADMIN-401-2","status":"401","title":"INSUFFICIENT_SCOPE","detail":"Insufficient scope."}]}"#,
            ),
            "read:orgs:admin",
        ),
        (
            reply(403, r#"{"errors":[{"status":"403","code":"ADMIN-403-3"}]}"#),
            "not an admin",
        ),
        (
            reply(200, r#"{"data":[],"links":{"self":"x"},"meta":null}"#),
            "--org or DORMANT_ORG_ID",
        ),
        (
            reply(
                200,
                r#"{"data":[{"id":"a","attributes":{"name":"A"}},{"id":"b","attributes":{"name":"B"}}]}"#,
            ),
            "a (A), b (B)",
        ),
        (reply(200, r#"{"data":[{"id":7}]}"#), "data[0].id"),
    ];
    for (refusal, says) in cases {
        let (client, script) = start(vec![refusal]).await;
        let err = client.discover_org().await.expect_err(says);
        assert!(err.to_string().contains(says), "expected {says:?} in: {err}");
        assert_eq!(script.count(), 1, "{err}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_wrong_org_id_is_named() {
    let (client, _script) = start(vec![reply(
        404,
        r#"{"errors":[{"status":"404","code":"ADMIN-404-2"}]}"#,
    )])
    .await;
    let err = client.org("not-my-org").await.expect_err("unknown org");
    assert!(
        matches!(err, ApiError::OrgNotFound { ref org_id, .. } if org_id == "not-my-org"),
        "{err}"
    );
    assert!(err.to_string().contains("--org"), "{err}");
}
