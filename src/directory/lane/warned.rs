//! How warnings gate the cleanup-ready lane: with `require_warning`, cleanup waits for a warning
//! and its deadline; a warning followed by activity no longer counts and says so whatever the
//! lane. Pure; the instant is a parameter.

use super::Lane;
use super::reason::Reason;
use super::sink::ReasonSink;
use crate::directory::user::User;
use crate::directory::warning::{Warning, WarningPolicy, WarningStanding};
use chrono::{DateTime, Utc};

/// The lane after warnings, adding the reasons that explain the change (or the warning's state).
pub(super) fn gate(
    policy: WarningPolicy,
    warning: Option<&Warning>,
    user: &User,
    lane: Lane,
    now: DateTime<Utc>,
    sink: &mut impl ReasonSink,
) -> Lane {
    let standing = WarningStanding::of(warning, user.activity.last_active(), now);
    let ready = lane == Lane::CleanupReady;
    match standing {
        WarningStanding::ActiveAgain(warning) => {
            sink.add(|| Reason::ActiveAgainAfterWarning {
                warned_at: warning.warned_at,
            });
            if ready && policy.require {
                sink.add(|| Reason::NotWarnedYet);
                return Lane::NeedsReview;
            }
            lane
        }
        WarningStanding::NotWarned if ready && policy.require => {
            sink.add(|| Reason::NotWarnedYet);
            Lane::NeedsReview
        }
        WarningStanding::Pending(warning) if ready => {
            sink.add(|| Reason::WarnedPending {
                warned_at: warning.warned_at,
                deadline: warning.deadline,
            });
            if policy.require { Lane::NeedsReview } else { lane }
        }
        WarningStanding::Due(warning) if ready => {
            sink.add(|| Reason::WarningDeadlinePassed {
                warned_at: warning.warned_at,
                deadline: warning.deadline,
            });
            lane
        }
        _ => lane,
    }
}
