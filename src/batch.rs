//! Batches: the plan (who is acted on, who is refused and why), its preview, the `IdP` handoff,
//! the commit engine over the `Gateway` trait, the journal, resume, undo and the history. Must
//! not touch the terminal: the CLI and the TUI render what this module returns.
//!
//! The flow: `Plan::build`/`Plan::from_marks` → `Preview::of` → confirm (the caller) →
//! `commit` (journal first, then per account: re-read, re-check, send once, record) →
//! `BatchStore::unfinished` + `resume` after an interruption → `undo_plan` + `commit` to reverse.
//! Every commit, resume and undo runs under the org's lock (`OrgLock`: one batch per org at a
//! time on this machine), and a plan that ran before (`PlanId` in its journal) is refused.

mod access;
mod action;
mod check;
mod commit;
mod gateway;
mod handoff;
mod history;
mod identity;
pub mod journal;
mod lock;
mod outcome;
mod permission;
mod plan;
mod preview;
mod results;
mod resume;
mod section;
mod undo;

pub use access::{AccessTarget, AccessTargetError, LostSeat, Membership, Removal, plan_removal};
pub use action::{BatchAction, CancelToken};
pub use check::{Safeguard, Verdict, reached};
pub use commit::{
    BatchEnd, BatchReport, CommitError, CommitProgress, CommitSettings, DEFAULT_CONCURRENCY, MAX_CONCURRENCY,
    commit, commit_locked, refuse_if_applied,
};
pub use gateway::{ApiGateway, Gateway, GatewayError};
pub use handoff::{HANDOFF_COLUMNS, write_batch_handoff, write_idp_handoff};
pub use history::{BatchState, BatchStore, HistoryEntry, HistoryError, JOURNALS_DIR};
pub use identity::PlanId;
pub use lock::{Busy, LOCK_EXTENSION, LockError, LockHolder, OrgLock, lock_path, read_holder};
pub use outcome::{Confirmation, Counts, Outcome, Refusal, Skip, UserOutcome};
pub use permission::{Permission, ReadOnly};
pub use plan::{PLAN_FORMAT, Plan, PlanEntry, PlanError, PlanOptions, RepeatedEntries, action_refusal};
pub use preview::{
    ConfirmBy, ListGroup, ListLength, ListRow, Preview, PreviewSection, RECENTLY_ACTIVE_DAYS, RefusalGroup,
    SectionAccount, TYPED_CONFIRMATION_ABOVE, list_groups, user_list,
};
pub use results::{RESULT_COLUMNS, write_results_csv, write_results_json};
pub use resume::{resume, resume_locked};
pub use section::{Confirmed, Section, parse_include_lane};
pub use undo::{UndoError, undo_plan};
