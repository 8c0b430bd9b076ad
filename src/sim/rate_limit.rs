//! Token buckets per caller: capacity N, refilled N/60 per second, and the quota figures the
//! `X-RateLimit-*` headers report. Pure arithmetic on an explicit `now`; must not render HTTP.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::sim::auth::Identity;

/// All callers' buckets of one simulator instance.
pub(crate) struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<Identity, Bucket>>,
}

/// Where a caller's budget stands after (or without) taking a token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quota {
    pub limit: u32,
    /// Whole tokens left.
    pub remaining: u32,
    /// Time until the bucket is full again.
    pub full_in: Duration,
    /// Time until the next whole token; zero when one is available.
    pub next_token_in: Duration,
}

/// One token bucket. Starts full; `tokens` is fractional so slow refill is not lost.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `caller`; `Err` carries the quota of a caller over the limit.
    pub(crate) fn take(&self, caller: Identity, now: Instant) -> Result<Quota, Quota> {
        self.with_bucket(caller, now, |bucket| {
            let allowed = bucket.tokens >= 1.0;
            if allowed {
                bucket.tokens -= 1.0;
            }
            allowed
        })
    }

    /// The caller's quota without spending anything (for exempt routes, which still report it).
    pub(crate) fn peek(&self, caller: Identity, now: Instant) -> Quota {
        match self.with_bucket(caller, now, |_| true) {
            Ok(quota) | Err(quota) => quota,
        }
    }

    /// Every caller starts over with a full bucket.
    pub(crate) fn reset(&self) {
        self.buckets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    fn with_bucket(
        &self,
        caller: Identity,
        now: Instant,
        spend: impl FnOnce(&mut Bucket) -> bool,
    ) -> Result<Quota, Quota> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let bucket = buckets.entry(caller).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.updated = now;
        let allowed = spend(bucket);
        let quota = Quota {
            limit: self.per_minute,
            remaining: bucket.tokens.floor() as u32,
            full_in: Duration::from_secs_f64((capacity - bucket.tokens) * 60.0 / capacity),
            next_token_in: Duration::from_secs_f64((1.0 - bucket.tokens).max(0.0) * 60.0 / capacity),
        };
        if allowed { Ok(quota) } else { Err(quota) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALLER: Identity = Identity::Admin;

    #[test]
    fn a_full_bucket_serves_its_capacity_then_refuses() {
        let limiter = RateLimiter::new(3);
        let now = Instant::now();
        let remaining: Vec<u32> = (0..3)
            .map(|_| limiter.take(CALLER, now).unwrap().remaining)
            .collect();
        assert_eq!(remaining, [2, 1, 0]);
        let refused = limiter.take(CALLER, now).unwrap_err();
        assert_eq!(refused.remaining, 0);
        // 3 per minute = one token every 20 s.
        assert_eq!(refused.next_token_in, Duration::from_secs(20));
        assert_eq!(refused.full_in, Duration::from_mins(1));
    }

    #[test]
    fn tokens_refill_at_n_per_minute_up_to_capacity() {
        let limiter = RateLimiter::new(60);
        let start = Instant::now();
        for _ in 0..60 {
            limiter.take(CALLER, start).unwrap();
        }
        assert!(limiter.take(CALLER, start).is_err());
        let half_second = start + Duration::from_millis(500);
        assert!(limiter.take(CALLER, half_second).is_err());
        let one_second = start + Duration::from_secs(1);
        assert_eq!(limiter.take(CALLER, one_second).unwrap().remaining, 0);
        let much_later = start + Duration::from_hours(1);
        let quota = limiter.peek(CALLER, much_later);
        assert_eq!(quota.remaining, 60);
        assert_eq!(quota.full_in, Duration::ZERO);
    }

    #[test]
    fn callers_have_separate_buckets_and_reset_refills_all() {
        let limiter = RateLimiter::new(1);
        let now = Instant::now();
        limiter.take(CALLER, now).unwrap();
        assert!(limiter.take(CALLER, now).is_err());
        assert!(limiter.take(Identity::Wrong, now).is_ok());
        limiter.reset();
        assert!(limiter.take(CALLER, now).is_ok());
    }

    #[test]
    fn peek_spends_nothing() {
        let limiter = RateLimiter::new(2);
        let now = Instant::now();
        assert_eq!(limiter.peek(CALLER, now).remaining, 2);
        assert_eq!(limiter.peek(CALLER, now).remaining, 2);
    }
}
