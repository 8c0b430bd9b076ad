//! What the console knows about batches: the plan waiting for confirmation with its preview, the
//! running commit's progress, the last results, the history list and unfinished batches. Plain
//! data; `update` changes it, `render` reads it.

use super::selection::Scope;
use crate::batch::{
    AccessTarget, BatchAction, BatchReport, CommitProgress, Confirmed, HistoryEntry, Plan, Preview, Section,
};
use crate::tui::failure::{Failure, FailureKind};
use crate::types::BatchId;

use super::preview_list::PreviewLine;

/// Where a pending plan came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanSource {
    /// The marked users (or the cursor row), as far as `scope` takes them: the preview shows
    /// exactly the accounts the scope chose.
    Marks { scope: Scope },
    /// Reversing the batch with this id.
    Undo { of: BatchId },
}

/// A plan shown in the preview, not yet confirmed.
#[derive(Debug, Clone)]
pub struct PendingBatch {
    pub plan: Plan,
    pub preview: Preview,
    pub source: PlanSource,
    /// The sections besides cleanup-ready the admin chose to confirm too (each has its own key
    /// on the preview page, off until pressed).
    pub included: Vec<Section>,
    /// Everything the preview page lists, built by `update` when the plan or a choice changes.
    pub lines: Vec<PreviewLine>,
    /// The first line of `lines` shown.
    pub scroll: usize,
    /// For a plan from marks: how many are marked and hidden, and what the plan acts on
    /// ("31 marked, 16 hidden by the filter.", "Acting on: …"), set by `update` with `lines`.
    pub scope_summary: Vec<String>,
    /// For a plan from marks: what the switch-scope key would plan instead, when it can switch.
    pub scope_next: Option<String>,
}

impl PendingBatch {
    /// The sections confirming now confirms: cleanup-ready always, the others only when the
    /// admin included them. The commit engine refuses every account of any other section.
    #[must_use]
    pub fn confirmed(&self) -> Confirmed {
        Confirmed::only(std::iter::once(self.always_confirmed()).chain(self.included.iter().copied()))
    }

    /// The section confirming always covers: cleanup-ready, or for remove access the users
    /// losing only the idle seats chosen.
    #[must_use]
    pub fn always_confirmed(&self) -> Section {
        if self.plan.action == BatchAction::RemoveAccess {
            Section::IdleSeats
        } else {
            Section::CleanupReady
        }
    }

    /// Whether the section needing its own choice is included.
    #[must_use]
    pub fn includes(&self, section: Section) -> bool {
        section == self.always_confirmed() || self.included.contains(&section)
    }

    /// Accounts confirming now would act on (an undo's accounts have no section: all of them).
    #[must_use]
    pub fn acting_confirmed(&self) -> usize {
        let confirmed = self.confirmed();
        self.plan
            .acting()
            .filter(|entry| entry.section.is_none_or(|section| confirmed.contains(section)))
            .count()
    }

    /// Accounts of `section` the plan would act on.
    #[must_use]
    pub fn in_section(&self, section: Section) -> usize {
        self.preview
            .section(section)
            .map_or(0, |shown| shown.accounts.len())
    }

    /// What confirming asks: "Suspend 14 user(s) in Acme now? 3 of them are not cleanup-ready
    /// (included on their own). 2 not included are left alone." (`org` made safe by the caller).
    #[must_use]
    pub fn question(&self, org: &str) -> String {
        let mut action = self.plan.action.as_str().to_owned();
        if let Some(first) = action.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        let mut parts = vec![format!(
            "{action} {} user(s) in {org} now?",
            self.acting_confirmed()
        )];
        for section in [Section::NotCleanupReady, Section::GracePeriod] {
            let count = self.in_section(section);
            if count > 0 && self.includes(section) {
                parts.push(format!(
                    "{count} of them {} {} (included on their own).",
                    if count == 1 { "is" } else { "are" },
                    section.label()
                ));
            }
        }
        let held = self.held_back();
        if held > 0 {
            parts.push(format!("{held} not included are left alone."));
        }
        parts.join(" ")
    }

    /// Acted-on accounts held back because their section is not included.
    #[must_use]
    pub fn held_back(&self) -> usize {
        self.plan.acting().count() - self.acting_confirmed()
    }
}

/// The last API answer refused the key (or there is none): no commit, undo or resume starts
/// until a load succeeds again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRefused {
    pub kind: FailureKind,
    /// What the API (or the session) said.
    pub text: String,
}

impl KeyRefused {
    /// The refusal `failure` stands for, if it is about the key.
    #[must_use]
    pub fn from_failure(failure: &Failure) -> Option<KeyRefused> {
        matches!(failure.kind, FailureKind::KeyRefused | FailureKind::NoKey).then(|| KeyRefused {
            kind: failure.kind,
            text: failure.text.clone(),
        })
    }
}

/// A commit or resume running in the background.
#[derive(Debug, Clone, Default)]
pub struct RunningBatch {
    /// The latest progress report (none before the first account settles).
    pub progress: Option<CommitProgress>,
    /// Accounts the run will act on, for the header before the first report.
    pub planned: usize,
    /// Cancel was asked: the run stops after the account in flight.
    pub cancelling: bool,
}

/// The console's batch state.
#[derive(Debug, Clone)]
pub struct BatchUi {
    /// The action a plan from marks gets (Tab in the preview switches it).
    pub action: BatchAction,
    /// For remove access: the product it frees (Tab cycles through the org's products).
    pub access: Option<AccessTarget>,
    pub pending: Option<PendingBatch>,
    pub running: Option<RunningBatch>,
    pub results: Option<BatchReport>,
    pub results_scroll: u16,
    pub history: Vec<HistoryEntry>,
    pub history_cursor: usize,
    /// Unfinished batches found in the journals at start (checked once, after the first data).
    pub unfinished: usize,
    pub unfinished_checked: bool,
    /// Quit as soon as the running batch has stopped.
    pub quit_when_stopped: bool,
    /// Set while the last API answer refused the key; cleared by a successful load.
    pub key_refused: Option<KeyRefused>,
}

impl Default for BatchUi {
    fn default() -> Self {
        Self {
            action: BatchAction::Suspend,
            access: None,
            pending: None,
            running: None,
            results: None,
            results_scroll: 0,
            history: Vec::new(),
            history_cursor: 0,
            unfinished: 0,
            unfinished_checked: false,
            quit_when_stopped: false,
            key_refused: None,
        }
    }
}
