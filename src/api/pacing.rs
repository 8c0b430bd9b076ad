//! Pacing shared by every request of one `Client`: reads the `X-RateLimit-*` headers and hands
//! out send slots so the budget lasts until it resets, and holds everyone back after a 429 that
//! says the budget is spent. Must not send requests or decide about retries.

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

pub const LIMIT_HEADER: &str = "x-ratelimit-limit";
pub const REMAINING_HEADER: &str = "x-ratelimit-remaining";
pub const RESET_HEADER: &str = "x-ratelimit-reset";

/// The server's last word on the budget, corrected for requests sent since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Budget {
    limit: u64,
    remaining: u64,
    /// When the budget is whole again (`X-RateLimit-Reset`, an ISO-8601 instant).
    reset_at: Instant,
}

#[derive(Debug)]
struct State {
    budget: Option<Budget>,
    /// Requests holding a slot: waiting for their send time or awaiting their answer.
    in_flight: u64,
    next_slot: Instant,
    paused_until: Instant,
}

/// Shared send-slot dispenser. Cheap to lock: the lock is never held across an `.await`.
#[derive(Debug)]
pub struct Pacer {
    state: Mutex<State>,
}

/// A request's right to be on the wire; dropping it (answered, failed or cancelled) frees it.
#[derive(Debug)]
pub struct Slot<'a> {
    pacer: &'a Pacer,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = self.pacer.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
    }
}

impl Default for Pacer {
    fn default() -> Self {
        let now = Instant::now();
        Self {
            state: Mutex::new(State {
                budget: None,
                in_flight: 0,
                next_slot: now,
                paused_until: now,
            }),
        }
    }
}

