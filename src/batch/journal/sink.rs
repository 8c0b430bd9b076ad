//! The journal's blocking writer: one thread per open journal owns the file and does every
//! append and fsync, fed in order through a channel, so no tokio worker ever waits on the disk.
//! `append` returns once its record is on disk, as before: a `started` is durable before the
//! request it announces is sent. Must not decide what is written.

use super::{JournalError, JournalRecord, JournalWriter, encode};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use tokio::sync::oneshot;

/// One record to write, and where to say it is on disk (or why not).
struct Job {
    line: Vec<u8>,
    done: oneshot::Sender<Result<(), JournalError>>,
}

/// The open journal of a running batch. Appends are written in the order `append` is called;
/// the thread ends, closing the file, when the sink is dropped.
#[derive(Debug)]
pub struct JournalSink {
    path: PathBuf,
    jobs: mpsc::Sender<Job>,
}

impl JournalSink {
    /// Hands `writer` to its own thread.
    pub fn start(mut writer: JournalWriter) -> Result<Self, JournalError> {
        let path = writer.path().to_path_buf();
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("dormant-journal".to_owned())
            .spawn(move || {
                for job in queue {
                    // A caller that stopped waiting (its task was aborted) still gets its
                    // record written; only the answer has nobody to go to.
                    let _unheard = job.done.send(writer.append_line(&job.line));
                }
            })
            .map_err(|reason| super::io_error("start the writer of", &path, reason))?;
        Ok(Self { path, jobs })
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `record` as one line and returns once it is on disk.
    pub async fn append(&self, record: &JournalRecord) -> Result<(), JournalError> {
        let line = encode(record)?;
        let (done, written) = oneshot::channel();
        self.jobs
            .send(Job { line, done })
            .map_err(|_| JournalError::WriterStopped)?;
        written.await.map_err(|_| JournalError::WriterStopped)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::journal::read_journal;
    use crate::batch::{BatchAction, PLAN_FORMAT, Plan};
    use crate::types::BatchCap;
    use crate::types::BatchId;
    use chrono::Utc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn appends_from_many_tasks_land_whole_one_per_line_and_durable_on_return() {
        let dir = tempfile::tempdir().expect("dir");
        let plan = Plan {
            format: PLAN_FORMAT,
            org_id: "org-1".parse().expect("org id"),
            org_name: "Acme".into(),
            action: BatchAction::Suspend,
            message: None,
            created_at: Utc::now(),
            data_loaded_at: Utc::now(),
            cap: BatchCap::DEFAULT,
            undo_of: None,
            include_lanes: Vec::new(),
            access: None,
            confirmed: None,
            entries: Vec::new(),
        };
        let batch_id = BatchId::new(Utc::now());
        let header = JournalRecord::Header {
            format: super::super::JOURNAL_FORMAT,
            batch_id: batch_id.clone(),
            operator: "test".into(),
            started_at: Utc::now(),
            plan_id: None,
            plan,
        };
        let writer = JournalWriter::create(dir.path(), &header, &batch_id).expect("create");
        let sink = std::sync::Arc::new(JournalSink::start(writer).expect("start"));
        let mut tasks = tokio::task::JoinSet::new();
        for task in 0..8 {
            let sink = std::sync::Arc::clone(&sink);
            tasks.spawn(async move {
                for round in 0..25 {
                    let record = JournalRecord::Resumed { at: Utc::now() };
                    sink.append(&record).await.expect("append");
                    // Durable on return: the file already holds at least this many lines.
                    let text = std::fs::read_to_string(sink.path()).expect("read");
                    assert!(text.lines().count() > round, "task {task} round {round}");
                }
            });
        }
        while let Some(joined) = tasks.join_next().await {
            joined.expect("task");
        }
        let path = sink.path().to_path_buf();
        drop(sink);
        let contents = read_journal(&path).expect("one record per line");
        assert!(!contents.torn_tail);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.lines().count(), 1 + 8 * 25);
    }
}
