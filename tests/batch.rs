//! Batches: the plan, the last check, the journal, the commit engine (scripted and against the simulator),
//! crash safety of the real binary, and the batch commands as a script runs them.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod batch;
    pub mod crash;
    pub mod home;
    pub mod memory_org;
    pub mod users;
}

/// Remove product access: plan, commit, resume and undo against a scripted org.
#[path = "batch/access_engine.rs"]
mod access_engine;
/// The scripted org and world the access tests share.
#[path = "batch/access_org.rs"]
mod access_org;
/// Remove access: random orgs, random confirmations; nothing past what a confirmed section showed.
#[path = "batch/access_props.rs"]
mod access_props;
/// Remove access interrupted, resumed and undone.
#[path = "batch/access_resume.rs"]
mod access_resume;
#[path = "batch/check.rs"]
mod check;
#[path = "batch/cli.rs"]
mod cli;
/// `plan --action remove-access`: the product and site as typed, usage errors.
#[path = "batch/cli_access.rs"]
mod cli_access;
/// What `undo` and `history` say of earlier batches.
#[path = "batch/cli_history.rs"]
mod cli_history;
/// What `apply` and `undo` list of who, and what their results files keep.
#[path = "batch/cli_list.rs"]
mod cli_list;
#[path = "batch/commit.rs"]
mod commit;
#[path = "batch/crash.rs"]
mod crash;
/// Issue 18 end to end: idle JSM seats freed, Jira kept, as planned, undone exactly.
#[path = "batch/e2e_access.rs"]
mod e2e_access;
#[path = "batch/engine.rs"]
mod engine;
#[path = "batch/figures.rs"]
mod figures;
#[path = "batch/handoff.rs"]
mod handoff;
#[path = "batch/include_lane.rs"]
mod include_lane;
#[path = "batch/journal.rs"]
mod journal;
#[path = "batch/lock.rs"]
mod lock;
/// The engine against an org another machine works on too (a scripted gateway).
#[path = "batch/lock_engine.rs"]
mod lock_engine;
#[path = "batch/plan.rs"]
mod plan;
#[path = "batch/props.rs"]
mod props;
#[path = "batch/read_only.rs"]
mod read_only;
#[path = "batch/safety_props.rs"]
mod safety_props;
#[path = "batch/sections.rs"]
mod sections;
