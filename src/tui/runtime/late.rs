//! What the jobs reported while the console closed (after the last frame was drawn), and what had
//! to be stopped, as lines for the restored terminal. Only outcomes the admin would otherwise miss:
//! failures, files written, a batch's end. Must not run anything.

use super::jobs::Finished;
use crate::batch::BatchEnd;
use crate::tui::event::Msg;

/// One line per late outcome worth telling, then one per job that was stopped.
pub(super) fn lines(finished: &Finished, msgs: impl Iterator<Item = Msg>) -> Vec<String> {
    let mut lines: Vec<String> = msgs.filter_map(line).collect();
    lines.extend(finished.abandoned.iter().map(|name| {
        format!("the {name} was still running when the console closed and was stopped before it finished")
    }));
    lines
}

fn line(msg: Msg) -> Option<String> {
    match msg {
        Msg::ResultsExported(Ok(paths)) => {
            let names: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
            Some(format!("results written to {}", names.join(" and ")))
        }
        Msg::ResultsExported(Err(error)) => Some(format!("results not written: {error}")),
        Msg::ViewExported(Ok((paths, users))) => Some(crate::tui::update::exported_line(&paths, users)),
        Msg::ViewExported(Err(error)) => Some(format!("view not exported: {error}")),
        Msg::HandoffWritten(Ok((path, rows))) => Some(format!(
            "IdP handoff CSV of {rows} synced user(s) written to {}",
            path.display()
        )),
        Msg::HandoffWritten(Err(error)) => Some(format!("IdP handoff CSV not written: {error}")),
        Msg::WarningsRecorded { notices, .. } => Some(format!(
            "warnings recorded; notices written to {}",
            notices.display()
        )),
        Msg::ExclusionsSaved { count } => Some(format!("{count} exclusion(s) saved")),
        Msg::MarksSaveFailed { error } => Some(format!("marks not saved: {error}")),
        Msg::FilterHistorySaveFailed { error } => Some(format!("filter history not saved: {error}")),
        Msg::CommitFinished(Ok(report)) => {
            let counts = &report.counts;
            let end = match report.end {
                BatchEnd::Completed => "completed".to_owned(),
                BatchEnd::Cancelled => "stopped".to_owned(),
                BatchEnd::Interrupted { reason } => {
                    format!("interrupted ({reason}); `dormant resume` completes it")
                }
            };
            Some(format!(
                "batch {} {end}: {} done, {} skipped, {} refused, {} failed",
                report.batch_id, counts.succeeded, counts.skipped, counts.refused, counts.failed
            ))
        }
        Msg::CommitFinished(Err(error)) => Some(format!("the batch did not run: {error}")),
        Msg::WarningsWithdrawn(Ok(withdrawal)) => Some(format!(
            "withdrew warning run {}: {} warning(s) removed",
            withdrawal.run.batch_id,
            withdrawal.run.records.len()
        )),
        Msg::AllowlistChanged { result: Ok(edit), .. } => Some(match edit.after {
            None => format!("removed the exclusion of {}", edit.before.account_id),
            Some(after) => format!("new reason for {}: {}", after.account_id, after.reason),
        }),
        Msg::AllowlistChanged {
            result: Err(error), ..
        }
        | Msg::WarningsFailed { error }
        | Msg::ExclusionsSaveFailed { error }
        | Msg::WarningsWithdrawn(Err(error)) => Some(error.text),
        // Loads and look-ups only matter to a screen that is gone.
        Msg::LoadProgressed { .. }
        | Msg::CacheOpened { .. }
        | Msg::CacheIgnored { .. }
        | Msg::DirectoryLoaded { .. }
        | Msg::LoadFailed { .. }
        | Msg::MarksSaved
        | Msg::SnapshotSaveFailed { .. }
        | Msg::CommitProgressed(_)
        | Msg::UnfinishedFound(_)
        | Msg::HistoryLoaded(_)
        | Msg::FilterHistoryLoaded(_)
        | Msg::UndoPlanned { .. }
        | Msg::AllowlistRead(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::failure::{Failure, FailureKind};
    use std::path::PathBuf;

    #[test]
    fn files_written_failures_and_stopped_jobs_are_told_and_screen_only_news_is_not() {
        let finished = Finished {
            abandoned: vec!["warning record"],
        };
        let msgs = vec![
            Msg::MarksSaved,
            Msg::ResultsExported(Ok(vec![
                PathBuf::from("b.results.csv"),
                PathBuf::from("b.results.json"),
            ])),
            Msg::UnfinishedFound(Ok(2)),
            Msg::ViewExported(Ok((vec![PathBuf::from("v.csv"), PathBuf::from("v.json")], 3))),
            Msg::ExclusionsSaveFailed {
                error: Failure::new(FailureKind::DiskFull, "exclusions not saved: disk full"),
            },
        ];
        assert_eq!(
            lines(&finished, msgs.into_iter()),
            vec![
                "results written to b.results.csv and b.results.json".to_owned(),
                "view of 3 user(s) exported to v.csv and v.json".to_owned(),
                "exclusions not saved: disk full".to_owned(),
                "the warning record was still running when the console closed and was stopped before it \
                 finished"
                    .to_owned(),
            ]
        );
    }
}
