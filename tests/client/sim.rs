//! The client against the simulator on loopback: a full load equals the simulator's ground truth,
//! and the partitioned, two-ended paging misses and repeats no one.

use crate::support::expected;

use dormant::api::{LoadOptions, LoadPhase};
use dormant::directory::{Activity, Classifier, Exclusions, Lane, Policy};
use std::sync::Mutex;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_load_equals_the_dump() {
    let sim = dormant::sim::start(expected::config(1_500, 7))
        .await
        .expect("simulator starts");
    let client = expected::client(&sim);
    let events = Mutex::new(Vec::new());
    let outcome = dormant::api::load_directory(&client, &sim.org_id, &LoadOptions::default(), &|event| {
        events.lock().expect("events").push(event);
    })
    .await
    .expect("load");
    let truth = expected::dump(&sim).await;
    expected::assert_matches(&outcome.directory, &truth);

    let stats = &outcome.stats;
    assert_eq!(stats.expected_users, truth.users.len() as u64);
    assert_eq!(stats.sweep, None, "the partitions covered everyone");
    let omitted = truth.users.iter().filter(|u| u.search_omits_activity).count();
    assert_eq!(stats.activity.missing, omitted);
    let activity = stats.activity;
    assert_eq!(
        activity.calls as usize + activity.not_needed + activity.skipped,
        omitted
    );
    // Those holding a billable seat through their groups are looked up; the others are not.
    let directory = &outcome.directory;
    let granted = directory.groups.iter().any(|group| !group.grants.is_empty());
    assert_eq!(stats.activity.calls > 0, granted, "{:?}", stats.activity);
    assert!(stats.activity.not_needed > 0, "{:?}", stats.activity);
    // Whoever was not looked up can never be cleanup-ready for it (rule 14).
    let classifier = Classifier::new(
        directory,
        &Policy::default(),
        &Exclusions::default(),
        directory.loaded_at,
    );
    for user in directory.users.iter().filter(|u| u.activity == Activity::Unknown) {
        assert_ne!(
            classifier.verdict(user).lane,
            Lane::CleanupReady,
            "{}",
            user.account_id
        );
    }
    assert_eq!(stats.requests, client.stats().requests);

    let events = events.into_inner().expect("events");
    assert_eq!(events.first().map(|e| e.phase), Some(LoadPhase::Organization));
    let last = events.last().copied().expect("progress reported");
    assert_eq!(
        (last.phase, last.users, last.total),
        (LoadPhase::Done, truth.users.len(), Some(truth.users.len() as u64))
    );
    assert!(
        events
            .windows(2)
            .all(|pair| pair[0].requests <= pair[1].requests && pair[0].users <= pair[1].users)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_pages_from_both_ends_miss_and_repeat_no_one() {
    let sim = dormant::sim::start(expected::config(3_000, 21))
        .await
        .expect("simulator starts");
    let client = expected::client(&sim);
    let options = LoadOptions {
        page_size: 7,
        concurrency: 5,
        ..LoadOptions::default()
    };
    let outcome = expected::load(&client, &sim.org_id, &options).await;
    let truth = expected::dump(&sim).await;
    expected::assert_matches(&outcome.directory, &truth);

    let stats = &outcome.stats;
    assert_eq!(stats.sweep, None);
    assert!(
        stats.partitions.iter().any(|p| p.two_ended),
        "{:?}",
        stats.partitions
    );
    // Every record beyond one per account is either a second directory or the overlap where the
    // two ends of a partition met (at most a page per end).
    let records: u64 = stats.partitions.iter().map(|p| p.records).sum();
    let in_two_directories = truth.users.iter().filter(|u| u.directories.len() > 1).count() as u64;
    let overlap_bound: u64 = stats
        .partitions
        .iter()
        .filter(|p| p.two_ended)
        .map(|_| 2 * 7)
        .sum();
    let extra = records - truth.users.len() as u64;
    assert!(
        extra >= in_two_directories && extra <= in_two_directories + overlap_bound,
        "{extra} extra records"
    );
}
