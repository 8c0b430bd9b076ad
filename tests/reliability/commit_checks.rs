//! What one finished batch must look like against the simulator's ground truth: the journal holds
//! exactly one outcome per plan entry and agrees with `/__sim/dump`; every entry the journal says
//! succeeded was changed exactly once in `/__sim/actions`, every other entry not at all; nobody
//! else and no protected account touched. An acting entry may fail (the engine gives up after a
//! few server errors on one account): that outcome is kept and the account is left as it was.
//! Shared by the reliability tests (`crate::commit_checks`); asserts, never repairs.

#![allow(dead_code)]

use dormant::batch::journal::{FinishState, JournalRecord};
use dormant::batch::{Outcome, Plan};
use dormant::sim::model::{SimOrg, SimUser};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Every entry in `succeeded` has exactly one action, `effect`; no other account has any, and
/// no protected account is among them.
pub fn assert_acted_exactly_once(
    succeeded: &HashSet<String>,
    actions: &[(String, String)],
    protected: &[String],
    effect: &str,
) {
    let mut per_account: HashMap<&str, Vec<&str>> = HashMap::new();
    for (account, done) in actions {
        per_account.entry(account).or_default().push(done);
    }
    for account in protected {
        assert!(
            !per_account.contains_key(account.as_str()),
            "protected account {account} was acted on: {:?}",
            per_account[account.as_str()]
        );
    }
    for account in succeeded {
        let logged = per_account.remove(account.as_str()).unwrap_or_default();
        assert_eq!(logged, [effect], "{account} acted on {} times", logged.len());
    }
    assert!(
        per_account.is_empty(),
        "unplanned accounts acted on: {per_account:?}"
    );
}

/// What the journal settled: the accounts it says succeeded, and the failures it kept.
pub struct Settled {
    pub succeeded: HashSet<String>,
    pub failed: Vec<(String, String)>,
}

/// The journal at `path` holds one outcome per plan entry and a `completed` end; every acting
/// entry either succeeded and is `suspended` in `after`, or failed and is exactly as in `before`;
/// every other entry and account is exactly as in `before`.
pub fn assert_journal_agrees(path: &Path, plan: &Plan, before: &SimOrg, after: &SimOrg) -> Settled {
    let text = std::fs::read_to_string(path).expect("journal readable");
    let mut outcomes: HashMap<String, Vec<Outcome>> = HashMap::new();
    let mut finished = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let record: JournalRecord = serde_json::from_str(line)
            .unwrap_or_else(|error| panic!("journal line {} does not parse: {error}", number + 1));
        if let Some((account, _, outcome)) = record.as_outcome() {
            outcomes.entry(account.to_string()).or_default().push(outcome);
        } else if let JournalRecord::Finished { state, .. } = record {
            finished.push(state);
        }
    }
    assert_eq!(finished, [FinishState::Completed], "one completed end");
    let before_users = by_id(before);
    let after_users = by_id(after);
    let acting: HashSet<&str> = plan.acting().map(|e| e.account_id.as_str()).collect();
    let mut settled = Settled {
        succeeded: HashSet::new(),
        failed: Vec::new(),
    };
    for entry in &plan.entries {
        let id = entry.account_id.as_str();
        let recorded = outcomes.remove(id).unwrap_or_default();
        assert_eq!(recorded.len(), 1, "{id}: journal outcomes {recorded:?}");
        let now = after_users
            .get(id)
            .unwrap_or_else(|| panic!("{id} gone from the dump"));
        if acting.contains(id) && matches!(recorded[0], Outcome::Succeeded { .. }) {
            assert_eq!(now.status(), "suspended", "{id}: journal says succeeded");
            settled.succeeded.insert(id.to_owned());
        } else if acting.contains(id) {
            assert!(
                matches!(recorded[0], Outcome::Failed { .. }),
                "{id}: journal says {}",
                recorded[0]
            );
            assert_eq!(now, &before_users[id], "{id}: {} but changed", recorded[0]);
            settled.failed.push((id.to_owned(), recorded[0].to_string()));
        } else {
            assert_eq!(now, &before_users[id], "{id}: {} but changed", recorded[0]);
        }
    }
    assert!(
        outcomes.is_empty(),
        "journal outcomes outside the plan: {outcomes:?}"
    );
    assert_eq!(
        after.users.len(),
        before.users.len(),
        "accounts appeared or vanished"
    );
    for (id, was) in &before_users {
        if !acting.contains(id) {
            assert_eq!(after_users.get(id), Some(was), "{id} changed outside the plan");
        }
    }
    settled
}

fn by_id(org: &SimOrg) -> HashMap<&str, &SimUser> {
    org.users.iter().map(|u| (u.account_id.as_str(), u)).collect()
}
