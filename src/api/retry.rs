//! When to send a request again and how long to wait first: the retry policy, exponential
//! backoff with jitter, and `Retry-After` parsing. Must not sleep or send anything itself.

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Whether a request may be sent again when its first try failed in an unknown way (5xx,
/// connection dropped): reads and read-only search POSTs may, mutations may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Safe,
    Once,
}

/// Bounds and pace of retries. Defaults follow Atlassian's published pseudo-code (reference §5):
/// 4 retries, 5 s doubling to 30 s, jitter ×0.7–1.3.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after 5xx answers and transport failures (requests marked `Repeat::Safe` only).
    pub max_retries: u32,
    /// Retries after 429 answers. Kept apart from `max_retries` because a 429 says the request
    /// was not processed, and because throttling is routine under load while 5xx is not.
    pub max_throttle_retries: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// Longest `Retry-After` dormant waits out; a longer one fails fast with `RateLimited`.
    pub max_throttle_wait: Duration,
    /// Seed of the jitter sequence; `None` seeds from the clock. Tests set it for repeatability.
    pub jitter_seed: Option<u64>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            max_throttle_retries: 10,
            initial_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(30),
            max_throttle_wait: Duration::from_mins(5),
            jitter_seed: None,
        }
    }
}

impl RetryPolicy {
    /// For a server on this machine (the simulator): same bounds, waits in milliseconds, since a
    /// loopback server recovers at once and tests should not idle.
    #[must_use]
    pub fn loopback() -> Self {
        Self {
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(500),
            max_throttle_wait: Duration::from_mins(2),
            ..Self::default()
        }
    }

    /// The most attempts one request can take: the first plus every retry of either kind.
    #[must_use]
    pub fn max_attempts(&self) -> u32 {
        1 + self.max_retries + self.max_throttle_retries
    }

    /// Backoff before retry number `retry` (0-based): `initial × 2^retry`, capped, then jittered.
    #[must_use]
    pub fn backoff(&self, retry: u32, jitter: &Jitter) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(16)));
        doubled.min(self.max_backoff).mul_f64(jitter.factor(0.7, 1.3))
    }
}

/// A lock-free `SplitMix64` sequence for jitter: shared by all requests of a client, seedable.
#[derive(Debug)]
pub struct Jitter {
    state: AtomicU64,
}

impl Jitter {
    #[must_use]
    pub fn new(seed: Option<u64>) -> Self {
        let seed = seed.unwrap_or_else(|| {
            let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
            nanos.unsigned_abs() ^ u64::from(std::process::id())
        });
        Self {
            state: AtomicU64::new(seed),
        }
    }

    /// A factor uniformly spread over `[low, high)`.
    pub fn factor(&self, low: f64, high: f64) -> f64 {
        let mut z = self
            .state
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
        low + (high - low) * unit
    }
}

/// The wait a response asks for: `Retry-After` as seconds or as an HTTP date.
#[must_use]
pub fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let at = DateTime::parse_from_rfc2822(text).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_caps_and_jitters_within_bounds() {
        let policy = RetryPolicy::default();
        let jitter = Jitter::new(Some(7));
        for retry in 0..8_u8 {
            let base = (5.0 * 2f64.powi(i32::from(retry))).min(30.0);
            let wait = policy.backoff(u32::from(retry), &jitter).as_secs_f64();
            assert!(
                wait >= base * 0.7 - 1e-9 && wait < base * 1.3,
                "retry {retry}: {wait}"
            );
        }
    }

    #[test]
    fn jitter_is_repeatable_per_seed_and_spread() {
        let a = Jitter::new(Some(1));
        let b = Jitter::new(Some(1));
        let seq_a: Vec<f64> = (0..50).map(|_| a.factor(0.0, 1.0)).collect();
        let seq_b: Vec<f64> = (0..50).map(|_| b.factor(0.0, 1.0)).collect();
        assert_eq!(seq_a, seq_b);
        assert!(seq_a.iter().any(|f| *f < 0.3) && seq_a.iter().any(|f| *f > 0.7));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, now), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("30"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Mon, 02 Mar 2026 09:00:12 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(12)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }
}
