//! A plan's identity, recorded in the header of the batch that runs it, so one plan is never
//! started twice: the SHA-256 of the plan as committed (one `dormant plan` run, entries, org,
//! action and creation time: the file the admin confirmed), or, for an undo, the batch it undoes
//! (every undo of one batch is the same plan, whenever it is built). Pure.

use super::plan::Plan;
use crate::types::BatchId;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::fmt;

/// Identifies what a batch set out to do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlanId(String);

impl PlanId {
    /// The identity of `plan`. The plan's JSON is canonical for its value (fields in declaration
    /// order), so the same plan read from its file again has the same identity, and any edit
    /// to it makes another plan.
    #[must_use]
    pub fn of(plan: &Plan) -> Self {
        if let Some(undone) = &plan.undo_of {
            return Self::undo_of(undone);
        }
        // The sections a confirm accepted are stamped on at commit time: the same plan confirmed
        // another way is still the same plan.
        let mut plan = plan.clone();
        plan.confirmed = None;
        let mut hasher = Sha256::new();
        // Serializing a plan cannot fail (no maps with non-string keys, no failing Serialize).
        if let Err(error) = serde_json::to_writer(HashWriter(&mut hasher), &plan) {
            tracing::warn!(target: "dormant::batch", "could not encode a plan to identify it: {error}");
        }
        Self(format!("sha256:{}", hex(&hasher.finalize())))
    }

    fn undo_of(batch: &BatchId) -> Self {
        Self(format!("undo:{batch}"))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lower-case hex of `bytes`.
pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut text, byte| {
            let _infallible = write!(text, "{byte:02x}");
            text
        })
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::BatchAction;
    use crate::types::BatchCap;
    use chrono::TimeZone;

    fn plan() -> Plan {
        let at = chrono::Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        Plan {
            format: crate::batch::PLAN_FORMAT,
            org_id: "org-1".parse().expect("org id"),
            org_name: "Acme".into(),
            action: BatchAction::Suspend,
            message: None,
            created_at: at,
            data_loaded_at: at,
            cap: BatchCap::DEFAULT,
            undo_of: None,
            include_lanes: Vec::new(),
            access: None,
            confirmed: None,
            entries: Vec::new(),
        }
    }

    #[test]
    fn the_same_plan_read_back_is_the_same_plan_and_any_change_is_another() {
        let plan = plan();
        let id = PlanId::of(&plan);
        assert!(
            id.as_str().starts_with("sha256:") && id.as_str().len() == 7 + 64,
            "{id}"
        );
        let read_back: Plan = serde_json::from_str(&serde_json::to_string_pretty(&plan).unwrap()).unwrap();
        assert_eq!(PlanId::of(&read_back), id);
        let mut edited = plan.clone();
        edited.org_name.push('!');
        assert_ne!(PlanId::of(&edited), id);
        let mut later = plan;
        later.created_at += chrono::Duration::seconds(1);
        assert_ne!(PlanId::of(&later), id, "a plan built again is a new plan");
    }

    #[test]
    fn every_undo_of_one_batch_is_one_plan() {
        let batch = BatchId::parse("20260301T120000Z-1a2b3c4d").unwrap();
        let mut first = plan();
        first.undo_of = Some(batch.clone());
        let mut second = first.clone();
        second.created_at += chrono::Duration::hours(1);
        assert_eq!(PlanId::of(&first), PlanId::of(&second));
        assert_eq!(PlanId::of(&first).as_str(), "undo:20260301T120000Z-1a2b3c4d");
    }
}
