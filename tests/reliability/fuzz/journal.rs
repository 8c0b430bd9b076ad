//! The journal reader (`batch::journal::read_journal`) over journals the real `JournalWriter`
//! wrote, cut at every kind of place, mutated, and replaced by raw bytes. A cut journal must give
//! back every record before the torn line and say it was torn; other damage must be refused with
//! a line at or after the damage, never silently dropped.

use super::harness::{self, Outcome, check_message};
use super::mutate::{self, Mutation};
use crate::support::users::{Rng, UserBuilder, directory, now};
use chrono::Duration;
use dormant::batch::journal::{FinishState, JournalReadError, JournalRecord, JournalWriter, read_journal};
use dormant::batch::{Confirmation, Counts, Outcome as AccountOutcome, Plan, PlanOptions, Refusal, Skip};
use dormant::directory::{AccountId, DirectoryIndex, Exclusions, Policy};
use dormant::types::BatchId;
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

const ACCOUNTS: usize = 6;
const POOL: usize = 24;

/// One journal as written, with the records in order.
struct Written {
    bytes: Vec<u8>,
    records: Vec<JournalRecord>,
}

static SCRATCH: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().unwrap());
static POOL_JOURNALS: LazyLock<Vec<Written>> =
    LazyLock::new(|| (0..POOL as u64).map(write_journal).collect());

fn account(i: usize) -> AccountId {
    AccountId::from(format!("acct-{i}").as_str())
}

/// A plan of `ACCOUNTS` idle accounts (shared with the plan reader's target).
pub fn plan() -> Plan {
    let users = (0..ACCOUNTS)
        .map(|i| {
            UserBuilder::new(&format!("acct-{i}"), &format!("User \u{202e}{i}"))
                .products(&[("jira", Some(400))])
                .build()
        })
        .collect();
    let index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    Plan::build(&index, (0..ACCOUNTS).map(account), &PlanOptions::default(), now()).unwrap()
}

/// A journal in the shapes a commit, a cancel and a resume leave, written by the real writer.
fn write_journal(seed: u64) -> Written {
    let mut rng = Rng::new(seed);
    let batch_id: BatchId = serde_json::from_str(&format!("\"20260101T000000Z-{seed:08x}\"")).unwrap();
    let at = |n: i64| now() + Duration::seconds(n);
    let mut records = vec![JournalRecord::Header {
        format: 1,
        batch_id: batch_id.clone(),
        operator: ["admin@acme.example", "Zoë \u{1b}[31m", "漢字"][seed as usize % 3].to_owned(),
        started_at: at(0),
        plan_id: None,
        plan: plan(),
    }];
    for i in 0..ACCOUNTS {
        if rng.chance(15.0) {
            break;
        }
        records.push(JournalRecord::Started {
            account_id: account(i),
            at: at(i64::try_from(i).unwrap_or_default()),
        });
        let outcome = match rng.below(6) {
            0 => continue,
            1 => AccountOutcome::Skipped { skip: Skip::Gone },
            2 => AccountOutcome::Refused {
                refusal: Refusal::NotInDirectory,
            },
            3 => AccountOutcome::Failed {
                error: "500 from \u{1b}]0;server\u{7}".to_owned(),
            },
            _ => AccountOutcome::Succeeded {
                confirmed_by: Confirmation::Answer,
            },
        };
        records.push(JournalRecord::outcome(
            account(i),
            at(i64::try_from(i).unwrap_or_default()),
            outcome,
        ));
        if rng.chance(10.0) {
            records.push(JournalRecord::Resumed { at: at(50) });
        }
    }
    if rng.chance(50.0) {
        records.push(JournalRecord::Finished {
            at: at(99),
            state: FinishState::Completed,
            counts: Counts::default(),
        });
    }
    let dir = SCRATCH.path().join(format!("pool-{seed}"));
    let mut writer = JournalWriter::create(&dir, &records[0], &batch_id).unwrap();
    for record in &records[1..] {
        writer.append(record).unwrap();
    }
    Written {
        bytes: std::fs::read(writer.path()).unwrap(),
        records,
    }
}

/// What the reader must report for `records`: first outcome per account, started-without-outcome, last finish.
type Summary = (
    HashMap<AccountId, AccountOutcome>,
    HashSet<AccountId>,
    Option<FinishState>,
);

fn expected(records: &[JournalRecord]) -> Summary {
    let (mut outcomes, mut in_doubt, mut finished) = (HashMap::new(), HashSet::new(), None);
    for record in records {
        if let Some((account, _, outcome)) = record.as_outcome() {
            in_doubt.remove(account);
            outcomes.entry(account.clone()).or_insert(outcome);
        }
        match record {
            JournalRecord::Started { account_id, .. } if !outcomes.contains_key(account_id) => {
                in_doubt.insert(account_id.clone());
            }
            JournalRecord::Finished { state, .. } => finished = Some(*state),
            _ => {}
        }
    }
    (outcomes, in_doubt, finished)
}

