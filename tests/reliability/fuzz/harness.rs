//! Running one fuzz target: a deterministic proptest runner sized by `PROPTEST_CASES`, no
//! persisted failure files, a watchdog that turns a hang into a named failure, and the checks
//! every target shares (error text is non-empty and holds no raw control character).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use std::fmt::Debug;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Cases per target when `PROPTEST_CASES` is unset: keeps all targets well under a minute in a
/// debug build on a loaded 2-core CI machine.
const CI_CASES: u32 = 400;
/// The seed when `DORMANT_FUZZ_SEED` is unset, so CI explores the same inputs every run.
const DEFAULT_SEED: u64 = 0x00d0_4a47_f022;
/// A single case running this long is a hang: the watchdog names it and stops the process.
const HANG_LIMIT: Duration = Duration::from_mins(1);
/// Longest a failure may shrink before it is reported as found.
const SHRINK_TIME_MS: u32 = 60_000;

static STARTED: Mutex<Option<Instant>> = Mutex::new(None);
static CASE: Mutex<String> = Mutex::new(String::new());
static WATCHED: AtomicU64 = AtomicU64::new(0);

/// Cases per target: `PROPTEST_CASES` (what `ProptestConfig::default()` reads) or [`CI_CASES`].
pub fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(CI_CASES)
}

/// `DORMANT_FUZZ_SEED` (a u64) or the fixed default.
pub fn seed() -> u64 {
    std::env::var("DORMANT_FUZZ_SEED")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

fn runner(target: &str) -> TestRunner {
    let config = Config {
        cases: cases(),
        // A failure is reported with its shrunk input; a regression file is written by hand
        // (as a named regression test) only once the bug is fixed.
        failure_persistence: None,
        max_shrink_time: SHRINK_TIME_MS,
        ..Config::default()
    };
    let mut bytes = [0_u8; 32];
    bytes[..8].copy_from_slice(&seed().to_le_bytes());
    for (slot, byte) in bytes[8..].iter_mut().zip(target.bytes().cycle()) {
        *slot = byte;
    }
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// What one target's run came to, for the table.
pub struct Outcome {
    pub cases: u32,
    pub wall: Duration,
    /// `None` when every case held; else the minimal failing input and why.
    pub failure: Option<String>,
}

/// Runs `property` over `strategy` under the watchdog.
pub fn run<S>(target: &str, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>) -> Outcome
where
    S: Strategy,
    S::Value: Debug,
{
    start_watchdog();
    let started = Instant::now();
    let result = runner(target).run(&strategy, |input| {
        *CASE.lock().unwrap() = format!("{target}: {input:?}").chars().take(4000).collect();
        *STARTED.lock().unwrap() = Some(Instant::now());
        let result = property(input);
        *STARTED.lock().unwrap() = None;
        result
    });
    *STARTED.lock().unwrap() = None;
    let failure = match result {
        Ok(()) => None,
        Err(TestError::Abort(reason)) => Some(format!("aborted: {reason}")),
        Err(TestError::Fail(reason, input)) => Some(format!("{reason}; minimal input: {input:?}")),
    };
    Outcome {
        cases: cases(),
        wall: started.elapsed(),
        failure,
    }
}

fn start_watchdog() {
    if WATCHED.swap(1, Ordering::SeqCst) == 1 {
        return;
    }
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let running = STARTED.lock().unwrap().map(|at| at.elapsed());
            if running.is_some_and(|elapsed| elapsed > HANG_LIMIT) {
                eprintln!(
                    "fuzz case ran over {HANG_LIMIT:?} (a hang): {}",
                    CASE.lock().unwrap()
                );
                std::process::exit(101);
            }
        }
    });
}

/// Characters that must never reach a terminal raw from an error message: C0/C1 controls
/// (ESC starts ANSI/OSC sequences) and the bidi overrides and isolates.
pub fn is_unsafe(c: char, newline_allowed: bool) -> bool {
    (c.is_control() && !(newline_allowed && c == '\n'))
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// An error message is non-empty and safe to print.
pub fn check_message(message: &str, newline_allowed: bool) -> Result<(), TestCaseError> {
    prop_assert!(!message.trim().is_empty(), "empty error message");
    if let Some(bad) = message.chars().find(|&c| is_unsafe(c, newline_allowed)) {
        return Err(TestCaseError::fail(format!(
            "raw control character {bad:?} in error message: {message:?}"
        )));
    }
    Ok(())
}
