//! Pacing shared by every request of one `Client` (reads, suspends, membership changes alike):
//! reads the `X-RateLimit-*` headers and hands out send slots so requests use the budget they
//! are allowed without being refused, and holds everyone back after a 429 that says the budget
//! is spent. Must not send requests or decide about retries.

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

pub const LIMIT_HEADER: &str = "x-ratelimit-limit";
pub const REMAINING_HEADER: &str = "x-ratelimit-remaining";
pub const RESET_HEADER: &str = "x-ratelimit-reset";

/// The pacer keeps one part in this many of the limit (at least one request) unspent, for
/// requests the server had not counted yet when it reported what remains.
const RESERVE_FRACTION: u64 = 20;

/// How far a reset instant must move later, within one window, before the budget counts as
/// refilling continuously: more than the header's whole-second resolution.
const RESET_MOVE_TOLERANCE: Duration = Duration::from_secs(1);

/// The server's last word on the budget, corrected for requests sent since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Budget {
    limit: u64,
    remaining: u64,
    /// When the budget is whole again (`X-RateLimit-Reset`, an ISO-8601 instant).
    reset_at: Instant,
    /// The same instant as the server wrote it, compared as written to see it move.
    reset_text_at: DateTime<Utc>,
}

impl Budget {
    /// Tokens kept back for requests the server had not counted when it answered.
    fn reserve(&self) -> u64 {
        (self.limit / RESERVE_FRACTION).max(1)
    }
}

#[derive(Debug)]
struct State {
    budget: Option<Budget>,
    /// One token's refill time, once the reset instant has been seen moving later as requests
    /// were spent (a token bucket that reports when it is full again). `None`: a fixed window,
    /// or not known yet, so what remains is spread until the reset.
    refill: Option<Duration>,
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
                refill: None,
                in_flight: 0,
                next_slot: now,
                paused_until: now,
            }),
        }
    }
}

impl Pacer {
    /// Waits for this request's turn. Requests go out at once while more than a small reserve of
    /// the budget is left; then a refilling budget is used at its refill rate, and a fixed one
    /// has what remains spread evenly until its reset (nothing until the reset once spent).
    pub async fn acquire(&self) -> Slot<'_> {
        let send_at = {
            let mut state = self.lock();
            let now = Instant::now();
            let slot = now.max(state.next_slot).max(state.paused_until);
            if state.budget.is_some_and(|budget| budget.reset_at <= slot) {
                // The window is over: the budget is whole again until a response says otherwise.
                state.budget = None;
            }
            let interval = state
                .budget
                .map_or(Duration::ZERO, |budget| spacing(budget, state.refill, slot));
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
    /// Requests still in flight are not in the server's count yet, so they are subtracted. A
    /// reset instant later than the last one, before that one passed, means the budget refills
    /// continuously: its refill time per token is then what the server's own figures say.
    pub fn observe(&self, headers: &HeaderMap) {
        let Some((limit, remaining, reset)) = read_budget(headers) else {
            return;
        };
        let now = Instant::now();
        let wall_now = Utc::now();
        let reset_at = instant_of(reset, wall_now);
        let mut state = self.lock();
        let tolerance = chrono::Duration::from_std(RESET_MOVE_TOLERANCE).unwrap_or_default();
        let moved_later = state.budget.is_some_and(|before| {
            wall_now < before.reset_text_at && reset > before.reset_text_at + tolerance
        });
        if moved_later || state.refill.is_some() {
            let spent = limit.saturating_sub(remaining);
            if spent > 0 {
                let per_token =
                    reset_at.saturating_duration_since(now) / u32::try_from(spent).unwrap_or(u32::MAX);
                state.refill = Some(per_token);
            }
        }
        let others = state.in_flight.saturating_sub(1);
        state.budget = Some(Budget {
            limit,
            remaining: remaining.saturating_sub(others),
            reset_at,
            reset_text_at: reset,
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

/// The gap after a request sent at `slot`: none above the reserve; at or below it, one token's
/// refill time for a refilling budget, else the time to the reset shared out over what remains
/// (all of it once nothing remains).
fn spacing(budget: Budget, refill: Option<Duration>, slot: Instant) -> Duration {
    if budget.reset_at <= slot || budget.remaining > budget.reserve() {
        return Duration::ZERO;
    }
    let to_reset = budget.reset_at - slot;
    match refill {
        Some(per_token) => per_token.min(to_reset),
        None if budget.remaining == 0 => to_reset,
        None => to_reset / u32::try_from(budget.remaining).unwrap_or(u32::MAX),
    }
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
#[path = "pacing/tests.rs"]
mod tests;
