//! Seeded fault decisions: for each API request, how long to stall and whether to fail,
//! throttle or drop it. Decides only; the transport layer acts. Must not sleep or touch HTTP.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::sim::config::Faults;

/// What the transport does to one request besides the configured delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultOutcome {
    /// Served normally.
    Pass,
    /// 500 `ADMIN-500-1`, handler never runs.
    Fail,
    /// Spurious 429 with `Retry-After: 1`, handler never runs.
    Throttle,
    /// Connection closed with no response before the handler runs.
    DropBeforeHandler,
    /// Handler runs and applies its effect, then the connection is closed with no response.
    DropAfterHandler,
}

/// The fault decision for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FaultPlan {
    pub delay: Duration,
    pub outcome: FaultOutcome,
}

/// One RNG for the whole instance: requests draw in arrival order, so a sequential client sees
/// the same faults on every run with the same seed.
pub(crate) struct FaultInjector {
    faults: Faults,
    rng: Mutex<StdRng>,
}

impl FaultInjector {
    pub(crate) fn new(faults: Faults) -> Self {
        let rng = StdRng::seed_from_u64(faults.seed);
        Self {
            faults,
            rng: Mutex::new(rng),
        }
    }

    /// Always draws the same five numbers per request, whatever is enabled, so turning one
    /// fault on does not reshuffle when the others strike.
    pub(crate) fn plan(&self) -> FaultPlan {
        let [jitter, drop, drop_phase, fail, throttle]: [f64; 5] = {
            let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
            std::array::from_fn(|_| rng.random::<f64>())
        };
        let jitter_ms = ((jitter * (self.faults.jitter_ms as f64 + 1.0)) as u64).min(self.faults.jitter_ms);
        let outcome = if drop < self.faults.drop_rate {
            if drop_phase < 0.5 {
                FaultOutcome::DropBeforeHandler
            } else {
                FaultOutcome::DropAfterHandler
            }
        } else if fail < self.faults.fail_rate {
            FaultOutcome::Fail
        } else if throttle < self.faults.throttle_rate {
            FaultOutcome::Throttle
        } else {
            FaultOutcome::Pass
        };
        FaultPlan {
            delay: Duration::from_millis(self.faults.latency_ms.saturating_add(jitter_ms)),
            outcome,
        }
    }

    /// Starts the decision sequence over, as if the instance had just started.
    pub(crate) fn reset(&self) {
        *self.rng.lock().unwrap_or_else(PoisonError::into_inner) = StdRng::seed_from_u64(self.faults.seed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(faults: Faults, count: usize) -> Vec<FaultOutcome> {
        let injector = FaultInjector::new(faults);
        (0..count).map(|_| injector.plan().outcome).collect()
    }

    #[test]
    fn no_faults_by_default() {
        let injector = FaultInjector::new(Faults::default());
        for _ in 0..1000 {
            assert_eq!(
                injector.plan(),
                FaultPlan {
                    delay: Duration::ZERO,
                    outcome: FaultOutcome::Pass
                }
            );
        }
    }

    #[test]
    fn rate_one_always_strikes_and_drops_split_both_ways() {
        let fail = Faults {
            fail_rate: 1.0,
            ..Faults::default()
        };
        assert!(outcomes(fail, 200).iter().all(|o| *o == FaultOutcome::Fail));
        let drops = outcomes(
            Faults {
                drop_rate: 1.0,
                ..Faults::default()
            },
            400,
        );
        let before = drops
            .iter()
            .filter(|o| **o == FaultOutcome::DropBeforeHandler)
            .count();
        let after = drops
            .iter()
            .filter(|o| **o == FaultOutcome::DropAfterHandler)
            .count();
        assert_eq!(before + after, 400);
        assert!((150..=250).contains(&before), "{before} drops before the handler");
    }

    #[test]
    fn seeded_rates_are_deterministic_and_near_their_share() {
        let faults = Faults {
            throttle_rate: 0.2,
            seed: 7,
            ..Faults::default()
        };
        let first = outcomes(faults.clone(), 2000);
        assert_eq!(first, outcomes(faults, 2000));
        let throttled = first.iter().filter(|o| **o == FaultOutcome::Throttle).count();
        assert!((320..=480).contains(&throttled), "{throttled} of 2000 at 0.2");
    }

    #[test]
    fn delay_is_latency_plus_bounded_jitter_and_reset_replays() {
        let injector = FaultInjector::new(Faults {
            latency_ms: 100,
            jitter_ms: 50,
            seed: 3,
            ..Faults::default()
        });
        let delays: Vec<Duration> = (0..500).map(|_| injector.plan().delay).collect();
        assert!(delays.iter().all(|d| (100..=150).contains(&d.as_millis())));
        assert!(delays.iter().any(|d| d.as_millis() == 150));
        assert!(delays.iter().any(|d| d.as_millis() == 100));
        injector.reset();
        assert_eq!(injector.plan().delay, delays[0]);
    }
}
