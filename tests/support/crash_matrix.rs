//! One run of the crash matrix (`tests/reliability/crash.rs`): a kill aimed at a moment of a
//! command, the restart, and every check of the org, the journal and the files, each ending as a
//! row of the results table. Any failed check panics, failing the test. Uses its
//! siblings `crash`, `crash_world`, `owned_files` and `suite`.

#![allow(dead_code, clippy::unwrap_used)]

use super::crash::{dormant_against, journal_in, kill_after_records, kill_at_point, records_in, run};
use super::crash_world::World;
use super::owned_files::{OwnedFiles, check_home};
use super::suite;
use dormant::batch::journal::read_journal;
use dormant::batch::{Confirmation, Outcome};
use std::fmt::Write as _;
use std::path::Path;

/// Where one commit kill is aimed.
#[derive(Debug, Clone, Copy)]
pub enum CommitKill {
    /// Once the journal holds this many complete records.
    AfterRecords(usize),
    /// Paused after the change for the plan entry at this position was sent, before its outcome
    /// was journalled.
    SentUnjournalled(usize),
}

pub struct Matrix {
    pub world: World,
    pub table: suite::Table,
    pub runs: usize,
}

impl Matrix {
    fn row(
        &mut self,
        point: String,
        landed: String,
        restart: String,
        acted: String,
        dups: String,
        files: String,
    ) {
        self.table.row(vec![
            point,
            landed,
            restart,
            acted,
            dups,
            files,
            "pass".to_owned(),
        ]);
    }

    fn check_files(&mut self, home: &Path) -> OwnedFiles {
        self.runs += 1;
        check_home(
            home,
            &self.world.scratch.path().join(format!("view-{}", self.runs)),
        )
    }

