//! Fault points the reliability suite (tests/reliability_*.rs) stops or breaks the real binary at:
//! pause there until killed, or panic there. Debug builds only; in a release build every function
//! here is empty, so no environment variable can change what a shipped `dormant` does.
//!
//! - `DORMANT_TEST_PAUSE_AT=TEXT`: the first point whose name contains `TEXT` writes its name to
//!   `DORMANT_TEST_PAUSE_FILE` (when set) and then blocks that thread for ever, so a test can send
//!   SIGKILL at exactly that moment.
//! - `DORMANT_TEST_PANIC_AT=TEXT`: the first point whose name contains `TEXT` panics; the message
//!   carries the point's detail (for example a `Debug` of settings holding the key), so a test can
//!   check what a real panic would print.

/// Environment variable naming the point to pause at.
pub const PAUSE_AT: &str = "DORMANT_TEST_PAUSE_AT";
/// Environment variable naming the file a paused point announces itself in.
pub const PAUSE_FILE: &str = "DORMANT_TEST_PAUSE_FILE";
/// Environment variable naming the point to panic at.
pub const PANIC_AT: &str = "DORMANT_TEST_PANIC_AT";

/// Marks a fault point named `point`. `detail` is only evaluated for a forced panic.
#[cfg(debug_assertions)]
pub fn point(point: &str, detail: impl FnOnce() -> String) {
    let matches = |var: &str| std::env::var(var).is_ok_and(|text| !text.is_empty() && point.contains(&text));
    assert!(!matches(PANIC_AT), "forced panic at {point}: {}", detail());
    if matches(PAUSE_AT) {
        if let Some(file) = std::env::var_os(PAUSE_FILE) {
            // Best effort: the test polls for this file and fails on its own deadline if it never appears.
            let _ = std::fs::write(file, point);
        }
        loop {
            std::thread::park();
        }
    }
}

/// Release builds: no fault points.
#[cfg(not(debug_assertions))]
pub fn point(_point: &str, _detail: impl FnOnce() -> String) {}
