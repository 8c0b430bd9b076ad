//! Warning records round-trip through the per-profile warnings file (0600, versioned, atomic),
//! project into the classifier's `Warnings`, and render into the notices CSV with formulas defused.

use crate::support::users as support;

use dormant::directory::{DirectoryIndex, Exclusions, GraceDays, Policy};
use dormant::store::Paths;
use dormant::store::config::ProfileName;
use dormant::warn::{
    DEFAULT_TEMPLATE, Delivery, Template, TemplateError, WarnStore, WarnStoreError, WarningRun, warnings_of,
    write_csv,
};
use std::sync::Arc;
use support::{UserBuilder, directory, now};

fn run() -> WarningRun {
    let users = vec![
        UserBuilder::new("u-1", "Ada Lovelace")
            .products(&[("jira", Some(120))])
            .build(),
        UserBuilder::new("u-2", "=HYPERLINK(\"x\")")
            .products(&[("jira", Some(200)), ("confluence", None)])
            .build(),
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    WarningRun::build(&index, &[0, 1], GraceDays::DEFAULT, now())
}

#[test]
fn runs_round_trip_privately_and_delivery_updates_replace_the_run() {
    let root = tempfile::tempdir().expect("temp dir");
    let store = WarnStore::new(&Paths::under(root.path()), &ProfileName::default_name());
    assert!(store.runs().expect("absent is empty").is_empty());
    let mut run = run();
    store.save(&run).expect("save");
    assert_eq!(store.runs().expect("read"), vec![run.clone()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(store.path())
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    run.records[0].delivery = Delivery::Sent { at: now() };
    store.update(&run).expect("update");
    let runs = store.runs().expect("read");
    assert_eq!((runs.len(), runs[0].delivery_counts()), (1, (1, 0)));
    let warnings = warnings_of(&runs);
    assert_eq!(warnings.len(), 2);
    let warning = warnings.get(&run.records[0].account_id).expect("warned");
    assert_eq!(warning.deadline, GraceDays::DEFAULT.deadline_from(now()));
}

#[test]
fn a_newer_or_foreign_file_is_refused_with_its_path() {
    let root = tempfile::tempdir().expect("temp dir");
    let store = WarnStore::new(&Paths::under(root.path()), &ProfileName::default_name());
    store.save(&run()).expect("save");
    std::fs::write(
        store.path(),
        r#"{"version": 9, "profile": "default", "runs": []}"#,
    )
    .expect("write");
    assert!(matches!(
        store.runs(),
        Err(WarnStoreError::NewerFormat { found: 9, .. })
    ));
    std::fs::write(store.path(), "not json").expect("write");
    let error = store.runs().expect_err("malformed");
    assert!(
        error.to_string().contains(&store.path().display().to_string()),
        "{error}"
    );
}

#[test]
fn the_notices_csv_has_one_defused_row_per_record_with_the_rendered_message() {
    let template = Template::parse(DEFAULT_TEMPLATE).expect("shipped template");
    let mut out = Vec::new();
    let rows = write_csv(&run().records, &template, "Acme", &mut out).expect("csv");
    assert_eq!(rows, 2);
    let text = String::from_utf8(out).expect("utf-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        ["name", "email", "idle_days", "products", "deadline", "message"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|record| record.expect("row")).collect();
    assert_eq!(&records[0][0], "Ada Lovelace");
    assert_eq!(&records[0][2], "120");
    assert_eq!(&records[0][4], "2026-06-15");
    assert!(
        records[0][5].starts_with("Hello Ada Lovelace,"),
        "{:?}",
        &records[0][5]
    );
    assert!(
        records[1][0].starts_with("'="),
        "formula not defused: {:?}",
        &records[1][0]
    );
    assert_eq!(&records[1][3], "Jira; Confluence");
    assert!(
        records[1][5].contains("Jira and Confluence"),
        "{:?}",
        &records[1][5]
    );
}

#[test]
fn templates_refuse_unknown_and_unclosed_placeholders_and_keep_escaped_braces() {
    assert_eq!(
        Template::parse("Hello {nmae}"),
        Err(TemplateError::UnknownPlaceholder {
            name: "nmae".to_owned(),
            line: 1
        })
    );
    assert_eq!(
        Template::parse("Subject: hi\n\nline\nHello {name"),
        Err(TemplateError::Unclosed { line: 4 })
    );
    let template = Template::parse("Subject: {{{org}}}\n\n{{not a field}} {grace} days").expect("valid");
    let notice = template.render(&run().records[0], "Acme");
    assert_eq!(notice.subject, "{Acme}");
    assert_eq!(notice.body, "{not a field} 14 days\n");
}
