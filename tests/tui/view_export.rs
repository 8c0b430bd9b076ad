//! Exporting the view (`e` in browse): the key asks for an effect carrying the rows shown, the
//! filter and the sort (and refuses while the filter does not parse); the executor writes them
//! under the data folder's `exports/` as CSV and JSON byte for byte equal to what `dormant report
//! --filter F --sort S --format csv|json` renders for the same org, and says where.

use crate::support::console::{self, loaded_app, type_keys};
use dormant::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings as RunSettings};
use dormant::directory::{Query, SortColumn, SortKey};
use dormant::report::{self, Format, Selection};
use dormant::store::Paths;
use dormant::tui::runtime::{Executor, Services};
use dormant::tui::{App, Effect, Level, Msg, Popup, update};
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::mpsc;

fn services(paths: Paths) -> Services {
    let settings = RunSettings::load_with(
        paths,
        &GlobalArgs::default(),
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )
    .expect("default settings");
    Services {
        client: None,
        csv_source: None,
        org_id: None,
        paths: settings.paths.clone(),
        allowlist: settings.allowlist_file.clone(),
        config_path: settings.config.path().to_path_buf(),
        operator: "tests".to_owned(),
        warn_store: dormant::warn::WarnStore::new(&settings.paths, &settings.profile.name),
        warning_template: dormant::warn::Template::parse(dormant::warn::DEFAULT_TEMPLATE).expect("template"),
        load_options: dormant::api::LoadOptions::default(),
    }
}

/// The small org sorted by `sort` through the sort chooser (`s`, enter, `S` to reverse), with
/// `filter` typed into the bar, then `e` pressed.
fn export_key(filter: &str, sort: &SortKey) -> (App, Vec<Effect>) {
    let mut app = loaded_app();
    let selected = app
        .sort_choices()
        .iter()
        .position(|column| *column == sort.column)
        .expect("a sortable column");
    type_keys(&mut app, "s");
    app.popup = Some(Popup::Sort { selected });
    type_keys(&mut app, "\n");
    if app.sort.descending != sort.descending {
        type_keys(&mut app, "S");
    }
    assert_eq!(&app.sort, sort);
    type_keys(&mut app, &format!("/{filter}\n"));
    let effects = type_keys(&mut app, "e");
    (app, effects)
}

#[test]
fn the_key_asks_to_export_the_rows_shown_with_the_filter_and_sort() {
    let sort = SortKey {
        column: SortColumn::Name,
        descending: true,
    };
    let (app, effects) = export_key("jira:>90", &sort);
    let [
        Effect::ExportView {
            index,
            rows,
            filter,
            sort: sent,
            at,
        },
    ] = effects.as_slice()
    else {
        panic!("one view export expected, got {effects:?}");
    };
    assert_eq!(filter, "jira:>90");
    assert_eq!(sent, &sort);
    assert_eq!(*at, app.now);
    let data = app.data.as_ref().expect("loaded");
    assert_eq!(rows.as_slice(), data.view.rows());
    assert!(
        !rows.is_empty() && rows.len() < index.len(),
        "the filter narrows the org"
    );
    assert!(matches!(&app.status, Some((Level::Info, text)) if text.starts_with("exporting the view")));
}

#[test]
fn a_filter_that_does_not_parse_is_not_exported() {
    let mut app = loaded_app();
    app.filter.text = "lane:nowhere".to_owned();
    app.filter.error = Some(Query::parse("lane:nowhere", &[]).expect_err("not a lane"));
    let effects = type_keys(&mut app, "e");
    assert!(effects.is_empty());
    let Some((Level::Warning, text)) = &app.status else {
        panic!("a warning expected, got {:?}", app.status);
    };
    assert!(
        text.contains("fix it (/)") && text.contains("clear it (esc)"),
        "{text}"
    );
}

#[test]
fn nothing_is_exported_before_the_org_is_loaded() {
    let (mut app, _) = console::fresh_app(console::settings(), 100, 30);
    assert!(type_keys(&mut app, "e").is_empty());
    assert!(matches!(&app.status, Some((Level::Info, text)) if text.contains("still loading")));
}

