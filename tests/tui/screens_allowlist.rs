//! Whole-screen snapshots of the allowlist page at the minimum size (80×24): more entries than fit
//! (the list scrolls, the key hints and the detail lines stay on screen), an old exclusion without
//! its author (`unknown`), and a config entry selected with the file and line to edit.

use crate::screens::screen;
use crate::support::console;

use chrono::{DateTime, Utc};
use console::{loaded_app, type_keys};
use dormant::directory::{AccountId, Exclusion};
use dormant::store::allowlist_file::{AllowlistListing, ListedEntry, ListedSource};
use dormant::tui::{App, Event, Msg, update};
use std::path::PathBuf;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a date")
}

fn excluded(id: &str, name: &str, reason: &str, when: &str, by: Option<&str>) -> ListedEntry {
    let shown = Exclusion {
        account_id: AccountId::from(id),
        reason: reason.to_owned(),
        excluded_at: at(when),
        name: Some(name.to_owned()),
    };
    ListedEntry {
        kind: "excluded",
        value: id.to_owned(),
        name: Some(name.to_owned()),
        reason: reason.to_owned(),
        added_at: Some(shown.excluded_at),
        added_by: by.map(str::to_owned),
        source: ListedSource::ProfileFile,
        shown: Some(shown),
    }
}

fn configured(kind: &'static str, value: &str, reason: &str, table: &str, line: usize) -> ListedEntry {
    ListedEntry {
        kind,
        value: value.to_owned(),
        name: None,
        reason: reason.to_owned(),
        added_at: None,
        added_by: None,
        source: ListedSource::Config {
            table: table.to_owned(),
            line,
        },
        shown: None,
    }
}

fn page() -> App {
    let mut app = loaded_app();
    update(
        &mut app,
        Event::Resize {
            width: 80,
            height: 24,
        },
    );
    type_keys(&mut app, "A");
    let mut entries = vec![
        excluded(
            "u-ada",
            "Ada Lovelace",
            "on parental leave until March",
            "2026-01-05T09:00:00Z",
            Some("ada on build-01"),
        ),
        excluded(
            "u-bob",
            "Bob Idle",
            "board member, signs contracts",
            "2025-06-30T12:00:00Z",
            None,
        ),
    ];
    for n in 0..14 {
        entries.push(excluded(
            &format!("u-x{n}"),
            &format!("Contractor {n}"),
            "renewal pending",
            "2026-02-01T10:00:00Z",
            Some("sam on laptop"),
        ));
    }
    entries.extend([
        configured("email", "ceo@acme.example", "the CEO", "[allowlist] accounts", 12),
        configured("group", "site-admins", "administrators", "[allowlist] groups", 15),
        configured(
            "domain",
            "partner.example",
            "partner staff",
            "[profiles.acme.allowlist] domains",
            31,
        ),
    ]);
    let listing = AllowlistListing {
        file: PathBuf::from("/home/ada/.local/share/dormant/allowlist/acme.json"),
        config: PathBuf::from("/home/ada/.config/dormant/config.toml"),
        entries,
        config_error: None,
    };
    update(&mut app, Event::Msg(Msg::AllowlistRead(Ok(Box::new(listing)))));
    app
}

#[test]
fn allowlist_page_at_80x24() {
    let app = page();
    insta::assert_snapshot!("allowlist_80x24", screen(&app));
}

#[test]
fn allowlist_page_at_80x24_on_a_config_entry() {
    let mut app = page();
    type_keys(&mut app, "G");
    let text = screen(&app);
    assert!(
        text.contains("edit /home/ada/.config/dormant/config.toml:31"),
        "the detail names the file and line:\n{text}"
    );
    assert!(
        text.lines().last().is_some_and(|line| line.contains("remove")),
        "{text}"
    );
    insta::assert_snapshot!("allowlist_80x24_config_entry", screen(&app));
}
