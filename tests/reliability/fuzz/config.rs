//! The config loader (`store::Config::parse` and `Config::load`): raw text and bytes, and valid
//! configs mutated as text and as TOML values. Errors must name a spot the admin can find and
//! quote nothing raw; a valid config must mean the same after a round trip through TOML.

use super::harness::{self, Outcome, check_message, is_unsafe};
use super::mutate::{self, HUGE_NUMBERS, Mutation, ODD_TEXT};
use dormant::store::config::{Config, ConfigError};
use proptest::prelude::*;
use proptest::sample::Index;
use std::path::Path;
use std::sync::LazyLock;
use toml::{Table, Value};

/// Valid configs: the shipped default, a profile-heavy file and one with warning settings.
const VALID: [&str; 3] = [
    dormant::directory::DEFAULT_CONFIG_TOML,
    r#"
default_profile = "acme"
[thresholds]
idle_days = 60
[thresholds.products]
confluence = 120
[allowlist]
accounts = [{ value = "a-1", reason = "break glass" }]
groups = [{ value = "contractors", reason = "paid by the client" }]
[profiles.acme]
org_id = "org-1"
base_url = "http://127.0.0.1:8080/"
cap = 50
read_only = true
[profiles.acme.thresholds.products]
jsm = 30
[profiles.acme.allowlist]
domains = [{ value = "partner.example", reason = "partner" }]
[profiles.acme.prices]
currency = "EUR"
jira = 7.5
[profiles.staging]
base_url = "https://staging.example.com/"
"#,
    r#"
require_warning = true
grace = "14d"
[smtp]
host = "smtp.example.com"
port = 587
tls = "starttls"
sender = "it@example.com"
username = "it"
[keys]
toggle_mark = ["space", "m"]
[profiles.default]
require_warning = false
[profiles.default.smtp]
host = "127.0.0.1"
port = 2525
tls = "none"
sender = "Dormant <it@example.com>"
"#,
];

static SCRATCH: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().unwrap());

fn path() -> &'static Path {
    Path::new("/home/admin/.config/dormant/config.toml")
}

/// Parses `text`, checking an error's text and location; the config's `Debug` on success.
fn valid(text: &str) -> Result<Config, TestCaseError> {
    Config::parse(text, path())
        .map_err(|error| TestCaseError::fail(format!("a valid config was refused: {error}")))
}

fn parse(text: &str) -> Result<Option<Config>, TestCaseError> {
    match Config::parse(text, path()) {
        Ok(config) => {
            for name in config.profile_names() {
                prop_assert!(
                    config.profile(Some(name)).is_ok(),
                    "listed profile {name} missing"
                );
            }
            Ok(Some(config))
        }
        Err(error) => {
            check_error(&error, text)?;
            Ok(None)
        }
    }
}

/// The message may span lines (file, key, value, error, fix), but no part holds a raw control.
fn check_error(error: &ConfigError, text: &str) -> Result<(), TestCaseError> {
    check_message(&error.to_string(), true)?;
    let ConfigError::Invalid(invalid) = error else {
        return Err(TestCaseError::fail(format!(
            "parse gave a non-validation error: {error}"
        )));
    };
    for part in [
        invalid.key.as_str(),
        invalid.message.as_str(),
        invalid.value.as_deref().unwrap_or_default(),
    ] {
        prop_assert!(
            !part.chars().any(|c| is_unsafe(c, false)),
            "raw control in {part:?}"
        );
    }
    prop_assert!(!invalid.message.trim().is_empty());
    if let Some((line, column)) = invalid.line_column {
        let lines = text.split('\n').count();
        prop_assert!(
            line >= 1 && line <= lines && column >= 1,
            "line {line} column {column} of {lines} lines"
        );
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    Remove(Index),
    TypeSwap(Index, u8),
    HugeNumber(Index, Index),
    OddString(Index, Index),
    OddKey(Index, Index),
    UnknownKey(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = any::<Index>;
    prop_oneof![
        index().prop_map(Edit::Remove),
        (index(), 0..5_u8).prop_map(|(at, to)| Edit::TypeSwap(at, to)),
        (index(), index()).prop_map(|(at, which)| Edit::HugeNumber(at, which)),
        (index(), index()).prop_map(|(at, which)| Edit::OddString(at, which)),
        (index(), index()).prop_map(|(at, which)| Edit::OddKey(at, which)),
        index().prop_map(Edit::UnknownKey),
    ]
}

/// Every (table, key) slot of the document, depth first.
fn slots(table: &Table, at: &[String], out: &mut Vec<Vec<String>>) {
    for (key, value) in table {
        let mut path = at.to_vec();
        path.push(key.clone());
        out.push(path.clone());
        if let Value::Table(child) = value {
            slots(child, &path, out);
        }
    }
}

fn table_at<'a>(root: &'a mut Table, path: &[String]) -> Option<&'a mut Table> {
    path.iter()
        .try_fold(root, |table, key| table.get_mut(key)?.as_table_mut())
}

