//! The view export job: writes the rows the console shows as `view-<UTC time>.csv` and `.json`
//! under the data folder's `exports/` (a private folder, each file 0600 and replaced atomically),
//! through the same renderer as `dormant report --format csv|json`, so the bytes are the report's.
//! Must not choose rows or order (`update` sends them) nor format a row itself.

use crate::directory::DirectoryIndex;
use crate::report::{self, Format};
use crate::store::{Paths, atomic};
use crate::tui::event::Msg;
use crate::tui::failure::Failure;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::spawn_blocking;

/// The folder under the data directory the console's view exports go to.
pub(crate) const EXPORTS_DIR: &str = "exports";

/// Where view exports are written for these paths.
pub(crate) fn exports_dir(paths: &Paths) -> PathBuf {
    paths.data_dir().join(EXPORTS_DIR)
}

/// Writes both files off the async threads and reports [`Msg::ViewExported`].
pub(crate) async fn write(
    dir: PathBuf,
    index: DirectoryIndex,
    rows: Vec<u32>,
    at: DateTime<Utc>,
    msgs: UnboundedSender<Msg>,
) {
    let written = spawn_blocking(move || write_files(&dir, &index, &rows, at))
        .await
        .map_err(|error| Failure::from_join(&error))
        .and_then(|written| written);
    // The UI owns the receiver for the whole session; after it is gone nobody can be told.
    let _delivered = msgs.send(Msg::ViewExported(written)).is_ok();
}

fn write_files(
    dir: &Path,
    index: &DirectoryIndex,
    rows: &[u32],
    at: DateTime<Utc>,
) -> Result<(Vec<PathBuf>, usize), Failure> {
    atomic::create_private_dir(dir)?;
    let stem = format!("view-{}", at.format("%Y%m%dT%H%M%SZ"));
    let mut written = Vec::with_capacity(2);
    for format in [Format::Csv, Format::Json] {
        let path = dir.join(format!("{stem}.{format}"));
        atomic::write_with(&path, |out| report::render_rows(index, rows, format, out))?;
        written.push(path);
    }
    Ok((written, rows.len()))
}
