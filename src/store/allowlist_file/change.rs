//! Removing an exclusion and editing its reason from the console's allowlist screen: each checks
//! that the file still holds the entry the admin saw, rewrites the file atomically with every
//! other entry kept, then logs the change. Must not decide whether a change is allowed (read-only
//! sessions are refused by the console before they get here).

use super::log::{AllowlistChange, ChangeKind};
use super::{AllowlistFile, AllowlistFileError, FileEntry};
use crate::directory::Exclusion;
use crate::store::AuditError;
use chrono::Utc;

/// A change that is on disk: the entry before and after (none after a removal), and the log
/// error when its line could not be appended (the change itself stands).
#[derive(Debug)]
pub struct Applied {
    pub before: FileEntry,
    pub after: Option<FileEntry>,
    pub unlogged: Option<AuditError>,
}

/// The log line of `change` to `exclusion`, made now by `by`.
pub(super) fn record(
    file: &AllowlistFile,
    change: ChangeKind,
    exclusion: &Exclusion,
    previous_reason: Option<&str>,
    by: Option<&str>,
) -> AllowlistChange {
    AllowlistChange {
        at: Utc::now(),
        who: by.unwrap_or("unknown").to_owned(),
        profile: file.profile.to_string(),
        change,
        account_id: exclusion.account_id.clone(),
        name: exclusion.name.clone(),
        reason: exclusion.reason.clone(),
        previous_reason: previous_reason.map(str::to_owned),
    }
}

impl AllowlistFile {
    /// Removes the exclusion `shown` (as the screen showed it), by `by`. Refused with
    /// [`AllowlistFileError::ChangedOnDisk`] when the file no longer holds it as shown.
    pub fn remove_shown(&self, shown: &Exclusion, by: Option<&str>) -> Result<Applied, AllowlistFileError> {
        let mut entries = self.entries()?;
        let before = self.check_shown(entries.get(&shown.account_id), shown)?;
        entries.remove(&shown.account_id);
        self.save(&entries)?;
        let line = record(self, ChangeKind::Removed, &before.exclusion, None, by);
        Ok(Applied {
            before,
            after: None,
            unlogged: self.log.append(&line).err(),
        })
    }

    /// Replaces the reason of the exclusion `shown` with `reason`, by `by`; its date and author
    /// stay (the log keeps who changed the reason, and when).
    pub fn edit_reason(
        &self,
        shown: &Exclusion,
        reason: &str,
        by: Option<&str>,
    ) -> Result<Applied, AllowlistFileError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AllowlistFileError::EmptyReason);
        }
        let mut entries = self.entries()?;
        let before = self.check_shown(entries.get(&shown.account_id), shown)?;
        let mut after = before.clone();
        reason.clone_into(&mut after.exclusion.reason);
        entries.insert(shown.account_id.clone(), after.clone());
        self.save(&entries)?;
        let line = record(
            self,
            ChangeKind::ReasonEdited,
            &after.exclusion,
            Some(&before.exclusion.reason),
            by,
        );
        Ok(Applied {
            before,
            after: Some(after),
            unlogged: self.log.append(&line).err(),
        })
    }

    /// The entry on disk when it is the one shown (same reason and date), else why not.
    fn check_shown(
        &self,
        on_disk: Option<&FileEntry>,
        shown: &Exclusion,
    ) -> Result<FileEntry, AllowlistFileError> {
        let changed = |now: String| AllowlistFileError::ChangedOnDisk {
            path: self.path.clone(),
            account: shown.account_id.clone(),
            now,
        };
        match on_disk {
            None => Err(changed("it is no longer in the file".to_owned())),
            Some(entry)
                if entry.exclusion.reason != shown.reason
                    || entry.exclusion.excluded_at != shown.excluded_at =>
            {
                Err(changed(format!(
                    "now: \"{}\", added {}",
                    entry.exclusion.reason,
                    entry.exclusion.excluded_at.format("%Y-%m-%d %H:%M")
                )))
            }
            Some(entry) => Ok(entry.clone()),
        }
    }
}
