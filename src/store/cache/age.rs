//! Human wording for how old a snapshot is ("3 h ago"). Pure; owns only the wording.

use chrono::{DateTime, Utc};

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// A timestamp this far ahead of `now` is clock skew between machines, not a real future.
const SKEW_TOLERANCE: i64 = 5 * MINUTE;

/// How long before `now` the moment `then` was, coarse enough to read at a glance: "just now",
/// "12 min ago", "3 h ago", "1 day ago", "45 days ago". A time clearly in the future says so,
/// because it means a wrong clock, which the admin should know about before trusting idle days.
#[must_use]
pub fn describe_age(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - then).num_seconds();
    match seconds {
        s if s < -SKEW_TOLERANCE => "in the future (check the system clock)".to_owned(),
        s if s < MINUTE => "just now".to_owned(),
        s if s < HOUR => format!("{} min ago", s / MINUTE),
        s if s < DAY => format!("{} h ago", s / HOUR),
        s if s < 2 * DAY => "1 day ago".to_owned(),
        s => format!("{} days ago", s / DAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn wording_at_each_scale() {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
            .single()
            .expect("valid");
        let ago = |seconds: i64| describe_age(now - Duration::seconds(seconds), now);
        assert_eq!(ago(0), "just now");
        assert_eq!(ago(59), "just now");
        assert_eq!(ago(-30), "just now");
        assert_eq!(ago(60), "1 min ago");
        assert_eq!(ago(3 * HOUR + 59 * MINUTE), "3 h ago");
        assert_eq!(ago(DAY), "1 day ago");
        assert_eq!(ago(2 * DAY), "2 days ago");
        assert_eq!(ago(45 * DAY + HOUR), "45 days ago");
        assert_eq!(ago(-HOUR), "in the future (check the system clock)");
    }
}
