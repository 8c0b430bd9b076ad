//! When users joined and when they last used each product, as seconds before the epoch, plus the
//! clock that turns those offsets into timestamps. Owns the activity profiles and their time
//! invariants (joined before any activity, nothing after the epoch); must not read the wall clock.

use chrono::{DateTime, TimeDelta, Utc};

use crate::sim::rng::SimRng;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;
/// Idle means no activity for more than this long.
pub const IDLE_AFTER: i64 = 90 * DAY;
/// How far back `added_to_org` reaches (about six years).
pub const HISTORY: i64 = 6 * 365 * DAY;
/// "Recently added" window.
pub const NEW_JOINER: i64 = 21 * DAY;
/// Atlassian's grace period before a scheduled deletion happens.
pub const DELETION_GRACE: i64 = 14 * DAY;
/// Activity is at least this long after joining.
const FIRST_USE_DELAY: i64 = MINUTE;

/// How a user uses the products they can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Access, never used anything.
    Never,
    /// Added within the last three weeks, never used anything yet.
    NewJoiner,
    /// Used something once, nothing for more than [`IDLE_AFTER`] on every product.
    Dormant,
    /// Active recently in one product, idle or never in another.
    Mixed,
    /// Active recently on every product.
    Active,
}

impl Profile {
    /// The profile of an ordinary person: ~8% never active (some of them brand new), about a
    /// third dormant, the rest split between mixed and fully active.
    pub fn random(rng: &mut SimRng) -> Self {
        match rng.below(1000) {
            0..=24 => Self::NewJoiner,
            25..=79 => Self::Never,
            80..=409 => Self::Dormant,
            410..=709 => Self::Mixed,
            _ => Self::Active,
        }
    }
}

/// How long ago the user was added, consistent with the profile: dormant users joined long
/// enough ago to be idle, new joiners within [`NEW_JOINER`]. Older joins are rarer (growth).
pub fn added_ago(rng: &mut SimRng, profile: Profile) -> i64 {
    match profile {
        Profile::NewJoiner => rng.between(HOUR, NEW_JOINER),
        Profile::Dormant => skewed(rng, IDLE_AFTER + 14 * DAY, HISTORY, 1.3),
        Profile::Never | Profile::Mixed | Profile::Active => skewed(rng, 2 * HOUR, HISTORY, 1.6),
    }
}

/// A value in `low..=high`, concentrated towards `low` by `power` (>1).
fn skewed(rng: &mut SimRng, low: i64, high: i64, power: f64) -> i64 {
    let span = (high - low).max(0) as f64;
    low + (span * rng.unit().powf(power)) as i64
}

/// Recent activity: within [`IDLE_AFTER`] of `ceiling` (the epoch, or when the account stopped).
fn recent(rng: &mut SimRng, added: i64, ceiling: i64) -> Option<i64> {
    let latest_possible = added - FIRST_USE_DELAY;
    let oldest = latest_possible.min(ceiling + IDLE_AFTER - 1);
    (oldest >= ceiling).then(|| skewed(rng, ceiling, oldest, 3.0))
}

/// Stale activity: more than [`IDLE_AFTER`] before the epoch.
fn stale(rng: &mut SimRng, added: i64, ceiling: i64) -> Option<i64> {
    let newest = ceiling.max(IDLE_AFTER + 1);
    let oldest = added - FIRST_USE_DELAY;
    (oldest >= newest).then(|| rng.between(newest, oldest))
}

