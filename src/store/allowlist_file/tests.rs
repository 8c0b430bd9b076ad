use super::*;

fn file() -> (tempfile::TempDir, AllowlistFile) {
    let root = tempfile::tempdir().expect("temp dir");
    let profile = ProfileName::default_name();
    let file = AllowlistFile::new(&Paths::under(root.path()), &profile);
    (root, file)
}

fn exclusion(account: &str, reason: &str) -> Exclusion {
    Exclusion {
        account_id: AccountId::from(account),
        reason: reason.to_owned(),
        excluded_at: DateTime::<Utc>::UNIX_EPOCH,
        name: Some(format!("name of {account}")),
    }
}

#[test]
fn add_remove_round_trip_with_reason_date_and_who() {
    let (_root, file) = file();
    assert!(file.load().expect("absent is empty").is_empty());
    let at = DateTime::<Utc>::UNIX_EPOCH;
    let account = AccountId::from("a-1");
    let ada = Exclusion {
        account_id: account.clone(),
        reason: " on leave ".to_owned(),
        excluded_at: at,
        name: Some("Ada".into()),
    };
    file.add_all(&[ada], Some("ada on box")).expect("added");
    let loaded = file.load().expect("reloads");
    let entry = loaded.get(&account).expect("present");
    assert_eq!((entry.reason.as_str(), entry.excluded_at), ("on leave", at));
    let entries = file.entries().expect("entries");
    assert_eq!(entries[&account].added_by.as_deref(), Some("ada on box"));
    assert!(file.remove(&account).expect("removed").is_some());
    assert!(file.remove(&account).expect("idempotent").is_none());
    assert!(file.load().expect("reloads").is_empty());
}

#[test]
fn records_written_before_who_was_kept_still_read_and_keep_reading_the_same() {
    let (_root, file) = file();
    let old = r#"{
  "version": 1,
  "profile": "default",
  "entries": [
    {"account_id": "a-old", "reason": "founder", "excluded_at": "2025-01-02T03:04:05Z", "name": "Old"},
    {"account_id": "a-older", "reason": "board", "excluded_at": "2024-01-02T03:04:05Z"}
  ]
}"#;
    std::fs::create_dir_all(file.path().parent().expect("parent")).expect("dir");
    std::fs::write(file.path(), old).expect("old file");
    let entries = file.entries().expect("old records read");
    assert_eq!(entries.len(), 2);
    assert!(entries.values().all(|entry| entry.added_by.is_none()));
    // A new entry carries who; the old ones are written back without inventing one.
    file.add_all(&[exclusion("a-new", "contractor")], Some("ada on box"))
        .expect("added");
    let text = std::fs::read_to_string(file.path()).expect("read");
    assert_eq!(text.matches("added_by").count(), 1, "{text}");
    let entries = file.entries().expect("reads");
    assert_eq!(entries[&AccountId::from("a-old")].exclusion.reason, "founder");
    assert_eq!(
        entries[&AccountId::from("a-new")].added_by.as_deref(),
        Some("ada on box")
    );
}

