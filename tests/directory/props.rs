//! Invariants of the directory model over generated orgs: protection, marks that survive every
//! sort, filter and reload, exact negation, and sorting as a stable permutation.

use crate::support::users as support;

use dormant::directory::{
    AccountId, Activity, AllowEntry, Directory, DirectoryIndex, Exclusion, Exclusions, Lane, Marks, Policy,
    Query, RowSet, SortColumn, SortKey, UserStatus, View, targets,
};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::sync::Arc;
use support::{Rng, days_ago, generate_org, now};

/// A generated org plus allowlist entries and exclusions drawn from it.
fn setup(seed: u64, size: usize) -> (Directory, Policy, Exclusions) {
    let directory = generate_org(seed, size);
    let mut rng = Rng::new(seed ^ 0xA11_0715);
    let entry = |value: String| AllowEntry {
        value,
        reason: "kept by decision".to_owned(),
    };
    let mut policy = Policy::default();
    let some_user = |rng: &mut Rng| &directory.users[rng.below(size as u64) as usize];
    policy
        .allowlist
        .accounts
        .push(entry(some_user(&mut rng).account_id.to_string()));
    if let Some(email) = some_user(&mut rng).email.clone() {
        policy.allowlist.accounts.push(entry(email.to_uppercase()));
    }
    policy
        .allowlist
        .groups
        .push(entry(rng.pick(&directory.groups).name.clone()));
    policy.allowlist.domains.push(entry("partner.example".to_owned()));
    let exclusions = (0..3)
        .map(|_| Exclusion {
            account_id: some_user(&mut rng).account_id.clone(),
            reason: "on leave".to_owned(),
            excluded_at: days_ago(2),
            name: None,
        })
        .collect();
    (directory, policy, exclusions)
}

fn index_of(directory: Directory, policy: &Policy, exclusions: &Exclusions) -> DirectoryIndex {
    DirectoryIndex::build(Arc::new(directory), policy, exclusions, now())
}

fn term() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "idle:never",
        "idle:unknown",
        "added:unknown",
        "products:none",
        "jira:never",
        "bitbucket:never",
        "type:managed",
        "type:unmanaged",
        "type:synced",
        "type:invited",
        "type:admin",
        "type:service",
        "type:app",
        "type:customer",
        "status:active",
        "status:suspended",
        "status:deactivated",
        "status:not_invited",
        "status:for_deletion",
        "lane:ready",
        "lane:review",
        "lane:active",
        "lane:protected",
        "group:engineering",
        "group:~team",
        "group:\"all staff\"",
        "domain:partner.example",
        "domain:acme.example",
        "marked",
        "excluded",
        "\"ada lovelace\"",
        "acme",
        "ø",
    ]);
    // Known product keys are valid in any org (trello only where someone has it).
    let field = prop::sample::select(vec!["idle", "added", "jira", "confluence", "jsm", "bitbucket"]);
    let op = prop::sample::select(vec![">", "<", ">=", "<=", "=", ""]);
    // Dates around the generated org's activity: 2023-01-01 plus up to about four years.
    let date = (op.clone(), 0_i64..1500).prop_map(|(op, days)| {
        let first = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
        format!(
            "active:{op}{}",
            (first + chrono::Duration::days(days)).format("%Y-%m-%d")
        )
    });
    prop_oneof![
        fixed.prop_map(str::to_owned),
        (field, op.clone(), 0_u32..800).prop_map(|(field, op, days)| format!("{field}:{op}{days}")),
        date,
        (op, 0_u32..5).prop_map(|(op, count)| format!("products:{op}{count}")),
        "[a-zé.@]{1,3}",
    ]
}

fn sort_key() -> impl Strategy<Value = SortKey> {
    let columns = prop::sample::select(vec![
        SortColumn::Name,
        SortColumn::Email,
        SortColumn::LastActive,
        SortColumn::LastActiveOn("jira".into()),
        SortColumn::LastActiveOn("bitbucket".into()),
        SortColumn::DaysIdle,
        SortColumn::Lane,
        SortColumn::Type,
        SortColumn::Status,
        SortColumn::Groups,
        SortColumn::AddedToOrg,
        SortColumn::SeatIdle(None),
        SortColumn::SeatIdle(Some("jira".into())),
    ]);
    (columns, any::<bool>()).prop_map(|(column, descending)| SortKey { column, descending })
}

