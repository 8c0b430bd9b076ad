//! Benchmark of the directory model at 100,000 generated users: typing a filter, changing the
//! sort, classifying the org, building the index, and resident memory. Prints figures only;
//! never asserts on time. Run with `cargo bench --bench directory`.

#[path = "../support/users.rs"]
mod support;

use dormant::directory::{
    Classifier, DirectoryIndex, Exclusions, Marks, Policy, Query, SortColumn, SortKey, View, classify_all,
};
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{generate_org, now};

const USERS: usize = 100_000;
const QUERIES: [&str; 6] = [
    "lovelace",
    "idle:>90 !type:admin",
    "jsm:>30 lane:ready",
    "group:~team !domain:acme.example",
    "status:active idle:>180 confluence:never",
    "!lane:protected ada",
];

fn main() {
    let rss_start = resident_kib();
    let directory = generate_org(0x00d0_4a47, USERS);
    let rss_directory = resident_kib();
    let (policy, exclusions) = (Policy::default(), Exclusions::default());

    let started = Instant::now();
    let index = DirectoryIndex::build(Arc::new(directory), &policy, &exclusions, now());
    let first_build = started.elapsed();
    let rss_index = resident_kib();

    let builds = measure(4, || {
        black_box(DirectoryIndex::build(
            index.directory().clone(),
            &policy,
            &exclusions,
            now(),
        ));
    });
    let classify_lanes = measure(11, || {
        let classifier = Classifier::new(index.directory(), &policy, &exclusions, now());
        let users = &index.directory().users;
        black_box(
            users
                .iter()
                .map(|user| classifier.verdict(user).lane)
                .collect::<Vec<_>>(),
        );
    });
    let classify_reasons = measure(5, || {
        black_box(classify_all(index.directory(), &policy, &exclusions, now()));
    });
    let typing = typing(&index);
    let sorting = sorting(&index);

    println!("directory model at {USERS} users ({})", lanes(&index));
    report("index build", &with(builds, first_build));
    report("classify whole org (lanes, as every load)", &classify_lanes);
    report("classify whole org with all reasons", &classify_reasons);
    let keystrokes: Vec<Duration> = typing
        .iter()
        .flat_map(|(_, samples)| samples.iter().copied())
        .collect();
    report(
        &format!("filter keystroke ({} keystrokes)", keystrokes.len() / 5),
        &keystrokes,
    );
    for (query, samples) in &typing {
        report(&format!("  typing {query:?}"), samples);
    }
    report("sort change (100,000 visible)", &sorting);
    match (rss_start, rss_directory, rss_index) {
        (Some(start), Some(directory), Some(index)) => println!(
            "resident memory: directory {:.1} MiB + index {:.1} MiB = {:.1} MiB (VmRSS delta)",
            mib(directory - start),
            mib(index - directory),
            mib(index - start)
        ),
        _ => println!("resident memory: /proc/self/status has no VmRSS on this system"),
    }
}

/// Every prefix of every query, as typed; a prefix that does not parse costs only the parse (the
/// TUI keeps the previous view and shows the error).
fn typing(index: &DirectoryIndex) -> Vec<(&'static str, Vec<Duration>)> {
    let (marks, sort, products) = (Marks::default(), SortKey::default(), index.products());
    let mut per_query: Vec<(&str, Vec<Duration>)> = QUERIES.iter().map(|q| (*q, Vec::new())).collect();
    for _round in 0..5 {
        for (query, samples) in &mut per_query {
            for end in query.char_indices().map(|(at, c)| at + c.len_utf8()) {
                let started = Instant::now();
                if let Ok(parsed) = Query::parse(&query[..end], &products) {
                    black_box(View::new(index, &parsed, &sort, &marks));
                }
                samples.push(started.elapsed());
            }
        }
    }
    per_query
}

/// Re-sorting the whole org (empty filter) through every column, both directions.
fn sorting(index: &DirectoryIndex) -> Vec<Duration> {
    let marks = Marks::default();
    let mut view = View::new(index, &Query::default(), &SortKey::default(), &marks);
    let mut columns = vec![
        SortColumn::Name,
        SortColumn::Email,
        SortColumn::LastActive,
        SortColumn::DaysIdle,
        SortColumn::Lane,
        SortColumn::Type,
        SortColumn::Status,
        SortColumn::Groups,
        SortColumn::AddedToOrg,
    ];
    columns.extend(index.products().into_iter().map(SortColumn::LastActiveOn));
    let mut samples = Vec::new();
    for _round in 0..5 {
        for column in &columns {
            for descending in [false, true] {
                let sort = SortKey {
                    column: column.clone(),
                    descending,
                };
                let started = Instant::now();
                view.resort(index, &sort);
                black_box(view.rows().first());
                samples.push(started.elapsed());
            }
        }
    }
    samples
}

fn measure(runs: usize, mut work: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect()
}

fn with(mut samples: Vec<Duration>, extra: Duration) -> Vec<Duration> {
    samples.push(extra);
    samples
}

fn report(what: &str, samples: &[Duration]) {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let p99 = sorted[(sorted.len() * 99).div_ceil(100) - 1];
    println!(
        "{what:<44} median {:>8.3} ms   p99 {:>8.3} ms   ({} runs)",
        ms(median),
        ms(p99),
        sorted.len()
    );
}

fn lanes(index: &DirectoryIndex) -> String {
    let counts = index.lane_counts();
    dormant::directory::Lane::ALL
        .iter()
        .map(|&lane| format!("{lane}: {}", counts.get(lane)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// `VmRSS` in KiB; `None` where `/proc` is absent.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
