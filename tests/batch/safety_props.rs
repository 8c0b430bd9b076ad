//! Nothing is acted on that the admin did not see and mean. For random orgs (every lane,
//! warnings given or not, `require_warning` on or off), random queries and marks, random include
//! choices, random hand edits of the plan and random confirmed sections, committed against an
//! in-memory org: the accounts changed are a subset of those the preview showed in a confirmed
//! section; none is outside cleanup-ready unless its lane was included; with `require_warning`,
//! none is changed before its warning's deadline; with `read_only`, nothing is changed at all.

use crate::support::memory_org;
use crate::support::users as support;

use dormant::batch::{
    BatchStore, CancelToken, CommitError, CommitSettings, Confirmed, Permission, Plan, PlanError,
    PlanOptions, Preview, ReadOnly, Safeguard, Section, commit,
};
use dormant::directory::{
    AccountId, AccountType, Activity, DirectoryIndex, Exclusions, GraceDays, Lane, PlatformRole, Policy,
    User, UserStatus, Warning, WarningStanding, Warnings,
};
use dormant::report::Selection;
use dormant::store::Paths;
use memory_org::MemoryOrg;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;
use support::{UserBuilder, days_ago, directory, now};

/// One random user of any lane: `flavour` picks what else is true of it.
fn user(i: usize, flavour: u8, idle_days: i64) -> User {
    let base =
        UserBuilder::new(&format!("u{i:03}"), &format!("User {i}")).products(&[("jira", Some(idle_days))]);
    match flavour % 10 {
        0 => base.role(PlatformRole::OrgAdmin).build(),
        1 => base.account_type(AccountType::App).build(),
        2 => base.status(UserStatus::Suspended).build(),
        3 => base.activity(Activity::Unknown).build(),
        4 => base.synced().build(),
        5 => base.added(Some(3)).products(&[("jira", None)]).build(),
        _ => base.build(),
    }
}

/// A warning given `days` days ago with the default grace (14 days).
fn warning(days: i64) -> Warning {
    Warning {
        warned_at: days_ago(days),
        deadline: GraceDays::DEFAULT.deadline_from(days_ago(days)),
    }
}

struct World {
    users: Vec<User>,
    index: DirectoryIndex,
}

fn world(flavours: &[(u8, i64, Option<i64>)], require_warning: bool) -> World {
    let users: Vec<User> = flavours
        .iter()
        .enumerate()
        .map(|(i, (flavour, idle, _))| user(i, *flavour, *idle))
        .collect();
    let mut warnings = Warnings::default();
    for (user, (_, _, warned)) in users.iter().zip(flavours) {
        if let Some(days) = warned {
            warnings.record(user.account_id.clone(), warning(*days));
        }
    }
    let mut policy = Policy::default();
    policy.warning.require = require_warning;
    let index = DirectoryIndex::build_warned(
        Arc::new(directory(users.clone(), Vec::new())),
        &policy,
        &Exclusions::default(),
        warnings,
        now(),
    );
    World { users, index }
}