fn parse(index: &DirectoryIndex, text: &str) -> Query {
    Query::parse(text, &index.products()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The sort key recomputed from the users, independently of the index's precomputed orders.
fn key_of(index: &DirectoryIndex, row: u32, column: &SortColumn) -> (i64, String) {
    let user = index.user(row);
    let last = |activity: &Activity, product: Option<&str>| match activity {
        Activity::Unknown => i64::MAX,
        Activity::Known(products) => match product {
            None => activity.last_active().map_or(i64::MIN, |at| at.timestamp()),
            Some(key) => products
                .iter()
                .find(|p| p.product.as_str() == key)
                .map_or(i64::MAX, |p| p.last_active.map_or(i64::MIN, |at| at.timestamp())),
        },
    };
    let status = |status: &UserStatus| match status {
        UserStatus::Active => 0,
        UserStatus::Suspended => 1,
        UserStatus::Deactivated => 2,
        UserStatus::NotInvited => 3,
        UserStatus::ForDeletion => 4,
        UserStatus::Other(_) => 5,
    };
    match column {
        SortColumn::Name => (0, user.name.to_lowercase()),
        SortColumn::Email => {
            let email = user.email.as_deref().unwrap_or_default().to_lowercase();
            (i64::from(email.is_empty()), email)
        }
        SortColumn::LastActive => (last(&user.activity, None), String::new()),
        SortColumn::LastActiveOn(product) => (last(&user.activity, Some(product.as_str())), String::new()),
        SortColumn::DaysIdle => (index.idle_days(row).map_or(i64::MAX, i64::from), String::new()),
        SortColumn::Lane => (index.lane(row) as i64, String::new()),
        SortColumn::Type => (index.kind(row) as i64, String::new()),
        SortColumn::Status => (status(&user.status), String::new()),
        SortColumn::Groups => (i64::try_from(user.groups.len()).expect("small"), String::new()),
        SortColumn::AddedToOrg => match user.added_to_org {
            Some(at) => (at.timestamp(), String::new()),
            None => (i64::MAX, String::new()),
        },
        SortColumn::SeatIdle(product) => {
            let seats = index.user_seats(row);
            let most = seats
                .seats
                .iter()
                .zip(&seats.verdicts)
                .filter(|(seat, _)| {
                    seat.is_billable() && product.as_ref().is_none_or(|key| &seat.product == key)
                })
                .filter_map(|(_, verdict)| verdict.unused_days)
                .max();
            (most.map_or(i64::MAX, |days| -i64::from(days)), String::new())
        }
    }
}

fn tie_breaker(index: &DirectoryIndex, row: u32) -> (String, AccountId) {
    let user = index.user(row);
    (user.name.to_lowercase(), user.account_id.clone())
}

proptest! {
    // Seeded, so every run checks the same cases; no regression files are written.
    #![proptest_config(ProptestConfig {
        cases: 48,
        rng_seed: RngSeed::Fixed(0x00d0_4a47),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn protected_users_are_never_ready_and_can_never_be_marked(
        seed in any::<u64>(),
        size in 1_usize..300,
        picks in prop::collection::vec((any::<u16>(), any::<u16>()), 1..20),
        query in term(),
    ) {
        let (directory, policy, exclusions) = setup(seed, size);
        let index = index_of(directory, &policy, &exclusions);
        let mut marks = Marks::default();
        let visible = View::new(&index, &parse(&index, &query), &SortKey::default(), &marks);
        for row in 0..index.len() as u32 {
            let classification = index.classification(row);
            prop_assert!(!classification.reasons.is_empty());
            prop_assert_eq!(classification.lane, index.lane(row), "verdict and reasons agree");
            if classification.allowlisted || index.user(row).platform_roles.iter().any(|r| r.as_str().ends_with("-admin")) {
                prop_assert_eq!(classification.lane, Lane::Protected);
            }
        }
        for (from, to) in picks {
            let (from, to) = (usize::from(from) % index.len(), usize::from(to) % index.len());
            match from % 3 {
                // A refusal is the expected answer for protected rows; the check below is what matters.
                0 => { let _ = marks.toggle(&index, from as u32); }
                1 => { marks.mark_rows(&index, visible.range(from, to)); }
                _ => { marks.mark_rows(&index, visible.rows()); }
            }
        }
        for account in marks.iter() {
            let row = index.row_of(account).expect("marked accounts are in the org");
            prop_assert_ne!(index.lane(row), Lane::Protected);
        }
        let chosen = targets(&marks, &index, Some(0));
        for account in &chosen.accounts {
            prop_assert_ne!(index.lane(index.row_of(account).expect("present")), Lane::Protected);
        }
    }

    #[test]
    fn marks_survive_any_sort_filter_and_reload(
        seed in any::<u64>(),
        size in 1_usize..300,
        mark_every in 1_usize..7,
        sorts in prop::collection::vec(sort_key(), 1..4),
        queries in prop::collection::vec(term(), 1..4),
        shuffle_seed in any::<u64>(),
    ) {
        let (directory, policy, exclusions) = setup(seed, size);
        let index = index_of(directory.clone(), &policy, &exclusions);
        let mut marks = Marks::default();
        let every: Vec<u32> = (0..index.len() as u32).step_by(mark_every).collect();
        marks.mark_rows(&index, &every);
        let before = marks.clone();
        for (sort, query) in sorts.iter().zip(queries.iter().cycle()) {
            let view = View::new(&index, &parse(&index, query), sort, &marks);
            let shown_marked = view.rows().iter().filter(|&&r| marks.contains(&index.user(r).account_id)).count();
            prop_assert_eq!(shown_marked + view.hidden_marks(&index, &marks), marks.len());
        }
        prop_assert_eq!(&marks, &before);

        let mut shuffled = directory;
        let mut rng = Rng::new(shuffle_seed);
        for i in (1..shuffled.users.len()).rev() {
            shuffled.users.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let reloaded = index_of(shuffled, &policy, &exclusions);
        let reconciled = marks.reconcile(&reloaded);
        prop_assert!(reconciled.vanished.is_empty() && reconciled.now_protected.is_empty());
        prop_assert_eq!(&marks, &before);
        let marked = parse(&reloaded, "marked").matches(&reloaded, &marks);
        let mut found: Vec<AccountId> = marked.iter().map(|r| reloaded.user(r as u32).account_id.clone()).collect();
        found.sort();
        prop_assert_eq!(found, marks.iter().cloned().collect::<Vec<_>>());
    }

    #[test]
    fn negation_selects_exactly_the_complement(seed in any::<u64>(), size in 1_usize..300, term in term()) {
        let (directory, policy, exclusions) = setup(seed, size);
        let index = index_of(directory, &policy, &exclusions);
        let mut marks = Marks::default();
        marks.mark_rows(&index, &(0..index.len() as u32).step_by(3).collect::<Vec<_>>());
        let matched = parse(&index, &term).matches(&index, &marks);
        let negated = parse(&index, &format!("!{term}")).matches(&index, &marks);
        let mut both = matched.clone();
        both.intersect_with(&negated);
        prop_assert_eq!(both.count(), 0);
        let mut either = matched;
        either.union_with(&negated);
        prop_assert_eq!(either, RowSet::full(index.len()));
    }

    #[test]
    fn sorting_is_a_stable_permutation_of_the_filter(
        seed in any::<u64>(),
        size in 1_usize..300,
        sort in sort_key(),
        query in term(),
    ) {
        let (directory, policy, exclusions) = setup(seed, size);
        let index = index_of(directory, &policy, &exclusions);
        let marks = Marks::default();
        let view = View::new(&index, &parse(&index, &query), &sort, &marks);
        let mut rows: Vec<usize> = view.rows().iter().map(|&r| r as usize).collect();
        for pair in view.rows().windows(2) {
            let (a, b) = (key_of(&index, pair[0], &sort.column), key_of(&index, pair[1], &sort.column));
            if a == b {
                prop_assert!(tie_breaker(&index, pair[0]) < tie_breaker(&index, pair[1]));
            } else {
                prop_assert_eq!(a < b, !sort.descending, "{:?} then {:?}", a, b);
            }
        }
        rows.sort_unstable();
        prop_assert_eq!(rows, view.matched().iter().collect::<Vec<_>>());
    }
}

/// A query of `term()`s joined by space, `AND` and `OR`, negated by `!` and `NOT`, in parentheses.
fn expression() -> impl Strategy<Value = String> {
    term().prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} AND {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} OR {b}")),
            inner.clone().prop_map(|a| format!("!({a})")),
            inner.clone().prop_map(|a| format!("NOT ({a})")),
            inner.prop_map(|a| format!("({a})")),
        ]
    })
}