    /// A kill of `args` at `point`, then `args` again must succeed and leave the org untouched.
    /// `protect` names a file that must be byte-for-byte the same after the kill.
    pub async fn kill_read_only(&mut self, label: &str, args: &[&str], point: &str, protect: &Path) {
        let home = self.world.fresh_home().await;
        let args: Vec<String> = args
            .iter()
            .map(|arg| arg.replace("HOME", home.path().to_str().expect("utf-8 home")))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let protect = home.path().join(protect);
        let before = std::fs::read(&protect).ok();
        let command = dormant_against(home.path(), self.world.target(), &args);
        let landed = kill_at_point(command, point, self.world.scratch.path()).await;
        assert!(
            std::fs::read(&protect).ok() == before,
            "{label}: {} changed",
            protect.display()
        );
        let killed = self.check_files(home.path());
        let mut restart = String::new();
        if args[0] == "report" {
            let offline = run(dormant_against(
                home.path(),
                self.world.target(),
                &["report", "--offline", "--format", "json"],
            ))
            .await;
            assert!(
                offline.status.success(),
                "{label}: offline report: {}",
                String::from_utf8_lossy(&offline.stderr)
            );
            restart += "report --offline ok; ";
        }
        let again = run(dormant_against(home.path(), self.world.target(), &args)).await;
        assert!(
            again.status.success(),
            "{label}: rerun: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        restart += args[0];
        restart += " ok";
        self.world.assert_untouched(label).await;
        let files = self.check_files(home.path());
        self.row(
            label.to_owned(),
            landed,
            restart,
            "n/a (no change)".to_owned(),
            "0".to_owned(),
            format!(
                "{} after kill, {} after restart",
                killed.summary(),
                files.summary()
            ),
        );
    }

    /// Killed once the journal file exists but before its header is written: nothing was sent,
    /// so `resume` has nothing to do and the batch runs again from its plan.
    pub async fn kill_before_header(&mut self) {
        let label = "commit: journal created, no header";
        let home = self.world.fresh_home().await;
        let plan_path = self.world.write_plan(home.path());
        let args = ["apply", &plan_path, "--yes"];
        let command = dormant_against(home.path(), self.world.target(), &args);
        let landed = kill_at_point(
            command,
            "journal:created-before-header",
            self.world.scratch.path(),
        )
        .await;
        self.world.assert_untouched(label).await;
        let killed = self.check_files(home.path());
        let resume = run(dormant_against(
            home.path(),
            self.world.target(),
            &["resume", "--yes"],
        ))
        .await;
        assert!(
            resume.status.success(),
            "{label}: resume: {}",
            String::from_utf8_lossy(&resume.stderr)
        );
        self.world.assert_untouched(label).await;
        let again = run(dormant_against(home.path(), self.world.target(), &args)).await;
        assert!(
            again.status.success(),
            "{label}: apply again: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        let found = self.world.assert_batch_done(home.path(), label).await;
        let files = self.check_files(home.path());
        let planned = self.world.plan.entries.len();
        self.row(
            label.to_owned(),
            landed,
            "resume: nothing to do; apply again completed".to_owned(),
            format!("{}/{planned}", found.acted_once),
            found.duplicates.to_string(),
            format!(
                "{} after kill, {} after restart",
                killed.summary(),
                files.summary()
            ),
        );
    }

    pub async fn kill_commit(&mut self, number: usize, kill: CommitKill) {
        let home = self.world.fresh_home().await;
        let plan_path = self.world.write_plan(home.path());
        let args = ["apply", &plan_path, "--yes"];
        let command = dormant_against(home.path(), self.world.target(), &args);
        let (label, mut landed) = match kill {
            CommitKill::AfterRecords(records) => {
                let killed = kill_after_records(command, home.path(), records).await;
                assert!(
                    killed,
                    "commit #{number}: apply finished before {records} records"
                );
                (
                    format!("commit #{number}: after {records} records"),
                    String::new(),
                )
            }
            CommitKill::SentUnjournalled(position) => {
                let point = format!("commit:sent-unjournalled:{position};");
                let name = kill_at_point(command, &point, self.world.scratch.path()).await;
                (
                    format!("commit #{number}: user {position} sent, unjournalled"),
                    name + ", ",
                )
            }
        };
        let what = label.as_str();
        let journal = journal_in(home.path()).unwrap_or_else(|| panic!("{what}: no journal"));
        let killed = read_journal(&journal).unwrap_or_else(|error| panic!("{what}: {error}"));
        assert!(killed.finished.is_none(), "{what}: finished before the kill");
        // The paused user's change was sent and its outcome never written: in doubt, so `resume`
        // must re-read it and record it as a success confirmed by that re-read, not send again.
        let paused = match kill {
            CommitKill::SentUnjournalled(position) => {
                let account = self.world.plan.entries[position].account_id.clone();
                assert!(
                    killed.in_doubt.contains(&account),
                    "{what}: {account} not in doubt"
                );
                Some(account)
            }
            CommitKill::AfterRecords(_) => None,
        };
        write!(
            landed,
            "{} records, {} settled, {} in doubt{}",
            records_in(&journal),
            killed.outcomes.len(),
            killed.in_doubt.len(),
            if killed.torn_tail { ", torn tail" } else { "" }
        )
        .unwrap();
        let resume = run(dormant_against(
            home.path(),
            self.world.target(),
            &["resume", "--yes"],
        ))
        .await;
        assert!(
            resume.status.success(),
            "{what}: resume: {}",
            String::from_utf8_lossy(&resume.stderr)
        );
        let found = self.world.assert_batch_done(home.path(), what).await;
        if let Some(account) = paused {
            let resumed = read_journal(&journal).unwrap();
            let outcome = resumed.outcomes.get(&account).map(|(_, outcome)| outcome);
            let reread = Outcome::Succeeded {
                confirmed_by: Confirmation::Reread,
            };
            assert_eq!(outcome, Some(&reread), "{what}: {account}");
        }
        let files = self.check_files(home.path());
        assert_eq!(
            files.parsed.get("journal"),
            Some(&1),
            "{what}: {:?}",
            files.parsed
        );
        assert_eq!(files.parsed.get("plan"), Some(&1), "{what}: {:?}", files.parsed);
        let planned = self.world.plan.entries.len();
        self.row(
            label,
            landed,
            "resume completed".to_owned(),
            format!("{}/{planned}", found.acted_once),
            found.duplicates.to_string(),
            files.summary(),
        );
    }
}
