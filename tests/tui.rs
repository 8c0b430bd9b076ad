//! The console: `update` per screen, effects without a terminal, whole-screen snapshots, the keymap config,
//! and the real binary in tmux (demo, CSV, the secrets session).
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod batch;
    pub mod console;
    pub mod expected;
    pub mod home;
    pub mod tmux;
    pub mod users;
}

#[path = "tui/allowlist_effects.rs"]
mod allowlist_effects;
#[path = "tui/batch_effects.rs"]
mod batch_effects;
#[path = "tui/batch_keys.rs"]
mod batch_keys;
#[path = "tui/csv_source.rs"]
mod csv_source;
#[path = "tui/effects.rs"]
mod effects;
#[path = "tui/filter_history_effects.rs"]
mod filter_history_effects;
#[path = "tui/filter_names.rs"]
mod filter_names;
#[path = "tui/keymap_config.rs"]
mod keymap_config;
#[path = "tui/screens.rs"]
mod screens;
#[path = "tui/screens_allowlist.rs"]
mod screens_allowlist;
#[path = "tui/screens_pickers.rs"]
mod screens_pickers;
#[path = "tui/screens_preview.rs"]
mod screens_preview;
#[path = "tui/seats.rs"]
mod seats;
#[path = "tui/secrets.rs"]
mod secrets;
#[path = "tui/tmux.rs"]
mod tmux;
#[path = "tui/tmux_allowlist.rs"]
mod tmux_allowlist;
#[path = "tui/tmux_csv.rs"]
mod tmux_csv;
#[path = "tui/tmux_filter_editor.rs"]
mod tmux_filter_editor;
#[path = "tui/tmux_pickers.rs"]
mod tmux_pickers;
#[path = "tui/tmux_prompts.rs"]
mod tmux_prompts;
#[path = "tui/tmux_sections.rs"]
mod tmux_sections;
/// Tab to remove access, and the collateral section's own key.
#[path = "tui/update_access.rs"]
mod update_access;
#[path = "tui/update_allowlist.rs"]
mod update_allowlist;
#[path = "tui/update_batch.rs"]
mod update_batch;
#[path = "tui/update_browse.rs"]
mod update_browse;
#[path = "tui/update_filter_editor.rs"]
mod update_filter_editor;
#[path = "tui/update_load.rs"]
mod update_load;
#[path = "tui/update_marks.rs"]
mod update_marks;
#[path = "tui/update_pickers.rs"]
mod update_pickers;
#[path = "tui/update_scope.rs"]
mod update_scope;
#[path = "tui/update_sections.rs"]
mod update_sections;
#[path = "tui/update_warn.rs"]
mod update_warn;
#[path = "tui/view_export.rs"]
mod view_export;
