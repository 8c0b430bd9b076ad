//! The plan reader (`cli::read_plan`, what `dormant apply` runs on a plan file): plans written as
//! `dormant plan` writes them (pretty JSON), mutated, and raw bytes. A readable plan must be the
//! plan that was written; anything else a clear, printable refusal.

use super::harness::{self, Outcome, check_message};
use super::journal::plan;
use super::mutate::{self, Mutation};
use dormant::batch::Plan;
use dormant::cli::read_plan;
use proptest::prelude::*;
use std::sync::LazyLock;

static SCRATCH: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().unwrap());
static WRITTEN: LazyLock<(Plan, Vec<u8>)> = LazyLock::new(|| {
    let plan = plan();
    let bytes = serde_json::to_vec_pretty(&plan).unwrap();
    (plan, bytes)
});

fn read(bytes: &[u8]) -> Result<Option<Plan>, TestCaseError> {
    let path = SCRATCH.path().join("plan.json");
    std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    match read_plan(&path) {
        Ok(plan) => Ok(Some(plan)),
        Err(error) => {
            check_message(&error.to_string(), false)?;
            Ok(None)
        }
    }
}

pub fn mutated() -> Outcome {
    harness::run("plan mutated", mutate::mutations(), |mutations: Vec<Mutation>| {
        let (plan, bytes) = &*WRITTEN;
        let read_back = read(bytes)?;
        prop_assert_eq!(read_back.as_ref(), Some(plan), "a written plan did not read back");
        read(&mutate::apply_all(bytes, &mutations)).map(drop)
    })
}

pub fn raw() -> Outcome {
    harness::run("plan raw", mutate::raw_bytes(300), |bytes| read(&bytes).map(drop))
}
