//! The triage console: `App` state, `Action`s from the keymap, `update` (the only place state
//! changes), effects run by the runtime, and `render` (which only reads). Must not await I/O in
//! `update` or `render`, lock shared state, or sort and filter while drawing.

mod action;
mod allowlist_screen;
mod app;
mod batch_state;
mod effect;
mod event;
mod failure;
pub mod filter_editor;
pub mod group_picker;
mod insight;
pub mod keymap;
pub mod layout;
pub mod preview_list;
mod render;
pub mod runtime;
mod selection;
mod theme;
mod update;

pub use action::{Action, Mode, Section};
pub use allowlist_screen::AllowlistScreen;
pub use app::{
    ActiveView, App, Confirm, Filter, Level, LineInput, LoadState, Loaded, Origin, Popup, Prepared, Screen,
    Settings,
};
pub use batch_state::{BatchUi, KeyRefused, PendingBatch, PlanSource, RunningBatch};
pub use effect::Effect;
pub use event::{AllowlistEdit, Event, Msg};
pub use failure::{Failure, FailureKind};
pub use insight::{BUCKETS as IDLE_BUCKETS, Insight, ProductSeats};
pub use keymap::{Binding, Keymap, KeymapError};
pub use render::render;
pub use selection::{Scope, Selection};
pub use theme::Theme;
pub use update::{apply, start, update};
