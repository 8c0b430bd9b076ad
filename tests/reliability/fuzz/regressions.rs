//! The bugs the fuzz targets found, each pinned by its minimal input: untrusted text quoted raw
//! into an error message, where an escape sequence would act on the terminal printing it.

use super::journal::plan;
use dormant::api::model::ErrorEnvelope;
use dormant::api::{Endpoint, decode_response};
use dormant::batch::journal::{JournalReadError, JournalRecord, JournalWriter, read_journal};
use dormant::cli::read_plan;
use dormant::store::config::{Config, ConfigError};
use dormant::types::BatchId;
use dormant::types::Secret;
use std::path::Path;

fn assert_printable(message: &str) {
    assert!(
        !message.chars().any(|c| c.is_control() && c != '\n'),
        "raw control character in {message:?}"
    );
}

#[test]
fn a_journal_line_with_an_escape_sequence_is_reported_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let id: BatchId = serde_json::from_str("\"20260101T000000Z-0000beef\"").unwrap();
    let header = JournalRecord::Header {
        format: 1,
        batch_id: id.clone(),
        operator: "admin".to_owned(),
        started_at: chrono::Utc::now(),
        plan_id: None,
        plan: plan(),
    };
    let path = JournalWriter::create(dir.path(), &header, &id)
        .unwrap()
        .path()
        .to_path_buf();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"record\":\"\\u009b2Jstarted\"}\n");
    std::fs::write(&path, bytes).unwrap();
    let error = read_journal(&path).expect_err("an unknown record");
    assert!(
        matches!(error, JournalReadError::Corrupt { line: 2, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert_printable(&message);
    assert!(message.contains("\\u{9b}2Jstarted"), "{message}");
}

#[test]
fn a_plan_file_with_an_escape_sequence_is_reported_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let mut value = serde_json::to_value(plan()).unwrap();
    value["action"] = serde_json::Value::from("\u{1b}]0;owned\u{7}");
    let path = dir.path().join("plan.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
    let message = read_plan(&path).expect_err("an unknown action").to_string();
    assert_printable(&message);
    assert!(message.contains("\\u{1b}]0;owned\\u{7}"), "{message}");
}

#[test]
fn a_response_key_with_an_escape_sequence_is_not_echoed_raw() {
    let endpoint = Endpoint {
        method: "GET",
        path: "/admin/v1/orgs".to_owned(),
    };
    let body = b"{\"errors\": [], \"\\u001b[2Jx\": tru}";
    let error = decode_response::<ErrorEnvelope>(&endpoint, body, &Secret::new("k".repeat(32)))
        .expect_err("bad literal");
    let message = error.to_string();
    assert_printable(&message);
    assert!(message.contains("[2Jx"), "the field is still named: {message}");
}

#[test]
fn a_config_key_with_an_escape_sequence_is_reported_escaped() {
    let error = Config::parse("\"\\u001b[31mred\" = 1\n", Path::new("config.toml")).expect_err("unknown key");
    let ConfigError::Invalid(invalid) = &error else {
        panic!("not a validation error: {error}");
    };
    assert_eq!(invalid.key, "\\u{1b}[31mred");
    let message = error.to_string();
    assert_printable(&message);
    assert!(message.contains("unknown field `\\u{1b}[31mred`"), "{message}");
}
