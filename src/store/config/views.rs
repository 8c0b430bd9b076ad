//! `[views.NAME]`: named filter + sort pairs an admin picks by name (`--view NAME`), and the
//! built-in ones a view of the same name in the file overrides. Owns their shape and the lookup;
//! must not parse the query grammar (the caller checks the syntax, the loaded org the names).

use serde::Deserialize;
use std::collections::BTreeMap;

/// One `[views.NAME]` table: exactly what `--filter` and `--sort` would say.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedView {
    /// A `--filter` expression.
    pub filter: String,
    /// A `--sort` field (`FIELD[:desc]`); `None`: the triage order.
    #[serde(default)]
    pub sort: Option<String>,
}

/// The views every config has unless it overrides them; `assets/default-config.toml` lists the
/// same ones (tested).
pub const BUILT_IN: [(&str, &str, Option<&str>); 4] = [
    ("cleanup-ready", "lane:ready", Some("idle:desc")),
    ("never-active", "idle:never", Some("added")),
    (
        "unmanaged-idle",
        "type:unmanaged lane:ready,review",
        Some("idle:desc"),
    ),
    ("warned-and-due", "warned:due", Some("idle:desc")),
];

/// The built-in views, overridden and extended by the file's.
#[must_use]
pub fn merged(configured: BTreeMap<String, SavedView>) -> BTreeMap<String, SavedView> {
    let mut views: BTreeMap<String, SavedView> = BUILT_IN
        .iter()
        .map(|(name, filter, sort)| {
            let view = SavedView {
                filter: (*filter).to_owned(),
                sort: sort.map(str::to_owned),
            };
            ((*name).to_owned(), view)
        })
        .collect();
    views.extend(configured);
    views
}

/// The built-in views alone (a config without `[views]`).
#[must_use]
pub fn built_in() -> BTreeMap<String, SavedView> {
    merged(BTreeMap::new())
}