/// Runs the export effect and returns the files it wrote and the user count it reported.
async fn run_export(paths: Paths, effect: Effect) -> (Vec<PathBuf>, usize) {
    let (tx, mut msgs) = mpsc::unbounded_channel();
    let mut executor = Executor::new(services(paths), tx);
    executor.run(effect);
    let msg = tokio::time::timeout(Duration::from_secs(30), msgs.recv())
        .await
        .expect("a message in time")
        .expect("channel open");
    let finished = executor.finish().await;
    assert!(finished.abandoned.is_empty());
    match msg {
        Msg::ViewExported(Ok(written)) => written,
        other => panic!("the view export's message expected, got {other:?}"),
    }
}

fn report_bytes(
    index: &dormant::directory::DirectoryIndex,
    filter: &str,
    sort: &str,
    format: Format,
) -> Vec<u8> {
    let selection = Selection::parse(index, Some(filter), Some(sort)).expect("valid flags");
    let mut out = Vec::new();
    report::render(index, &selection, format, &mut out).expect("render");
    out
}

#[tokio::test]
async fn the_files_are_the_reports_bytes_under_the_data_folder() {
    let cases = [
        (
            "jira:>90",
            SortKey {
                column: SortColumn::Name,
                descending: true,
            },
        ),
        (
            "lane:ready,review !type:admin",
            SortKey {
                column: SortColumn::DaysIdle,
                descending: false,
            },
        ),
        (
            "",
            SortKey {
                column: SortColumn::Lane,
                descending: false,
            },
        ),
    ];
    for (filter, sort) in cases {
        let home = tempfile::tempdir().expect("tempdir");
        let (mut app, mut effects) = export_key(filter, &sort);
        let effect = effects.pop().expect("an export");
        let index = app.data.as_ref().expect("loaded").index.clone();
        let (paths, users) = run_export(Paths::under(home.path()), effect).await;
        let exports = home.path().join("data").join("exports");
        assert_eq!(
            paths,
            vec![
                exports.join("view-20260601T120000Z.csv"),
                exports.join("view-20260601T120000Z.json"),
            ],
            "named by the console's clock"
        );
        assert_eq!(users, app.data.as_ref().expect("loaded").view.rows().len());
        let sort_flag = sort.to_string();
        let csv = std::fs::read(&paths[0]).expect("csv written");
        let json = std::fs::read(&paths[1]).expect("json written");
        assert_eq!(
            csv,
            report_bytes(&index, filter, &sort_flag, Format::Csv),
            "{filter} / {sort_flag}"
        );
        assert_eq!(
            json,
            report_bytes(&index, filter, &sort_flag, Format::Json),
            "{filter} / {sort_flag}"
        );
        #[cfg(unix)]
        for path in &paths {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", path.display());
        }
        update(
            &mut app,
            dormant::tui::Event::Msg(Msg::ViewExported(Ok((paths.clone(), users)))),
        );
        let Some((Level::Info, text)) = &app.status else {
            panic!("where it went expected, got {:?}", app.status);
        };
        assert!(text.contains(&paths[0].display().to_string()), "{text}");
        assert!(text.contains(&paths[1].display().to_string()), "{text}");
    }
}

#[test]
fn a_marked_filter_is_exported_as_shown_and_the_status_says_the_report_differs() {
    let mut app = loaded_app();
    type_keys(&mut app, " ");
    type_keys(&mut app, "/marked\n");
    let effects = type_keys(&mut app, "e");
    let [Effect::ExportView { rows, .. }] = effects.as_slice() else {
        panic!("one view export expected, got {effects:?}");
    };
    assert_eq!(rows.len(), 1, "the marked row, as the table shows it");
    let Some((Level::Info, text)) = &app.status else {
        panic!("a note expected, got {:?}", app.status);
    };
    assert!(text.contains("`dormant report` does not have"), "{text}");
}