/// Writes `bytes` as a journal file and reads it back, checking any error's text.
fn read(
    bytes: &[u8],
) -> Result<Result<dormant::batch::journal::JournalContents, JournalReadError>, TestCaseError> {
    let path: PathBuf = SCRATCH.path().join("case.jsonl");
    std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let result = read_journal(&path);
    if let Err(error) = &result {
        check_message(&error.to_string(), false)?;
    }
    Ok(result)
}

/// What holds of any read: every terminated line was read, and nothing was read past them.
fn check_any(bytes: &[u8], first_damaged_line: usize) -> Result<(), TestCaseError> {
    let lines = newlines(bytes);
    let terminated = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |end| end + 1);
    match read(bytes)? {
        Ok(contents) => {
            prop_assert_eq!(
                contents.complete_len,
                terminated as u64,
                "a terminated line was not read"
            );
            prop_assert_eq!(contents.torn_tail, bytes.len() > terminated);
            let planned: HashSet<&AccountId> = contents.plan.entries.iter().map(|e| &e.account_id).collect();
            prop_assert!(
                contents
                    .outcomes
                    .keys()
                    .chain(&contents.in_doubt)
                    .all(|a| planned.contains(a))
            );
        }
        Err(JournalReadError::Corrupt { line, .. }) => {
            prop_assert!(
                line >= first_damaged_line && line <= lines,
                "damage reported at line {line} of {lines}, first damaged line {first_damaged_line}"
            );
        }
        Err(JournalReadError::NoHeader { .. } | JournalReadError::Format { .. }) => {
            prop_assert_eq!(first_damaged_line, 1, "header refused though line 1 is intact");
        }
        Err(JournalReadError::File(error)) => {
            return Err(TestCaseError::fail(format!("file error: {error}")));
        }
    }
    Ok(())
}

fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    newlines(&bytes[..offset.min(bytes.len())]) + 1
}

pub fn truncated() -> Outcome {
    harness::run("journal truncated", (0..POOL, any::<Index>()), |(which, cut)| {
        let written = &POOL_JOURNALS[which];
        let cut = cut.index(written.bytes.len() + 1);
        let bytes = &written.bytes[..cut];
        let complete_lines = newlines(bytes);
        match read(bytes)? {
            Ok(contents) => {
                prop_assert!(
                    complete_lines >= 1,
                    "a journal without a whole header was accepted"
                );
                let (outcomes, in_doubt, finished) = expected(&written.records[..complete_lines]);
                let read_outcomes: HashMap<AccountId, AccountOutcome> = contents
                    .outcomes
                    .iter()
                    .map(|(a, (_, o))| (a.clone(), o.clone()))
                    .collect();
                prop_assert_eq!(read_outcomes, outcomes, "outcomes before the cut were lost");
                prop_assert_eq!(&contents.in_doubt, &in_doubt);
                prop_assert_eq!(contents.finished.map(|(_, state, _)| state), finished);
                prop_assert_eq!(contents.torn_tail, cut > contents.complete_len as usize);
            }
            Err(error) => {
                prop_assert_eq!(complete_lines, 0, "a cut after the header was refused: {}", error);
            }
        }
        check_any(bytes, line_of(bytes, cut))
    })
}

pub fn mutated() -> Outcome {
    harness::run(
        "journal mutated",
        (0..POOL, mutate::mutations()),
        |(which, mutations): (usize, Vec<Mutation>)| {
            let original = &POOL_JOURNALS[which].bytes;
            let bytes = mutate::apply_all(original, &mutations);
            let first_diff = original
                .iter()
                .zip(&bytes)
                .position(|(a, b)| a != b)
                .unwrap_or(original.len().min(bytes.len()));
            check_any(&bytes, line_of(&bytes, first_diff))
        },
    )
}

pub fn raw() -> Outcome {
    let header = || {
        String::from_utf8_lossy(
            POOL_JOURNALS[0]
                .bytes
                .split(|&b| b == b'\n')
                .next()
                .unwrap_or_default(),
        )
        .into_owned()
    };
    harness::run(
        "journal raw",
        (any::<bool>(), mutate::raw_bytes(400)),
        move |(after_header, noise)| {
            let mut bytes = if after_header {
                format!("{}\n", header()).into_bytes()
            } else {
                Vec::new()
            };
            let damaged = if after_header { 2 } else { 1 };
            bytes.extend(noise);
            check_any(&bytes, damaged)
        },
    )
}
