//! Golden tests of invalid configs: each `tests/fixtures/config/NAME.toml` must fail with exactly
//! the message in `NAME.expected` (file, line, key, value, error, fix). Set `DORMANT_BLESS=1` to
//! rewrite the expected files after a deliberate wording change, then review the diff.

use dormant::store::config::Config;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config")
}

#[test]
fn every_invalid_fixture_fails_with_its_golden_message() {
    let bless = std::env::var_os("DORMANT_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixture dir")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "fixtures missing: {cases:?}");
    let mut mismatches = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case).expect("fixture");
        let name = case.file_name().expect("name");
        // The message names the file as given; a bare name keeps the goldens machine-independent.
        let error = Config::parse(&text, Path::new(name)).expect_err(&format!("{name:?} must be refused"));
        let actual = format!("{error}\n");
        let expected_path = case.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &actual).expect("bless");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} missing; run with DORMANT_BLESS=1", expected_path.display()));
        if actual != expected {
            mismatches.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn a_missing_file_is_the_default_and_a_directory_is_a_clear_read_error() {
    let root = tempfile::tempdir().expect("temp dir");
    let absent = Config::load(&root.path().join("none.toml")).expect("absent is fine");
    assert!(!absent.exists() && !absent.has_profiles());
    let error = Config::load(root.path()).expect_err("a directory is not a config");
    assert!(
        error.to_string().contains(&root.path().display().to_string()),
        "{error}"
    );
}
