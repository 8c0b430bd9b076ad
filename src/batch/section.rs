//! The sections a plan sorts acted-on users into, so that each can be shown and confirmed on its
//! own: cleanup-ready, not cleanup-ready (a lane the admin included explicitly), and warned with
//! the grace period still running. Also the lanes a plan may include. Data and the sorting rule
//! only; the preview counts the sections, the commit engine refuses sections not confirmed.

use crate::directory::{Classification, Lane, Reason};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an acted-on user is shown in the preview, and what the admin confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Idle on everything they can use (lane cleanup-ready).
    CleanupReady,
    /// Lane review or active, acted on only because the plan includes that lane.
    NotCleanupReady,
    /// Cleanup-ready, warned, and the warning's deadline has not passed (`require_warning` off).
    GracePeriod,
    /// Remove access: loses only idle seats of the product (and site) the admin chose.
    IdleSeats,
    /// Remove access: a removed group also grants a seat the admin did not choose (another
    /// product, another site), which goes too. Refused unless accepted explicitly
    /// (`dormant apply --accept-collateral`, or its key in the console's preview).
    Collateral,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::CleanupReady,
        Section::NotCleanupReady,
        Section::GracePeriod,
        Section::IdleSeats,
        Section::Collateral,
    ];

    /// The section of a user of `classification` the plan acts on; `None` when the lane is not
    /// acted on without an include choice the plan does not carry (or at all: protected).
    #[must_use]
    pub fn of(classification: &Classification, include: &[Lane]) -> Option<Section> {
        match classification.lane {
            Lane::Protected => None,
            Lane::CleanupReady if in_grace(&classification.reasons) => Some(Section::GracePeriod),
            Lane::CleanupReady => Some(Section::CleanupReady),
            lane if include.contains(&lane) => Some(Section::NotCleanupReady),
            _ => None,
        }
    }

    /// The heading the preview shows.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Section::CleanupReady => "cleanup-ready",
            Section::NotCleanupReady => "not cleanup-ready",
            Section::GracePeriod => "warned, deadline not passed",
            Section::IdleSeats => "idle seats of the chosen product",
            Section::Collateral => "losing a seat they did not choose",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

fn in_grace(reasons: &[Reason]) -> bool {
    reasons
        .iter()
        .any(|reason| matches!(reason, Reason::WarnedPending { .. }))
}

/// The sections a confirmation covered. The console confirms each on its own; a headless
/// `apply` confirms every section its preview printed. Written as a list of section names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<Section>", into = "Vec<Section>")]
pub struct Confirmed([bool; Section::ALL.len()]);

impl Confirmed {
    /// Every section: what confirming a whole preview at once means.
    #[must_use]
    pub fn all() -> Self {
        Self([true; Section::ALL.len()])
    }

    /// Every section but the one that needs its own acceptance (`Section::Collateral`): what a
    /// headless `apply` confirms without `--accept-collateral`.
    #[must_use]
    pub fn all_but_collateral() -> Self {
        Self::only(
            Section::ALL
                .into_iter()
                .filter(|section| *section != Section::Collateral),
        )
    }

    #[must_use]
    pub fn only(sections: impl IntoIterator<Item = Section>) -> Self {
        let mut set = [false; Section::ALL.len()];
        for section in sections {
            set[section as usize] = true;
        }
        Self(set)
    }

    #[must_use]
    pub fn contains(&self, section: Section) -> bool {
        self.0[section as usize]
    }

    /// The sections both confirmations cover.
    #[must_use]
    pub fn and(&self, other: &Confirmed) -> Self {
        Self::only(self.iter().filter(|section| other.contains(*section)))
    }

    pub fn iter(&self) -> impl Iterator<Item = Section> + '_ {
        Section::ALL.into_iter().filter(|section| self.contains(*section))
    }
}

impl Default for Confirmed {
    fn default() -> Self {
        Self::all()
    }
}

impl From<Vec<Section>> for Confirmed {
    fn from(sections: Vec<Section>) -> Self {
        Self::only(sections)
    }
}

impl From<Confirmed> for Vec<Section> {
    fn from(confirmed: Confirmed) -> Self {
        confirmed.iter().collect()
    }
}

/// Parses one `--include-lane` value: `review` or `active` (cleanup-ready needs no choice,
/// protected users are never acted on).
pub fn parse_include_lane(text: &str) -> Result<Lane, String> {
    match text.trim() {
        "review" => Ok(Lane::NeedsReview),
        "active" => Ok(Lane::Active),
        "ready" => {
            Err("cleanup-ready users are planned without --include-lane; name review or active".into())
        }
        "protected" => {
            Err("protected users are never acted on; --include-lane takes review or active".into())
        }
        other => Err(format!(
            "`{other}` is not a lane --include-lane takes: name review, active, or both (review,active)"
        )),
    }
}
