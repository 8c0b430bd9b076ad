//! The load's progress as one line on stderr that rewrites itself, for people at a terminal.
//! Owns the wording and the redraw; must not write anywhere else or when stderr is not a terminal.

use crate::api::{LoadOutcome, LoadPhase, LoadProgress};
use crate::report::thousands;
use std::io::{self, Write as _};
use std::sync::atomic::{AtomicBool, Ordering};

/// Carriage return, then "erase the whole line" (ECMA-48 EL 2): the next text replaces the last.
const REWRITE: &str = "\r\x1b[2K";

/// A status line on stderr; silent when it was created for a non-terminal or stderr failed.
#[derive(Debug)]
pub(super) struct ProgressLine {
    enabled: AtomicBool,
    drawn: AtomicBool,
}

impl ProgressLine {
    pub(super) fn new(interactive: bool) -> Self {
        Self {
            enabled: AtomicBool::new(interactive),
            drawn: AtomicBool::new(false),
        }
    }

    /// Replaces the line with `event`. Called from the load's tasks, hence `&self` and a lock.
    pub(super) fn show(&self, event: &LoadProgress) {
        if self.enabled.load(Ordering::Relaxed) {
            self.write(&describe(event));
        }
    }

    /// Removes the line, so what follows on stderr starts on a clean line.
    pub(super) fn clear(&self) {
        if self.enabled.load(Ordering::Relaxed) && self.drawn.load(Ordering::Relaxed) {
            self.write("");
        }
    }

    fn write(&self, text: &str) {
        let mut stderr = io::stderr().lock();
        let written = write!(stderr, "{REWRITE}{text}").and_then(|()| stderr.flush());
        // Stderr is the only place a failure could be shown: stop drawing instead.
        self.enabled.store(written.is_ok(), Ordering::Relaxed);
        self.drawn.store(!text.is_empty(), Ordering::Relaxed);
    }
}

/// `loading users: 12,300 of 40,000, 140 requests`.
pub(super) fn describe(event: &LoadProgress) -> String {
    let requests = requests(event.requests);
    let users = match event.total {
        Some(total) => format!("{} of {}", thousands(event.users as u64), thousands(total)),
        None => thousands(event.users as u64),
    };
    match event.phase {
        LoadPhase::Organization => format!("reading the organization: {requests}"),
        LoadPhase::Users => format!("loading users: {users}, {requests}"),
        LoadPhase::Sweep => format!("re-reading users the first pass missed: {users}, {requests}"),
        LoadPhase::Activity { done, planned } => format!(
            "looking up missing activity: {} of {} users, {requests}",
            thousands(done as u64),
            thousands(planned as u64)
        ),
        LoadPhase::Done => format!("loaded {users} users, {requests}"),
    }
}

/// `loaded 40,000 users with 412 requests in 3.1 s`, once the line is gone.
pub(super) fn summary(outcome: &LoadOutcome) -> String {
    format!(
        "loaded {} users with {} in {:.1} s",
        thousands(outcome.directory.users.len() as u64),
        requests(outcome.stats.requests),
        outcome.stats.duration.as_secs_f64()
    )
}

fn requests(count: u64) -> String {
    match count {
        1 => "1 request".to_owned(),
        count => format!("{} requests", thousands(count)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(phase: LoadPhase, users: usize, total: Option<u64>, requests: u64) -> LoadProgress {
        LoadProgress {
            phase,
            requests,
            users,
            total,
        }
    }

    #[test]
    fn lines_say_users_of_total_and_requests() {
        assert_eq!(
            describe(&event(LoadPhase::Users, 12_300, Some(40_000), 140)),
            "loading users: 12,300 of 40,000, 140 requests"
        );
        assert_eq!(
            describe(&event(LoadPhase::Organization, 0, None, 1)),
            "reading the organization: 1 request"
        );
        assert_eq!(
            describe(&event(
                LoadPhase::Activity {
                    done: 3,
                    planned: 1_500
                },
                9,
                Some(9),
                1_234_567
            )),
            "looking up missing activity: 3 of 1,500 users, 1,234,567 requests"
        );
    }

    #[test]
    fn a_line_for_a_pipe_draws_nothing() {
        let line = ProgressLine::new(false);
        line.show(&event(LoadPhase::Users, 1, Some(2), 3));
        line.clear();
        assert!(!line.drawn.load(Ordering::Relaxed));
    }
}
