//! The world of the crash matrix (`tests/reliability/crash.rs`): one simulator, a template home
//! holding every kind of file dormant owns (config, allowlist, marks, snapshot), copied afresh
//! for each kill, and the checks of what a finished batch must have done to the org and its
//! journal. Uses its siblings `batch`, `crash` and `owned_files`.

#![allow(dead_code, clippy::unwrap_used)]

use super::batch::SimTarget;
use super::crash::{SimProcess, dormant_against, run};
use super::owned_files::{check_home, paths_of};
use dormant::batch::journal::{FinishState, JournalRecord, read_journal};
use dormant::batch::{Outcome, Plan, PlanOptions};
use dormant::directory::{Lane, Marks, UserStatus};
use dormant::store::config::{Config, ProfileName, ProfileRecord, default_path, record_profile};
use dormant::store::{AllowlistFile, MarksStore};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use tempfile::TempDir;

/// What a check of a finished batch found, for the results table.
pub struct BatchFindings {
    /// Planned users whose only simulator action is the planned one.
    pub acted_once: usize,
    /// Simulator actions beyond one per planned user (must be 0).
    pub duplicates: usize,
}

pub struct World {
    pub sim: SimProcess,
    _sim_home: TempDir,
    template: TempDir,
    pub scratch: TempDir,
    /// The org right after a reset, by account id.
    initial: HashMap<String, Value>,
    pub plan: Plan,
}

impl World {
    /// A simulator of `users` accounts, a suspend plan over `planned` of them, and a template
    /// home with a config, an allowlist entry, marks and a snapshot written by a full `report`.
    pub async fn new(users: usize, planned: usize) -> Self {
        let sim_home = tempfile::tempdir().unwrap();
        let sim = SimProcess::start(sim_home.path(), users, 3).await;
        let target = &sim.target;
        let index = target.index().await;
        let plan = SimTarget::plan(&index, planned, &PlanOptions::default());
        assert_eq!(
            plan.acting().count(),
            planned,
            "{planned} active, unprotected users"
        );
        let template = tempfile::tempdir().unwrap();
        let scratch = tempfile::tempdir().unwrap();
        let paths = paths_of(template.path(), &scratch.path().join("template-view"));
        let now = chrono::Utc::now();
        let profile = ProfileName::default_name();
        let config = Config::load(&default_path(&paths)).unwrap();
        let record = ProfileRecord {
            name: profile.clone(),
            org_id: target.org_id.clone().try_into().unwrap(),
            base_url: Some(target.base_url.clone()),
        };
        assert!(record_profile(&config, &record).unwrap());
        // Kept out of the plan: an excluded user the batch must never touch.
        let planned_ids: HashSet<_> = plan.entries.iter().map(|e| e.account_id.clone()).collect();
        let kept = (0..index.len() as u32)
            .find(|&row| {
                let user = index.user(row);
                index.lane(row) != Lane::Protected
                    && user.status == UserStatus::Active
                    && !planned_ids.contains(&user.account_id)
            })
            .unwrap();
        AllowlistFile::new(&paths, &profile)
            .add(index.user(kept).account_id.clone(), "crash matrix", None, now)
            .unwrap();
        let mut marks = Marks::default();
        // Three rows that may be marked (protected ones are refused).
        for row in (0..index.len() as u32)
            .filter(|&row| index.lane(row) != Lane::Protected)
            .take(3)
        {
            assert!(marks.mark(&index, row).unwrap());
        }
        MarksStore::marks(&paths)
            .save(&target.org_id, &marks, now)
            .unwrap();
        let report = run(dormant_against(
            template.path(),
            target,
            &["report", "--format", "json"],
        ))
        .await;
        assert!(
            report.status.success(),
            "{}",
            String::from_utf8_lossy(&report.stderr)
        );
        let files = check_home(template.path(), &scratch.path().join("template-check"));
        assert_eq!(
            files.checked(),
            5,
            "config, allowlist, its change log, marks, snapshot: {:?}",
            files.parsed
        );
        target.reset().await;
        let initial = target.dump_users().await;
        Self {
            sim,
            _sim_home: sim_home,
            template,
            scratch,
            initial,
            plan,
        }
    }

    pub fn target(&self) -> &SimTarget {
        &self.sim.target
    }

