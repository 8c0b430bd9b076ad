//! The simulator's notion of "now". Owns only the clock type; must not read the system time anywhere
//! else in the simulator, so tests can pin every timestamp the simulator writes.

use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Source of the current instant for events, actions, deactivation dates and injected activity.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The wall clock, for `dormant sim` and demo mode.
#[must_use]
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// A clock stopped at `at`, for deterministic tests and reproducible demos.
#[must_use]
pub fn fixed_clock(at: DateTime<Utc>) -> Clock {
    Arc::new(move || at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_never_moves() {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let clock = fixed_clock(at);
        assert_eq!(clock(), at);
        assert_eq!(clock(), at);
    }

    #[test]
    fn system_clock_is_after_the_epoch() {
        assert!(system_clock()() > DateTime::<Utc>::UNIX_EPOCH);
    }
}