fn run_commit(org: &MemoryOrg, plan: Plan, safeguard: &Safeguard) -> Result<(), CommitError> {
    let home = tempfile::tempdir().expect("tempdir");
    let store = BatchStore::new(&Paths::under(home.path()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let settings = CommitSettings {
        concurrency: 3,
        ..CommitSettings::default()
    };
    let result = runtime.block_on(commit(
        org,
        plan,
        safeguard,
        &store,
        &settings,
        |_| {},
        &CancelToken::new(),
    ));
    if result.is_err() {
        assert!(
            !store.journals_dir().exists() || store.unfinished().expect("journals").is_empty(),
            "a refused commit leaves no journal"
        );
    }
    result.map(|_| ())
}

const QUERIES: [&str; 7] = [
    "",
    "lane:ready",
    "lane:active",
    "lane:review",
    "idle:<7",
    "idle:>90",
    "lane:active idle:<7",
];

const LANES: [Lane; 2] = [Lane::NeedsReview, Lane::Active];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn only_users_shown_in_a_confirmed_section_are_committed(
        flavours in proptest::collection::vec((0u8..10, 0i64..400, proptest::option::of(0i64..40)), 1..40),
        query in 0usize..QUERIES.len(),
        marks in proptest::collection::vec(any::<bool>(), 40),
        include in proptest::collection::vec(any::<bool>(), 2),
        confirm in proptest::collection::vec(any::<bool>(), 3),
        require_warning in any::<bool>(),
        read_only in any::<bool>(),
        flip_refusals in any::<bool>(),
        relabel in proptest::option::of(0usize..3),
    ) {
        let World { users, index } = world(&flavours, require_warning);
        let selected = Selection::parse(&index, Some(QUERIES[query]), None).expect("query").rows(&index);
        let mut candidates: Vec<AccountId> = selected
            .iter()
            .zip(&marks)
            .filter(|(_, marked)| **marked)
            .map(|(row, _)| index.user(*row).account_id.clone())
            .collect();
        if candidates.is_empty() {
            candidates = selected.iter().map(|row| index.user(*row).account_id.clone()).collect();
        }
        prop_assume!(!candidates.is_empty());
        let include_lanes: Vec<Lane> =
            LANES.iter().zip(&include).filter(|(_, on)| **on).map(|(lane, _)| *lane).collect();
        let read_only_permission = Permission::ReadOnly(ReadOnly::Session);
        let options = PlanOptions { include_lanes: include_lanes.clone(), ..PlanOptions::default() };
        if read_only {
            let refused = Plan::build(
                &index,
                candidates.clone(),
                &PlanOptions { permission: read_only_permission.clone(), ..options.clone() },
                now(),
            );
            prop_assert!(matches!(refused, Err(PlanError::ReadOnly(_))), "{refused:?}");
        }
        let mut plan = Plan::build(&index, candidates, &options, now()).expect("plan");
        // Hand edits of the plan file: refusals cleared, entries moved to another section.
        for entry in &mut plan.entries {
            if flip_refusals {
                entry.refusal = None;
            }
            if let Some(section) = relabel {
                entry.section = Some(Section::ALL[section]);
            }
        }
        // What `apply` shows for the plan as handed to it, and the sections the admin confirms.
        let preview = Preview::of(&plan, &Policy::default().prices, 0, now());
        let confirmed = Confirmed::only(
            preview.all_sections().iter().zip(&confirm).filter(|(_, on)| **on).map(|(s, _)| s),
        );
        let shown: BTreeSet<String> = preview
            .sections
            .iter()
            .filter(|shown| confirmed.contains(shown.section))
            .flat_map(|shown| shown.accounts.iter().map(|account| account.account_id.clone()))
            .collect();
        let org = MemoryOrg::of(&users);
        let mut safeguard = Safeguard::new(index.classifier().clone()).confirming(confirmed);
        if read_only {
            safeguard = safeguard.with_permission(read_only_permission);
        }
        let result = run_commit(&org, plan, &safeguard);
        let changed = org.changed();
        if read_only {
            prop_assert!(matches!(result, Err(CommitError::ReadOnly(_))), "{result:?}");
            prop_assert!(changed.is_empty(), "read-only changed {changed:?}");
        }
        for account in &changed {
            prop_assert!(shown.contains(account.as_str()), "{account} was not shown in a confirmed section");
            let row = index.row_of(account).expect("in the org");
            let lane = index.lane(row);
            prop_assert!(
                lane == Lane::CleanupReady || include_lanes.contains(&lane),
                "{account} of lane {lane} changed without the include choice"
            );
            if require_warning {
                let user = index.user(row);
                let standing = WarningStanding::of(
                    index.classifier().warnings().get(account),
                    user.activity.last_active(),
                    now(),
                );
                prop_assert!(matches!(standing, WarningStanding::Due(_)), "{account}: {standing:?}");
            }
        }
    }
}
