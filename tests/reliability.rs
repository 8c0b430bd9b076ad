//! The reliability and security suite (README "Guarantees"): the fault and crash matrices, fuzzing, the
//! hostile-input corpus and the soak. `.ci/reliability` runs it at full size, one test at a time.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod batch;
    pub mod crash;
    pub mod crash_matrix;
    pub mod crash_world;
    pub mod expected;
    pub mod home;
    pub mod owned_files;
    pub mod scripted;
    pub mod suite;
    pub mod tmux;
    pub mod users;
}

#[path = "reliability/commit_checks.rs"]
mod commit_checks;
#[path = "reliability/crash.rs"]
mod crash;
#[path = "reliability/crash_access.rs"]
mod crash_access;
#[path = "reliability/faults.rs"]
mod faults;
#[path = "reliability/fuzz.rs"]
mod fuzz;
#[path = "reliability/hostile.rs"]
mod hostile;
#[path = "reliability/soak.rs"]
mod soak;
