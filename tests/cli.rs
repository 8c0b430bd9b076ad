//! The command line as a script runs it: the console's first run, `login`, `report`, the test keychain
//! every spawned binary uses, and the README's quotes of the grammar and commands.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod home;
}

#[path = "cli/advice.rs"]
mod advice;
#[path = "cli/advice_runs.rs"]
mod advice_runs;
#[path = "cli/console.rs"]
mod console;
#[path = "cli/login.rs"]
mod login;
#[path = "cli/readme.rs"]
mod readme;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/summary.rs"]
mod summary;
#[path = "cli/test_keychain.rs"]
mod test_keychain;
#[path = "cli/views.rs"]
mod views;
