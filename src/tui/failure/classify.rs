//! Each typed error the console's effects meet, turned into a `Failure` whose text is the error's
//! own message and whose kind comes from its variant (and, for file errors, the operating
//! system's reason). Must not reword the messages: they already say what to do.

use super::{Failure, FailureKind};
use crate::api::ApiError;
use crate::batch::journal::{JournalError, JournalReadError};
use crate::batch::{CommitError, HistoryError, LockError, UndoError};
use crate::import::ImportError;
use crate::store::atomic::FileError;
use crate::store::{AllowlistFileError, AuditError, FilterHistoryError};
use crate::warn::{WarnStoreError, WithdrawError};
use std::io;

/// The kind of an operating-system I/O failure.
#[must_use]
pub(crate) fn io_kind(error: &io::Error) -> FailureKind {
    match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge => {
            FailureKind::DiskFull
        }
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => FailureKind::AccessDenied,
        io::ErrorKind::InvalidData => FailureKind::BadData,
        _ => FailureKind::Io,
    }
}

fn file_kind(error: &FileError) -> FailureKind {
    match error {
        FileError::Io { reason, .. } => io_kind(reason),
        FileError::TooLarge { .. } | FileError::NotUtf8 { .. } => FailureKind::BadData,
    }
}

fn api_kind(error: &ApiError) -> FailureKind {
    match error {
        ApiError::InvalidKey { .. }
        | ApiError::Unauthorized { .. }
        | ApiError::InsufficientScope { .. }
        | ApiError::NotOrgAdmin { .. } => FailureKind::KeyRefused,
        ApiError::Transport { .. } => FailureKind::Network,
        ApiError::RateLimited { .. } => FailureKind::RateLimited,
        ApiError::Server { .. }
        | ApiError::Rejected { .. }
        | ApiError::Decode { .. }
        | ApiError::CursorLoop { .. }
        | ApiError::ResponseTooLarge { .. }
        | ApiError::EndlessPaging { .. } => FailureKind::Server,
        ApiError::InvalidBaseUrl { .. }
        | ApiError::HttpClient(_)
        | ApiError::OrgNotFound { .. }
        | ApiError::NoOrgVisible
        | ApiError::SeveralOrgs { .. }
        | ApiError::UnusableOrgId { .. } => FailureKind::Setup,
        ApiError::NotFound { .. } => FailureKind::Conflict,
        ApiError::RequestBody { .. } => FailureKind::Bug,
        ApiError::Interrupted => FailureKind::Interrupted,
    }
}

fn journal_kind(error: &JournalError) -> FailureKind {
    match error {
        JournalError::File(file) => file_kind(file),
        JournalError::Encode(_) | JournalError::Exists(_) | JournalError::WriterStopped => FailureKind::Bug,
    }
}

fn journal_read_kind(error: &JournalReadError) -> FailureKind {
    match error {
        JournalReadError::File(file) => file_kind(file),
        JournalReadError::Corrupt { .. }
        | JournalReadError::NoHeader { .. }
        | JournalReadError::Format { .. } => FailureKind::BadData,
    }
}

fn history_kind(error: &HistoryError) -> FailureKind {
    match error {
        HistoryError::Journal(journal) => journal_read_kind(journal),
        HistoryError::Audit(audit) => audit_kind(audit),
        HistoryError::List { reason, .. } => io_kind(reason),
        HistoryError::Unknown(_) => FailureKind::NotFound,
        HistoryError::WarningRun(_) => FailureKind::Refused,
    }
}

fn warn_store_kind(error: &WarnStoreError) -> FailureKind {
    match error {
        WarnStoreError::File(file) => file_kind(file),
        WarnStoreError::Malformed { .. } | WarnStoreError::NewerFormat { .. } => FailureKind::BadData,
        WarnStoreError::UnknownRun(_) => FailureKind::Conflict,
    }
}

fn audit_kind(error: &AuditError) -> FailureKind {
    match error {
        AuditError::File(file) => file_kind(file),
        AuditError::Encode(_) => FailureKind::Bug,
        AuditError::Corrupt { .. } => FailureKind::BadData,
    }
}

/// Builds `From<$error> for Failure` with the error's message as the text and `$kind` on it.
macro_rules! classified {
    ($($error:ty => $kind:expr;)*) => {$(
        impl From<$error> for Failure {
            fn from(error: $error) -> Failure {
                let kind: fn(&$error) -> FailureKind = $kind;
                Failure::new(kind(&error), error.to_string())
            }
        }
    )*};
}

