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
    /// Latency, jitter and, when `spiked`, the spike.
    pub delay: Duration,
    pub spiked: bool,
    pub outcome: FaultOutcome,
}

/// Mixed into the seed of the spike stream. Spikes came after the other faults and draw from
/// their own stream, so the five draws per request of the older faults, and every seeded
/// scenario built on them, stayed exactly as they were.
const SPIKE_STREAM: u64 = 0x5350_494b_4553;

/// The instance's two random streams, advanced together under one lock.
struct Streams {
    faults: StdRng,
    spikes: StdRng,
}

impl Streams {
    fn seeded(seed: u64) -> Self {
        Self {
            faults: StdRng::seed_from_u64(seed),
            spikes: StdRng::seed_from_u64(seed ^ SPIKE_STREAM),
        }
    }
}

/// One set of streams for the whole instance: requests draw in arrival order, so a sequential
/// client sees the same faults on every run with the same seed.
pub(crate) struct FaultInjector {
    faults: Faults,
    streams: Mutex<Streams>,
}

impl FaultInjector {
    pub(crate) fn new(faults: Faults) -> Self {
        let streams = Streams::seeded(faults.seed);
        Self {
            faults,
            streams: Mutex::new(streams),
        }
    }

    /// Always draws the same five numbers per request from the fault stream and one from the
    /// spike stream, whatever is enabled, so turning one fault on does not reshuffle when the
    /// others strike.
    pub(crate) fn plan(&self) -> FaultPlan {
        let ([jitter, drop, drop_phase, fail, throttle], spike): ([f64; 5], f64) = {
            let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
            let draws = std::array::from_fn(|_| streams.faults.random::<f64>());
            (draws, streams.spikes.random::<f64>())
        };
        let spiked = spike < self.faults.spike_rate;
        let spike_ms = if spiked { self.faults.spike_ms } else { 0 };
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
            delay: Duration::from_millis(
                self.faults
                    .latency_ms
                    .saturating_add(jitter_ms)
                    .saturating_add(spike_ms),
            ),
            spiked,
            outcome,
        }
    }

    /// Starts the decision sequence over, as if the instance had just started.
    pub(crate) fn reset(&self) {
        *self.streams.lock().unwrap_or_else(PoisonError::into_inner) = Streams::seeded(self.faults.seed);
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
                    spiked: false,
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

    #[test]
    fn spikes_strike_their_share_and_add_exactly_spike_ms() {
        let spiky = Faults {
            latency_ms: 10,
            spike_rate: 0.1,
            spike_ms: 2_000,
            seed: 4,
            ..Faults::default()
        };
        let injector = FaultInjector::new(spiky.clone());
        let delays: Vec<u128> = (0..2000).map(|_| injector.plan().delay.as_millis()).collect();
        assert!(
            delays.iter().all(|d| *d == 10 || *d == 2_010),
            "only base or base + spike"
        );
        let spiked = delays.iter().filter(|d| **d == 2_010).count();
        assert!((150..=250).contains(&spiked), "{spiked} of 2000 at 0.1");
        let again = FaultInjector::new(spiky);
        let replay: Vec<u128> = (0..2000).map(|_| again.plan().delay.as_millis()).collect();
        assert_eq!(delays, replay, "same seed, same spikes");
        let always = FaultInjector::new(Faults {
            spike_rate: 1.0,
            spike_ms: 7,
            ..Faults::default()
        });
        assert!((0..100).all(|_| {
            let plan = always.plan();
            plan.spiked && plan.delay == Duration::from_millis(7)
        }));
    }

    #[test]
    fn turning_spikes_on_leaves_the_other_faults_where_they_were() {
        let base = Faults {
            throttle_rate: 0.3,
            fail_rate: 0.05,
            drop_rate: 0.01,
            jitter_ms: 20,
            seed: 9,
            ..Faults::default()
        };
        let spiky = Faults {
            spike_rate: 0.5,
            spike_ms: 1_000,
            ..base.clone()
        };
        let quiet = FaultInjector::new(base);
        let loud = FaultInjector::new(spiky);
        let mut spikes = 0;
        for _ in 0..1000 {
            let (without, with) = (quiet.plan(), loud.plan());
            assert_eq!(without.outcome, with.outcome);
            let extra = with.delay.checked_sub(without.delay).expect("never shorter");
            assert_eq!(extra.is_zero(), !with.spiked);
            assert!(extra.is_zero() || extra == Duration::from_secs(1), "{extra:?}");
            spikes += usize::from(with.spiked);
        }
        assert!((400..=600).contains(&spikes), "{spikes} of 1000 at 0.5");
    }

    #[test]
    fn reset_replays_the_spikes_too() {
        let injector = FaultInjector::new(Faults {
            spike_rate: 0.3,
            spike_ms: 50,
            seed: 1,
            ..Faults::default()
        });
        let first: Vec<FaultPlan> = (0..200).map(|_| injector.plan()).collect();
        injector.reset();
        let second: Vec<FaultPlan> = (0..200).map(|_| injector.plan()).collect();
        assert_eq!(first, second);
    }
}
