//! Counters of what the simulator served, read back through `GET /__sim/stats` so tests and
//! benchmarks can check pacing and fault handling. Counts only; must not decide anything.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

/// The body of `GET /__sim/stats`. Counts API requests only: `/__sim/*` calls are not counted,
/// so inspecting never changes the figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsSnapshot {
    pub total_requests: u64,
    /// Keyed by `"METHOD /route/{template}"`; requests matching no route count as `"METHOD <unmatched>"`.
    pub requests_by_route: BTreeMap<String, u64>,
    /// 429s because the caller's bucket was empty.
    pub rate_limited_429: u64,
    /// Spurious 429s from `throttle_rate`.
    pub injected_429: u64,
    /// Every 5xx served, injected or not.
    pub server_errors_5xx: u64,
    /// The 500s from `fail_rate` (also counted in `server_errors_5xx`).
    pub injected_500: u64,
    pub unauthorized_401: u64,
    /// Connections closed with no response (`drop_rate`), split by whether the handler ran.
    pub drops: u64,
    pub drops_before_handler: u64,
    pub drops_after_handler: u64,
    /// Requests held back by a latency spike (`spike_rate`), whatever their answer.
    #[serde(default)]
    pub injected_spikes: u64,
}

/// Why a response has the status it has, as far as the counters care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Answered by auth or the handler.
    Served,
    RateLimited,
    InjectedThrottle,
    InjectedFail,
}

/// The live counters of one instance.
#[derive(Default)]
pub(crate) struct Stats {
    counters: Mutex<StatsSnapshot>,
}

impl Stats {
    pub(crate) fn request(&self, route: &str) {
        let mut counters = self.lock();
        counters.total_requests += 1;
        *counters.requests_by_route.entry(route.to_owned()).or_default() += 1;
    }

    pub(crate) fn response(&self, status: StatusCode, cause: Cause) {
        let mut counters = self.lock();
        match cause {
            Cause::RateLimited => counters.rate_limited_429 += 1,
            Cause::InjectedThrottle => counters.injected_429 += 1,
            Cause::InjectedFail => counters.injected_500 += 1,
            Cause::Served => {}
        }
        if status.is_server_error() {
            counters.server_errors_5xx += 1;
        }
        if status == StatusCode::UNAUTHORIZED {
            counters.unauthorized_401 += 1;
        }
    }

    pub(crate) fn dropped(&self, after_handler: bool) {
        let mut counters = self.lock();
        counters.drops += 1;
        if after_handler {
            counters.drops_after_handler += 1;
        } else {
            counters.drops_before_handler += 1;
        }
    }

    pub(crate) fn spiked(&self) {
        self.lock().injected_spikes += 1;
    }

    pub(crate) fn snapshot(&self) -> StatsSnapshot {
        self.lock().clone()
    }

    pub(crate) fn reset(&self) {
        *self.lock() = StatsSnapshot::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StatsSnapshot> {
        self.counters.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_route_status_and_cause() {
        let stats = Stats::default();
        stats.request("GET /admin/v1/orgs");
        stats.request("GET /admin/v1/orgs");
        stats.response(StatusCode::TOO_MANY_REQUESTS, Cause::RateLimited);
        stats.response(StatusCode::TOO_MANY_REQUESTS, Cause::InjectedThrottle);
        stats.response(StatusCode::INTERNAL_SERVER_ERROR, Cause::InjectedFail);
        stats.response(StatusCode::BAD_GATEWAY, Cause::Served);
        stats.response(StatusCode::UNAUTHORIZED, Cause::Served);
        stats.dropped(true);
        stats.spiked();
        let snapshot = stats.snapshot();
        assert_eq!(snapshot.total_requests, 2);
        assert_eq!(snapshot.requests_by_route["GET /admin/v1/orgs"], 2);
        assert_eq!((snapshot.rate_limited_429, snapshot.injected_429), (1, 1));
        assert_eq!((snapshot.server_errors_5xx, snapshot.injected_500), (2, 1));
        assert_eq!(snapshot.unauthorized_401, 1);
        assert_eq!((snapshot.drops, snapshot.drops_after_handler), (1, 1));
        assert_eq!(snapshot.injected_spikes, 1);
        stats.reset();
        assert_eq!(stats.snapshot(), StatsSnapshot::default());
    }
}
