//! Fuzzing (issue 8) as property tests, since CI runs stable and the repo has no `fuzz/` dir:
//! the query parser, the wire decoders, the journal reader, the config loader and the plan
//! reader, each fed raw input and mutations of valid input. Every case must end, without a
//! panic, in a value or a typed error whose text is non-empty and free of raw control
//! characters; valid inputs must still mean what they meant. One table of figures per run.
//!
//! `PROPTEST_CASES` sets the cases per target (default: the CI count in `harness`),
//! `DORMANT_FUZZ_SEED` the seed. The long run: `PROPTEST_CASES=20000 cargo test --test
//! reliability fuzz::every_input -- --nocapture` (4 CPU-minutes in a debug build).

#![allow(clippy::unwrap_used)]

use crate::support::suite;

#[path = "fuzz/config.rs"]
mod config;
#[path = "fuzz/harness.rs"]
mod harness;
#[path = "fuzz/journal.rs"]
mod journal;
#[path = "fuzz/json_edit.rs"]
mod json_edit;
#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/plan.rs"]
mod plan;
#[path = "fuzz/query.rs"]
mod query;
#[path = "fuzz/regressions.rs"]
mod regressions;
#[path = "fuzz/wire.rs"]
mod wire;

use harness::Outcome;

/// A row of the table and the run that fills it.
type Target = (&'static str, fn() -> Outcome);

#[test]
fn every_input_ends_in_a_value_or_a_clear_error() {
    let targets: [Target; 13] = [
        ("query parser: raw text", query::raw),
        (
            "query parser: valid queries, then mutated",
            query::valid_and_mutated,
        ),
        ("wire decoders: raw bytes", wire::raw),
        (
            "wire decoders: reference examples, text mutations",
            wire::mutated_text,
        ),
        (
            "wire decoders: reference examples, value mutations",
            wire::mutated_values,
        ),
        (
            "journal reader: written journals cut anywhere",
            journal::truncated,
        ),
        ("journal reader: written journals mutated", journal::mutated),
        ("journal reader: raw bytes", journal::raw),
        ("config loader: raw bytes", config::raw),
        (
            "config loader: valid configs, text mutations",
            config::mutated_text,
        ),
        (
            "config loader: valid configs, value mutations",
            config::mutated_values,
        ),
        ("plan reader: written plan mutated", plan::mutated),
        ("plan reader: raw bytes", plan::raw),
    ];
    let mut table = suite::Table::new("fuzz", &["target", "cases", "wall time", "result"]);
    let mut failures = Vec::new();
    for (name, run) in targets {
        let outcome = run();
        table.row(vec![
            name.to_owned(),
            outcome.cases.to_string(),
            format!("{:.1} s", outcome.wall.as_secs_f64()),
            if outcome.failure.is_some() {
                "FAILED".to_owned()
            } else {
                "ok".to_owned()
            },
        ]);
        if let Some(failure) = outcome.failure {
            failures.push(format!("{name}: {failure}"));
        }
    }
    table.publish();
    println!("seed {}", harness::seed());
    assert!(failures.is_empty(), "fuzz failures:\n{}", failures.join("\n\n"));
}