fn rows(index: &DirectoryIndex, marks: &Marks, text: &str) -> RowSet {
    parse(index, text).matches(index, marks)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        rng_seed: RngSeed::Fixed(0x0071_5e15),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The grammar's round trip: a query printed back parses to a query that prints the same
    /// and selects the same users.
    #[test]
    fn a_printed_query_parses_back_to_the_same_selection(seed in any::<u64>(), size in 1_usize..200, text in expression()) {
        let (directory, policy, exclusions) = setup(seed, size);
        let index = index_of(directory, &policy, &exclusions);
        let mut marks = Marks::default();
        marks.mark_rows(&index, &(0..index.len() as u32).step_by(4).collect::<Vec<_>>());
        let query = parse(&index, &text);
        let printed = query.to_string();
        let again = parse(&index, &printed);
        prop_assert_eq!(again.to_string(), printed.clone(), "from {}", text);
        prop_assert_eq!(again.matches(&index, &marks), query.matches(&index, &marks), "{} vs {}", text, printed);
    }

    /// NOT binds tighter than AND (space or `AND`), AND tighter than OR; a list is an OR.
    #[test]
    fn operators_are_set_operations_with_their_precedence(
        seed in any::<u64>(),
        size in 1_usize..200,
        (a, b, c) in (term(), term(), term()),
    ) {
        let (directory, policy, exclusions) = setup(seed, size);
        let index = index_of(directory, &policy, &exclusions);
        let mut marks = Marks::default();
        marks.mark_rows(&index, &(0..index.len() as u32).step_by(3).collect::<Vec<_>>());
        let set = |text: &str| rows(&index, &marks, text);
        let (sa, sb, sc) = (set(&a), set(&b), set(&c));
        let and = |x: &RowSet, y: &RowSet| { let mut r = x.clone(); r.intersect_with(y); r };
        let or = |x: &RowSet, y: &RowSet| { let mut r = x.clone(); r.union_with(y); r };
        let not = |x: &RowSet| { let mut r = x.clone(); r.complement(); r };
        prop_assert_eq!(set(&format!("{a} {b} OR {c}")), or(&and(&sa, &sb), &sc));
        prop_assert_eq!(set(&format!("{a} OR {b} AND {c}")), or(&sa, &and(&sb, &sc)));
        prop_assert_eq!(set(&format!("{a} ({b} OR {c})")), and(&sa, &or(&sb, &sc)));
        prop_assert_eq!(set(&format!("!{a} OR {b}")), or(&not(&sa), &sb));
        prop_assert_eq!(set(&format!("NOT {a} {b}")), and(&not(&sa), &sb));
        prop_assert_eq!(set(&format!("!({a} OR {b})")), and(&not(&sa), &not(&sb)));
        prop_assert_eq!(set("lane:ready,review"), or(&set("lane:ready"), &set("lane:review")));
        prop_assert_eq!(set("!lane:ready,active"), not(&or(&set("lane:ready"), &set("lane:active"))));
    }

    /// Rule 14: a group, domain or product the org does not have is never a selection, negated
    /// or not: it is an error whose suggestions are names the org has.
    #[test]
    fn a_name_the_org_lacks_is_an_error_offering_names_it_has(
        seed in any::<u64>(),
        size in 1_usize..200,
        pick in any::<prop::sample::Index>(),
        edit in 0_usize..3,
        negated in any::<bool>(),
    ) {
        let (directory, policy, exclusions) = setup(seed, size);
        let groups: Vec<String> = directory.groups.iter().map(|g| g.name.to_lowercase()).collect();
        let index = index_of(directory, &policy, &exclusions);
        let name = pick.get(&groups).clone();
        let sign = if negated { "!" } else { "" };
        index.parse_query(&format!("{sign}group:\"{name}\"")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let typo = match edit {
            0 => format!("{name}x"),
            1 => name.chars().skip(1).collect(),
            _ => format!("q{name}"),
        };
        prop_assume!(!typo.is_empty() && !groups.contains(&typo));
        let error = index.parse_query(&format!("lane:ready {sign}group:\"{typo}\"")).expect_err("a typo");
        let (_, offered) = error.problem.split_once("did you mean ").expect("suggestions");
        // The names are the `quoted` pieces: every other piece between backticks.
        let offered: Vec<&str> = offered.split('`').skip(1).step_by(2).collect();
        prop_assert!(!offered.is_empty() && offered.len() <= 3, "{}", error);
        for name in offered {
            prop_assert!(groups.contains(&name.trim_matches('"').to_owned()), "{} offered in {}", name, error);
        }
        let domain = index.parse_query(&format!("{sign}domain:nowhere.invalid")).expect_err("no such domain");
        prop_assert!(domain.problem.starts_with("no user has an email at `nowhere.invalid`"), "{}", domain);
        let product = index.parse_query(&format!("{sign}loom:>3")).map(|_| ()).map_err(|e| e.problem);
        prop_assert_eq!(product.is_ok(), index.products().iter().any(|p| p.as_str() == "loom"));
    }
}