#[test]
fn removing_or_editing_one_entry_keeps_every_other_and_logs_the_change() {
    let (_root, file) = file();
    let (a, b, c) = (
        exclusion("a", "on leave"),
        exclusion("b", "board"),
        exclusion("c", "auditor"),
    );
    file.add_all(&[a.clone(), b.clone(), c.clone()], Some("ada on box"))
        .expect("added");
    let applied = file.remove_shown(&b, Some("bob on box")).expect("removed");
    assert_eq!(applied.before.exclusion, b);
    assert!(applied.after.is_none() && applied.unlogged.is_none());
    let applied = file
        .edit_reason(&c, "  external auditor ", Some("bob on box"))
        .expect("edited");
    let after = applied.after.expect("an entry after an edit");
    assert_eq!(after.exclusion.reason, "external auditor");
    assert_eq!(after.added_by.as_deref(), Some("ada on box"), "the author stays");
    assert_eq!(after.exclusion.excluded_at, c.excluded_at, "the date stays");
    let entries = file.entries().expect("reads");
    let left: Vec<_> = entries
        .values()
        .map(|entry| {
            (
                entry.exclusion.account_id.to_string(),
                entry.exclusion.reason.clone(),
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            ("a".to_owned(), "on leave".to_owned()),
            ("c".to_owned(), "external auditor".to_owned())
        ]
    );
    let log = file.log().read_all().expect("log");
    let changes: Vec<_> = log
        .iter()
        .map(|line| (line.change, line.account_id.to_string(), line.who.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (ChangeKind::Excluded, "a".to_owned(), "ada on box"),
            (ChangeKind::Excluded, "b".to_owned(), "ada on box"),
            (ChangeKind::Excluded, "c".to_owned(), "ada on box"),
            (ChangeKind::Removed, "b".to_owned(), "bob on box"),
            (ChangeKind::ReasonEdited, "c".to_owned(), "bob on box"),
        ]
    );
    assert_eq!(log[4].previous_reason.as_deref(), Some("auditor"));
}

#[test]
fn an_entry_changed_or_gone_since_it_was_shown_is_refused_and_nothing_is_written() {
    let (_root, file) = file();
    let a = exclusion("a", "on leave");
    file.add_all(std::slice::from_ref(&a), None).expect("added");
    let before = std::fs::read(file.path()).expect("read");
    let mut stale = a.clone();
    stale.reason = "old words".to_owned();
    let error = file.remove_shown(&stale, None).expect_err("changed");
    assert!(
        matches!(error, AllowlistFileError::ChangedOnDisk { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("now: \"on leave\""), "{error}");
    let error = file.edit_reason(&stale, "new", None).expect_err("changed");
    assert!(
        matches!(error, AllowlistFileError::ChangedOnDisk { .. }),
        "{error}"
    );
    let gone = file.remove_shown(&exclusion("zz", "x"), None).expect_err("gone");
    assert!(gone.to_string().contains("no longer in the file"), "{gone}");
    assert!(matches!(
        file.edit_reason(&a, "   ", None),
        Err(AllowlistFileError::EmptyReason)
    ));
    assert_eq!(std::fs::read(file.path()).expect("read"), before);
}

#[test]
fn empty_reasons_newer_formats_and_garbage_are_refused() {
    let (_root, file) = file();
    let at = DateTime::<Utc>::UNIX_EPOCH;
    let empty = file.add(AccountId::from("a"), "  ", None, at);
    assert!(matches!(empty, Err(AllowlistFileError::EmptyReason)));
    std::fs::create_dir_all(file.path().parent().expect("parent")).expect("dir");
    std::fs::write(file.path(), br#"{"version":9,"profile":"default","entries":[]}"#).expect("w");
    assert!(matches!(
        file.load(),
        Err(AllowlistFileError::NewerFormat { found: 9, .. })
    ));
    std::fs::write(file.path(), b"not json").expect("w");
    let message = file.load().expect_err("garbage").to_string();
    assert!(message.contains("move it aside"), "{message}");
    // A corrupt file is never overwritten by a change: the admin's data stays for inspection.
    let removed = file.remove_shown(&exclusion("a", "x"), None);
    assert!(matches!(removed, Err(AllowlistFileError::Malformed { .. })));
    assert_eq!(std::fs::read(file.path()).expect("read"), b"not json");
}

#[test]
fn the_listing_puts_the_profile_file_first_then_the_config_with_lines() {
    let (root, file) = file();
    file.add_all(&[exclusion("a", "on leave")], Some("ada on box"))
        .expect("added");
    let config = root.path().join("config.toml");
    std::fs::write(
        &config,
        "[allowlist]\naccounts = [\n  { value = \"ceo@x.example\", reason = \"CEO\" },\n]\n",
    )
    .expect("config");
    let listing = AllowlistListing::read(&file, &config).expect("listing");
    let rows: Vec<_> = listing
        .entries
        .iter()
        .map(|entry| (entry.kind, entry.value.as_str(), entry.editable()))
        .collect();
    assert_eq!(rows, [("excluded", "a", true), ("email", "ceo@x.example", false)]);
    assert_eq!(
        listing.entries[1].source,
        ListedSource::Config {
            table: "[allowlist] accounts".to_owned(),
            line: 3
        }
    );
    std::fs::write(&config, "[allowlist\n").expect("broken config");
    let listing = AllowlistListing::read(&file, &config).expect("the file part still lists");
    assert_eq!(listing.entries.len(), 1);
    assert!(listing.config_error.is_some());
    let missing = AllowlistListing::read(&file, &root.path().join("none.toml")).expect("listing");
    assert!(missing.config_error.is_none() && missing.entries.len() == 1);
}

#[cfg(unix)]
#[test]
fn the_file_and_its_log_are_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let (_root, file) = file();
    file.add(AccountId::from("a"), "why", None, DateTime::<Utc>::UNIX_EPOCH)
        .expect("added");
    for path in [file.path(), file.log().path()] {
        let mode = std::fs::metadata(path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", path.display());
    }
}
