//! The report seam: golden table/CSV/JSON output, and `--filter`/`--sort` selection.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod users;
}

#[path = "report/formats.rs"]
mod formats;
#[path = "report/selection.rs"]
mod selection;
#[path = "report/summary.rs"]
mod summary;
#[path = "report/summary_browser.rs"]
mod summary_browser;
#[path = "report/summary_history.rs"]
mod summary_history;
#[path = "report/summary_html.rs"]
mod summary_html;