/// Seconds-before-epoch of the last activity on each of `products` products (`None` = never).
/// `ceiling` is how long ago the account stopped (suspension, deactivation), `0` if it did not;
/// every value lies in `ceiling..added`.
pub fn last_active(
    rng: &mut SimRng,
    profile: Profile,
    added: i64,
    ceiling: i64,
    products: usize,
) -> Vec<Option<i64>> {
    if ceiling > 0 {
        let oldest = added - FIRST_USE_DELAY;
        return (0..products)
            .map(|_| (oldest >= ceiling && rng.chance(0.8)).then(|| skewed(rng, ceiling, oldest, 1.5)))
            .collect();
    }
    match profile {
        Profile::Never | Profile::NewJoiner => vec![None; products],
        Profile::Active => (0..products).map(|_| recent(rng, added, 0)).collect(),
        Profile::Mixed if products < 2 => (0..products).map(|_| recent(rng, added, 0)).collect(),
        Profile::Dormant => (0..products)
            .map(|product| {
                if product == 0 || rng.chance(0.85) {
                    stale(rng, added, 0)
                } else {
                    None
                }
            })
            .collect(),
        Profile::Mixed => {
            let busy = rng.index(products);
            let idle = (busy + 1 + rng.index(products - 1)) % products;
            (0..products)
                .map(|product| {
                    if product == busy {
                        recent(rng, added, 0)
                    } else if product == idle {
                        if rng.chance(0.6) {
                            stale(rng, added, 0)
                        } else {
                            None
                        }
                    } else {
                        match rng.below(5) {
                            0 | 1 => recent(rng, added, 0),
                            2 | 3 => stale(rng, added, 0),
                            _ => None,
                        }
                    }
                })
                .collect()
        }
    }
}

/// Turns seconds-before-epoch into timestamps; built only for epochs with [`HISTORY`] of room
/// behind them, so conversions never leave chrono's range.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// The epoch truncated to whole seconds, as the API reports timestamps.
    base: DateTime<Utc>,
}

impl Clock {
    /// `None` when `epoch` is too close to the earliest representable instant.
    pub fn new(epoch: DateTime<Utc>) -> Option<Self> {
        let whole_seconds = TimeDelta::nanoseconds(i64::from(epoch.timestamp_subsec_nanos()));
        let base = epoch.checked_sub_signed(whole_seconds)?;
        base.checked_sub_signed(TimeDelta::seconds(HISTORY * 2))?;
        Some(Self { base })
    }

    /// The instant `seconds` before the epoch (clamped to `0..=2 * HISTORY`).
    pub fn ago(self, seconds: i64) -> DateTime<Utc> {
        let offset = TimeDelta::seconds(seconds.clamp(0, HISTORY * 2));
        self.base.checked_sub_signed(offset).unwrap_or(self.base)
    }

    /// How many whole seconds `instant` lies before the epoch (negative if after it).
    pub fn seconds_before(self, instant: DateTime<Utc>) -> i64 {
        self.base.signed_duration_since(instant).num_seconds()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_is_after_joining_and_not_after_the_epoch() {
        let mut rng = SimRng::new(21);
        for _ in 0..20_000 {
            let profile = Profile::random(&mut rng);
            let added = added_ago(&mut rng, profile);
            let ceiling = if rng.chance(0.1) {
                rng.between(0, added - 2 * MINUTE)
            } else {
                0
            };
            let products = 1 + rng.index(4);
            for last in last_active(&mut rng, profile, added, ceiling, products)
                .into_iter()
                .flatten()
            {
                assert!(
                    last >= ceiling && last < added,
                    "{profile:?} {added} {ceiling} {last}"
                );
            }
        }
    }

    #[test]
    fn dormant_is_idle_everywhere_and_mixed_has_both() {
        let mut rng = SimRng::new(22);
        for _ in 0..2_000 {
            let added = added_ago(&mut rng, Profile::Dormant);
            let dates = last_active(&mut rng, Profile::Dormant, added, 0, 3);
            assert!(dates[0].is_some());
            assert!(dates.iter().flatten().all(|last| *last > IDLE_AFTER));
            let added = added_ago(&mut rng, Profile::Active).max(IDLE_AFTER * 3);
            let dates = last_active(&mut rng, Profile::Mixed, added, 0, 2);
            assert!(dates.iter().flatten().any(|last| *last <= IDLE_AFTER));
            assert!(dates.iter().any(|last| last.is_none_or(|ago| ago > IDLE_AFTER)));
        }
    }

    #[test]
    fn clock_truncates_to_seconds_and_rejects_ancient_epochs() {
        let epoch = DateTime::parse_from_rfc3339("2026-04-01T12:00:00.750Z").map(|t| t.to_utc());
        let clock = Clock::new(epoch.unwrap()).unwrap();
        assert_eq!(clock.ago(0).to_rfc3339(), "2026-04-01T12:00:00+00:00");
        assert_eq!(clock.ago(DAY).to_rfc3339(), "2026-03-31T12:00:00+00:00");
        assert!(Clock::new(DateTime::<Utc>::MIN_UTC).is_none());
    }
}
