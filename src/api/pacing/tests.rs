//! Pacer tests in paused tokio time: a fixed window is never overrun, a token bucket (the
//! simulator's, modelled here) is used at ≥ 0.9 of what it allows without one refusal.

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
async fn without_headers_or_above_the_reserve_nothing_waits() {
    let pacer = Pacer::default();
    assert!(send_times(&pacer, 5).await.iter().all(|t| *t == Duration::ZERO));
    // 100 a window keeps 5 back: 20 left means 15 go out at once.
    pacer.observe(&headers(100, 20, Duration::from_mins(1)));
    assert!(send_times(&pacer, 15).await.iter().all(|t| *t == Duration::ZERO));
}

#[tokio::test(start_paused = true)]
async fn a_fixed_window_is_spread_until_its_reset_and_never_overrun() {
    let pacer = Pacer::default();
    {
        let _answered = pacer.acquire().await;
        pacer.observe(&headers(100, 4, Duration::from_secs(10)));
    }
    // The reset did not move: a fixed window. 4 left over 10 s, then nothing until the reset.
    let times = send_times(&pacer, 6).await;
    let before_reset = times
        .iter()
        .filter(|t| **t < Duration::from_millis(9_900))
        .count();
    assert_eq!(before_reset, 4, "{times:?}");
    for pair in times[..4].windows(2) {
        assert!(
            pair[1].saturating_sub(pair[0]) >= Duration::from_millis(2_400),
            "{times:?}"
        );
    }
    // Past the reset the budget is whole again: no wait.
    assert!(
        times[5].saturating_sub(times[4]) < Duration::from_millis(10),
        "{times:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_pause_holds_everyone() {
    let pacer = Pacer::default();
    pacer.pause_all(Duration::from_secs(3));
    let times = send_times(&pacer, 2).await;
    assert!(times.iter().all(|t| *t >= Duration::from_secs(3)), "{times:?}");
}

/// A token bucket as the simulator keeps one: `limit` tokens, refilled `limit` a minute,
/// reporting when it is full again in whole seconds rounded up.
struct Bucket {
    limit: u64,
    tokens: f64,
    at: Instant,
    refused: u64,
}

impl Bucket {
    fn new(limit: u64) -> Self {
        Self {
            limit,
            tokens: limit as f64,
            at: Instant::now(),
            refused: 0,
        }
    }

    /// Takes a token now and answers with the quota headers.
    fn take(&mut self) -> HeaderMap {
        let now = Instant::now();
        let per_second = self.limit as f64 / 60.0;
        self.tokens = (self.tokens + (now - self.at).as_secs_f64() * per_second).min(self.limit as f64);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
        } else {
            self.refused += 1;
        }
        let full_in = ((self.limit as f64 - self.tokens) / per_second).ceil();
        headers(
            self.limit,
            self.tokens.floor() as u64,
            Duration::from_secs_f64(full_in),
        )
    }
}

/// Sends `requests` through `workers` concurrent senders, each request 40 ms on the wire;
/// returns (elapsed, requests refused).
async fn against_a_bucket(limit: u64, requests: u64, workers: u64) -> (Duration, u64) {
    let pacer = std::sync::Arc::new(Pacer::default());
    let bucket = std::sync::Arc::new(Mutex::new(Bucket::new(limit)));
    let left = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(requests));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (pacer, bucket, left) = (pacer.clone(), bucket.clone(), left.clone());
        tasks.spawn(async move {
            while left
                .fetch_update(
                    std::sync::atomic::Ordering::SeqCst,
                    std::sync::atomic::Ordering::SeqCst,
                    |n| n.checked_sub(1),
                )
                .is_ok()
            {
                let slot = pacer.acquire().await;
                tokio::time::sleep(Duration::from_millis(20)).await;
                let answer = bucket.lock().expect("bucket").take();
                tokio::time::sleep(Duration::from_millis(20)).await;
                pacer.observe(&answer);
                drop(slot);
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let refused = bucket.lock().expect("bucket").refused;
    (Instant::now() - start, refused)
}

#[tokio::test(start_paused = true)]
async fn a_token_bucket_is_used_at_its_rate_without_refusals() {
    for workers in [1, 4] {
        // 330 requests (300 suspends and their re-reads) at 120 a minute: the bucket allows
        // 120 at once and 2 a second after, so (330 - 120) / 2 = 105 s at best.
        let (elapsed, refused) = against_a_bucket(120, 330, workers).await;
        let allowed = 120.0 + 2.0 * elapsed.as_secs_f64();
        let used = 330.0 / allowed;
        println!(
            "{workers} workers: 330 requests in {elapsed:?} = {used:.3} of the allowed rate, {refused} refused"
        );
        assert_eq!(refused, 0, "{workers} workers: {elapsed:?}");
        assert!(
            used >= 0.9,
            "{workers} workers: {elapsed:?}, {used:.2} of the allowed rate"
        );
    }
}

#[test]
fn spent_and_reset_are_read_from_headers() {
    let map = headers(100, 0, Duration::from_secs(30));
    assert!(budget_spent(&map));
    let wait = until_reset(&map, Utc::now()).expect("future reset");
    assert!(wait > Duration::from_secs(28) && wait <= Duration::from_secs(30));
    assert!(!budget_spent(&headers(100, 3, Duration::from_secs(1))));
}