    /// A copy of the template home (modes kept), with the org back at its start.
    pub async fn fresh_home(&self) -> TempDir {
        self.target().reset().await;
        let home = tempfile::tempdir().unwrap();
        copy_tree(self.template.path(), home.path());
        home
    }

    /// Writes the plan to `home/plan.json` (as `dormant plan -o` would) and returns its path.
    pub fn write_plan(&self, home: &Path) -> String {
        let path = home.join("plan.json");
        std::fs::write(&path, serde_json::to_vec(&self.plan).unwrap()).unwrap();
        path.to_str().unwrap().to_owned()
    }

    /// No mutation reached the org, and it is as it started.
    pub async fn assert_untouched(&self, what: &str) {
        let actions = self.target().actions().await;
        assert!(actions.is_empty(), "{what}: the org was changed: {actions:?}");
        assert!(
            self.target().dump_users().await == self.initial,
            "{what}: the org differs"
        );
    }

    /// After a resumed batch: the journal in `home` is finished with one outcome per planned
    /// user (each a success), the simulator acted on each planned user exactly once and on nobody
    /// else, and its dump is the initial org with exactly the planned users suspended.
    pub async fn assert_batch_done(&self, home: &Path, what: &str) -> BatchFindings {
        let path = super::crash::journal_in(home).unwrap();
        let journal = read_journal(&path).unwrap_or_else(|error| panic!("{what}: {error}"));
        assert!(
            matches!(journal.finished, Some((_, FinishState::Completed, _))),
            "{what}: not finished"
        );
        assert!(
            journal.in_doubt.is_empty(),
            "{what}: in doubt {:?}",
            journal.in_doubt
        );
        let planned: Vec<String> = self
            .plan
            .entries
            .iter()
            .map(|e| e.account_id.to_string())
            .collect();
        let journalled: Vec<String> = journal
            .plan
            .entries
            .iter()
            .map(|e| e.account_id.to_string())
            .collect();
        assert_eq!(journalled, planned, "{what}: the journal's plan is not the plan");
        // Raw lines, not the summary (which keeps only the first outcome of an account).
        let mut outcomes: HashMap<String, Vec<Outcome>> = HashMap::new();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let record: JournalRecord = serde_json::from_str(line).unwrap();
            if let Some((account, _, outcome)) = record.as_outcome() {
                outcomes.entry(account.to_string()).or_default().push(outcome);
            }
        }
        for account in &planned {
            let recorded = outcomes.remove(account).unwrap_or_default();
            assert!(
                matches!(recorded.as_slice(), [Outcome::Succeeded { .. }]),
                "{what}: {account}: journal outcomes {recorded:?}"
            );
        }
        assert!(
            outcomes.is_empty(),
            "{what}: outcomes of unplanned users {outcomes:?}"
        );

        let mut actions: HashMap<String, Vec<String>> = HashMap::new();
        let mut duplicates = 0;
        for (account, effect) in self.target().actions().await {
            let effects = actions.entry(account).or_default();
            duplicates += usize::from(!effects.is_empty());
            effects.push(effect);
        }
        let mut acted_once = 0;
        for account in &planned {
            let effects = actions.remove(account).unwrap_or_default();
            assert_eq!(effects, ["suspended"], "{what}: {account}");
            acted_once += 1;
        }
        assert!(actions.is_empty(), "{what}: unplanned actions {actions:?}");
        assert_eq!(duplicates, 0, "{what}: duplicate actions");

        let mut expected = self.initial.clone();
        for account in &planned {
            expected.get_mut(account).unwrap()["membership_status"] = Value::from("suspended");
        }
        let dump = self.target().dump_users().await;
        for (account, user) in &expected {
            assert!(
                dump.get(account) == Some(user),
                "{what}: {account} is {:?}",
                dump.get(account)
            );
        }
        assert_eq!(dump.len(), expected.len(), "{what}: users appeared or vanished");
        BatchFindings {
            acted_once,
            duplicates,
        }
    }
}

/// Copies `from` into the existing `to`, keeping each file's and directory's mode.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&target).unwrap();
            copy_tree(&entry.path(), &target);
            let mode = entry.metadata().unwrap().permissions();
            std::fs::set_permissions(&target, mode).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
