//! `w`: warn the marked users (or the cursor row). Builds the warning run from the index at the
//! console's clock and asks the runtime to record it; when it is recorded, lanes are classified
//! again with the new warnings. No I/O here.

use super::refresh_view;
use crate::directory::{Warning, targets};
use crate::tui::app::{App, Level};
use crate::tui::effect::Effect;
use crate::types::OrgId;
use crate::warn::WarningRun;
use std::path::Path;

pub(super) fn warn(app: &mut App) -> Vec<Effect> {
    let Some(data) = &app.data else {
        return Vec::new();
    };
    let chosen = targets(&app.marks, &data.index, app.cursor_row());
    if chosen.accounts.is_empty() {
        let why = match chosen.refused.first() {
            Some(refused) => format!("nothing to warn: {refused}"),
            None => "nothing to warn: no row is selected".to_owned(),
        };
        app.say(Level::Warning, why);
        return Vec::new();
    }
    let rows: Vec<u32> = chosen
        .accounts
        .iter()
        .filter_map(|account| data.index.row_of(account))
        .collect();
    let run = WarningRun::build(&data.index, &rows, app.settings.policy.warning.grace, app.now);
    let org = &data.index.directory().org;
    let org_name = org.name.clone();
    let org_id = match OrgId::try_from(org.id.clone()) {
        Ok(org_id) => org_id,
        Err(error) => {
            app.say(Level::Error, format!("warnings not recorded: {error}"));
            return Vec::new();
        }
    };
    let effect = Effect::RecordWarnings {
        run: Box::new(run),
        org_id,
        org_name,
    };
    app.say(Level::Info, format!("warning {} user(s)…", rows.len()));
    vec![effect]
}

/// The run is on disk: its warnings join the index's, lanes follow, and the status says where
/// the notices went.
pub(super) fn recorded(app: &mut App, run: &WarningRun, notices: &Path) {
    if let Some(data) = &mut app.data {
        let mut warnings = data.index.classifier().warnings().clone();
        for record in &run.records {
            warnings.record(
                record.account_id.clone(),
                Warning {
                    warned_at: record.warned_at,
                    deadline: record.deadline,
                },
            );
        }
        data.index.apply_warnings(warnings);
        refresh_view(app);
    }
    let deadline = run.grace.deadline_from(run.created_at).format("%Y-%m-%d");
    app.say(
        Level::Info,
        format!(
            "warned {} user(s), deadline {deadline}; notices CSV: {}",
            run.records.len(),
            notices.display()
        ),
    );
}
