//! Reads a journal back: tolerates a torn last line (dormant killed mid-write), refuses any other
//! damage with the line number, and sums the records up per account. Must not write.

use super::{FinishState, JournalRecord};
use crate::batch::identity::PlanId;
use crate::batch::outcome::{Counts, Outcome};
use crate::batch::plan::Plan;
use crate::directory::{AccountId, GroupId, escape_controls};
use crate::store::atomic::{FileError, read_bounded};
use crate::types::BatchId;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Largest journal read: a 100,000-account plan with every record is far below this.
const JOURNAL_READ_LIMIT: u64 = 1 << 30;

/// A journal that cannot be trusted as it is.
#[derive(Debug, thiserror::Error)]
pub enum JournalReadError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "{}: line {line} is damaged ({message}); the file was changed by something other than dormant. \
         Keep it for the record and check the org with `dormant report` before acting again",
        path.display()
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: it does not start with a batch header; it is not a dormant journal", path.display())]
    NoHeader { path: PathBuf },
    #[error("{}: journal format {found} is not the {expected} this version reads; use the dormant that wrote it", path.display())]
    Format {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
}

/// A journal as read, summed up.
#[derive(Debug, Clone)]
pub struct JournalContents {
    pub path: PathBuf,
    pub batch_id: BatchId,
    pub operator: String,
    pub started_at: DateTime<Utc>,
    /// What the batch set out to do (see `PlanId`).
    pub plan_id: PlanId,
    pub plan: Plan,
    /// The first outcome of each account (a later one would be a bug and is ignored).
    pub outcomes: HashMap<AccountId, (DateTime<Utc>, Outcome)>,
    /// `started` without an outcome: the request may have reached the server.
    pub in_doubt: HashSet<AccountId>,
    /// Remove or restore access: the groups each account was taken out of (or put back in) by
    /// this batch, in journal order. What an undo gives back, whatever the account's outcome.
    pub memberships: HashMap<AccountId, Vec<GroupId>>,
    pub finished: Option<(DateTime<Utc>, FinishState, Counts)>,
    /// Bytes of complete lines: where appending resumes.
    pub complete_len: u64,
    /// A torn last line was found (and is ignored).
    pub torn_tail: bool,
}

impl JournalContents {
    /// Counts of the outcomes recorded so far, against the plan's size.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            planned: self.plan.entries.len(),
            ..Counts::default()
        };
        for (_, outcome) in self.outcomes.values() {
            counts.add(outcome);
        }
        counts
    }
}

/// Reads and sums up the journal at `path`.
// One pass over the lines, then one over the records; splitting it would only pass their state around.
#[allow(clippy::too_many_lines)]
pub fn read_journal(path: &Path) -> Result<JournalContents, JournalReadError> {
    let bytes = read_bounded(path, JOURNAL_READ_LIMIT)?;
    // The message may quote the file (a record tag, an account id): escaped, as a hand-edited
    // journal could hold a terminal escape sequence.
    let corrupt = |line: usize, message: String| JournalReadError::Corrupt {
        path: path.to_path_buf(),
        line,
        message: escape_controls(&message).into_owned(),
    };
    let mut records = Vec::new();
    let mut complete_len = 0_u64;
    let mut torn_tail = false;
    let mut rest = bytes.as_slice();
    let mut number = 0;
    while !rest.is_empty() {
        number += 1;
        let (line, terminated) = match memchr::memchr(b'\n', rest) {
            Some(end) => (&rest[..end], true),
            None => (rest, false),
        };
        rest = if terminated { &rest[line.len() + 1..] } else { &[] };
        if !terminated {
            // Only the very last write can be torn; it never reached disk whole, so it is dropped.
            torn_tail = true;
            break;
        }
        let record: JournalRecord =
            serde_json::from_slice(line).map_err(|error| corrupt(number, error.to_string()))?;
        complete_len += line.len() as u64 + 1;
        records.push((number, record));
    }
    let mut records = records.into_iter();
    let Some((
        _,
        JournalRecord::Header {
            format,
            batch_id,
            operator,
            started_at,
            plan_id,
            plan,
        },
    )) = records.next()
    else {
        return Err(JournalReadError::NoHeader {
            path: path.to_path_buf(),
        });
    };
    if !(super::OLDEST_JOURNAL_FORMAT..=super::JOURNAL_FORMAT).contains(&format) {
        return Err(JournalReadError::Format {
            path: path.to_path_buf(),
            found: format,
            expected: super::JOURNAL_FORMAT,
        });
    }
    let planned: HashSet<&AccountId> = plan.entries.iter().map(|entry| &entry.account_id).collect();
    let mut outcomes = HashMap::new();
    let mut in_doubt = HashSet::new();
    let mut memberships: HashMap<AccountId, Vec<GroupId>> = HashMap::new();
    let mut finished = None;
    for (number, record) in records {
        match &record {
            JournalRecord::Header { .. } => return Err(corrupt(number, "a second batch header".into())),
            JournalRecord::Started { account_id, .. } => {
                if !planned.contains(account_id) {
                    return Err(corrupt(
                        number,
                        format!("account {account_id} is not in the plan"),
                    ));
                }
                if !outcomes.contains_key(account_id) {
                    in_doubt.insert(account_id.clone());
                }
            }
            JournalRecord::MembershipRemoved {
                account_id, group_id, ..
            }
            | JournalRecord::MembershipAdded {
                account_id, group_id, ..
            } => {
                if !planned.contains(account_id) {
                    return Err(corrupt(
                        number,
                        format!("account {account_id} is not in the plan"),
                    ));
                }
                let groups = memberships.entry(account_id.clone()).or_default();
                if !groups.contains(group_id) {
                    groups.push(group_id.clone());
                }
            }
            JournalRecord::Resumed { .. } => {}
            JournalRecord::Finished { at, state, counts } => finished = Some((*at, *state, *counts)),
            _ => {
                if let Some((account_id, at, outcome)) = record.as_outcome() {
                    if !planned.contains(account_id) {
                        return Err(corrupt(
                            number,
                            format!("account {account_id} is not in the plan"),
                        ));
                    }
                    in_doubt.remove(account_id);
                    outcomes.entry(account_id.clone()).or_insert((at, outcome));
                }
            }
        }
    }
    Ok(JournalContents {
        path: path.to_path_buf(),
        batch_id,
        operator,
        started_at,
        plan_id: plan_id.unwrap_or_else(|| PlanId::of(&plan)),
        plan,
        outcomes,
        in_doubt,
        memberships,
        finished,
        complete_len,
        torn_tail,
    })
}

