//! Fault points the reliability suite (tests/reliability_*.rs) stops or breaks the real binary at:
//! pause there until killed, or panic there. Debug builds only: a release build has no `point`
//! function, and every [`fault_point!`] call site expands to a block the compiler removes (its
//! arguments are type-checked, never evaluated), so no environment variable can change what a
//! shipped `dormant` does and no name is formatted for nothing.
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

/// Marks a fault point: `fault_point!("name {n};")` names it like `format!`, and
/// `fault_point!(detail = || text, "name")` adds what a forced panic prints. Costs nothing in a
/// release build.
macro_rules! fault_point {
    (detail = $detail:expr, $($name:tt)+) => {{
        #[cfg(debug_assertions)]
        $crate::test_hooks::point(&::std::format!($($name)+), $detail);
        // Never runs: keeps release builds checking what debug builds use.
        #[cfg(not(debug_assertions))]
        if false {
            let _unused = (::std::format!($($name)+), $detail);
        }
    }};
    ($($name:tt)+) => {
        $crate::test_hooks::fault_point!(detail = ::std::string::String::new, $($name)+)
    };
}
pub(crate) use fault_point;

/// The fault point named `point`; `detail` is only evaluated for a forced panic. Call it through
/// [`fault_point!`], which removes the call from release builds.
#[cfg(debug_assertions)]
pub(crate) fn point(point: &str, detail: impl FnOnce() -> String) {
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