impl Pacer {
    /// Waits for this request's turn. While more than half the budget is left requests go out at
    /// once; below that, the rest is spread evenly until the reset, which is safe for fixed
    /// windows and settles at the refill rate for token buckets that report "full again" times.
    pub async fn acquire(&self) -> Slot<'_> {
        let send_at = {
            let mut state = self.lock();
            let now = Instant::now();
            let mut slot = now.max(state.next_slot).max(state.paused_until);
            let unspaced = state.next_slot <= now;
            if let Some(budget) = state.budget.filter(|budget| budget.remaining == 0 && unspaced) {
                // Spent: probe at the refill pace. A token bucket has a token by then; a fixed
                // window answers 429 with `Retry-After`, which pauses everyone until the reset.
                slot += refill_interval(budget, slot);
            }
            if state.budget.is_some_and(|budget| budget.reset_at <= slot) {
                // The window is over: the budget is whole again until a response says otherwise.
                state.budget = None;
            }
            let interval = state
                .budget
                .map_or(Duration::ZERO, |budget| spacing(budget, slot));
            state.next_slot = slot + interval;
            if let Some(budget) = state.budget.as_mut() {
                budget.remaining = budget.remaining.saturating_sub(1);
            }
            state.in_flight += 1;
            slot
        };
        let slot = Slot { pacer: self };
        tokio::time::sleep_until(send_at).await;
        slot
    }

    /// Takes the budget from a response's headers (all three must be present and valid).
    /// Requests still in flight are not in the server's count yet, so they are subtracted.
    pub fn observe(&self, headers: &HeaderMap) {
        let Some((limit, remaining, reset)) = read_budget(headers) else {
            return;
        };
        let reset_at = instant_of(reset, Utc::now());
        let mut state = self.lock();
        let others = state.in_flight.saturating_sub(1);
        state.budget = Some(Budget {
            limit,
            remaining: remaining.saturating_sub(others),
            reset_at,
        });
    }

    /// Holds every request of the client until `wait` has passed (a 429 that emptied the budget).
    pub fn pause_all(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut state = self.lock();
        state.paused_until = state.paused_until.max(until);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked: every update is a single store.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether a response says the budget is spent (a real limit, not a spurious 429).
#[must_use]
pub fn budget_spent(headers: &HeaderMap) -> bool {
    header_u64(headers, REMAINING_HEADER) == Some(0)
}

/// How long until `X-RateLimit-Reset`, when the header is there and in the future.
#[must_use]
pub fn until_reset(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let reset = read_reset(headers)?;
    (reset - now).to_std().ok()
}

/// The gap after a request sent at `slot`: none while half the budget is left, else the time to
/// the reset shared out over what remains (the refill pace once nothing remains).
fn spacing(budget: Budget, slot: Instant) -> Duration {
    if budget.reset_at <= slot || budget.remaining.saturating_mul(2) >= budget.limit {
        return Duration::ZERO;
    }
    if budget.remaining == 0 {
        return refill_interval(budget, slot);
    }
    (budget.reset_at - slot) / u32::try_from(budget.remaining).unwrap_or(u32::MAX)
}

/// Time to the reset over the whole limit: one token's refill time for a bucket that is full
/// again at the reset.
fn refill_interval(budget: Budget, slot: Instant) -> Duration {
    budget.reset_at.saturating_duration_since(slot) / u32::try_from(budget.limit.max(1)).unwrap_or(u32::MAX)
}

fn read_budget(headers: &HeaderMap) -> Option<(u64, u64, DateTime<Utc>)> {
    Some((
        header_u64(headers, LIMIT_HEADER)?,
        header_u64(headers, REMAINING_HEADER)?,
        read_reset(headers)?,
    ))
}

fn read_reset(headers: &HeaderMap) -> Option<DateTime<Utc>> {
    let text = headers.get(RESET_HEADER)?.to_str().ok()?;
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn instant_of(at: DateTime<Utc>, now: DateTime<Utc>) -> Instant {
    Instant::now() + (at - now).to_std().unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(limit: u64, remaining: u64, reset_in: Duration) -> HeaderMap {
        let reset = Utc::now() + chrono::Duration::from_std(reset_in).expect("small");
        let mut map = HeaderMap::new();
        map.insert(LIMIT_HEADER, HeaderValue::from(limit));
        map.insert(REMAINING_HEADER, HeaderValue::from(remaining));
        let text = reset.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        map.insert(RESET_HEADER, HeaderValue::from_str(&text).expect("ascii"));
        map
    }

    async fn send_times(pacer: &Pacer, count: usize) -> Vec<Duration> {
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..count {
            let slot = pacer.acquire().await;
            times.push(Instant::now() - start);
            drop(slot);
        }
        times
    }

    #[tokio::test(start_paused = true)]
    async fn without_headers_or_with_a_full_budget_nothing_waits() {
        let pacer = Pacer::default();
        assert!(send_times(&pacer, 5).await.iter().all(|t| *t == Duration::ZERO));
        pacer.observe(&headers(100, 90, Duration::from_mins(1)));
        assert!(
            send_times(&pacer, 5)
                .await
                .iter()
                .all(|t| *t < Duration::from_millis(5))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_low_budget_is_spread_until_the_reset() {
        let pacer = Pacer::default();
        {
            let _answered = pacer.acquire().await;
            pacer.observe(&headers(100, 10, Duration::from_secs(10)));
        }
        let times = send_times(&pacer, 10).await;
        let last = times.last().copied().unwrap_or_default();
        // 10 requests over the 10 s to the reset: about one a second, never faster.
        assert!(
            last >= Duration::from_secs(8) && last <= Duration::from_secs(10),
            "{times:?}"
        );
        for pair in times.windows(2) {
            assert!(
                pair[1].saturating_sub(pair[0]) >= Duration::from_millis(900),
                "{times:?}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_spent_budget_probes_at_the_refill_pace_and_pause_holds_everyone() {
        let pacer = Pacer::default();
        {
            let _answered = pacer.acquire().await;
            pacer.observe(&headers(100, 0, Duration::from_secs(20)));
        }
        // Full again in 20 s at 100 per window: one request per 200 ms, starting after one gap.
        let times = send_times(&pacer, 3).await;
        assert!(
            times[0] >= Duration::from_millis(190) && times[0] <= Duration::from_millis(210),
            "{times:?}"
        );
        let gap = times[2].saturating_sub(times[1]);
        assert!(
            gap >= Duration::from_millis(190) && gap <= Duration::from_millis(210),
            "{times:?}"
        );

        let fresh = Pacer::default();
        fresh.pause_all(Duration::from_secs(3));
        let times = send_times(&fresh, 2).await;
        assert!(times.iter().all(|t| *t >= Duration::from_secs(3)), "{times:?}");
    }

    #[test]
    fn spent_and_reset_are_read_from_headers() {
        let map = headers(100, 0, Duration::from_secs(30));
        assert!(budget_spent(&map));
        let wait = until_reset(&map, Utc::now()).expect("future reset");
        assert!(wait > Duration::from_secs(28) && wait <= Duration::from_secs(30));
        assert!(!budget_spent(&headers(100, 3, Duration::from_secs(1))));
    }
}