classified! {
    ApiError => api_kind;
    FileError => file_kind;
    io::Error => io_kind;
    JournalError => journal_kind;
    JournalReadError => journal_read_kind;
    AuditError => audit_kind;
    CommitError => |error| match error {
        CommitError::PlanFormat { .. } | CommitError::Repeated(_) => FailureKind::BadData,
        CommitError::OverCap { .. } | CommitError::ReadOnly(_) | CommitError::AlreadyApplied { .. } => {
            FailureKind::Refused
        }
        CommitError::WrongOrg { .. } => FailureKind::Setup,
        CommitError::AlreadyFinished(_) | CommitError::Busy(LockError::Busy(_)) => FailureKind::Conflict,
        CommitError::Journal(journal) => journal_kind(journal),
        CommitError::Busy(LockError::File(file)) => file_kind(file),
        CommitError::History(history) => history_kind(history),
    };
    HistoryError => history_kind;
    UndoError => |error| match error {
        UndoError::Unfinished(_) => FailureKind::Conflict,
        UndoError::UndoOfUndo(_) | UndoError::NothingChanged(_) => FailureKind::Refused,
    };
    AllowlistFileError => |error| match error {
        AllowlistFileError::File(file) => file_kind(file),
        AllowlistFileError::Malformed { .. } | AllowlistFileError::NewerFormat { .. } => FailureKind::BadData,
        AllowlistFileError::EmptyReason => FailureKind::Refused,
        AllowlistFileError::ChangedOnDisk { .. } => FailureKind::Conflict,
    };
    FilterHistoryError => |error| match error {
        FilterHistoryError::File(file) => file_kind(file),
        FilterHistoryError::Malformed { .. } | FilterHistoryError::NewerFormat { .. } => FailureKind::BadData,
    };
    WarnStoreError => warn_store_kind;
    WithdrawError => |error| match error {
        WithdrawError::AlreadyWithdrawn { .. } => FailureKind::Conflict,
        WithdrawError::UnknownRun(_) => FailureKind::NotFound,
        WithdrawError::NoOrg(_) => FailureKind::Setup,
        WithdrawError::Store(store) => warn_store_kind(store),
        WithdrawError::ReadAudit(audit) | WithdrawError::Audit { source: audit, .. } => audit_kind(audit),
    };
    ImportError => |error| match error {
        ImportError::Read(file) => file_kind(file),
        ImportError::FileDate { reason, .. } => io_kind(reason),
        ImportError::NotAnExport { .. } | ImportError::Empty { .. } => FailureKind::BadData,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Endpoint;
    use std::path::PathBuf;

    fn write_failed(kind: io::ErrorKind) -> Failure {
        Failure::from(FileError::Io {
            action: "write",
            path: PathBuf::from("/data/marks.json"),
            reason: io::Error::from(kind),
        })
    }

    #[test]
    fn a_refused_key_a_full_disk_and_a_denied_file_are_told_apart() {
        let refused = Failure::from(ApiError::Unauthorized {
            endpoint: Endpoint {
                method: "GET",
                path: "/admin/v1/orgs".to_owned(),
            },
            detail: String::new(),
        });
        assert_eq!(refused.kind, FailureKind::KeyRefused);
        assert!(refused.text.contains("401"), "{refused}");
        assert_eq!(
            write_failed(io::ErrorKind::StorageFull).kind,
            FailureKind::DiskFull
        );
        assert_eq!(
            write_failed(io::ErrorKind::QuotaExceeded).kind,
            FailureKind::DiskFull
        );
        assert_eq!(
            write_failed(io::ErrorKind::PermissionDenied).kind,
            FailureKind::AccessDenied
        );
        assert_eq!(write_failed(io::ErrorKind::Interrupted).kind, FailureKind::Io);
    }

    #[test]
    fn the_text_is_the_errors_own_message_and_context_goes_in_front() {
        let failure = write_failed(io::ErrorKind::StorageFull).context("marks not saved");
        assert!(
            failure
                .text
                .starts_with("marks not saved: could not write /data/marks.json"),
            "{failure}"
        );
        assert_eq!(failure.kind, FailureKind::DiskFull);
        assert_eq!(failure.to_string(), failure.text);
    }

    #[test]
    fn an_allowlist_entry_changed_on_disk_is_a_conflict_and_a_full_disk_stays_one() {
        let changed = Failure::from(AllowlistFileError::ChangedOnDisk {
            path: PathBuf::from("/data/allowlist/default.json"),
            account: crate::directory::AccountId::from("a-1"),
            now: "it is no longer in the file".to_owned(),
        });
        assert_eq!(changed.kind, FailureKind::Conflict);
        assert!(changed.text.contains("nothing was written"), "{changed}");
        let full = Failure::from(AllowlistFileError::File(FileError::Io {
            action: "write",
            path: PathBuf::from("/data/allowlist/default.json"),
            reason: io::Error::from(io::ErrorKind::StorageFull),
        }));
        assert_eq!(full.kind, FailureKind::DiskFull);
    }

    #[test]
    fn file_errors_inside_batch_errors_keep_their_os_reason() {
        let full = FileError::Io {
            action: "append to",
            path: PathBuf::from("/data/journal.jsonl"),
            reason: io::Error::from(io::ErrorKind::StorageFull),
        };
        let failure = Failure::from(CommitError::Journal(JournalError::File(full)));
        assert_eq!(failure.kind, FailureKind::DiskFull);
        assert!(
            failure.text.contains("could not write the batch journal"),
            "{failure}"
        );
    }
}
