//! Evaluating `warned:` over the index: each user's latest warning (the index's classifier holds
//! the warnings recorded so far) against their activity, at an instant given by the caller. Must
//! not read the clock; unknown activity never lets a warning count as due (rule 14).

use super::WarnedFilter;
use crate::directory::index::DirectoryIndex;
use crate::directory::rowset::RowSet;
use crate::directory::user::Activity;
use crate::directory::warning::{Warning, WarningStanding};
use chrono::{DateTime, Utc};

/// The rows `warned:VALUE` matches at `now` (the query passes the index's own instant, the one
/// its lanes were decided at).
pub(super) fn rows(index: &DirectoryIndex, wanted: WarnedFilter, now: DateTime<Utc>) -> RowSet {
    let warnings = index.classifier().warnings();
    let count = index.len();
    if warnings.is_empty() {
        return if wanted == WarnedFilter::No {
            RowSet::full(count)
        } else {
            RowSet::empty(count)
        };
    }
    RowSet::from_predicate(count, |row| {
        let user = index.user(row as u32);
        standing_matches(wanted, warnings.get(&user.account_id), &user.activity, now)
    })
}

/// Whether a user with `warning` on record and `activity` matches `warned:VALUE` at `now`. When
/// the API sent no activity, whether the user worked after the warning cannot be known: such a
/// warned user matches only `yes`, never `pending`, `due` or `void`.
#[must_use]
fn standing_matches(
    wanted: WarnedFilter,
    warning: Option<&Warning>,
    activity: &Activity,
    now: DateTime<Utc>,
) -> bool {
    let Some(warning) = warning else {
        return wanted == WarnedFilter::No;
    };
    if wanted == WarnedFilter::Yes {
        return true;
    }
    if matches!(activity, Activity::Unknown) {
        return false;
    }
    let standing = WarningStanding::of(Some(warning), activity.last_active(), now);
    matches!(
        (wanted, standing),
        (WarnedFilter::Pending, WarningStanding::Pending(_))
            | (WarnedFilter::Due, WarningStanding::Due(_))
            | (WarnedFilter::Void, WarningStanding::ActiveAgain(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::user::ProductActivity;
    use chrono::{Duration, TimeZone};

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn used_on(day: Option<u32>) -> Activity {
        Activity::Known(vec![ProductActivity {
            product: "jira-software".into(),
            product_id: None,
            last_active: day.map(at),
        }])
    }

    fn which(warning: Option<&Warning>, activity: &Activity, now: DateTime<Utc>) -> Vec<&'static str> {
        WarnedFilter::ALL
            .into_iter()
            .filter(|wanted| standing_matches(*wanted, warning, activity, now))
            .map(WarnedFilter::query_name)
            .collect()
    }

    #[test]
    fn a_warning_is_pending_until_its_deadline_then_due_unless_used_since() {
        let warning = Warning {
            warned_at: at(1),
            deadline: at(1) + Duration::days(14),
        };
        let idle = used_on(None);
        assert_eq!(which(None, &idle, at(20)), ["no"]);
        assert_eq!(which(Some(&warning), &idle, at(14)), ["yes", "pending"]);
        assert_eq!(which(Some(&warning), &idle, at(15)), ["yes", "due"]);
        assert_eq!(which(Some(&warning), &used_on(Some(3)), at(20)), ["yes", "void"]);
        assert_eq!(
            which(Some(&warning), &used_on(Some(1)), at(20)),
            ["yes", "due"],
            "use before (or at) the warning does not void it"
        );
    }

    #[test]
    fn unknown_activity_never_makes_a_warning_due() {
        let warning = Warning {
            warned_at: at(1),
            deadline: at(2),
        };
        assert_eq!(which(Some(&warning), &Activity::Unknown, at(28)), ["yes"]);
        assert_eq!(which(None, &Activity::Unknown, at(28)), ["no"]);
    }
}
