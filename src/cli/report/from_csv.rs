//! `report --from-csv FILE`: reads Atlassian's "Export users" CSV instead of the API, saying on
//! stderr how many users it read, how old the file is and which rows it could not read. Owns
//! the wording; the format is `import`'s.

use super::{ReportError, say};
use crate::directory::Directory;
use crate::import;
use crate::store::describe_age;
use crate::types::OrgId;
use chrono::Utc;
use std::path::Path;

/// How many unreadable rows are spelled out on stderr; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

/// The directory of the export at `path`, for the configured org when there is one.
pub(super) fn read(path: &Path, org_id: Option<&OrgId>) -> Result<Directory, ReportError> {
    let import = import::read_export(path, import::export_org(org_id))?;
    say(format_args!(
        "from-csv: {} users from the user export {} (file dated {}); idle days count up to that date",
        import.directory.users.len(),
        path.display(),
        describe_age(import.directory.loaded_at, Utc::now())
    ));
    if let Some(summary) = import.problem_summary(PROBLEMS_SHOWN) {
        say(format_args!("warning: {summary}"));
    }
    Ok(import.directory)
}
