//! How a simulator instance is set up: port, org size, key, rate limit, faults, restricted keys.
//! Validates settings once, before anything binds; must not serve or generate anything itself.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::sim::generate::{DEFAULT_USERS, SiteLayout};

/// Requests per minute per key by default: far above anything a smooth demo or a client test
/// needs, yet a real limit, so the headers always carry meaningful numbers.
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 6000;

/// Everything that decides how one simulator instance behaves. `Default` is a quiet, fault-free
/// simulator on any free loopback port with a generated key.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Loopback port to bind; 0 lets the OS pick a free one.
    pub port: u16,
    /// Accounts in the generated org (ignored by `start_with_org`, which is handed its org).
    pub users: u32,
    /// Seed of the generated org.
    pub seed: u64,
    /// Instant the generated activity is relative to; `None` = today 00:00 UTC.
    pub epoch: Option<DateTime<Utc>>,
    /// The org API key clients must send; `None` = a fresh random key per start.
    pub key: Option<String>,
    /// Token-bucket size and refill per minute, per key.
    pub rate_limit_per_minute: u32,
    pub faults: Faults,
    /// Adds hostile records (control characters, bidi, unknown enums) to the generated org.
    pub hostile: bool,
    /// Extra keys that authenticate but are refused, so clients can test those refusals.
    pub restricted_keys: Vec<RestrictedKey>,
    /// One site or several; by default several from `generate::MULTI_SITE_USERS` users.
    pub sites: SiteLayout,
    /// Product user limits per site, so clients can meet "Product License Limit Exceeded".
    pub user_limits: Vec<UserLimit>,
}

/// The most users a billable role may be held by on the sites `site` names: a resource id (ARI),
/// or a product key (v2 or v1 spelling) for every site of that product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserLimit {
    pub site: String,
    pub limit: u32,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            port: 0,
            users: DEFAULT_USERS,
            seed: 0,
            epoch: None,
            key: None,
            rate_limit_per_minute: DEFAULT_RATE_LIMIT_PER_MINUTE,
            faults: Faults::default(),
            hostile: false,
            restricted_keys: Vec::new(),
            sites: SiteLayout::BySize,
            user_limits: Vec::new(),
        }
    }
}

/// Injected misbehaviour, all off by default. Rates are probabilities per API request (0..=1),
/// drawn from one RNG seeded with `seed`, so a sequential client sees the same faults every run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Faults {
    /// Fixed delay before every API answer.
    pub latency_ms: u64,
    /// Extra delay drawn uniformly from `0..=jitter_ms`.
    pub jitter_ms: u64,
    /// Share answered 500 `ADMIN-500-1` without running the handler.
    pub fail_rate: f64,
    /// Share answered with a spurious 429 (`Retry-After: 1`) although tokens remain.
    pub throttle_rate: f64,
    /// Share whose connection is closed with no response, half before the handler ran and
    /// half after it applied its effect.
    pub drop_rate: f64,
    /// Share delayed by a further `spike_ms`, as a stalled backend or a long GC pause would.
    pub spike_rate: f64,
    /// Extra delay of a spiked request, on top of `latency_ms` and jitter.
    pub spike_ms: u64,
    pub seed: u64,
}

/// A key that authenticates but is refused, as real org keys with the wrong scopes or of a
/// non-admin are. The value is a test fixture, not a credential, but is never logged either.
#[derive(Clone, PartialEq, Eq)]
pub struct RestrictedKey {
    pub key: String,
    pub kind: RestrictedKind,
}

impl std::fmt::Debug for RestrictedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestrictedKey")
            .field("key", &"<redacted>")
            .field("kind", &self.kind)
            .finish()
    }
}

/// How a restricted key is refused on the org API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestrictedKind {
    /// 401 `ADMIN-401-2` `INSUFFICIENT_SCOPE` (reference §1.4, bug AX-196).
    InsufficientScope,
    /// 403 `ADMIN-403-3`: the key's owner may not manage the org.
    NotOrgAdmin,
}

/// A setting that cannot work, named with the value and the accepted range.
#[derive(Debug, Error, PartialEq)]
pub enum SimConfigError {
    #[error("{name} must be between 0 and 1 (a probability), got {value}")]
    RateOutOfRange { name: &'static str, value: f64 },
    #[error("the rate limit must be at least 1 request per minute, got {0}")]
    ZeroRateLimit(u32),
    #[error("the API key must not be empty or contain whitespace or control characters")]
    InvalidKey,
    #[error("restricted key #{index} is empty, contains whitespace, or equals the main key")]
    InvalidRestrictedKey { index: usize },
}

impl SimConfig {
    /// Checks everything that does not depend on the generator (whose own limits it enforces).
    pub fn validate(&self) -> Result<(), SimConfigError> {
        for (name, value) in [
            ("fail rate", self.faults.fail_rate),
            ("throttle rate", self.faults.throttle_rate),
            ("drop rate", self.faults.drop_rate),
            ("spike rate", self.faults.spike_rate),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(SimConfigError::RateOutOfRange { name, value });
            }
        }
        if self.rate_limit_per_minute == 0 {
            return Err(SimConfigError::ZeroRateLimit(self.rate_limit_per_minute));
        }
        if self.key.as_deref().is_some_and(|key| !is_valid_key(key)) {
            return Err(SimConfigError::InvalidKey);
        }
        for (index, restricted) in self.restricted_keys.iter().enumerate() {
            if !is_valid_key(&restricted.key) || self.key.as_deref() == Some(restricted.key.as_str()) {
                return Err(SimConfigError::InvalidRestrictedKey { index });
            }
        }
        Ok(())
    }
}

/// A key must survive a `Bearer` header verbatim.
fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_fault_free() {
        let config = SimConfig::default();
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(config.faults, Faults::default());
        assert!(config.faults.drop_rate <= 0.0 && config.faults.fail_rate <= 0.0);
    }

    #[test]
    fn rates_outside_zero_to_one_are_refused() {
        let mut config = SimConfig::default();
        config.faults.drop_rate = 1.5;
        assert!(matches!(
            config.validate(),
            Err(SimConfigError::RateOutOfRange {
                name: "drop rate",
                ..
            })
        ));
        config.faults.drop_rate = f64::NAN;
        assert!(config.validate().is_err());
        config.faults.drop_rate = 1.0;
        config.faults.fail_rate = -0.1;
        assert!(config.validate().is_err());
        config.faults.fail_rate = 0.0;
        config.faults.spike_rate = 2.0;
        assert!(matches!(
            config.validate(),
            Err(SimConfigError::RateOutOfRange {
                name: "spike rate",
                ..
            })
        ));
    }

    #[test]
    fn keys_must_fit_a_bearer_header() {
        let mut config = SimConfig {
            key: Some("has space".into()),
            ..SimConfig::default()
        };
        assert_eq!(config.validate(), Err(SimConfigError::InvalidKey));
        config.key = Some("good-key".into());
        config.restricted_keys.push(RestrictedKey {
            key: "good-key".into(),
            kind: RestrictedKind::NotOrgAdmin,
        });
        assert_eq!(
            config.validate(),
            Err(SimConfigError::InvalidRestrictedKey { index: 0 })
        );
        config.rate_limit_per_minute = 0;
        config.restricted_keys.clear();
        assert_eq!(config.validate(), Err(SimConfigError::ZeroRateLimit(0)));
    }

    #[test]
    fn restricted_key_debug_hides_the_value() {
        let key = RestrictedKey {
            key: "fixture-value".into(),
            kind: RestrictedKind::InsufficientScope,
        };
        assert!(!format!("{key:?}").contains("fixture-value"));
    }
}
