//! `dormant warn --withdraw RUN_ID`: removes one warning run's records from the profile's
//! warnings file and logs it, without a key or the network. Wiring only: `warn::withdraw` acts.

use super::WarnCommandError;
use crate::cli::batch_ui::{BatchCommandError, say};
use crate::cli::settings::{ApiArgs, GlobalArgs, Settings};
use crate::cli::target::TargetError;
use crate::store::AuditLog;
use crate::types::BatchId;
use crate::warn::{WarnStore, Withdrawer};
use chrono::Utc;

/// Who the audit log names: no key is used, so the command and this machine's user.
fn operator() -> String {
    let user = ["USER", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()));
    match user {
        Some(user) => format!("dormant warn --withdraw (user {user})"),
        None => "dormant warn --withdraw".to_owned(),
    }
}

pub(super) fn run(run_id: &BatchId, global: &GlobalArgs, api: &ApiArgs) -> Result<(), WarnCommandError> {
    let settings =
        Settings::load(global, api).map_err(|error| BatchCommandError::from(TargetError::from(error)))?;
    let store = WarnStore::new(&settings.paths, &settings.profile.name);
    let who = operator();
    let org = settings.org_id.as_ref().map(|org| (org, org.as_str()));
    let by = Withdrawer {
        who: &who,
        org,
        now: Utc::now(),
    };
    let withdrawal = crate::warn::withdraw(&store, &AuditLog::new(&settings.paths), run_id, by)?;
    let (mailed, _) = withdrawal.run.delivery_counts();
    say(format_args!(
        "withdrew warning run {run_id}: {} warning(s) removed from {}; their deadlines no longer count",
        withdrawal.run.records.len(),
        store.path().display()
    ));
    if mailed > 0 {
        say(format_args!(
            "{mailed} notice(s) were already mailed and cannot be unsent: tell those users the warning is withdrawn"
        ));
    } else {
        say(format_args!(
            "no notice was mailed by dormant; any you sent from the notices CSV cannot be unsent"
        ));
    }
    Ok(())
}
