//! The per-request pipeline around the simulated API: auth, rate limiting, injected faults,
//! stats and the request log, as one axum middleware. Must not know any endpoint's semantics.

use std::sync::Arc;
use std::time::{Duration, Instant as WallInstant};

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use tokio::time::Instant;

use crate::api::assumptions::RATE_LIMITED_TITLE;
use crate::sim::auth::{Api, Identity, KeyRing, refusal};
use crate::sim::errors::SimError as ApiError;
use crate::sim::faults::{FaultInjector, FaultOutcome};
use crate::sim::rate_limit::{Quota, RateLimiter};
use crate::sim::stats::{Cause, Stats, StatsSnapshot};

/// Marks a response the connection layer must not send: it closes the connection instead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// The shared state of the pipeline for one simulator instance.
pub(crate) struct Transport {
    pub keys: KeyRing,
    pub limiter: RateLimiter,
    pub faults: FaultInjector,
    pub stats: Stats,
}

impl Transport {
    /// Forgets all counters, buckets and the fault sequence, as `POST /__sim/reset` promises.
    fn reset(&self) {
        self.stats.reset();
        self.limiter.reset();
        self.faults.reset();
    }
}

/// Adds `GET /__sim/stats` and puts the pipeline in front of every route and the fallback.
/// `Router::layer` runs after routing, so the middleware sees the matched route template.
pub(crate) fn wrap(router: Router, transport: Arc<Transport>) -> Router {
    let stats_source = Arc::clone(&transport);
    router
        .route(
            "/__sim/stats",
            get(move || {
                let snapshot: StatsSnapshot = stats_source.stats.snapshot();
                async move { Json(snapshot) }
            }),
        )
        .layer(from_fn_with_state(transport, guard))
}

async fn guard(State(transport): State<Arc<Transport>>, request: Request, next: Next) -> Response {
    let started = WallInstant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let identity = transport.keys.identify(request.headers());
    let response = if path.starts_with("/__sim/") {
        inspect(&transport, identity, request, next).await
    } else {
        serve_api(&transport, identity, request, next).await
    };
    let status = if response.extensions().get::<DropConnection>().is_some() {
        "dropped".to_owned()
    } else {
        response.status().as_u16().to_string()
    };
    let ms = started.elapsed().as_millis();
    tracing::info!(target: "dormant::sim", %method, %path, %status, ms, "request");
    response
}

/// `/__sim/*`: same key, but no rate limit, no faults, not counted.
async fn inspect(transport: &Transport, identity: Identity, request: Request, next: Next) -> Response {
    let mut response = if let Some(refused) = refusal(identity, Api::Org) {
        refused
    } else {
        let resets = request.method() == Method::POST && request.uri().path() == "/__sim/reset";
        let response = next.run(request).await;
        if resets && response.status().is_success() {
            transport.reset();
        }
        response
    };
    let quota = transport.limiter.peek(identity, Instant::now());
    add_quota_headers(&mut response, quota);
    response
}

async fn serve_api(transport: &Transport, identity: Identity, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("<unmatched>", MatchedPath::as_str);
    transport.stats.request(&format!("{} {route}", request.method()));
    let api = Api::of(request.uri().path());
    let plan = transport.faults.plan();
    if plan.spiked {
        transport.stats.spiked();
    }
    if !plan.delay.is_zero() {
        tokio::time::sleep(plan.delay).await;
    }
    let (mut response, cause, quota) = match transport.limiter.take(identity, Instant::now()) {
        Err(quota) => (too_many_requests(quota.next_token_in), Cause::RateLimited, quota),
        Ok(quota) => {
            if let Some(refused) = refusal(identity, api) {
                (refused, Cause::Served, quota)
            } else {
                match plan.outcome {
                    FaultOutcome::Pass => (next.run(request).await, Cause::Served, quota),
                    FaultOutcome::Fail => (internal_error(), Cause::InjectedFail, quota),
                    FaultOutcome::Throttle => (
                        too_many_requests(Duration::from_secs(1)),
                        Cause::InjectedThrottle,
                        quota,
                    ),
                    FaultOutcome::DropBeforeHandler => {
                        transport.stats.dropped(false);
                        return dropped();
                    }
                    FaultOutcome::DropAfterHandler => {
                        // The effect is applied; only the answer is lost, as on a real network.
                        drop(next.run(request).await);
                        transport.stats.dropped(true);
                        return dropped();
                    }
                }
            }
        }
    };
    transport.stats.response(response.status(), cause);
    add_quota_headers(&mut response, quota);
    response
}

fn dropped() -> Response {
    let mut response = Response::new(Body::empty());
    response.extensions_mut().insert(DropConnection);
    response
}

fn internal_error() -> Response {
    ApiError::internal("An unexpected error occurred. Retry the request later.").into_response()
}

/// 429 `ADMIN-429-1` with `Retry-After` in whole seconds (at least 1).
fn too_many_requests(retry_after: Duration) -> Response {
    let seconds = ceil_seconds(retry_after).max(1);
    let mut response = ApiError::org(
        StatusCode::TOO_MANY_REQUESTS,
        "ADMIN-429-1",
        RATE_LIMITED_TITLE,
        format!("Too many requests for this API key. Retry in {seconds} s."),
    )
    .into_response();
    response
        .headers_mut()
        .insert(HeaderName::from_static("retry-after"), HeaderValue::from(seconds));
    response
}

fn add_quota_headers(response: &mut Response, quota: Quota) {
    let reset = reset_at(Utc::now(), quota.full_in);
    let headers = response.headers_mut();
    headers.insert(
        HeaderName::from_static("x-ratelimit-limit"),
        HeaderValue::from(quota.limit),
    );
    headers.insert(
        HeaderName::from_static("x-ratelimit-remaining"),
        HeaderValue::from(quota.remaining),
    );
    if let Ok(value) = HeaderValue::from_str(&reset) {
        headers.insert(HeaderName::from_static("x-ratelimit-reset"), value);
    }
}

/// ISO-8601 UTC, whole seconds, rounded up so a client waiting until then finds a full bucket.
fn reset_at(now: DateTime<Utc>, full_in: Duration) -> String {
    let exact = now + TimeDelta::milliseconds(full_in.as_millis() as i64 + 1);
    let whole = exact.timestamp() + i64::from(exact.timestamp_subsec_nanos() > 0);
    DateTime::from_timestamp(whole, 0)
        .unwrap_or(exact)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn ceil_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_rounds_up_to_whole_seconds() {
        let now = DateTime::parse_from_rfc3339("2026-03-01T10:00:00.250Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(reset_at(now, Duration::ZERO), "2026-03-01T10:00:01Z");
        assert_eq!(
            reset_at(now, Duration::from_millis(59_900)),
            "2026-03-01T10:01:01Z"
        );
    }

    #[test]
    fn retry_after_is_whole_seconds_at_least_one() {
        assert_eq!(ceil_seconds(Duration::from_millis(10)), 1);
        assert_eq!(ceil_seconds(Duration::from_secs(20)), 20);
        let response = too_many_requests(Duration::ZERO);
        assert_eq!(response.headers()["retry-after"], "1");
    }
}
