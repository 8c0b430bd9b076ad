//! `BatchCap`: the most accounts one batch may act on, with its one rule (1 to 100,000) applied
//! wherever a cap enters: the config's `cap`, the `--cap` flag, a plan file. Must not decide what
//! a batch does over the cap (the plan and the commit engine refuse).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The most accounts one batch may act on: a typo'd filter must not suspend a whole org.
/// Defaults to 500; only an explicit setting (`cap` in the profile's config, or `--cap`) raises
/// it, and the commit engine checks it again, whatever the plan file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct BatchCap(u32);

impl BatchCap {
    pub const DEFAULT: BatchCap = BatchCap(500);
    /// The largest cap dormant accepts, from any source.
    pub const MOST: u32 = 100_000;

    /// A cap set explicitly by the admin: from 1 (0 would refuse every batch) to [`Self::MOST`].
    pub fn explicit(limit: u32) -> Result<Self, BatchCapError> {
        if (1..=Self::MOST).contains(&limit) {
            Ok(Self(limit))
        } else {
            Err(BatchCapError(limit.to_string()))
        }
    }

    #[must_use]
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

impl Default for BatchCap {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u32> for BatchCap {
    type Error = BatchCapError;

    fn try_from(limit: u32) -> Result<Self, Self::Error> {
        Self::explicit(limit)
    }
}

/// `--cap N` on the command line.
impl std::str::FromStr for BatchCap {
    type Err = BatchCapError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let limit = text
            .trim()
            .parse::<u32>()
            .map_err(|_| BatchCapError(text.to_owned()))?;
        Self::explicit(limit)
    }
}

impl From<BatchCap> for u32 {
    fn from(cap: BatchCap) -> u32 {
        cap.0
    }
}

impl fmt::Display for BatchCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A cap outside 1 to 100,000 (or not a number), as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a usable batch cap: use a whole number of accounts from 1 to {most} \
     (--cap N, or `cap` in the profile's section of the config)",
    most = BatchCap::MOST
)]
pub struct BatchCapError(String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_for_every_source_naming_the_bound_and_where_to_set_it() {
        assert_eq!(BatchCap::default().get(), 500);
        assert_eq!(BatchCap::explicit(1).map(BatchCap::get), Ok(1));
        assert_eq!("100000".parse::<BatchCap>().map(BatchCap::get), Ok(100_000));
        for bad in ["0", "100001", "200000", "-1", "lots", ""] {
            let error = bad.parse::<BatchCap>().expect_err(bad).to_string();
            assert!(
                error.contains("from 1 to 100000") && error.contains("--cap"),
                "{error}"
            );
            assert!(error.contains("`cap`"), "{error}");
        }
        assert!(serde_json::from_str::<BatchCap>("200000").is_err());
        assert_eq!(
            serde_json::from_str::<BatchCap>("20").map(BatchCap::get).ok(),
            Some(20)
        );
        assert_eq!(
            serde_json::to_string(&BatchCap::DEFAULT).ok().as_deref(),
            Some("500")
        );
    }
}