/// The batch id and plan identity of the journal at `path`, from its header line alone (a
/// journal's later lines can be many; its header is all that is needed to match a plan).
pub fn read_plan_id(path: &Path) -> Result<(BatchId, PlanId), JournalReadError> {
    #[derive(serde::Deserialize)]
    struct HeaderIds {
        batch_id: BatchId,
        plan_id: Option<PlanId>,
    }
    let file = std::fs::File::open(path).map_err(|reason| FileError::Io {
        action: "open",
        path: path.to_path_buf(),
        reason,
    })?;
    let mut line = Vec::new();
    std::io::BufRead::read_until(
        &mut std::io::BufReader::new(std::io::Read::take(file, JOURNAL_READ_LIMIT)),
        b'\n',
        &mut line,
    )
    .map_err(|reason| FileError::Io {
        action: "read",
        path: path.to_path_buf(),
        reason,
    })?;
    let no_header = || JournalReadError::NoHeader {
        path: path.to_path_buf(),
    };
    if line.last() != Some(&b'\n') {
        return Err(no_header());
    }
    let ids: HeaderIds = serde_json::from_slice(&line).map_err(|_| no_header())?;
    if let Some(plan_id) = ids.plan_id {
        return Ok((ids.batch_id, plan_id));
    }
    match serde_json::from_slice(&line) {
        Ok(JournalRecord::Header { plan, .. }) => Ok((ids.batch_id, PlanId::of(&plan))),
        _ => Err(no_header()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::journal::{JournalWriter, OLDEST_JOURNAL_FORMAT};
    use crate::batch::{BatchAction, PLAN_FORMAT};
    use crate::types::BatchCap;

    #[test]
    fn a_journal_from_before_plan_identities_gets_its_identity_from_its_plan() {
        let dir = tempfile::tempdir().expect("dir");
        let plan = Plan {
            format: PLAN_FORMAT,
            org_id: "org-1".parse().expect("org id"),
            org_name: "Acme".into(),
            action: BatchAction::Suspend,
            message: None,
            created_at: Utc::now(),
            data_loaded_at: Utc::now(),
            cap: BatchCap::DEFAULT,
            undo_of: None,
            include_lanes: Vec::new(),
            access: None,
            confirmed: None,
            entries: Vec::new(),
        };
        let batch_id = BatchId::new(Utc::now());
        let header = JournalRecord::Header {
            format: OLDEST_JOURNAL_FORMAT,
            batch_id: batch_id.clone(),
            operator: "admin".into(),
            started_at: Utc::now(),
            plan_id: None,
            plan: plan.clone(),
        };
        let path = JournalWriter::create(dir.path(), &header, &batch_id)
            .expect("create")
            .path()
            .to_path_buf();
        assert!(!std::fs::read_to_string(&path).expect("read").contains("plan_id"));
        let identity = PlanId::of(&plan);
        assert_eq!(read_journal(&path).expect("read").plan_id, identity);
        assert_eq!(read_plan_id(&path).expect("header"), (batch_id, identity));
    }
}