fn apply(root: &mut Table, edit: &Edit) {
    let mut all = Vec::new();
    slots(root, &[], &mut all);
    let Some(pick) = (match edit {
        Edit::Remove(at)
        | Edit::TypeSwap(at, _)
        | Edit::HugeNumber(at, _)
        | Edit::OddString(at, _)
        | Edit::OddKey(at, _)
        | Edit::UnknownKey(at) => (!all.is_empty()).then(|| all[at.index(all.len())].clone()),
    }) else {
        return;
    };
    let (key, parent) = pick.split_last().expect("slots are non-empty paths");
    let Some(table) = table_at(root, parent) else {
        return;
    };
    match edit {
        Edit::Remove(_) => drop(table.remove(key)),
        Edit::TypeSwap(_, to) => {
            let old = table.get(key).cloned().unwrap_or(Value::Boolean(false));
            let new = match to {
                0 => Value::String(old.to_string()),
                1 => Value::Integer(-3),
                2 => Value::Float(f64::NAN),
                3 => Value::Array(vec![old]),
                _ => Value::Boolean(true),
            };
            table.insert(key.clone(), new);
        }
        Edit::HugeNumber(_, which) => {
            let text = HUGE_NUMBERS[which.index(HUGE_NUMBERS.len())];
            let value = text
                .parse::<i64>()
                .map(Value::Integer)
                .or_else(|_| text.parse::<f64>().map(Value::Float));
            table.insert(
                key.clone(),
                value.unwrap_or_else(|_| Value::String(text.to_owned())),
            );
        }
        Edit::OddString(_, which) => drop(table.insert(
            key.clone(),
            Value::String(ODD_TEXT[which.index(ODD_TEXT.len())].to_owned()),
        )),
        Edit::OddKey(_, which) => {
            if let Some(value) = table.remove(key) {
                table.insert(format!("{key}{}", ODD_TEXT[which.index(ODD_TEXT.len())]), value);
            }
        }
        Edit::UnknownKey(_) => drop(table.insert("zz_unknown".to_owned(), Value::Integer(1))),
    }
}

pub fn raw() -> Outcome {
    harness::run(
        "config raw",
        (any::<bool>(), mutate::raw_bytes(300)),
        |(through_file, bytes)| {
            if through_file {
                let file = SCRATCH.path().join("config.toml");
                std::fs::write(&file, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
                if let Err(error) = Config::load(&file) {
                    check_message(&error.to_string(), true)?;
                }
                Ok(())
            } else {
                parse(&String::from_utf8_lossy(&bytes)).map(drop)
            }
        },
    )
}

pub fn mutated_text() -> Outcome {
    harness::run(
        "config text",
        (0..VALID.len(), mutate::mutations()),
        |(which, mutations): (usize, Vec<Mutation>)| {
            let text = VALID[which];
            let config = valid(text)?;
            // Comments and blank lines mean nothing.
            let commented = format!("# edited by hand\n\n{}\n# end\n", text.replace('\n', "\n\n"));
            prop_assert_eq!(parse(&commented)?, Some(config));
            parse(&String::from_utf8_lossy(&mutate::apply_all(
                text.as_bytes(),
                &mutations,
            )))
            .map(drop)
        },
    )
}

pub fn mutated_values() -> Outcome {
    harness::run(
        "config values",
        (0..VALID.len(), proptest::collection::vec(edit(), 0..=3)),
        |(which, edits)| {
            let text = VALID[which];
            let config = valid(text)?;
            let mut table: Table = toml::from_str(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            // Round trip: the same document written back by a TOML serializer means the same.
            let rewritten = toml::to_string(&table).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parse(&rewritten)?, Some(config));
            for edit in &edits {
                apply(&mut table, edit);
            }
            match toml::to_string(&table) {
                Ok(edited) => parse(&edited).map(drop),
                // NaN and other values some serializers refuse: nothing to feed the loader.
                Err(_) => Ok(()),
            }
        },
    )
}
